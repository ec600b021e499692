package remind

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
	"partnerbot/storage"
)

// Thu 26 Nov 2026, 14:00 GMT.
var now = time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)

type fixture struct {
	*bottest.Env
	R *Reminders
}

func newFixture(t testing.TB, at time.Time) *fixture {
	t.Helper()
	env := bottest.NewEnv(t, at)
	return attach(t, env)
}

func attach(t testing.TB, env *bottest.Env) *fixture {
	t.Helper()
	r, err := New(env.Env)
	if err != nil {
		t.Fatal(err)
	}
	env.Router.Register(r.Commands()...)
	return &fixture{Env: env, R: r}
}

// tick runs the job at the fake clock's time and returns what it posted.
func (f *fixture) tick(t *testing.T) []bottest.Post {
	t.Helper()
	if err := f.R.Due(t.Context(), f.Fake.Now()); err != nil {
		t.Fatal(err)
	}
	return f.Posts.Take()
}

func (f *fixture) as(id bot.ID, channel bot.ID, dm bool, text string) bot.Reply {
	return f.Router.Handle(bgctx, &bot.Request{User: id, UserName: id.Local(), Channel: channel, DM: dm, Text: text})
}

func data(t *testing.T, r bot.Reply) map[string]any {
	t.Helper()
	b, err := json.Marshal(r.Data)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func ok(t *testing.T, r bot.Reply) bot.Reply {
	t.Helper()
	if r.Error {
		t.Fatalf("unexpected refusal: %s", r.Text)
	}
	return r
}

func TestConfirmation(t *testing.T) {
	cases := []struct {
		user, text string
		want       string
		data       map[string]any
	}{
		{"alice", "remind me to call the food bank tomorrow at 9am",
			`I'll remind you "call the food bank" tomorrow (Fri 27 Nov 2026) at 09:00.`,
			map[string]any{"next": "2026-11-27T09:00:00Z", "target": "console:local:alice", "what": "call the food bank", "recurring": false}},
		{"alice", "remind #sip-general every first Tuesday at 9am to send the agenda",
			`I'll remind #sip-general "send the agenda" every first Tuesday at 09:00, next on Tue 1 Dec 2026.`,
			map[string]any{"next": "2026-12-01T09:00:00Z", "target": "#sip-general", "what": "send the agenda", "recurring": true, "rule": "FREQ=MONTHLY;BYDAY=1TU"}},
		{"alice", `remind sip-general "send the agenda" every first Tuesday at 9am`,
			`I'll remind #sip-general "send the agenda" every first Tuesday at 09:00, next on Tue 1 Dec 2026.`, nil},
		{"alice", "remind me in 20 minutes to ring the council back",
			`I'll remind you "ring the council back" today (Thu 26 Nov 2026) at 14:20.`,
			map[string]any{"next": "2026-11-26T14:20:00Z"}},
		{"alice", "remind @bob to book the hall on Friday at 10:00",
			`I'll remind @bob "book the hall" tomorrow (Fri 27 Nov 2026) at 10:00.`,
			map[string]any{"target": "console:local:bob"}},
		{"alice", "remind me on 2 April 2027 at 10:00 to renew the insurance",
			`I'll remind you "renew the insurance" on Fri 2 Apr 2027 at 10:00.`,
			map[string]any{"next": "2027-04-02T09:00:00Z"}}, // BST
		{"alice", "remind me to check the warm hub rota every weekday at 11am",
			`I'll remind you "check the warm hub rota" every weekday at 11:00, next on Fri 27 Nov 2026.`,
			map[string]any{"rule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"}},
		{"alice", "remind here to stack the chairs at 3pm",
			`I'll remind #sip-general "stack the chairs" today (Thu 26 Nov 2026) at 15:00.`, nil},
		{"alice", "remind me “water the plants” 30/4/2027",
			`I'll remind you "water the plants" on Fri 30 Apr 2027 at 09:00.`, nil},
		{"alice", "remind @alice to stretch in 2 hours",
			`I'll remind you "stretch" today (Thu 26 Nov 2026) at 16:00.`, nil},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			f := newFixture(t, now)
			r := ok(t, f.Run(c.user, c.text))
			t.Logf("%s", r.Text)
			if first := strings.SplitN(r.Text, "\n", 2)[0]; first != c.want {
				t.Errorf("confirmation\n got %s\nwant %s", first, c.want)
			}
			d := data(t, r)
			if d["id"] != float64(1) {
				t.Errorf("id = %v", d["id"])
			}
			for k, v := range c.data {
				if d[k] != v {
					t.Errorf("data[%s] = %v, want %v", k, d[k], v)
				}
			}
			if _, has := d["rule"]; has != (d["recurring"] == true) {
				t.Errorf("rule present %v but recurring %v", has, d["recurring"])
			}
		})
	}
}

func TestBadPhrasesAreNotStored(t *testing.T) {
	cases := []struct{ text, want string }{
		{"remind me to call the food bank", "there's no time in it"},
		{"remind me to call the food bank next blursday", "couldn't read"},
		{"remind me to pay the hall today at 9am", "in the past"},
		{"remind me to file the accounts on 1 January 2020", "in the past"},
		{"remind me to book the room on 31 April", "30 days"},
		{"remind me tomorrow at 9am", "not what to remind you about"},
		{"remind me", "What should I remind you about"},
		{"remind bob to call tomorrow", "Who should I remind?"},
		{"remind #nowhere to call tomorrow", `no room called "nowhere"`},
		{"remind me to call at 8", "couldn't read"},
		{"remind me to x " + strings.Repeat("a", 600) + " tomorrow", "long"},
	}
	f := newFixture(t, now)
	for _, c := range cases {
		r := f.Run("alice", c.text)
		if !r.Error || !strings.Contains(r.Text, c.want) {
			t.Errorf("%s\n got %q\nwant a refusal containing %q", c.text, r.Text, c.want)
		}
		if !strings.Contains(r.Text, "For example") && !strings.Contains(r.Text, "rooms are") {
			t.Errorf("%s: no example in %q", c.text, r.Text)
		}
	}
	t.Logf("%s", f.Run("alice", cases[1].text).Text)
	if got := data(t, ok(t, f.Run("alice", "reminders")))["reminders"].([]any); len(got) != 0 {
		t.Errorf("refused reminders were stored: %v", got)
	}
	f.Fake.Advance(10 * 365 * 24 * time.Hour)
	if p := f.tick(t); len(p) != 0 {
		t.Errorf("refused reminders fired: %v", p)
	}
}

func TestRemindingOthers(t *testing.T) {
	const ch = bot.ID("slack:T1:C1")
	cases := []struct {
		name    string
		user    bot.ID
		channel bot.ID
		dm      bool
		text    string
		want    string // "" means accepted
		target  string
	}{
		{"mention in a channel", "slack:T1:U1", ch, false, "remind <@U2BBBBBB> to send the minutes tomorrow at 10:00", "", "slack:T1:U2BBBBBB"},
		{"mention with label", "slack:T1:U1", ch, false, "remind <@U2BBBBBB|bea> to send the minutes tomorrow at 10:00", "", "slack:T1:U2BBBBBB"},
		{"discord mention", "discord:G1:111", "discord:G1:222", false, "remind <@!123456789012345678> to send the minutes tomorrow at 10:00", "", "discord:G1:123456789012345678"},
		{"from a DM", "slack:T1:U1", "slack:T1:D1", true, "remind <@U2BBBBBB> to send the minutes tomorrow at 10:00", "not in a private message", ""},
		{"other workspace", "slack:T1:U1", ch, false, "remind @slack:T9:U2BBBBBB to send the minutes tomorrow at 10:00", "isn't in your workspace", ""},
		{"other platform", "slack:T1:U1", ch, false, "remind @discord:G1:123456789012345678 to x tomorrow", "isn't in your workspace", ""},
		{"plain name on slack", "slack:T1:U1", ch, false, "remind @bea to send the minutes tomorrow at 10:00", "can't tell who @bea is", ""},
		{"yourself from a DM", "slack:T1:U1", "slack:T1:D1", true, "remind <@U1> to stretch tomorrow", "", "slack:T1:U1"},
		{"me from a DM", "slack:T1:U1", "slack:T1:D1", true, "remind me to stretch tomorrow", "", "slack:T1:U1"},
		{"channel mention", "slack:T1:U1", ch, false, "remind <#C7|food> to restock tomorrow", "", "slack:T1:C7"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, now)
			r := f.as(c.user, c.channel, c.dm, c.text)
			if c.want != "" {
				if !r.Error || !strings.Contains(r.Text, c.want) {
					t.Fatalf("got %q, want refusal with %q", r.Text, c.want)
				}
				return
			}
			ok(t, r)
			if got := data(t, r)["target"]; got != c.target {
				t.Errorf("target = %v, want %s", got, c.target)
			}
		})
	}
}

func TestDeletePermissions(t *testing.T) {
	f := newFixture(t, now)
	ok(t, f.Run("alice", "remind @bob to send the minutes tomorrow at 10:00")) // 1: for bob
	ok(t, f.Run("alice", "remind me to call the food bank tomorrow at 9am"))   // 2: alice's own
	ok(t, f.Run("alice", "remind #sip-general to stack chairs tomorrow at 5pm"))
	steps := []struct {
		user, text, want string
		refused          bool
	}{
		{"carol", "reminder delete 1", "Only who set it, who it's for, or an admin", true},
		{"bob", "reminders", "1 reminder", false},
		{"bob", "reminder delete 1", "Stopped reminder 1 (\"send the minutes\"), which alice set.", false},
		{"bob", "reminder delete 2", "Only", true},
		{"carol", "reminder snooze 2 1h", "Only", true},
		{"alice", "reminder delete 2", "Deleted reminder 2", false},
		{"alice", "reminder delete 2", "There's no reminder 2", true},
		{"bob", "reminder delete 3", "Only", true},
		{"admin", "reminder delete 3", "Stopped reminder 3", false},
		{"alice", "reminder delete x", "should be a number", true},
	}
	for _, s := range steps {
		r := f.Run(s.user, s.text)
		if r.Error != s.refused || !strings.Contains(r.Text, s.want) {
			t.Errorf("%s: %s → %q (refused %v), want %q", s.user, s.text, r.Text, r.Error, s.want)
		}
	}
	f.Posts.Take() // the deleted room reminder's post is struck out
	f.Fake.Advance(48 * time.Hour)
	if p := f.tick(t); len(p) != 0 {
		t.Errorf("deleted reminders fired: %v", p)
	}
}

func TestListing(t *testing.T) {
	f := newFixture(t, now)
	ok(t, f.Run("alice", "remind me to call the food bank tomorrow at 9am"))
	ok(t, f.Run("alice", "remind #sip-general every first Tuesday at 9am to send the agenda"))
	ok(t, f.Run("bob", "remind @alice to bring the banner on Saturday at 10:00"))
	ok(t, f.Run("bob", "remind me in 1 hour to phone Sam"))

	r := ok(t, f.Run("alice", "reminders"))
	t.Logf("%s", r.Text)
	items := data(t, r)["reminders"].([]any)
	var ids []float64
	for _, it := range items {
		ids = append(ids, it.(map[string]any)["id"].(float64))
	}
	if len(ids) != 3 || ids[0] != 1 || ids[1] != 3 || ids[2] != 2 {
		t.Errorf("alice's reminders = %v, want [1 3 2] by time", ids)
	}
	first := items[0].(map[string]any)
	if first["what"] != "call the food bank" || first["next"] != "2026-11-27T09:00:00Z" || first["target"] != "console:local:alice" {
		t.Errorf("item = %v", first)
	}
	if r := f.Run("bob", "reminders sip-general"); !r.Error || !strings.Contains(r.Text, "Only admins") {
		t.Errorf("member listing a room: %q", r.Text)
	}
	r = ok(t, f.Run("admin", "reminders sip-general"))
	if n := len(data(t, r)["reminders"].([]any)); n != 1 {
		t.Errorf("room reminders = %d\n%s", n, r.Text)
	}
	r = ok(t, f.Run("admin", "reminders all"))
	if n := len(data(t, r)["reminders"].([]any)); n != 4 {
		t.Errorf("all reminders = %d", n)
	}
	if r := f.Run("admin", "reminders nowhere"); !r.Error {
		t.Errorf("unknown room: %q", r.Text)
	}
	if r := ok(t, f.Run("carol", "reminders")); !strings.Contains(r.Text, "You have no reminders") {
		t.Errorf("carol: %q", r.Text)
	}
}

func TestDeliveryOnceWithButtons(t *testing.T) {
	f := newFixture(t, now)
	ok(t, f.Run("alice", "remind me to call the food bank tomorrow at 9am"))
	ok(t, f.Run("alice", "remind #sip-general to open the hall tomorrow at 9am"))
	ok(t, f.Run("alice", "remind @bob to send the minutes tomorrow at 9am"))
	f.Fake.Set(time.Date(2026, 11, 27, 8, 59, 59, 0, time.UTC))
	if p := f.tick(t); len(p) != 0 {
		t.Fatalf("early: %v", p)
	}
	f.Fake.Advance(time.Second)
	posts := f.tick(t)
	if len(posts) != 3 {
		t.Fatalf("posts = %v", posts)
	}
	byTarget := map[string]bottest.Post{}
	for _, p := range posts {
		byTarget[p.Kind+" "+p.Target] = p
		t.Logf("%s %v %v", p, p.Reply.Context, p.Reply.Choices)
	}
	me := byTarget["direct console:local:alice"].Reply
	if me.Text != "⏰ Reminder: call the food bank" || len(me.Choices) != 2 ||
		me.Choices[0] != (bot.Choice{Label: "Mark done", Command: "reminder done 1", Style: "primary"}) ||
		me.Choices[1] != (bot.Choice{Label: "Snooze 1h", Command: "reminder snooze 1 1h"}) {
		t.Errorf("direct = %+v", me)
	}
	room := byTarget["publish sip-general"].Reply
	if room.Text != "⏰ Reminder from alice: open the hall" || room.Key != "reminder:2" {
		t.Errorf("room = %+v", room)
	}
	bob := byTarget["direct console:local:bob"].Reply
	if bob.Text != "⏰ alice asked me to remind you: send the minutes" || !strings.Contains(strings.Join(bob.Context, " "), "reminder delete 3") {
		t.Errorf("bob = %+v", bob)
	}
	for i := 0; i < 3; i++ {
		f.Fake.Advance(time.Second)
		if p := f.tick(t); len(p) != 0 {
			t.Fatalf("delivered twice: %v", p)
		}
	}
	// Delivered one-offs are no longer listed.
	if r := ok(t, f.Run("alice", "reminders")); !strings.Contains(r.Text, "no reminders") {
		t.Errorf("after delivery: %s", r.Text)
	}
}

func TestSnoozeAndDoneButtons(t *testing.T) {
	f := newFixture(t, now)
	ok(t, f.Run("alice", "remind me to call the food bank tomorrow at 9am"))
	ok(t, f.Run("alice", "remind #sip-general to open the hall tomorrow at 9am"))
	f.Fake.Set(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	if p := f.tick(t); len(p) != 2 {
		t.Fatalf("posts = %v", p)
	}
	// Alice presses Snooze 1h on hers.
	f.Fake.Advance(2 * time.Minute)
	r := ok(t, f.Router.Handle(bgctx, &bot.Request{User: "console:local:alice", Channel: bot.ConsoleChannel, Action: "reminder snooze 1 1h"}))
	if !strings.Contains(r.Text, `Snoozed: I'll remind you "call the food bank" again today (Fri 27 Nov 2026) at 10:02.`) {
		t.Errorf("snooze reply: %q", r.Text)
	}
	if d := data(t, r); d["next"] != "2026-11-27T10:02:00Z" {
		t.Errorf("snooze data: %v", d)
	}
	// Carol, in the room, marks the room's reminder done; it's gone.
	r = ok(t, f.Run("carol", "reminder done 2"))
	if p := f.Posts.Take(); len(p) != 1 || p[0].Kind != "update" || p[0].Target != "reminder:2" {
		t.Errorf("done should update the room post: %v", p)
	}
	if r := f.Run("carol", "reminder done 2"); !r.Error || !strings.Contains(r.Text, "no reminder 2") {
		t.Errorf("done twice: %q", r.Text)
	}
	// But carol can't snooze alice's private one.
	if r := f.Run("carol", "reminder snooze 1 5m"); !r.Error {
		t.Errorf("carol snoozed alice's reminder: %q", r.Text)
	}
	if r := f.Run("alice", "reminder snooze 1 soon"); !r.Error || !strings.Contains(r.Text, "couldn't read") {
		t.Errorf("bad duration: %q", r.Text)
	}
	if r := ok(t, f.Run("alice", "reminders")); !strings.Contains(r.Text, "snoozed until today (Fri 27 Nov 2026) at 10:02") {
		t.Errorf("snoozed listing: %s", r.Text)
	}
	f.Fake.Set(time.Date(2026, 11, 27, 10, 1, 59, 0, time.UTC))
	if p := f.tick(t); len(p) != 0 {
		t.Fatalf("snooze fired early: %v", p)
	}
	f.Fake.Advance(time.Second)
	p := f.tick(t)
	if len(p) != 1 || p[0].Reply.Text != "⏰ Reminder: call the food bank" || !strings.Contains(p[0].Reply.Context[0], "snoozed") {
		t.Fatalf("snoozed delivery: %v", p)
	}
	f.Fake.Advance(time.Hour)
	if p := f.tick(t); len(p) != 0 {
		t.Fatalf("twice: %v", p)
	}
	ok(t, f.Run("alice", "reminder done 1"))
	if r := f.Run("alice", "reminder snooze 1 1h"); !r.Error {
		t.Errorf("snoozing a done reminder: %q", r.Text)
	}
}

func TestSnoozePendingMovesIt(t *testing.T) {
	f := newFixture(t, now)
	ok(t, f.Run("alice", "remind me to call the food bank in 10 minutes"))
	ok(t, f.Run("alice", "reminder snooze 1 1h"))
	f.Fake.Advance(10 * time.Minute)
	if p := f.tick(t); len(p) != 0 {
		t.Fatalf("fired at its old time: %v", p)
	}
	f.Fake.Advance(50 * time.Minute)
	if p := f.tick(t); len(p) != 1 {
		t.Fatalf("posts = %v", p)
	}
}

func TestPurgeDelivered(t *testing.T) {
	f := newFixture(t, now)
	ok(t, f.Run("alice", "remind me to call the food bank in 10 minutes"))
	f.Fake.Advance(10 * time.Minute)
	f.tick(t)
	f.Fake.Advance(keepDelivered + time.Second)
	f.tick(t)
	if r := f.Run("alice", "reminder done 1"); !r.Error {
		t.Errorf("not purged: %q", r.Text)
	}
	var n int
	_ = f.DB.View(func(tx *storage.Tx) error {
		for _, b := range []string{Bucket, DueBucket, WhoBucket} {
			n += storage.Bucket(tx, b).Stats().KeyN
		}
		return nil
	})
	if n != 0 {
		t.Errorf("%d keys left after purge", n)
	}
}

// TestRestartLate: reminders due while the bot was down are delivered once
// on start, marked late; a recurring one skips the missed firings but the
// last, then carries on.
func TestRestartLate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	open := func(at time.Time) (*fixture, *storage.DB) {
		db, err := storage.Open(path, storage.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return attach(t, bottest.NewEnvOn(t, db, at)), db
	}
	f, db := open(now)
	ok(t, f.Run("alice", "remind me to call the food bank tomorrow at 9am"))
	ok(t, f.Run("alice", "remind #sip-general every day at 8am to check the rota"))
	ok(t, f.Run("alice", "remind me to post the newsletter on 1 December at 12:00"))
	db.Close()

	// Down until Sun 29 Nov 10:30: three daily firings missed (27, 28, 29).
	back := time.Date(2026, 11, 29, 10, 30, 0, 0, time.UTC)
	f, db = open(back)
	posts := f.tick(t)
	if len(posts) != 2 {
		t.Fatalf("on start: %v", posts)
	}
	for _, p := range posts {
		t.Logf("%s | %v", p, p.Reply.Context)
		switch p.Target {
		case "console:local:alice":
			if p.Reply.Text != "⏰ Reminder: call the food bank (late: due Fri 27 Nov 09:00)" || data(t, p.Reply)["late"] != true {
				t.Errorf("late one-off: %q", p.Reply.Text)
			}
		case "sip-general":
			if p.Reply.Text != "⏰ Reminder from alice: check the rota (late: due Sun 29 Nov 08:00)" ||
				!strings.Contains(p.Reply.Context[0], "2 earlier ones missed") ||
				!strings.Contains(p.Reply.Context[0], "next Mon 30 Nov 2026, 08:00") {
				t.Errorf("late recurring: %q %v", p.Reply.Text, p.Reply.Context)
			}
		default:
			t.Errorf("unexpected %v", p)
		}
	}
	if p := f.tick(t); len(p) != 0 {
		t.Fatalf("twice: %v", p)
	}
	db.Close()
	// Restart again: nothing more.
	f, db = open(back.Add(time.Minute))
	if p := f.tick(t); len(p) != 0 {
		t.Fatalf("after a second restart: %v", p)
	}
	// On time (within a minute) is not late.
	f.Fake.Set(time.Date(2026, 11, 30, 8, 0, 30, 0, time.UTC))
	p := f.tick(t)
	if len(p) != 1 || strings.Contains(p[0].Reply.Text, "late") {
		t.Fatalf("on time: %v", p)
	}
	db.Close()
}

// TestRecurringAcrossClockChanges: "every Monday at 10:00" stays at 10:00
// London time across the end of BST (25 Oct 2026) and its start (28 Mar 2027).
func TestRecurringAcrossClockChanges(t *testing.T) {
	f := newFixture(t, time.Date(2026, 10, 14, 12, 0, 0, 0, time.UTC))
	r := ok(t, f.Run("alice", "remind me every Monday at 10:00 to plan the week"))
	if d := data(t, r); d["next"] != "2026-10-19T09:00:00Z" {
		t.Fatalf("next = %v", d["next"])
	}
	want := []string{
		"2026-10-19T09:00:00Z", // BST
		"2026-10-26T10:00:00Z", // GMT
		"2026-11-02T10:00:00Z",
	}
	var got []string
	for f.Fake.Now().Before(time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)) {
		f.Fake.Advance(30 * time.Minute)
		for _, p := range f.tick(t) {
			got = append(got, data(t, p.Reply)["due"].(string))
			if strings.Contains(p.Reply.Text, "late") {
				t.Errorf("late: %s", p.Reply.Text)
			}
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("autumn firings = %v, want %v", got, want)
	}
	// Spring: jump to just before Mon 22 Mar 2027 (ticking as we go would
	// mark nothing late; a jump would, so tick every half hour).
	f.Fake.Set(time.Date(2027, 3, 21, 0, 0, 0, 0, time.UTC))
	f.tick(t) // one late firing for the jump, then on time
	got = nil
	for f.Fake.Now().Before(time.Date(2027, 4, 6, 0, 0, 0, 0, time.UTC)) {
		f.Fake.Advance(30 * time.Minute)
		for _, p := range f.tick(t) {
			got = append(got, data(t, p.Reply)["due"].(string))
		}
	}
	want = []string{"2027-03-22T10:00:00Z", "2027-03-29T09:00:00Z", "2027-04-05T09:00:00Z"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("spring firings = %v, want %v", got, want)
	}
}

func TestDoneOnRecurringKeepsTheSeries(t *testing.T) {
	f := newFixture(t, now)
	ok(t, f.Run("alice", "remind me every day at 9am to take the register"))
	f.Fake.Set(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	if p := f.tick(t); len(p) != 1 {
		t.Fatalf("posts = %v", p)
	}
	r := ok(t, f.Run("alice", "reminder done 1"))
	if !strings.Contains(r.Text, "Next tomorrow (Sat 28 Nov 2026) at 09:00") {
		t.Errorf("done: %q", r.Text)
	}
	// Snooze on a recurring one adds a firing and keeps the series.
	ok(t, f.Run("alice", "reminder snooze 1 30m"))
	f.Fake.Advance(30 * time.Minute)
	if p := f.tick(t); len(p) != 1 || !strings.Contains(p[0].Reply.Context[0], "snoozed") {
		t.Fatalf("snoozed firing: %v", p)
	}
	f.Fake.Set(time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))
	if p := f.tick(t); len(p) != 1 {
		t.Fatalf("next day: %v", p)
	}
}

func TestDeliveryFailureIsNotRetried(t *testing.T) {
	f := newFixture(t, now)
	ok(t, f.Run("alice", "remind me in 5 minutes to stretch"))
	f.Posts.Fail = &bot.UserError{Msg: "slack is down"}
	f.Fake.Advance(5 * time.Minute)
	f.tick(t)
	f.Posts.Fail = nil
	f.Fake.Advance(time.Minute)
	if p := f.tick(t); len(p) != 0 {
		t.Errorf("retried: %v", p)
	}
}

func TestManyDueInOneTick(t *testing.T) {
	f := newFixture(t, now)
	f.R.MaxPerTx = 7
	for i := 0; i < 30; i++ {
		ok(t, f.Run("alice", "remind me in 10 minutes to do thing "+bot.Itoa(i)))
	}
	f.Fake.Advance(10 * time.Minute)
	if p := f.tick(t); len(p) != 30 {
		t.Fatalf("delivered %d of 30", len(p))
	}
}
