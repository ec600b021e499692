package meeting

import (
	"testing"
	"time"
)

func TestBadInput(t *testing.T) {
	env, _ := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	must(t, env, "admin", `meeting schedule "Partnership meeting" every first Tuesday at 10:00`)
	must(t, env, "admin", `event create "Lunch" on 3 March 2027 at 12:00`)
	cases := []struct {
		user, text string
		want       string // in the error
	}{
		{"admin", `event create "Lunch" on 31 April 2027 at 12:00`, "30 days"},
		{"admin", `event create "Lunch" on 29/2/2027 at 12:00`, "February"},
		{"admin", `event create "Lunch" on 3 March 2020 at 12:00`, "past"},
		{"admin", `event create "Lunch" on 3 March 2027 at 25:00`, "25:00"},
		{"admin", `event create "Lunch" on 3 March 2027 at 12:00 capacity 0`, "at least 1"},
		{"admin", `event create "Lunch" on 3 March 2027 at 12:00 capacity -3`, "at least 1"},
		{"admin", `event create "Lunch" on 3 March 2027 at 12:00 capacity lots`, "whole number"},
		{"admin", `event create "Lunch" on 3 March 2027 at 12:00 in nowhere`, "no room called"},
		{"admin", `event create "Lunch" every Monday at 12:00`, "meeting schedule"},
		{"admin", `event create "Lunch" on 3 March 2027 at 12:00 for 3 days`, "between 5 minutes and 24 hours"},
		{"admin", `event create on 3 March 2027 at 12:00`, "title"},
		{"admin", `meeting schedule "X" on 3 March 2027 at 10:00`, "single date"},
		{"admin", `meeting schedule "X" every first Blursday at 10:00`, "blursday"},
		{"admin", `meeting schedule "X" every first Tuesday at 10:00 in nowhere`, "no room called"},
		{"admin", `meeting schedule "X" every first Tuesday at 10:00 nudge soon`, "nudge"},
		{"admin", `meeting schedule "X" every first Tuesday at 10:00 nudge 90d`, "60 days"},
		{"admin", `meeting schedule "X" every first Tuesday at 10:00 capacity 3`, "events do"},
		{"admin", `meeting schedule "X"`, "say when"},
		{"admin", `meeting cancel 2 Dec`, "no meeting on"},
		{"admin", `meeting cancel 31/4/2027`, "30 days"},
		{"admin", `meeting cancel 1/13/2027`, "no month 13"},
		{"admin", `meeting cancel m9 1 Dec`, "no meeting m9"},
		{"admin", `meeting move 1 Dec to 1 Jan 2020 at 10:00`, "past"},
		{"admin", `meeting move 1 Dec`, "to"},
		{"admin", `meeting minutes 1 Dec notalink`, "https://"},
		{"admin", `meeting next 0`, "between 1 and 50"},
		{"admin", `meeting next lots`, "didn't understand"},
		{"bob", `meeting cancel 1 Dec`, "only admins"},
		{"bob", `meeting delete m1`, "only admins"},
		{"bob", `event cancel e1`, "only admins"},
		{"admin", `rsvp e99 yes`, "no event e99"},
		{"admin", `rsvp xyz yes`, "isn't an event"},
		{"admin", `rsvp e1 perhaps-not`, "answer should be"},
		{"admin", `rsvp e1 yes +lots`, "number after +"},
		{"admin", `rsvp e1 no +2`, "guests go with a yes"},
		{"admin", `rsvp m1-20261202 yes`, "doesn't meet on"},
		{"admin", `rsvp list e99`, "no event e99"},
		{"admin", `event cancel e99`, "no event e99"},
		{"admin", `meeting agenda add`, "what to add"},
	}
	for _, c := range cases {
		r := env.Run(c.user, c.text)
		t.Logf("%s\n    → %s", c.text, r.Text)
		if !r.Error {
			t.Errorf("%q was accepted: %s", c.text, r.Text)
			continue
		}
		if !contains(r.Text, c.want) {
			t.Errorf("%q: error %q doesn't mention %q", c.text, r.Text, c.want)
		}
		if contains(r.Text, "something went wrong") {
			t.Errorf("%q: internal error", c.text)
		}
	}
	// Nothing above changed anything.
	if l := must(t, env, "admin", "meeting list"); len(l.Data["meetings"].([]map[string]any)) != 1 {
		t.Errorf("meetings: %v", l.Data)
	}
	if l := must(t, env, "admin", "event list"); len(l.Data["events"].([]map[string]any)) != 1 {
		t.Errorf("events: %v", l.Data)
	}
	// Cancelled and past things refuse answers.
	must(t, env, "admin", "event cancel e1")
	if r := env.Run("bob", "rsvp e1 yes"); !r.Error || !contains(r.Text, "cancelled") {
		t.Errorf("rsvp to a cancelled event: %s", r.Text)
	}
	if r := env.Run("admin", "meeting cancel 1 Dec"); r.Error {
		t.Fatal(r.Text)
	}
	if r := env.Run("admin", "meeting cancel 1 Dec"); !r.Error || !contains(r.Text, "already cancelled") {
		t.Errorf("cancel twice: %s", r.Text)
	}
}

// "every fifth Tuesday" is accepted, says months without one are skipped,
// and really skips them.
func TestFifthTuesday(t *testing.T) {
	env, _ := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	r := must(t, env, "admin", `meeting schedule "Quarterly review" every fifth Tuesday at 10:00`)
	t.Log(r.Text)
	if !contains(r.Text, "months without one are skipped") {
		t.Errorf("confirmation doesn't explain skipping:\n%s", r.Text)
	}
	n := must(t, env, "admin", "meeting next 4")
	want := []string{"2026-12-29T10:00:00Z", "2027-03-30T09:00:00Z", "2027-06-29T09:00:00Z", "2027-08-31T09:00:00Z"}
	got := n.Data["starts"].([]string)
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Fatalf("starts = %v, want %v", got, want)
		}
	}
}

// The examples in help work as written.
func TestHelpExamples(t *testing.T) {
	env, _ := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	for _, ex := range []string{exScheduleFull, `meeting schedule "Older people focus group" every last Thursday at 14:00 for 90m`,
		exEventFull, `event create "Cost of living drop-in" on 12/3/2027 at 10:00`, "meeting next m2 6", exAgenda,
		`meeting agenda m2 add "Volunteer week"`, "rsvp next apologies", "rsvp list next", "meeting cancel m2-20261126"} {
		r := env.Run("admin", ex)
		if r.Error {
			t.Errorf("%s: %s", ex, r.Text)
		}
	}
}
