package poll

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
	"partnerbot/commands/org"
	"partnerbot/storage"
)

// start is a Tuesday morning in London (GMT).
var start = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// names is a fake directory.
type names struct {
	mu   sync.Mutex
	orgs []string
}

func (n *names) Organisations() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.orgs...)
}

func (n *names) MatchOrganisation(s string) (string, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, o := range n.orgs {
		if strings.EqualFold(o, s) || strings.HasPrefix(strings.ToLower(o), strings.ToLower(s)+" ") {
			return o, true
		}
	}
	return "", false
}

type fixture struct {
	*bottest.Env
	names *names
	orgs  *org.Org
	polls *Polls
	t     testing.TB
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "polls.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return fixtureOn(t, db, start, &names{orgs: []string{"Riverside Trust", "Money Advice Centre", "Youth Network"}})
}

func fixtureOn(t testing.TB, db *storage.DB, now time.Time, n *names) *fixture {
	env := bottest.NewEnvOn(t, db, now)
	o, err := org.New(env.Env, n)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := New(env.Env, o)
	if err != nil {
		t.Fatal(err)
	}
	env.Router.Register(o.Commands()...)
	env.Router.Register(ps.Commands()...)
	return &fixture{Env: env, names: n, orgs: o, polls: ps, t: t}
}

// ok runs text and fails on an error reply.
func (f *fixture) ok(user, text string) bot.Reply {
	f.t.Helper()
	r := f.Run(user, text)
	if r.Error {
		f.t.Fatalf("%s: %q: %s", user, text, r.Text)
	}
	return r
}

// refused runs text and wants an error reply containing want.
func (f *fixture) refused(user, text, want string) {
	f.t.Helper()
	r := f.Run(user, text)
	if !r.Error || !strings.Contains(r.Text, want) {
		f.t.Fatalf("%s: %q: got %q (error %v), want an error containing %q", user, text, r.Text, r.Error, want)
	}
}

// create starts a poll as admin and returns its id.
func (f *fixture) create(text string) uint64 {
	f.t.Helper()
	r := f.ok("admin", text)
	return r.Data["id"].(uint64)
}

func (f *fixture) results(id uint64) map[string]any {
	f.t.Helper()
	return f.ok("admin", fmt.Sprintf("poll results %d", id)).Data
}

func (f *fixture) members(org string, people ...string) {
	for _, p := range people {
		f.ok("admin", fmt.Sprintf("org add-member %s %q", p, org))
	}
}

func TestCreateAndVote(t *testing.T) {
	f := newFixture(t)
	r := f.ok("alice", `poll "Which priority for 2027?" "Food" "Housing" "Youth"`)
	if r.Data["id"] != uint64(1) || r.Data["room"] != "sip-general" || r.Data["kind"] != "single" {
		t.Fatalf("create data %v", r.Data)
	}
	posts := f.Posts.Take()
	if len(posts) != 1 || posts[0].Kind != "publish" || posts[0].Target != "sip-general" || posts[0].Reply.Key != "poll:1" {
		t.Fatalf("posts %v", posts)
	}
	if ch := posts[0].Reply.Choices; len(ch) != 3 || ch[1].Command != "vote 1 B" {
		t.Fatalf("buttons %+v", ch)
	}
	v := f.ok("bob", "vote 1 B")
	if !v.Ephemeral || !strings.HasPrefix(v.Text, "Vote recorded: B (Housing)") {
		t.Fatalf("vote reply %+v", v)
	}
	if ups := f.Posts.Take(); len(ups) != 1 || ups[0].Kind != "update" || ups[0].Target != "poll:1" || !strings.Contains(ups[0].Reply.Text, "Housing") {
		t.Fatalf("updates %v", ups)
	}
	f.ok("carol", "vote 1 housing")
	f.ok("dave", `vote 1 "Food"`)
	v = f.ok("dave", "vote 1 c") // a changed vote replaces the old one
	if !strings.Contains(v.Text, "replaces your earlier vote") || v.Data["changed"] != true {
		t.Fatalf("changed vote reply %q", v.Text)
	}
	d := f.results(1)
	want := map[string]int{"Food": 0, "Housing": 2, "Youth": 1}
	if fmt.Sprint(d["tally"]) != fmt.Sprint(want) || d["winner"] != "Housing" || d["voters"] != 3 || d["quorum_met"] != true {
		t.Fatalf("results %v", d)
	}
	res := f.ok("alice", "poll results 1")
	for _, s := range []string{"B  Housing ███████░░░ 2 (67%)", "Voted: bob (console), carol (console), dave (console)"} {
		if !strings.Contains(res.Text, s) {
			t.Errorf("results text lacks %q:\n%s", s, res.Text)
		}
	}
	t.Logf("\n%s\n%s", res.Title, res.Text)
	if l := f.ok("bob", "poll list"); !strings.Contains(l.Text, "Which priority for 2027?") {
		t.Fatalf("list %q", l.Text)
	}
}

func TestKindsThroughTheRouter(t *testing.T) {
	tests := []struct {
		name   string
		create string
		votes  [][2]string // user, choice
		tally  string
		winner string
	}{
		{"approval", `poll "Q?" "Food" "Housing" "Youth" --multi`,
			[][2]string{{"a", "A C"}, {"b", "C"}, {"c", "+B"}, {"c", "+C"}, {"c", "+B"}},
			"map[Food:1 Housing:0 Youth:3]", "Youth"},
		{"ranked, plurality leader loses", `poll "Q?" "Food" "Housing" "Youth" --ranked`,
			// Round 1: Food 3, Housing 2, Youth 2; Housing and Youth level
			// throughout, so Youth (listed last) goes and its ballots elect Housing.
			[][2]string{{"a", "A"}, {"b", "A B C"}, {"f", "Food"}, {"c", "B C"}, {"g", "B,C"}, {"d", "C>B>A"}, {"e", "+C"}, {"e", "+B"}},
			"map[Food:3 Housing:2 Youth:2]", "Housing"},
		{"dots", `poll "Q?" "Food" "Housing" --dots 5`,
			[][2]string{{"a", "A=3 B=2"}, {"b", "B=5"}, {"c", "+A"}, {"c", "+A"}},
			"map[Food:5 Housing:7]", "Housing"},
		{"consent", `poll "Adopt it?" --consent`,
			[][2]string{{"a", "agree"}, {"b", "abstain"}, {"c", `block "not costed"`}},
			"map[abstain:1 agree:1 block:1 disagree:0]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			id := f.create(tt.create)
			for _, v := range tt.votes {
				f.ok(v[0], fmt.Sprintf("vote %d %s", id, v[1]))
			}
			d := f.results(id)
			if fmt.Sprint(d["tally"]) != tt.tally {
				t.Fatalf("tally %v, want %s", d["tally"], tt.tally)
			}
			w, _ := d["winner"].(string)
			if w != tt.winner {
				t.Fatalf("winner %q, want %q", w, tt.winner)
			}
			res := f.ok("a", fmt.Sprintf("poll results %d", id))
			t.Logf("\n%s\n%s", res.Title, res.Text)
			switch tt.name {
			case "consent":
				if !strings.Contains(res.Text, "⛔ 1 block — c: not costed") || d["blocks"] != 1 {
					t.Fatalf("block not shown: %s", res.Text)
				}
			case "ranked, plurality leader loses":
				if len(d["rounds"].([]map[string]any)) != 2 || !strings.Contains(res.Text, "Round 2:") {
					t.Fatalf("rounds %v", d["rounds"])
				}
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	f := newFixture(t)
	f.create(`poll "Q?" "Food" "Housing" "Youth" --ranked`)
	f.create(`poll "Q?" "Food" "Housing" --dots 3`)
	f.create(`poll "Q?" "Food" "Housing"`)
	many := strings.Repeat(`"x" `, 0)
	for i := 0; i < 21; i++ {
		many += fmt.Sprintf(`"Option %d" `, i)
	}
	tests := []struct{ text, want string }{
		{"vote 9 A", "There's no poll 9"},
		{"poll results 9", "There's no poll 9"},
		{"poll close 9", "There's no poll 9"},
		{"vote 3 Z", `Poll 3 has no option "Z"`},
		{"vote 3 Pizza", `no option "Pizza"`},
		{"vote 3 A B", "takes one choice"},
		{"vote 1 C A C", "ranked C (Youth) twice"},
		{"vote 2 A=2 B=2", "That's 4 dots, and you have 3"},
		{"vote 2 A", "has no number"},
		{"vote 3", "needs"},
		{`poll "Q?" "Food" "food"`, `"food" is given twice`},
		{`poll "Q?" "Food"`, "at least 2 options"},
		{`poll "Q?" ` + many, "at most 20 options"},
		{`poll "Q?" "A" "B" --ranked --multi`, "one kind"},
		{`poll "Q?" "A" "B" --dots 0`, "--dots needs a number of dots"},
		{`poll "Q?" "A" "B" --room nowhere`, `no room called "nowhere"`},
		{`poll "Q?" "A" "B" --closes next blursday`, "--closes"},
		{`poll "Q?" "A" "B" --closes every Monday at 9am`, "closes once"},
		{`poll "Adopt?" "A" "B" --consent`, "options are fixed"},
		{`poll "Q?" "A" "B" --quorum 150%`, "percentage"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) { f.refused("bob", tt.text, tt.want) })
	}
	// Nothing half-written: still three polls.
	if n := len(f.ok("bob", "poll list").Data["polls"].([]map[string]any)); n != 3 {
		t.Fatalf("%d polls after bad input", n)
	}
	if u := f.ok("bob", "poll"); !u.Ephemeral || !strings.Contains(u.Text, "--ranked") {
		t.Fatalf("usage %q", u.Text)
	}
}

func TestCloseManually(t *testing.T) {
	f := newFixture(t)
	id := f.create(`poll "Q?" "Food" "Housing"`)
	f.ok("bob", "vote 1 A")
	f.Posts.Take()
	f.refused("bob", "poll close 1", "Only the person who started poll 1")
	f.Fake.Advance(time.Hour)
	r := f.ok("admin", "poll close 1")
	if r.Data["closed"] != true || r.Data["winner"] != "Food" {
		t.Fatalf("close data %v", r.Data)
	}
	posts := f.Posts.Take()
	if len(posts) != 2 || posts[0].Kind != "update" || len(posts[0].Reply.Choices) != 0 || posts[1].Kind != "publish" || !strings.Contains(posts[1].Reply.Text, "*Food* wins") {
		t.Fatalf("close posts %v", posts)
	}
	f.refused("carol", fmt.Sprintf("vote %d B", id), "Poll 1 is closed (closed Tue 1 Dec 2026, 11:00)")
	f.refused("admin", "poll close 1", "already closed")
	// The creator may close their own poll.
	f.ok("carol", `poll "Mine?" "A" "B"`)
	f.ok("carol", "poll close 2")
}

func TestScheduledCloseSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "restart.db")
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := &names{orgs: []string{"Riverside Trust"}}
	f := fixtureOn(t, db, start, n)
	r := f.ok("alice", `poll "Q?" "Food" "Housing" --closes Friday at 17:00`)
	if r.Data["closes"] != "2026-12-04T17:00:00Z" {
		t.Fatalf("closes %v", r.Data["closes"])
	}
	f.ok("bob", "vote 1 B")
	// Not due yet.
	for _, j := range f.polls.Jobs() {
		if err := j.Due(context.Background(), start.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	// Restart after the closing time.
	db, err = storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	later := time.Date(2026, 12, 4, 17, 0, 5, 0, time.UTC)
	f = fixtureOn(t, db, later, n)
	sched := bot.NewScheduler(f.Clock, nil)
	sched.Add(f.polls.Jobs()...)
	sched.Tick(context.Background())
	posts := f.Posts.Take()
	var outcome []bottest.Post
	for _, p := range posts {
		if p.Kind == "publish" {
			outcome = append(outcome, p)
		}
	}
	if len(outcome) != 1 || !strings.Contains(outcome[0].Reply.Text, "*Housing* wins") {
		t.Fatalf("outcome posts %v", posts)
	}
	sched.Tick(context.Background()) // never twice
	if p := f.Posts.Take(); len(p) != 0 {
		t.Fatalf("closed twice: %v", p)
	}
	f.refused("carol", "vote 1 A", "Poll 1 is closed (closed Fri 4 Dec 2026, 17:00)")
	if d := f.results(1); d["closed"] != true || d["closed_at"] != "2026-12-04T17:00:00Z" {
		t.Fatalf("results %v", d)
	}
}

func TestPerOrg(t *testing.T) {
	f := newFixture(t)
	f.members("Riverside Trust", "bob", "carol")
	f.members("Money Advice Centre", "dave")
	r := f.ok("admin", `poll "Adopt the constitution?" "Yes" "No" --per-org --quorum 60%`)
	if r.Data["eligible"] != 3 {
		t.Fatalf("eligible %v", r.Data["eligible"])
	}
	v := f.ok("bob", "vote 1 A")
	if !strings.Contains(v.Text, "Vote recorded for Riverside Trust") {
		t.Fatalf("%q", v.Text)
	}
	v = f.ok("carol", "vote 1 B") // the latest vote for the organisation stands
	if !strings.Contains(v.Text, "replaces bob's vote for Riverside Trust") {
		t.Fatalf("%q", v.Text)
	}
	f.refused("eve", "vote 1 A", "Ask an admin to add you with `org add-member`")
	d := f.results(1)
	if fmt.Sprint(d["tally"]) != "map[No:1 Yes:0]" || d["voters"] != 1 || d["quorum_met"] != false {
		t.Fatalf("results %v", d)
	}
	f.ok("dave", "vote 1 A")
	d = f.results(1)
	if fmt.Sprint(d["tally"]) != "map[No:1 Yes:1]" || d["voters"] != 2 || d["quorum_met"] != true {
		t.Fatalf("results %v", d)
	}
	// The electorate was frozen at opening: a new member organisation can't vote.
	f.names.mu.Lock()
	f.names.orgs = append(f.names.orgs, "New Group")
	f.names.mu.Unlock()
	f.members("New Group", "erin")
	f.refused("erin", "vote 1 A", "electorate was fixed when it opened")
	// A person moved to another organisation votes for their new one.
	if a := f.ok("admin", `org add-member bob "Youth Network"`); !strings.Contains(a.Text, "moved from Riverside Trust to Youth Network") {
		t.Fatalf("%q", a.Text)
	}
	f.ok("bob", "vote 1 A")
	if d = f.results(1); d["voters"] != 3 {
		t.Fatalf("voters %v", d["voters"])
	}
}

func TestQuorumPerPerson(t *testing.T) {
	f := newFixture(t)
	f.members("Riverside Trust", "bob", "carol", "dave", "erin")
	f.create(`poll "Q?" "A" "B" --quorum 50%`)
	f.ok("bob", "vote 1 A")
	if d := f.results(1); d["quorum_met"] != false || d["eligible"] != 4 {
		t.Fatalf("%v", d)
	}
	f.ok("zoe", "vote 1 B") // not in an organisation: eligible too
	d := f.results(1)
	if d["quorum_met"] != false || d["eligible"] != 5 || d["voters"] != 2 {
		t.Fatalf("%v", d)
	}
	f.ok("carol", "vote 1 B")
	if d := f.results(1); d["quorum_met"] != true {
		t.Fatalf("%v", d)
	}
	if r := f.ok("bob", "poll results 1"); !strings.Contains(r.Text, "Quorum 50% of 5 eligible people (3 needed): met") {
		t.Fatalf("%s", r.Text)
	}
}

// rawPollData returns every key and value in the poll package's buckets.
func rawPollData(t *testing.T, db *storage.DB) string {
	var b strings.Builder
	err := db.View(func(tx *storage.Tx) error {
		for _, name := range []string{PollsBucket, BallotsBucket, ClosesBucket, NudgesBucket} {
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

func TestAnonymous(t *testing.T) {
	for _, perOrg := range []bool{false, true} {
		t.Run(fmt.Sprint("per-org=", perOrg), func(t *testing.T) {
			f := newFixture(t)
			f.members("Riverside Trust", "bobby", "carol")
			f.members("Money Advice Centre", "dave")
			flags := "--anonymous --closes in 3 days"
			if perOrg {
				flags += " --per-org"
			}
			r := f.ok("alice", `poll "Secret?" "Food" "Housing" `+flags)
			id := r.Data["id"].(uint64)
			f.ok("bobby", fmt.Sprintf("vote %d A", id))
			f.ok("dave", fmt.Sprintf("vote %d A", id))
			v := f.ok("bobby", fmt.Sprintf("vote %d B", id)) // the voter can change their vote
			if !strings.Contains(v.Text, "anonymous") || v.Data["changed"] != true {
				t.Fatalf("%q", v.Text)
			}
			if !perOrg {
				f.ok("alice", fmt.Sprintf("vote %d A", id))
			}
			d := f.results(id)
			want := "map[Food:2 Housing:1]"
			if perOrg {
				want = "map[Food:1 Housing:1]"
			}
			if fmt.Sprint(d["tally"]) != want {
				t.Fatalf("tally %v, want %s", d["tally"], want)
			}
			res := f.ok("admin", fmt.Sprintf("poll results %d", id))
			for _, who := range []string{"bobby", "dave", "alice", "Riverside", "Money"} {
				if strings.Contains(res.Text, who) {
					t.Fatalf("results name %s:\n%s", who, res.Text)
				}
			}
			check := func(when string) {
				raw := rawPollData(t, f.DB)
				for _, who := range []string{"bobby", "dave", "alice", "carol", "console:", "Riverside", "Money Advice", `"at"`} {
					if strings.Contains(raw, who) {
						t.Fatalf("%s: raw poll data holds %q:\n%s", when, who, raw)
					}
				}
			}
			check("open")
			// The creator can close it (recognised by a keyed hash).
			f.ok("alice", fmt.Sprintf("poll close %d", id))
			check("closed")
			if raw := rawPollData(t, f.DB); strings.Contains(raw, `"secret"`) {
				t.Fatalf("secret kept after closing:\n%s", raw)
			}
		})
	}
}

func TestNudges(t *testing.T) {
	f := newFixture(t)
	f.members("Riverside Trust", "bob", "carol")
	f.members("Money Advice Centre", "dave")
	f.members("Youth Network", "erin")
	f.create(`poll "Per person?" "A" "B" --closes in 3 days`)
	f.create(`poll "Per org?" "A" "B" --per-org`)
	f.create(`poll "Anonymous?" "A" "B" --anonymous`)
	f.ok("bob", "vote 1 A")
	f.ok("bob", "vote 2 A")
	f.ok("dave", "vote 3 A")
	f.Posts.Take()
	f.refused("bob", "poll nudge 1", "Only the person who started poll 1")

	directs := func() []string {
		var out []string
		for _, p := range f.Posts.Take() {
			if p.Kind == "direct" {
				out = append(out, p.Target)
			}
		}
		return out
	}
	r := f.ok("admin", "poll nudge 1")
	if got := fmt.Sprint(directs()); got != "[console:local:carol console:local:dave console:local:erin]" || r.Data["nudged"] != 3 {
		t.Fatalf("nudge 1: %s %v", got, r.Data)
	}
	r = f.ok("admin", "poll nudge 2") // Riverside voted: nudge Money Advice and Youth Network
	if got := fmt.Sprint(directs()); got != "[console:local:dave console:local:erin]" || r.Data["orgs"] != 2 {
		t.Fatalf("nudge 2: %s %v", got, r.Data)
	}
	f.ok("admin", "poll nudge 3")
	if got := fmt.Sprint(directs()); got != "[console:local:bob console:local:carol console:local:erin]" {
		t.Fatalf("nudge 3: %s", got)
	}

	// The automatic nudge, 24 hours before poll 1 closes, once.
	job := f.polls.Jobs()[1]
	_ = job.Due(context.Background(), start.Add(47*time.Hour))
	if got := directs(); len(got) != 0 {
		t.Fatalf("nudged early: %v", got)
	}
	f.ok("carol", "vote 1 B")
	_ = job.Due(context.Background(), start.Add(48*time.Hour))
	if got := fmt.Sprint(directs()); got != "[console:local:dave console:local:erin]" {
		t.Fatalf("auto nudge: %s", got)
	}
	_ = job.Due(context.Background(), start.Add(49*time.Hour))
	if got := directs(); len(got) != 0 {
		t.Fatalf("nudged twice: %v", got)
	}
}

func TestConcurrentVotes(t *testing.T) {
	f := newFixture(t)
	f.create(`poll "Q?" "Food" "Housing" "Youth" --multi`)
	f.create(`poll "R?" "Food" "Housing" --anonymous`)
	const voters = 60
	var wg sync.WaitGroup
	for i := 0; i < voters; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			u := fmt.Sprintf("v%d", i)
			// Everyone first approves Youth, then changes to their final ballot.
			for _, text := range []string{"vote 1 C", fmt.Sprintf("vote 1 %s", []string{"A", "B", "A C"}[i%3]), fmt.Sprintf("vote 2 %s", []string{"A", "B"}[i%2]), "vote 2 A"} {
				if r := f.Run(u, text); r.Error {
					t.Errorf("%s %s: %s", u, text, r.Text)
				}
			}
		}(i)
	}
	wg.Wait()
	if d := f.results(1); fmt.Sprint(d["tally"]) != "map[Food:40 Housing:20 Youth:20]" || d["voters"] != voters {
		t.Fatalf("multi %v", d)
	}
	if d := f.results(2); fmt.Sprint(d["tally"]) != "map[Food:60 Housing:0]" || d["voters"] != voters {
		t.Fatalf("anonymous %v", d)
	}
	// The last redraw of the posted message shows every vote.
	var last bot.Reply
	for _, p := range f.Posts.Take() {
		if p.Kind == "update" && p.Target == "poll:2" {
			last = p.Reply
		}
	}
	if !strings.Contains(last.Text, "60 (100%)") {
		t.Fatalf("last update:\n%s", last.Text)
	}
}

func TestHiddenResults(t *testing.T) {
	f := newFixture(t)
	f.create(`poll "Q?" "Food" "Housing" --hide-results`)
	f.ok("bob", "vote 1 B")
	d := f.results(1)
	if d["hidden"] != true || d["tally"] != nil || d["voters"] != 1 {
		t.Fatalf("%v", d)
	}
	for _, p := range f.Posts.Take() {
		if strings.Contains(p.Reply.Text, "█") {
			t.Fatalf("tally shown while hidden: %s", p.Reply.Text)
		}
	}
	f.ok("admin", "poll close 1")
	if d := f.results(1); fmt.Sprint(d["tally"]) != "map[Food:0 Housing:1]" {
		t.Fatalf("%v", d)
	}
}
