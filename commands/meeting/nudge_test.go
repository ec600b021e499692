package meeting

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
)

// A year of monthly meetings (first Tuesday at 10:00) across both clock
// changes of 2027: every nudge fires once, at the right UTC instant.
func TestYearOfNudges(t *testing.T) {
	start := time.Date(2026, 12, 20, 12, 0, 0, 0, time.UTC)
	env, m := setup(t, start)
	must(t, env, "admin", `meeting schedule "Partnership meeting" every first Tuesday at 10:00 where "Daneshill House"`)
	must(t, env, "carol", "rsvp m1-20270105 yes")
	env.Posts.Take()

	type fire struct {
		at   time.Time
		kind string
		to   string
		key  string
	}
	var want []fire
	for mo := time.January; mo <= time.December; mo++ {
		s := firstTuesday(2027, mo)
		key := "occ:" + occOf(s)
		local := s.In(london)
		want = append(want,
			fire{local.AddDate(0, 0, -7).UTC(), "publish", "sip-general", key},
			fire{local.AddDate(0, 0, -1).UTC(), "publish", "sip-general", key},
			fire{s.Add(-2 * time.Hour), "direct", "console:local:admin", key})
		if mo != time.January { // carol answered for January
			want = append(want, fire{s.Add(-2 * time.Hour), "direct", "console:local:carol", key})
		}
	}
	end := firstTuesday(2027, time.December).Add(24 * time.Hour)

	// Ticks every 30 minutes, and a second before and at each expected instant.
	set := map[time.Time]bool{}
	for at := start; at.Before(end); at = at.Add(30 * time.Minute) {
		set[at] = true
	}
	for _, w := range want {
		set[w.at.Add(-time.Second)] = true
		set[w.at] = true
	}
	var ticks []time.Time
	for at := range set {
		ticks = append(ticks, at)
	}
	sort.Slice(ticks, func(i, j int) bool { return ticks[i].Before(ticks[j]) })

	var got []fire
	for _, at := range ticks {
		for _, p := range tick(t, env, m, at) {
			got = append(got, fire{at, p.Kind, p.Target, p.Reply.Key})
		}
	}
	key := func(f fire) string { return f.at.Format(time.RFC3339) + " " + f.kind + " " + f.to + " " + f.key }
	sortF := func(fs []fire) {
		sort.Slice(fs, func(i, j int) bool { return key(fs[i]) < key(fs[j]) })
	}
	sortF(want)
	sortF(got)
	if len(got) != len(want) {
		for _, g := range got {
			t.Log("got ", key(g))
		}
		t.Fatalf("got %d posts, want %d", len(got), len(want))
	}
	for i := range want {
		if key(got[i]) != key(want[i]) {
			t.Errorf("post %d: got %s, want %s", i, key(got[i]), key(want[i]))
		}
	}
	// Spot checks of the UTC instants across the clock changes.
	for _, s := range []string{
		"2027-03-01T10:00:00Z", // 1d before Tue 2 Mar (GMT)
		"2027-03-30T09:00:00Z", // 7d before Tue 6 Apr 10:00 BST: Tue 30 Mar, 10:00 BST (after the change on 28 Mar)
		"2027-04-05T09:00:00Z", // 1d before Tue 6 Apr (BST)
		"2027-10-26T09:00:00Z", // 7d before Tue 2 Nov 10:00 GMT: Tue 26 Oct, 10:00 BST (before the change on 31 Oct)
		"2027-11-01T10:00:00Z", // 1d before Tue 2 Nov (GMT)
		"2027-11-02T08:00:00Z", // 2h before Tue 2 Nov (GMT)
	} {
		found := false
		for _, g := range got {
			found = found || g.at.Format(time.RFC3339) == s
		}
		if !found {
			t.Errorf("no nudge at %s", s)
		}
	}
}

func TestNudgeContent(t *testing.T) {
	env, m := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	env.Config.HTTP.BaseURL = "https://bot.example.org/"
	must(t, env, "admin", `meeting schedule "Partnership meeting" every first Tuesday at 10:00 where "Daneshill House" for 2h`)
	must(t, env, "alice", `meeting agenda add "Budget for 2027"`)
	must(t, env, "bob", "rsvp next apologies")
	env.Posts.Take()
	posts := tick(t, env, m, time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	if len(posts) != 1 || posts[0].Kind != "publish" {
		t.Fatalf("posts = %v", posts)
	}
	r := posts[0].Reply
	t.Logf("%s\n%s\n%v\n%v", r.Title, r.Text, r.Choices, r.Context)
	for _, s := range []string{"Tue 1 Dec 2026, 10:00–12:00", "Daneshill House", "Budget for 2027", "Apologies 1"} {
		if !contains(r.Text, s) {
			t.Errorf("nudge lacks %q:\n%s", s, r.Text)
		}
	}
	if r.Key != "occ:m1-20261201" || len(r.Choices) != 3 || r.Choices[0].Command != "rsvp m1-20261201 yes" ||
		r.Choices[1].Label != "Apologies" || r.Choices[1].Command != "rsvp m1-20261201 apologies" {
		t.Errorf("key %q choices %v", r.Key, r.Choices)
	}
	if !contains(r.Context[0], "https://bot.example.org/calendar/event/m1-20261201.ics") {
		t.Errorf("context %v lacks the calendar link", r.Context)
	}
	// A button press updates every copy.
	res := env.Run("carol", r.Choices[0].Command)
	if res.Error || !res.Ephemeral {
		t.Fatalf("button: %+v", res)
	}
	ups := env.Posts.Take()
	if len(ups) != 1 || ups[0].Kind != "update" || ups[0].Target != "occ:m1-20261201" || !contains(ups[0].Reply.Text, "Going 1") {
		t.Errorf("updates = %v", ups)
	}
}

// Restart: a new instance on the reopened database fires nothing twice, and
// posts a nudge missed while down once.
func TestRestart(t *testing.T) {
	path := dbPath(t)
	db := openAt(t, path)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	env := bottest.NewEnvOn(t, db, now)
	m := attach(t, env)
	must(t, env, "admin", `meeting schedule "Partnership meeting" every first Tuesday at 10:00`)
	must(t, env, "carol", "rsvp m1-20270105 maybe") // a regular who hasn't answered for December
	env.Posts.Take()
	if p := tick(t, env, m, time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)); len(p) != 1 {
		t.Fatalf("7d nudge: %v", p)
	}
	db.Close()

	// Down over the 1d nudge (30 Nov 10:00); back at 11:00 on 30 Nov.
	db = openAt(t, path)
	defer db.Close()
	back := time.Date(2026, 11, 30, 11, 0, 0, 0, time.UTC)
	env = bottest.NewEnvOn(t, db, back)
	m = attach(t, env)
	p := tick(t, env, m, back)
	if len(p) != 1 || p[0].Kind != "publish" || p[0].Reply.Key != "occ:m1-20261201" {
		t.Fatalf("missed nudge: %v", p)
	}
	// A second instance (a restart racing the first) and more ticks post nothing again.
	m2 := attach(t, bottest.NewEnvOn(t, db, back))
	for i := 0; i < 3; i++ {
		if p := tick(t, env, m, back.Add(time.Duration(i)*time.Minute)); len(p) != 0 {
			t.Fatalf("fired twice: %v", p)
		}
		if err := m2.Due(context.Background(), back); err != nil {
			t.Fatal(err)
		}
	}
	// The last nudge goes privately to the regulars who haven't answered.
	p = tick(t, env, m, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	var to []string
	for _, x := range p {
		if x.Kind != "direct" {
			t.Errorf("last nudge posted to a room: %v", x)
		}
		to = append(to, x.Target)
	}
	sort.Strings(to)
	if len(to) != 2 || to[0] != "console:local:admin" || to[1] != "console:local:carol" {
		t.Errorf("last nudge went to %v", to)
	}

	// Down over a whole meeting: its nudges are dropped, the next month's fire.
	db.Close()
	db = openAt(t, path)
	defer db.Close()
	later := time.Date(2027, 1, 5, 12, 0, 0, 0, time.UTC)
	env = bottest.NewEnvOn(t, db, later)
	m = attach(t, env)
	if p := tick(t, env, m, later); len(p) != 0 {
		t.Fatalf("posted for a meeting already over: %v", p)
	}
	if p := tick(t, env, m, time.Date(2027, 1, 26, 10, 0, 0, 0, time.UTC)); len(p) != 1 || p[0].Reply.Key != "occ:m1-20270202" {
		t.Fatalf("next month's 7d nudge: %v", p)
	}
}

// Concurrent ticks from two instances claim each nudge once.
func TestConcurrentClaims(t *testing.T) {
	env, m := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	must(t, env, "admin", `meeting schedule "Partnership meeting" every first Tuesday at 10:00`)
	must(t, env, "admin", `meeting schedule "Focus group" every first Tuesday at 14:00`)
	env.Posts.Take()
	other := attach(t, &bottest.Env{Env: env.Env, Fake: env.Fake, Posts: env.Posts, Router: bot.NewRouter()})
	at := time.Date(2026, 11, 24, 14, 0, 0, 0, time.UTC)
	env.Fake.Set(at)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			mm := m
			if i%2 == 1 {
				mm = other
			}
			if err := mm.Due(context.Background(), at); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	if p := env.Posts.Take(); len(p) != 2 {
		t.Fatalf("want the two 7d nudges once each, got %v", p)
	}
}

func TestCancelAndMoveNudges(t *testing.T) {
	env, m := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	must(t, env, "admin", `meeting schedule "Partnership meeting" every first Tuesday at 10:00 nudge 1d`)
	env.Posts.Take()
	r := must(t, env, "admin", "meeting cancel 1 Dec")
	t.Log(r.Text)
	p := env.Posts.Take()
	if len(p) != 2 || p[0].Kind != "publish" || !contains(p[0].Reply.Text, "cancelled") || p[1].Kind != "update" {
		t.Fatalf("cancel posts: %v", p)
	}
	if p := tick(t, env, m, time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)); len(p) != 0 {
		t.Fatalf("cancelled occurrence nudged: %v", p)
	}
	// Move January's to the 12th at 14:00: the nudge follows.
	must(t, env, "admin", "meeting move 5 Jan to 12 January 2027 at 14:00")
	env.Posts.Take()
	if p := tick(t, env, m, time.Date(2027, 1, 4, 10, 0, 0, 0, time.UTC)); len(p) != 0 {
		t.Fatalf("nudged at the old time: %v", p)
	}
	if p := tick(t, env, m, time.Date(2027, 1, 11, 14, 0, 0, 0, time.UTC)); len(p) != 1 || p[0].Reply.Key != "occ:m1-20270105" {
		t.Fatalf("moved nudge: %v", p)
	}
	// February's comes as usual.
	if p := tick(t, env, m, time.Date(2027, 2, 1, 10, 0, 0, 0, time.UTC)); len(p) != 1 || p[0].Reply.Key != "occ:m1-20270202" {
		t.Fatalf("February: %v", p)
	}
	next := must(t, env, "admin", "meeting next 3")
	starts := next.Data["starts"].([]string)
	if len(starts) != 3 || starts[0] != "2027-02-02T10:00:00Z" || starts[2] != "2027-04-06T09:00:00Z" {
		t.Errorf("next = %v", starts)
	}
	// Deleting the meeting withdraws everything.
	must(t, env, "admin", "meeting delete m1")
	if p := tick(t, env, m, time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)); len(p) != 0 {
		t.Fatalf("deleted meeting nudged: %v", p)
	}
}
