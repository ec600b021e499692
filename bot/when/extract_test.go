package when

import (
	"strings"
	"testing"
	"time"
)

func TestExtract(t *testing.T) {
	cases := []struct {
		text     string
		what     string
		at       time.Time // first firing
		describe string    // for recurring ones
	}{
		{"to call the food bank tomorrow at 9am", "call the food bank", utc("2026-11-27T09:00:00Z"), ""},
		{"call the food bank tomorrow at 9am", "call the food bank", utc("2026-11-27T09:00:00Z"), ""},
		{"every Monday at 9am to send the agenda", "send the agenda", utc("2026-11-30T09:00:00Z"), "every Monday at 09:00"},
		{"to send the agenda every first Tuesday at 9am", "send the agenda", utc("2026-12-01T09:00:00Z"), "every first Tuesday at 09:00"},
		{"tomorrow at 9am to call Sam", "call Sam", utc("2026-11-27T09:00:00Z"), ""},
		{"call the food bank on Tuesday", "call the food bank", utc("2026-12-01T09:00:00Z"), ""},
		{"to water the plants every day at 9am", "water the plants", utc("2026-11-27T09:00:00Z"), "every day at 09:00"},
		{"check the minutes in 20 minutes", "check the minutes", utc("2026-11-26T23:48:00Z"), ""},
		{"to be at home tomorrow", "be at home", utc("2026-11-27T09:00:00Z"), ""},
		{"to meet Sam at the library tomorrow", "meet Sam at the library", utc("2026-11-27T09:00:00Z"), ""},
		{"to book the room on 3 March at 14:00", "book the room", utc("2027-03-03T14:00:00Z"), ""},
		{"to pay the rent 1 April", "pay the rent", utc("2027-04-01T08:00:00Z"), ""},
		{"at 3pm call Mum", "call Mum", utc("2026-11-27T15:00:00Z"), ""},
		{"on Tuesday, call the food bank", "call the food bank", utc("2026-12-01T09:00:00Z"), ""},
		{"To call Sam tomorrow.", "call Sam", utc("2026-11-27T09:00:00Z"), ""},
		{"tomorrow", "", utc("2026-11-27T09:00:00Z"), ""},
		{"to review 3 applications tomorrow at 10:00", "review 3 applications", utc("2026-11-27T10:00:00Z"), ""},
		{"call room 14 at 3pm", "call room 14", utc("2026-11-27T15:00:00Z"), ""},
		{"send   the agenda   every Monday", "send   the agenda", utc("2026-11-30T09:00:00Z"), "every Monday at 09:00"},
		{"to call Sam next Friday at 17:00", "call Sam", utc("2026-11-27T17:00:00Z"), ""},
		{"to tidy up fortnightly on Thursday at 2pm", "tidy up", utc("2026-12-03T14:00:00Z"), "every other Thursday at 14:00"},
		{"to post the newsletter every last Friday of the month at 4pm", "post the newsletter", utc("2026-11-27T16:00:00Z"), "every last Friday of the month at 16:00"},
		{"to phone the council in 2 hours", "phone the council", utc("2026-11-27T01:28:00Z"), ""},
		{"to order more tea every month on the 15th", "order more tea", utc("2026-12-15T09:00:00Z"), "every month on the 15th at 09:00"},
		{"to renew the insurance every year on 1 April", "renew the insurance", utc("2027-04-01T08:00:00Z"), "every year on 1 April at 09:00"},
		{"in 20 minutes to check the oven", "check the oven", utc("2026-11-26T23:48:00Z"), ""},
		{"in 20 minutes, check the oven", "check the oven", utc("2026-11-26T23:48:00Z"), ""},
		{"to go to the 8 o'clock show tomorrow at 7pm", "go to the 8 o'clock show", utc("2026-11-27T19:00:00Z"), ""},
		{"to buy 2 tickets for the May fair on 3 March", "buy 2 tickets for the May fair", utc("2027-03-03T09:00:00Z"), ""},
		{"to chase the invoice on 30/4/2027 at 14:00", "chase the invoice", utc("2027-04-30T13:00:00Z"), ""},
		{"to toast the new year at midnight", "toast the new year", utc("2026-11-27T00:00:00Z"), ""},
		{"to stretch every weekday at 11am", "stretch", utc("2026-11-27T11:00:00Z"), "every weekday at 11:00"},
		{"to check in with Priya every other Monday at 10:00", "check in with Priya", utc("2026-11-30T10:00:00Z"), "every other Monday at 10:00"},
		{"totally unrelated tomorrow", "totally unrelated", utc("2026-11-27T09:00:00Z"), ""},
		{"to\tcall Sam\ttomorrow", "call Sam", utc("2026-11-27T09:00:00Z"), ""},
		{"2027-04-30T10:00:00+01:00 submit the bid", "submit the bid", utc("2027-04-30T09:00:00Z"), ""},
		{"meet at 8 tomorrow at 9am", "meet at 8", utc("2026-11-27T09:00:00Z"), ""},
	}
	for _, c := range cases {
		what, w, err := Extract(c.text, nowWinter, london)
		if err != nil {
			t.Errorf("Extract(%q): %v", c.text, err)
			continue
		}
		if what != c.what || !w.At.Equal(c.at) {
			t.Errorf("Extract(%q) = %q, %s; want %q, %s", c.text, what, w.At.Format(time.RFC3339), c.what, c.at.Format(time.RFC3339))
		}
		if c.describe != "" && w.Describe(london) != c.describe {
			t.Errorf("Extract(%q) describes %q, want %q", c.text, w.Describe(london), c.describe)
		}
		if (c.describe != "") != w.Recurring() {
			t.Errorf("Extract(%q) recurring = %v", c.text, w.Recurring())
		}
	}
}

func TestExtractErrors(t *testing.T) {
	cases := []struct {
		text, problem, understood string
	}{
		{"", "no time", ""},
		{"call Sam", "no time", ""},
		{"call Sam on Tuesday at 9", "9am or 9pm", ""},
		{"to call Sam next blursday", `not "blursday"`, "next"},
		{"to call Sam today at 5pm", ProblemPast, "Thu 26 Nov 2026, 17:00"},
		{"to call Sam on 31 April at 9am", "April has only 30 days", "on"},
		{"to call Sam on 31 April", "April has only 30 days", "on"},
		{"to call Sam tomorrow at 25:00", "isn't a time of day", "tomorrow at"},
		{"to stretch every morning", `not "morning"`, "every"},
		{"to pay Sam on 4/30", "no month 30", "on"},
		{"to call Sam at 3:30", "3:30am or 3:30pm", ""},
		{"to call Sam in 2 months", "months and years vary", "in 2"},
		{"to call Sam on Friday at midnight", "start or the end", ""},
		{"at 8 call Sam", "8am or 8pm", ""},
	}
	for _, c := range cases {
		what, w, err := Extract(c.text, nowWinter, london)
		if err == nil {
			t.Errorf("Extract(%q) = %q %s, want an error", c.text, what, w.Describe(london))
			continue
		}
		e := asError(t, err)
		if !strings.Contains(e.Problem, c.problem) || e.Understood != c.understood {
			t.Errorf("Extract(%q) error: Problem %q Understood %q; want %q, %q", c.text, e.Problem, e.Understood, c.problem, c.understood)
		}
	}
}

// TestExtractLongText finds the phrase at the end of a long text quickly.
func TestExtractLongText(t *testing.T) {
	text := "to " + strings.Repeat("read the long report ", 200) + "on Tuesday at 10am"
	what, w, err := Extract(text, nowWinter, london)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(what, "report") || !w.At.Equal(utc("2026-12-01T10:00:00Z")) {
		t.Fatalf("got %q %s", what[len(what)-20:], w.At)
	}
}
