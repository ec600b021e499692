package poll

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"partnerbot/bot"
	"partnerbot/commands/org"
	"partnerbot/storage"
)

var _ bot.Privacy = (*Polls)(nil)

// rawBuckets dumps the keys and values of the named buckets.
func rawBuckets(t *testing.T, db *storage.DB, names ...string) string {
	t.Helper()
	var b strings.Builder
	err := db.View(func(tx *storage.Tx) error {
		for _, name := range names {
			_ = tx.Bucket([]byte(name)).ForEach(func(k, v []byte) error {
				fmt.Fprintf(&b, "%s %s=%s\n", name, k, v)
				return nil
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func exportOf(t *testing.T, ps *Polls, who bot.ID) PollsExport {
	t.Helper()
	d, err := ps.PersonalData(who)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(d) // it must be JSON-encodable
	if err != nil {
		t.Fatal(err)
	}
	var e PollsExport
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestPrivacyExportAndForget(t *testing.T) {
	f := newFixture(t)
	alice := bot.ConsoleUser("alice")
	f.members("Riverside Trust", "alice", "bob")
	f.members("Money Advice Centre", "carol")

	// 1: alice's named poll, closed with her vote in it.
	f.ok("alice", `poll "Which priority?" "Food" "Housing" "Youth"`)
	f.ok("alice", "vote 1 A")
	f.ok("bob", "vote 1 B")
	f.ok("carol", "vote 1 A")
	f.ok("admin", "poll close 1")
	// 2: an open named poll; alice votes as an outsider-free elector.
	f.ok("admin", `poll "Date?" "Monday" "Tuesday"`)
	f.ok("alice", "vote 2 B")
	f.ok("bob", "vote 2 A")
	// 3: alice's open anonymous poll.
	f.ok("alice", `poll "Secret?" "Yes" "No" --anonymous`)
	f.ok("alice", "vote 3 A")
	f.ok("bob", "vote 3 B")
	// 4: an open per-org consent poll where alice blocked for Riverside Trust.
	f.ok("admin", `poll "Adopt the constitution?" --consent --per-org`)
	f.ok("alice", `vote 4 block "we need the costs first"`)
	f.ok("carol", "vote 4 agree")
	// 5: a closed named ranked poll.
	f.ok("admin", `poll "Theme order" "Food" "Housing" "Youth" --ranked`)
	f.ok("alice", "vote 5 C A B")
	f.ok("bob", "vote 5 A B")
	f.ok("carol", "vote 5 C B")
	f.ok("admin", "poll close 5")
	before1, before5 := f.results(1), f.results(5)

	e := exportOf(t, f.polls, alice)
	var created []uint64
	for _, c := range e.Created {
		created = append(created, c.ID)
	}
	if fmt.Sprint(created) != "[1 3]" {
		t.Fatalf("created %v", created)
	}
	votes := map[uint64]ExportedBallot{}
	for _, b := range e.Ballots {
		votes[b.Poll] = b
	}
	if len(votes) != 4 || fmt.Sprint(votes[1].Choices) != "[Food]" || votes[1].Open || votes[1].At == "" ||
		votes[2].Vote != "B (Tuesday)" || !votes[2].Open ||
		votes[4].Org != "Riverside Trust" || votes[4].Reason != "we need the costs first" ||
		fmt.Sprint(votes[5].Choices) != "[Youth Food Housing]" {
		t.Fatalf("ballots %+v", e.Ballots)
	}
	if _, ok := votes[3]; ok {
		t.Fatal("an anonymous ballot was found")
	}
	if fmt.Sprint(e.Electorate) != "[1 2 5]" || !strings.Contains(e.Note, "anonymous") {
		t.Fatalf("electorate %v note %q", e.Electorate, e.Note)
	}

	if err := f.polls.Forget(alice); err != nil {
		t.Fatal(err)
	}
	if err := f.orgs.Forget(alice); err != nil {
		t.Fatal(err)
	}
	dump := rawBuckets(t, f.DB, PollsBucket, BallotsBucket, ClosesBucket, NudgesBucket, org.MembersBucket)
	if strings.Contains(dump, "alice") {
		t.Fatalf("alice is still in the poll data:\n%s", dump)
	}
	// Idempotent: a second forget finds nothing and changes nothing.
	if err := f.polls.Forget(alice); err != nil {
		t.Fatal(err)
	}
	if again := rawBuckets(t, f.DB, PollsBucket, BallotsBucket, ClosesBucket, NudgesBucket, org.MembersBucket); again != dump {
		t.Fatalf("a second forget changed the data:\n%s\n---\n%s", dump, again)
	}
	if e := exportOf(t, f.polls, alice); len(e.Created)+len(e.Ballots)+len(e.Electorate) != 0 {
		t.Fatalf("export after forget %+v", e)
	}

	// Closed polls count as before, naming "a former member".
	for _, id := range []uint64{1, 5} {
		want := map[uint64]map[string]any{1: before1, 5: before5}[id]
		got := f.results(id)
		for _, k := range []string{"tally", "voters", "winner", "rounds"} {
			if fmt.Sprint(got[k]) != fmt.Sprint(want[k]) {
				t.Fatalf("poll %d %s: %v, was %v", id, k, got[k], want[k])
			}
		}
		r := f.ok("admin", fmt.Sprintf("poll results %d", id))
		t.Logf("poll %d after forget:\n%s", id, r.Text)
		if !strings.Contains(r.Text, "Voted: "+FormerMember+", bob (console), carol (console)") {
			t.Fatalf("poll %d results:\n%s", id, r.Text)
		}
	}
	// The open named poll loses her vote.
	if d := f.results(2); fmt.Sprint(d["tally"]) != "map[Monday:1 Tuesday:0]" || d["voters"] != 1 {
		t.Fatalf("poll 2 %v", d)
	}
	// Anonymous ballots stay counted.
	if d := f.results(3); d["voters"] != 2 {
		t.Fatalf("poll 3 %v", d)
	}
	// The organisation's block stands, cast by a former member.
	r := f.ok("admin", "poll results 4")
	t.Logf("poll 4 after forget:\n%s", r.Text)
	if r.Data["blocks"] != 1 || !strings.Contains(r.Text, "Riverside Trust (cast by "+FormerMember+")") || !strings.Contains(r.Text, "Riverside Trust: we need the costs first") {
		t.Fatalf("poll 4:\n%s\n%v", r.Text, r.Data)
	}
	// Her polls stay, managed by admins: she is no longer their creator.
	f.refused("alice", "poll close 3", "Only the person who started poll 3")
	f.ok("admin", "poll close 3")
	if d := f.results(3); d["voters"] != 2 || d["closed"] != true {
		t.Fatalf("poll 3 after closing %v", d)
	}
	// Votes still work for everyone else, and a former member's organisation
	// vote can be replaced by a current member.
	f.ok("bob", "vote 4 agree")
	if r := f.ok("admin", "poll results 4"); r.Data["blocks"] != 0 || r.Data["voters"] != 2 {
		t.Fatalf("poll 4 after bob:\n%s", r.Text)
	}
}

// An outsider (not in any organisation when the poll opened) joins the
// electorate by voting; forgetting them in an open poll takes them out again.
func TestForgetOutsiderInOpenPoll(t *testing.T) {
	f := newFixture(t)
	f.members("Riverside Trust", "bob", "carol")
	f.ok("admin", `poll "Date?" "Monday" "Tuesday" --quorum 50%`)
	f.ok("zed", "vote 1 A")
	if d := f.results(1); d["eligible"] != 3 {
		t.Fatalf("eligible %v", d["eligible"])
	}
	if err := f.polls.Forget(bot.ConsoleUser("zed")); err != nil {
		t.Fatal(err)
	}
	if d := f.results(1); d["eligible"] != 2 || d["voters"] != 0 {
		t.Fatalf("after forget %v", d)
	}
}

// The raw file: what bbolt leaves in free pages after a forget is reported
// (not asserted); compacting the file removes it.
func TestForgetRawFileResidue(t *testing.T) {
	f := newFixture(t)
	f.ok("uniquevoter", `poll "Q?" "A" "B"`)
	f.ok("uniquevoter", "vote 1 A")
	f.ok("admin", "poll close 1")
	if err := f.polls.Forget(bot.ConsoleUser("uniquevoter")); err != nil {
		t.Fatal(err)
	}
	if dump := rawBuckets(t, f.DB, PollsBucket, BallotsBucket); strings.Contains(dump, "uniquevoter") {
		t.Fatalf("still in the buckets:\n%s", dump)
	}
	raw, err := os.ReadFile(f.DB.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("raw file still holds the id in free pages: %v", strings.Contains(string(raw), "console:local:uniquevoter"))
}
