package poll

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
)

var _ bot.Rekeyer = (*Polls)(nil)

// TestRekey: linking samd (from) into sam (to) merges their ballots in open
// polls, so that Sam counts once; closed polls stay as counted.
func TestRekey(t *testing.T) {
	const (
		named  = `poll "Which priority?" "Food" "Warmth"`
		anon   = `poll "Which priority?" "Food" "Warmth" --anonymous`
		perOrg = `poll "Which priority?" "Food" "Warmth" --per-org`
	)
	tests := []struct {
		name    string
		members map[string][]string // organisation → people, before the poll opens
		creator string              // who starts the poll (default admin)
		create  string
		votes   []string // "user choice", a minute apart
		close   bool     // close the poll before linking
		// Wanted after linking.
		tally    string
		voters   int
		eligible int // -1: don't check
		voted    string
		redrawn  bool
		then     [2]string // a command run after linking, and text its reply must contain
	}{
		{name: "only the other account voted", create: named, votes: []string{"samd B", "ola A"},
			tally: "map[Food:1 Warmth:1]", voters: 2, eligible: 2, voted: "Voted: ola (console), sam (console)", redrawn: true,
			then: [2]string{"sam A", "replaces your earlier vote"}},
		{name: "both voted, the other account later", create: named, votes: []string{"sam A", "samd B", "ola A"},
			tally: "map[Food:1 Warmth:1]", voters: 2, eligible: 2, voted: "Voted: ola (console), sam (console)", redrawn: true},
		{name: "both voted, the person later", create: named, votes: []string{"samd B", "sam A", "ola A"},
			tally: "map[Food:2 Warmth:0]", voters: 2, eligible: 2, redrawn: true},
		{name: "closed poll stays as counted", create: named, votes: []string{"sam A", "samd B"}, close: true,
			tally: "map[Food:1 Warmth:1]", voters: 2, eligible: 2, voted: "Voted: sam (console), samd (console)"},
		{name: "anonymous, both voted: the person's ballot stays", create: anon, votes: []string{"sam A", "samd B"},
			tally: "map[Food:1 Warmth:0]", voters: 1, eligible: 1, redrawn: true},
		{name: "anonymous, only the other account voted", create: anon, votes: []string{"samd B"},
			tally: "map[Food:0 Warmth:1]", voters: 1, eligible: 1, redrawn: true,
			then: [2]string{"sam A", "replaces your earlier vote"}},
		{name: "per-org: the organisation's vote stays, cast by the person", create: perOrg,
			members: map[string][]string{"Riverside Trust": {"sam", "samd"}, "Youth Network": {"ola"}},
			votes:   []string{"samd B", "ola A"},
			tally:   "map[Food:1 Warmth:1]", voters: 2, eligible: 3, voted: "Riverside Trust (cast by sam (console))", redrawn: true},
		{name: "both accounts in the electorate: it shrinks by one", create: named,
			members: map[string][]string{"Riverside Trust": {"sam", "samd", "ola"}},
			votes:   []string{"sam A", "samd B"},
			tally:   "map[Food:0 Warmth:1]", voters: 1, eligible: 2, redrawn: true},
		{name: "an outsider's ballot joins an elector's place", create: named,
			members: map[string][]string{"Riverside Trust": {"sam", "ola"}},
			votes:   []string{"samd B"},
			tally:   "map[Food:0 Warmth:1]", voters: 1, eligible: 2, redrawn: true},
		{name: "the creator can still close it", creator: "samd", create: named, votes: []string{"ola A"},
			tally: "map[Food:1 Warmth:0]", voters: 1, eligible: 1, redrawn: true,
			then: [2]string{"sam close", "is closed"}},
		{name: "ranked: the newer order stays", create: `poll "Q?" "Food" "Warmth" "Youth" --ranked`, votes: []string{"sam A B", "samd C B"},
			tally: "map[Food:0 Warmth:0 Youth:1]", voters: 1, eligible: 1, redrawn: true},
		{name: "nothing to merge", create: named, votes: []string{"sam A", "ola B"},
			tally: "map[Food:1 Warmth:1]", voters: 2, eligible: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			for org, people := range tt.members {
				f.members(org, people...)
			}
			creator := tt.creator
			if creator == "" {
				creator = "admin"
			}
			id := f.ok(creator, tt.create).Data["id"].(uint64)
			for _, v := range tt.votes {
				f.Fake.Advance(time.Minute)
				user, choice, _ := strings.Cut(v, " ")
				f.ok(user, fmt.Sprintf("vote %d %s", id, choice))
			}
			if tt.close {
				f.ok("admin", fmt.Sprintf("poll close %d", id))
			}
			f.Posts.Take()

			from, to := bot.ConsoleUser("samd"), bot.ConsoleUser("sam")
			if err := f.polls.Rekey(from, to, f.Fake.Now()); err != nil {
				t.Fatal(err)
			}
			redrawn := false
			for _, p := range f.Posts.Take() {
				redrawn = redrawn || (p.Kind == "update" && p.Target == fmt.Sprintf("poll:%d", id))
			}
			if redrawn != tt.redrawn {
				t.Errorf("posted copies redrawn: %v, want %v", redrawn, tt.redrawn)
			}
			d := f.results(id)
			if fmt.Sprint(d["tally"]) != tt.tally || d["voters"] != tt.voters || (tt.eligible >= 0 && d["eligible"] != tt.eligible) {
				t.Errorf("after linking: tally %v, voters %v, eligible %v; want %s, %d, %d", d["tally"], d["voters"], d["eligible"], tt.tally, tt.voters, tt.eligible)
			}
			res := f.ok("admin", fmt.Sprintf("poll results %d", id))
			if tt.voted != "" && !strings.Contains(res.Text, tt.voted) {
				t.Errorf("results lack %q:\n%s", tt.voted, res.Text)
			}

			// Again: nothing changes, nothing is redrawn.
			before := rawBuckets(t, f.DB, PollsBucket, BallotsBucket)
			if err := f.polls.Rekey(from, to, f.Fake.Now()); err != nil {
				t.Fatal(err)
			}
			if after := rawBuckets(t, f.DB, PollsBucket, BallotsBucket); after != before {
				t.Errorf("a second Rekey changed the data:\nbefore\n%s\nafter\n%s", before, after)
			}
			if posts := f.Posts.Take(); len(posts) != 0 {
				t.Errorf("a second Rekey posted %v", posts)
			}

			if tt.then[0] != "" {
				user, cmd, _ := strings.Cut(tt.then[0], " ")
				text := fmt.Sprintf("vote %d %s", id, cmd)
				if cmd == "close" {
					text = fmt.Sprintf("poll close %d", id)
				}
				// Linked, sam's requests carry the person's id whichever
				// account sends them; sam is the person here.
				if r := f.ok(user, text); !strings.Contains(r.Text, tt.then[1]) {
					t.Errorf("%s: %q, want it to say %q", text, r.Text, tt.then[1])
				}
			}
		})
	}
}

// TestRekeyNoop: empty or equal ids change nothing.
func TestRekeyNoop(t *testing.T) {
	f := newFixture(t)
	id := f.create(`poll "Q?" "A" "B"`)
	f.ok("sam", fmt.Sprintf("vote %d A", id))
	before := rawBuckets(t, f.DB, PollsBucket, BallotsBucket)
	for _, p := range [][2]bot.ID{{"", "console:local:sam"}, {"console:local:sam", ""}, {"console:local:sam", "console:local:sam"}} {
		if err := f.polls.Rekey(p[0], p[1], f.Fake.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if after := rawBuckets(t, f.DB, PollsBucket, BallotsBucket); after != before {
		t.Errorf("changed:\n%s\n%s", before, after)
	}
}
