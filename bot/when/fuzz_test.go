package when

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var fuzzSeeds = []string{
	"in 20 minutes", "tomorrow at 9am", "every first Tuesday at 10:00", "every last Friday of the month at 4pm",
	"on 3 March at 14:00", "30/4/2027 at 14:00", "2027-04-30T10:00:00+01:00", "next blursday", "at 25:00",
	"in -3 minutes", "every", "", "every other Monday", "fortnightly on Thursday at 2pm", "every year on 29 February",
	"tonight at 8", "in an hour and a half", "Tue 1 Dec 2026, 10:00", "every 3 months on the last day",
	"the day after tomorrow at noon", "9 a.m.", "every Mon, Wed & Fri at 18:30", "in 1h30m", "at 12am",
	"to call the food bank tomorrow at 9am", "every Monday at 9am to send the agenda", "call Sam on Tuesday at 9",
}

// checkWhen checks the invariants of a successful parse.
func checkWhen(t *testing.T, phrase string, now time.Time, w *When) {
	if w == nil {
		t.Fatalf("%q: nil When without error", phrase)
	}
	if w.At.Location() != time.UTC || !w.At.After(now) {
		t.Fatalf("%q: At %v not a UTC instant after now", phrase, w.At)
	}
	_ = w.Describe(london)
	if w.Rule != nil {
		if err := w.Rule.Validate(); err != nil {
			t.Fatalf("%q: invalid rule %+v: %v", phrase, w.Rule, err)
		}
		_ = w.Rule.RRULE()
		n, ok := w.Next(now)
		if !ok || !n.Equal(w.At) {
			t.Fatalf("%q: Next(now) = %v, want At %v", phrase, n, w.At)
		}
	}
}

func checkErr(t *testing.T, phrase string, err error) {
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %T is not *Error", phrase, err)
	}
	if e.Problem == "" || e.Error() == "" {
		t.Fatalf("%q: empty problem", phrase)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, phrase string) {
		for _, now := range []time.Time{nowWinter, nowSpring} {
			w, err := Parse(phrase, now, london)
			if err != nil {
				checkErr(t, phrase, err)
				continue
			}
			checkWhen(t, phrase, now, w)
		}
		if d, err := ParseDuration(phrase); err == nil && d <= 0 {
			t.Fatalf("%q: non-positive duration %v", phrase, d)
		}
	})
}

func FuzzExtract(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		what, w, err := Extract(text, nowWinter, london)
		if err != nil {
			checkErr(t, text, err)
			return
		}
		checkWhen(t, text, nowWinter, w)
		if !strings.Contains(text, what) {
			t.Fatalf("%q: what %q is not from the text", text, what)
		}
	})
}
