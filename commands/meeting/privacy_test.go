package meeting

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
	"partnerbot/storage"
)

var _ bot.Privacy = (*Meetings)(nil)

// dumpBuckets is every key and value of this package's buckets.
func dumpBuckets(t *testing.T, db *storage.DB) string {
	t.Helper()
	var b strings.Builder
	err := db.View(func(tx *storage.Tx) error {
		for _, name := range []string{MeetingsBucket, OccurrencesBucket, EventsBucket, RSVPBucket, DueBucket} {
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

func exportOf(t *testing.T, m *Meetings, who bot.ID) MeetingsExport {
	t.Helper()
	d, err := m.PersonalData(who)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var e MeetingsExport
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestPrivacyExportAndForget(t *testing.T) {
	env, m := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	alice := bot.ConsoleUser("alice")
	must(t, env, "alice", `meeting schedule "Partnership meeting" every first Tuesday at 10:00`)
	must(t, env, "alice", `event create "Volunteers' evening" on 3 March 2027 at 18:00 capacity 2`)
	must(t, env, "admin", `event create "Coffee morning" on 25 Nov 2026 at 10:00`)
	must(t, env, "alice", `rsvp e1 yes "bringing leaflets"`)
	must(t, env, "bob", `rsvp e1 yes`)
	if r := must(t, env, "carol", `rsvp e1 yes`); r.Data["status"] != "waitlist" {
		t.Fatalf("carol %v", r.Data)
	}
	must(t, env, "alice", `rsvp e2 yes`)
	must(t, env, "alice", `rsvp m1-20261201 maybe "might be late"`)
	must(t, env, "alice", `meeting agenda m1 add "Budget for 2027"`)
	must(t, env, "bob", `meeting agenda m1 add "Volunteer week"`)
	must(t, env, "alice", `meeting cancel 5 Jan`)
	env.Fake.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)) // e2 is over

	e := exportOf(t, m, alice)
	var rsvps []string
	for _, r := range e.RSVPs {
		rsvps = append(rsvps, r.For+":"+r.Answer+":"+r.Note)
	}
	if len(e.Meetings) != 1 || e.Meetings[0].Ref != "m1" || len(e.Events) != 1 || e.Events[0].Ref != "e1" ||
		fmt.Sprint(rsvps) != "[e1:yes:bringing leaflets e2:yes: m1-20261201:maybe:might be late]" ||
		len(e.Agenda) != 1 || e.Agenda[0].Text != "Budget for 2027" || fmt.Sprint(e.Cancelled) != "[m1-20270105]" {
		t.Fatalf("export %+v", e)
	}
	env.Posts.Take()

	if err := m.Forget(alice); err != nil {
		t.Fatal(err)
	}
	dump := dumpBuckets(t, env.DB)
	if strings.Contains(dump, "alice") {
		t.Fatalf("alice is still in the meeting data:\n%s", dump)
	}
	// The waiting list moved up, and carol was told.
	tl := tallyFor(t, m, "e1")
	if tl.heads() != 2 || len(tl.waiting) != 0 {
		t.Fatalf("e1: %d going, %d waiting", tl.heads(), len(tl.waiting))
	}
	var toldCarol, updated bool
	for _, p := range env.Posts.Take() {
		toldCarol = toldCarol || (p.Kind == "direct" && p.Target == "console:local:carol" && strings.Contains(p.Reply.Text, "a place came up"))
		updated = updated || (p.Kind == "update" && p.Target == "event:e1")
	}
	if !toldCarol || !updated {
		t.Fatal("carol wasn't told, or the event card wasn't updated")
	}
	// Her agenda item stays, by a former member.
	if r := must(t, env, "bob", "meeting agenda m1"); !strings.Contains(r.Text, "Budget for 2027 ("+FormerMember+")") || !strings.Contains(r.Text, "Volunteer week (bob)") {
		t.Fatalf("agenda:\n%s", r.Text)
	}
	// Nobody is nudged as "" or as alice.
	_ = env.DB.View(func(tx *storage.Tx) error {
		mt, _, _ := getMeeting(tx, 1)
		regs, _ := regulars(tx, mt)
		if regs[""] || regs[alice] || !regs["console:local:bob"] {
			t.Errorf("regulars %v", regs)
		}
		return nil
	})
	// Her meeting and event stay; only admins manage them now.
	if r := env.Run("alice", "meeting cancel 2 Feb"); !r.Error || !strings.Contains(r.Text, "Only admins (the Steering Group) can cancel its dates.") {
		t.Fatalf("alice cancelling: %s", r.Text)
	}
	must(t, env, "admin", "meeting cancel 2 Feb")
	if r := env.Run("alice", "event cancel e1"); !r.Error {
		t.Fatalf("alice cancelled e1: %s", r.Text)
	}
	// Idempotent.
	before := dumpBuckets(t, env.DB)
	if err := m.Forget(alice); err != nil {
		t.Fatal(err)
	}
	if after := dumpBuckets(t, env.DB); after != before {
		t.Fatalf("a second forget changed the data:\n%s\n---\n%s", before, after)
	}
	if e := exportOf(t, m, alice); len(e.Meetings)+len(e.Events)+len(e.RSVPs)+len(e.Agenda)+len(e.Cancelled) != 0 {
		t.Fatalf("export after forget %+v", e)
	}
}

// Forged button payloads and typed ids: permissions are checked on the
// server for every path, bad ids are refused clearly, and nothing changes.
func TestForgedActions(t *testing.T) {
	env, _ := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	must(t, env, "alice", `meeting schedule "Partnership meeting" every first Tuesday at 10:00`)
	must(t, env, "alice", `event create "Lunch" on 3 March 2027 at 12:00 capacity 1`)
	must(t, env, "alice", `rsvp e1 yes`)
	before := dumpBuckets(t, env.DB)
	cases := []struct {
		user, action, want string
	}{
		{"bob", "rsvp e999 yes", "no event e999"},
		{"bob", "rsvp e0 yes", "isn't an event"},
		{"bob", "rsvp e-1 yes", "isn't an event"},
		{"bob", "rsvp e99999999999999999999999 yes", "isn't an event"},
		{"bob", "rsvp m0-20261201 yes", "isn't an event"},
		{"bob", "rsvp m1-20261301 yes", "isn't an event"},
		{"bob", "rsvp m99-20261201 yes", "no meeting m99"},
		{"bob", "rsvp m1-20261202 yes", "doesn't meet on"},
		{"bob", "rsvp e1 yes +999", "the most is 20"},
		{"bob", "rsvp list e1; event cancel e1", "didn't expect"},
		{"bob", "event cancel e1", "only admins"},
		{"bob", "event cancel e999", "no event e999"},
		{"bob", "event cancel e18446744073709551616", "isn't an event id"},
		{"bob", "meeting cancel m1 1 Dec", "only admins"},
		{"bob", "meeting cancel m1-20261201", "only admins"},
		{"bob", "meeting move 1 Dec to 8 Dec at 10:00", "only admins"},
		{"bob", "meeting minutes 1 Dec https://example.org/m.pdf", "only admins"},
		{"bob", "meeting delete m1", "only admins"},
		{"bob", "meeting delete m99999999999999999999", "m99999999999999999999"},
		{"bob", "meeting minutes 1 Dec https://example.org/" + strings.Repeat("a", 600), "the most I keep is 500"},
		{"bob", `meeting agenda add "` + strings.Repeat("x", 301) + `"`, "the most is 300"},
		{"bob", `rsvp e1 maybe "` + strings.Repeat("x", 201) + `"`, "the most is 200"},
		{"bob", `event create "` + strings.Repeat("x", 121) + `" on 3 March 2027 at 12:00`, "the most is 120"},
		{"bob", `event create "@everyone party" on 3 March 2027 at 12:00 in @here`, "@\u200bhere"},
	}
	for _, c := range cases {
		r := env.Router.Handle(context.Background(), &bot.Request{User: bot.ConsoleUser(c.user), Channel: bot.ConsoleChannel, Action: c.action})
		if !r.Error || !contains(r.Text, c.want) {
			t.Errorf("%s %q: %q (error %v), want a refusal containing %q", c.user, c.action, r.Text, r.Error, c.want)
		}
		if contains(r.Text, "something went wrong") {
			t.Errorf("%q: internal error", c.action)
		}
	}
	if after := dumpBuckets(t, env.DB); after != before {
		t.Fatalf("a refused action changed the data:\n%s\n---\n%s", before, after)
	}
}

// Text people type is echoed without mass mentions, and can't fake lines.
func TestHostileText(t *testing.T) {
	env, _ := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	must(t, env, "alice", `meeting schedule "Partnership meeting" every first Tuesday at 10:00`)
	env.Posts.Take()
	r := must(t, env, "bob", "event create \"@everyone <!channel> party```\" on 3 March 2027 at 12:00 where \"<@U1> hall\"")
	a := must(t, env, "bob", "meeting agenda add \"@here line one\nFAKE: second line\"")
	n := must(t, env, "bob", "rsvp e1 yes \"<!here> see you\"")
	l := must(t, env, "bob", "rsvp list e1")
	var shown []string
	for _, rep := range []bot.Reply{r, a, n, l} {
		shown = append(shown, rep.Title, rep.Text)
	}
	for _, p := range env.Posts.Take() {
		shown = append(shown, p.Reply.Title, p.Reply.Text, strings.Join(p.Reply.Context, " "))
	}
	all := strings.Join(shown, "\n")
	for _, bad := range []string{"@everyone", "@here", "<!", "<@", "```"} {
		if strings.Contains(all, bad) {
			t.Errorf("%q reached a reply or post:\n%s", bad, all)
		}
	}
	if !strings.Contains(a.Text, "@\u200bhere line one FAKE: second line") {
		t.Errorf("agenda item not kept on one line:\n%s", a.Text)
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"hello":                "hello",
		"@everyone":            "@\u200beveryone",
		"@Everyone and @HERE!": "@\u200bEveryone and @\u200bHERE!",
		"@everybody":           "@everybody",
		"<!channel> <@U1>":     "<\u200b!channel> <\u200b@U1>",
		"<@&123>":              "<\u200b@&123>",
		"```code":              "`\u200b``code",
		"a < b":                "a < b",
	} {
		if got := neutralise(in); got != want {
			t.Errorf("neutralise(%q) = %q, want %q", in, got, want)
		}
		if got := neutralise(neutralise(in)); got != want {
			t.Errorf("neutralise is not idempotent on %q: %q", in, got)
		}
	}
	if got := oneLine(" a\nb\r\n\tc\u2028d  e "); got != "a b c d e" {
		t.Errorf("oneLine = %q", got)
	}
}

var _ = bottest.London
