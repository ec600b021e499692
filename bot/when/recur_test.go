package when

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/teambition/rrule-go"
)

func TestParseRecurring(t *testing.T) {
	w := nowWinter
	cases := []struct {
		now      time.Time
		phrase   string
		rrule    string
		describe string
		first    time.Time
	}{
		{w, "every Monday at 10:00", "FREQ=WEEKLY;BYDAY=MO", "every Monday at 10:00", utc("2026-11-30T10:00:00Z")},
		{w, "every monday at 10am", "FREQ=WEEKLY;BYDAY=MO", "every Monday at 10:00", utc("2026-11-30T10:00:00Z")},
		{w, "each Monday at 10", "", "", time.Time{}}, // bare hour: rejected below
		{w, "at 10:00 every Monday", "FREQ=WEEKLY;BYDAY=MO", "every Monday at 10:00", utc("2026-11-30T10:00:00Z")},
		{w, "weekly on Monday at 10:00", "FREQ=WEEKLY;BYDAY=MO", "every Monday at 10:00", utc("2026-11-30T10:00:00Z")},
		{w, "weekly on Mondays at 10:00", "FREQ=WEEKLY;BYDAY=MO", "every Monday at 10:00", utc("2026-11-30T10:00:00Z")},
		{w, "every week on Monday at 10:00", "FREQ=WEEKLY;BYDAY=MO", "every Monday at 10:00", utc("2026-11-30T10:00:00Z")},
		{w, "every Monday", "FREQ=WEEKLY;BYDAY=MO", "every Monday at 09:00", utc("2026-11-30T09:00:00Z")},
		{w, "every weekday at 11am", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday at 11:00", utc("2026-11-27T11:00:00Z")},
		{w, "every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday at 09:00", utc("2026-11-27T09:00:00Z")},
		{w, "weekly on weekdays at 11:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday at 11:00", utc("2026-11-27T11:00:00Z")},
		{w, "every day at 9am", "FREQ=DAILY", "every day at 09:00", utc("2026-11-27T09:00:00Z")},
		{w, "every day", "FREQ=DAILY", "every day at 09:00", utc("2026-11-27T09:00:00Z")},
		{w, "daily at 9am", "FREQ=DAILY", "every day at 09:00", utc("2026-11-27T09:00:00Z")},
		{w, "daily", "FREQ=DAILY", "every day at 09:00", utc("2026-11-27T09:00:00Z")},
		{w, "each day at 23:45", "FREQ=DAILY", "every day at 23:45", utc("2026-11-26T23:45:00Z")},
		{w, "every day at midnight", "FREQ=DAILY", "every day at 00:00", utc("2026-11-27T00:00:00Z")},
		{w, "every other day", "FREQ=DAILY;INTERVAL=2", "every other day at 09:00", utc("2026-11-27T09:00:00Z")},
		{w, "every 3 days at 9am", "FREQ=DAILY;INTERVAL=3", "every 3 days at 09:00", utc("2026-11-27T09:00:00Z")},
		{w, "every three days at 9am", "FREQ=DAILY;INTERVAL=3", "every 3 days at 09:00", utc("2026-11-27T09:00:00Z")},
		{w, "every other Monday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every other Monday at 09:00", utc("2026-11-30T09:00:00Z")},
		{w, "every 2 weeks on Monday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every other Monday at 09:00", utc("2026-11-30T09:00:00Z")},
		{w, "every two weeks on Monday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every other Monday at 09:00", utc("2026-11-30T09:00:00Z")},
		{w, "every other week on Monday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every other Monday at 09:00", utc("2026-11-30T09:00:00Z")},
		{w, "every fortnight on Monday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every other Monday at 09:00", utc("2026-11-30T09:00:00Z")},
		{w, "fortnightly on Monday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every other Monday at 09:00", utc("2026-11-30T09:00:00Z")},
		{w, "fortnightly on Thursday at 2pm", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "every other Thursday at 14:00", utc("2026-12-03T14:00:00Z")},
		{w, "fortnightly on Thursdays at 2pm", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "every other Thursday at 14:00", utc("2026-12-03T14:00:00Z")},
		{w, "every 3 weeks on Friday at 4pm", "FREQ=WEEKLY;INTERVAL=3;BYDAY=FR", "every 3 weeks on Friday at 16:00", utc("2026-11-27T16:00:00Z")},
		{w, "every Monday and Thursday at 10:00", "FREQ=WEEKLY;BYDAY=MO,TH", "every Monday and Thursday at 10:00", utc("2026-11-30T10:00:00Z")},
		{w, "every Mon, Wed and Fri at 8am", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "every Monday, Wednesday and Friday at 08:00", utc("2026-11-27T08:00:00Z")},
		{w, "every Friday & Monday at 8am", "FREQ=WEEKLY;BYDAY=MO,FR", "every Monday and Friday at 08:00", utc("2026-11-27T08:00:00Z")},
		{w, "every weekend at 10am", "FREQ=WEEKLY;BYDAY=SA,SU", "every Saturday and Sunday at 10:00", utc("2026-11-28T10:00:00Z")},
		{w, "every Thursday at 23:30", "FREQ=WEEKLY;BYDAY=TH", "every Thursday at 23:30", utc("2026-11-26T23:30:00Z")},
		{w, "every Friday at 4.30pm", "FREQ=WEEKLY;BYDAY=FR", "every Friday at 16:30", utc("2026-11-27T16:30:00Z")},
		{w, "every Friday at 8 in the evening", "FREQ=WEEKLY;BYDAY=FR", "every Friday at 20:00", utc("2026-11-27T20:00:00Z")},
		{w, "every month on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15", "every month on the 15th at 09:00", utc("2026-12-15T09:00:00Z")},
		{w, "monthly on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15", "every month on the 15th at 09:00", utc("2026-12-15T09:00:00Z")},
		{w, "monthly on 15th at 9am", "FREQ=MONTHLY;BYMONTHDAY=15", "every month on the 15th at 09:00", utc("2026-12-15T09:00:00Z")},
		{w, "every 15th of the month", "FREQ=MONTHLY;BYMONTHDAY=15", "every month on the 15th at 09:00", utc("2026-12-15T09:00:00Z")},
		{w, "every 15th", "FREQ=MONTHLY;BYMONTHDAY=15", "every month on the 15th at 09:00", utc("2026-12-15T09:00:00Z")},
		{w, "every first of the month", "FREQ=MONTHLY;BYMONTHDAY=1", "every month on the 1st at 09:00", utc("2026-12-01T09:00:00Z")},
		{w, "every month on the 1st at 8am", "FREQ=MONTHLY;BYMONTHDAY=1", "every month on the 1st at 08:00", utc("2026-12-01T08:00:00Z")},
		{w, "every month on the 22nd", "FREQ=MONTHLY;BYMONTHDAY=22", "every month on the 22nd at 09:00", utc("2026-12-22T09:00:00Z")},
		{w, "every month on the 31st", "FREQ=MONTHLY;BYMONTHDAY=31", "every month on the 31st at 09:00 (months without one are skipped)", utc("2026-12-31T09:00:00Z")},
		{w, "every month on the last day", "FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day at 09:00", utc("2026-11-30T09:00:00Z")},
		{w, "every last day of the month at 5pm", "FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day at 17:00", utc("2026-11-30T17:00:00Z")},
		{w, "every other month on the 1st", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1", "every other month on the 1st at 09:00", utc("2026-12-01T09:00:00Z")},
		{w, "every 3 months on the first Monday", "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO", "every 3 months on the first Monday at 09:00", utc("2026-12-07T09:00:00Z")},
		{w, "every first Tuesday at 9am", "FREQ=MONTHLY;BYDAY=1TU", "every first Tuesday at 09:00", utc("2026-12-01T09:00:00Z")},
		{w, "every 1st Tuesday at 9am", "FREQ=MONTHLY;BYDAY=1TU", "every first Tuesday at 09:00", utc("2026-12-01T09:00:00Z")},
		{w, "every first Tuesday of the month at 10:00", "FREQ=MONTHLY;BYDAY=1TU", "every first Tuesday at 10:00", utc("2026-12-01T10:00:00Z")},
		{w, "every first Tuesday of every month at 10:00", "FREQ=MONTHLY;BYDAY=1TU", "every first Tuesday at 10:00", utc("2026-12-01T10:00:00Z")},
		{w, "every first Tuesday each month at 10:00", "FREQ=MONTHLY;BYDAY=1TU", "every first Tuesday at 10:00", utc("2026-12-01T10:00:00Z")},
		{w, "every month on the first Tuesday at 10:00", "FREQ=MONTHLY;BYDAY=1TU", "every first Tuesday at 10:00", utc("2026-12-01T10:00:00Z")},
		{w, "monthly on the first Tuesday", "FREQ=MONTHLY;BYDAY=1TU", "every first Tuesday at 09:00", utc("2026-12-01T09:00:00Z")},
		{w, "monthly on the first Tuesday at 10:00", "FREQ=MONTHLY;BYDAY=1TU", "every first Tuesday at 10:00", utc("2026-12-01T10:00:00Z")},
		{w, "every last Friday of the month at 4pm", "FREQ=MONTHLY;BYDAY=-1FR", "every last Friday of the month at 16:00", utc("2026-11-27T16:00:00Z")},
		{w, "every last Friday at 4pm", "FREQ=MONTHLY;BYDAY=-1FR", "every last Friday of the month at 16:00", utc("2026-11-27T16:00:00Z")},
		{w, "every second Wednesday", "FREQ=MONTHLY;BYDAY=2WE", "every second Wednesday of the month at 09:00", utc("2026-12-09T09:00:00Z")},
		{w, "every 2nd Wednesday at 6pm", "FREQ=MONTHLY;BYDAY=2WE", "every second Wednesday of the month at 18:00", utc("2026-12-09T18:00:00Z")},
		{w, "every third Thursday at 19:00", "FREQ=MONTHLY;BYDAY=3TH", "every third Thursday at 19:00", utc("2026-12-17T19:00:00Z")},
		{w, "every fourth Monday", "FREQ=MONTHLY;BYDAY=4MO", "every fourth Monday at 09:00", utc("2026-12-28T09:00:00Z")},
		{w, "every fifth Tuesday", "FREQ=MONTHLY;BYDAY=5TU", "every fifth Tuesday of the month at 09:00 (months without one are skipped)", utc("2026-12-29T09:00:00Z")},
		{w, "every year on 1 April", "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1", "every year on 1 April at 09:00", utc("2027-04-01T08:00:00Z")},
		{w, "yearly on 1 April", "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1", "every year on 1 April at 09:00", utc("2027-04-01T08:00:00Z")},
		{w, "annually on April 1st at 10am", "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1", "every year on 1 April at 10:00", utc("2027-04-01T09:00:00Z")},
		{w, "every 1 April", "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1", "every year on 1 April at 09:00", utc("2027-04-01T08:00:00Z")},
		{w, "every April 1st", "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1", "every year on 1 April at 09:00", utc("2027-04-01T08:00:00Z")},
		{w, "every year on the 1st of April", "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1", "every year on 1 April at 09:00", utc("2027-04-01T08:00:00Z")},
		{w, "every year on 1/4", "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1", "every year on 1 April at 09:00", utc("2027-04-01T08:00:00Z")},
		{w, "every year on 26 November at 23:45", "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=26", "every year on 26 November at 23:45", utc("2026-11-26T23:45:00Z")},
		{w, "every year on 29 February", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "every year on 29 February at 09:00 (leap years only)", utc("2028-02-29T09:00:00Z")},
		{w, "every 2 years on 1 January", "FREQ=YEARLY;INTERVAL=2;BYMONTH=1;BYMONTHDAY=1", "every other year on 1 January at 09:00", utc("2027-01-01T09:00:00Z")},
		{nowSummer, "every Monday at 9am", "FREQ=WEEKLY;BYDAY=MO", "every Monday at 09:00", utc("2026-07-20T08:00:00Z")},
		{nowSummer, "every Wednesday at 11:30", "FREQ=WEEKLY;BYDAY=WE", "every Wednesday at 11:30", utc("2026-07-15T10:30:00Z")},
		{nowSummer, "every Wednesday at 11:00", "FREQ=WEEKLY;BYDAY=WE", "every Wednesday at 11:00", utc("2026-07-22T10:00:00Z")},
		{nowSummer, "every day at 9am", "FREQ=DAILY", "every day at 09:00", utc("2026-07-16T08:00:00Z")},
		{nowSpring, "every Sunday at 1:30am", "FREQ=WEEKLY;BYDAY=SU", "every Sunday at 01:30", utc("2027-03-28T01:30:00Z")},
		{nowAutumn, "every Sunday at 1:30am", "FREQ=WEEKLY;BYDAY=SU", "every Sunday at 01:30", utc("2027-10-31T00:30:00Z")},
	}
	for _, c := range cases {
		w, err := Parse(c.phrase, c.now, london)
		if c.rrule == "" {
			if err == nil {
				t.Errorf("Parse(%q) = %s, want an error", c.phrase, w.Describe(london))
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", c.phrase, err)
			continue
		}
		if !w.Recurring() {
			t.Errorf("Parse(%q) is not recurring", c.phrase)
			continue
		}
		if got := w.Rule.RRULE(); got != c.rrule {
			t.Errorf("Parse(%q).RRULE() = %q, want %q", c.phrase, got, c.rrule)
		}
		if got := w.Describe(london); got != c.describe {
			t.Errorf("Parse(%q).Describe() = %q, want %q", c.phrase, got, c.describe)
		}
		if !w.At.Equal(c.first) || !w.Rule.Start.Equal(c.first) {
			t.Errorf("Parse(%q) first = %s, want %s", c.phrase, w.At.Format(time.RFC3339), c.first.Format(time.RFC3339))
		}
		if w.Rule.TZ != "Europe/London" {
			t.Errorf("Parse(%q) TZ = %q", c.phrase, w.Rule.TZ)
		}
		if err := w.Rule.Validate(); err != nil {
			t.Errorf("Parse(%q) rule invalid: %v", c.phrase, err)
		}
		// The first firing after now is At.
		if got, ok := w.Next(c.now); !ok || !got.Equal(w.At) {
			t.Errorf("Parse(%q).Next(now) = %s %v, want %s", c.phrase, got, ok, w.At)
		}
		// Describe reads back as the same rule.
		back, err := Parse(strings.TrimSuffix(strings.TrimSuffix(w.Describe(london), " (months without one are skipped)"), " (leap years only)"), c.now, london)
		if err != nil {
			t.Errorf("Describe of %q does not read back: %v", c.phrase, err)
		} else if back.Rule.RRULE() != w.Rule.RRULE() || !back.At.Equal(w.At) {
			t.Errorf("Describe of %q reads back as %s", c.phrase, back.Rule.RRULE())
		}
	}
}

func dates(ts []time.Time) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Format(time.RFC3339))
	}
	return out
}

// TestSequences checks a year of firings across both clock changes.
func TestSequences(t *testing.T) {
	from := utc("2027-01-01T00:00:00Z")
	to := utc("2028-01-01T00:00:00Z")
	now := utc("2026-12-31T12:00:00Z")
	inBST := func(d time.Time) bool {
		return !d.Before(utc("2027-03-28T01:00:00Z")) && d.Before(utc("2027-10-31T01:00:00Z"))
	}
	build := func(days []string, h int) []time.Time {
		var out []time.Time
		for _, d := range days {
			t0, _ := time.Parse("2006-01-02", d)
			out = append(out, lon(t0.Year(), t0.Month(), t0.Day(), h, 0))
		}
		return out
	}
	cases := []struct {
		phrase string
		want   []time.Time
	}{
		{"every first Tuesday at 10:00", build([]string{"2027-01-05", "2027-02-02", "2027-03-02", "2027-04-06", "2027-05-04", "2027-06-01", "2027-07-06", "2027-08-03", "2027-09-07", "2027-10-05", "2027-11-02", "2027-12-07"}, 10)},
		{"every last Friday of the month at 4pm", build([]string{"2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30", "2027-05-28", "2027-06-25", "2027-07-30", "2027-08-27", "2027-09-24", "2027-10-29", "2027-11-26", "2027-12-31"}, 16)},
		{"every fifth Tuesday", build([]string{"2027-03-30", "2027-06-29", "2027-08-31", "2027-11-30"}, 9)},
		{"every second Wednesday at 18:00", build([]string{"2027-01-13", "2027-02-10", "2027-03-10", "2027-04-14", "2027-05-12", "2027-06-09", "2027-07-14", "2027-08-11", "2027-09-08", "2027-10-13", "2027-11-10", "2027-12-08"}, 18)},
		{"every month on the 31st", build([]string{"2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31", "2027-08-31", "2027-10-31", "2027-12-31"}, 9)},
		{"every year on 1 April", build([]string{"2027-04-01"}, 9)},
	}
	for _, c := range cases {
		w, err := Parse(c.phrase, now, london)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.phrase, err)
		}
		got := w.Rule.Between(from, to)
		if !reflect.DeepEqual(dates(got), dates(c.want)) {
			t.Errorf("%q between:\n got %v\nwant %v", c.phrase, dates(got), dates(c.want))
		}
		// Next, step by step, gives the same sequence.
		var stepped []time.Time
		for at := from; ; {
			n, ok := w.Next(at)
			if !ok || !n.Before(to) {
				break
			}
			stepped = append(stepped, n)
			at = n
		}
		if !reflect.DeepEqual(dates(stepped), dates(c.want)) {
			t.Errorf("%q next:\n got %v\nwant %v", c.phrase, dates(stepped), dates(c.want))
		}
	}

	// every Monday at 09:00: 08:00 UTC in summer, 09:00 UTC in winter.
	w, err := Parse("every Monday at 09:00", now, london)
	if err != nil {
		t.Fatal(err)
	}
	got := w.Rule.Between(from, to)
	if len(got) != 52 {
		t.Fatalf("got %d Mondays in 2027", len(got))
	}
	for _, g := range got {
		l := g.In(london)
		wantUTC := 9
		if inBST(g) {
			wantUTC = 8
		}
		if l.Weekday() != time.Monday || l.Hour() != 9 || l.Minute() != 0 || g.Hour() != wantUTC {
			t.Errorf("bad Monday %s (%s)", g.Format(time.RFC3339), l)
		}
	}
	for _, c := range []struct{ after, want string }{
		{"2027-03-22T00:00:00Z", "2027-03-22T09:00:00Z"},
		{"2027-03-22T09:00:00Z", "2027-03-29T08:00:00Z"},
		{"2027-10-25T00:00:00Z", "2027-10-25T08:00:00Z"},
		{"2027-10-25T08:00:00Z", "2027-11-01T09:00:00Z"},
		{"2027-10-25T07:59:59Z", "2027-10-25T08:00:00Z"},
	} {
		if n, ok := w.Next(utc(c.after)); !ok || !n.Equal(utc(c.want)) {
			t.Errorf("Next(%s) = %s, want %s", c.after, n.Format(time.RFC3339), c.want)
		}
	}
}

// TestSequencesClockChanges checks wall-clock rules through the gaps and
// overlaps of 2026 and 2027.
func TestSequencesClockChanges(t *testing.T) {
	cases := []struct {
		now    time.Time
		phrase string
		from   string
		n      int
		want   []string
	}{
		{utc("2026-03-01T00:00:00Z"), "every Sunday at 9am", "2026-03-20T00:00:00Z", 3,
			[]string{"2026-03-22T09:00:00Z", "2026-03-29T08:00:00Z", "2026-04-05T08:00:00Z"}},
		{utc("2026-03-01T00:00:00Z"), "every Sunday at 9am", "2026-10-17T00:00:00Z", 3,
			[]string{"2026-10-18T08:00:00Z", "2026-10-25T09:00:00Z", "2026-11-01T09:00:00Z"}},
		{utc("2027-03-01T00:00:00Z"), "every day at 01:30", "2027-03-27T00:00:00Z", 3,
			[]string{"2027-03-27T01:30:00Z", "2027-03-28T01:30:00Z", "2027-03-29T00:30:00Z"}},
		{utc("2027-03-01T00:00:00Z"), "every day at 01:30", "2027-10-30T00:00:00Z", 3,
			[]string{"2027-10-30T00:30:00Z", "2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z"}},
		{utc("2027-03-01T00:00:00Z"), "every day at 02:30", "2027-03-27T00:00:00Z", 3,
			[]string{"2027-03-27T02:30:00Z", "2027-03-28T01:30:00Z", "2027-03-29T01:30:00Z"}},
		{utc("2027-03-01T00:00:00Z"), "every day at 00:30", "2027-10-30T00:00:00Z", 3,
			[]string{"2027-10-30T23:30:00Z", "2027-11-01T00:30:00Z", "2027-11-02T00:30:00Z"}}, // 00:30 BST on the 31st, then GMT
		{utc("2026-03-01T00:00:00Z"), "every weekday at 11am", "2026-03-26T00:00:00Z", 4,
			[]string{"2026-03-26T11:00:00Z", "2026-03-27T11:00:00Z", "2026-03-30T10:00:00Z", "2026-03-31T10:00:00Z"}},
		{utc("2026-09-01T00:00:00Z"), "every other Monday at 9am", "2026-10-01T00:00:00Z", 4,
			[]string{"2026-10-05T08:00:00Z", "2026-10-19T08:00:00Z", "2026-11-02T09:00:00Z", "2026-11-16T09:00:00Z"}},
	}
	for _, c := range cases {
		w, err := Parse(c.phrase, c.now, london)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.phrase, err)
		}
		var got []string
		at := utc(c.from)
		for i := 0; i < c.n; i++ {
			n, ok := w.Next(at)
			if !ok {
				break
			}
			got = append(got, n.Format(time.RFC3339))
			at = n
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q from %s:\n got %v\nwant %v", c.phrase, c.from, got, c.want)
		}
		// Between agrees with Next.
		if b := dates(w.Rule.Between(utc(c.from), utc(c.want[len(c.want)-1]).Add(time.Second))); !reflect.DeepEqual(b, c.want) {
			t.Errorf("%q Between = %v", c.phrase, b)
		}
	}
}

// TestAgainstRRuleGo evaluates the RRULE strings with rrule-go directly (with
// a zoned DTSTART) and compares two years of firings at times away from the
// clock changes.
func TestAgainstRRuleGo(t *testing.T) {
	phrases := []string{
		"every Monday at 09:00", "every weekday at 11am", "every day at 9am", "every other Monday",
		"fortnightly on Thursday at 2pm", "every month on the 15th", "every first Tuesday at 10:00",
		"every last Friday of the month at 4pm", "every second Wednesday", "every fifth Tuesday",
		"every year on 1 April", "every 3 days at 7:15am", "every month on the last day", "every month on the 31st",
		"every Mon, Wed and Fri at 18:30", "every 3 months on the first Monday", "every year on 29 February",
	}
	from, to := utc("2026-11-01T00:00:00Z"), utc("2029-01-01T00:00:00Z")
	for _, ph := range phrases {
		w, err := Parse(ph, nowWinter, london)
		if err != nil {
			t.Fatalf("Parse(%q): %v", ph, err)
		}
		start := w.Rule.Start.In(london)
		spec := fmt.Sprintf("DTSTART;TZID=Europe/London:%s\nRRULE:%s", start.Format("20060102T150405"), w.Rule.RRULE())
		rr, err := rrule.StrToRRule(spec)
		if err != nil {
			t.Fatalf("%q: rrule-go rejects %q: %v", ph, spec, err)
		}
		var want []time.Time
		for _, x := range rr.Between(from, to, true) {
			want = append(want, x.UTC())
		}
		if got := w.Rule.Between(from, to); !reflect.DeepEqual(dates(got), dates(want)) {
			t.Errorf("%q: ours and rrule-go differ:\n ours %v\n rrule-go %v", ph, dates(got), dates(want))
		}
	}
}

func TestRuleJSON(t *testing.T) {
	w, err := Parse("every first Tuesday at 10:00", nowWinter, london)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	var back When
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Rule, w.Rule) && back.Rule.RRULE() != w.Rule.RRULE() {
		t.Fatalf("round trip: %s", b)
	}
	for _, after := range []time.Time{nowWinter, utc("2027-05-01T00:00:00Z"), utc("2030-01-01T00:00:00Z")} {
		a, _ := w.Next(after)
		c, _ := back.Next(after)
		if !a.Equal(c) {
			t.Errorf("Next(%s) differs after JSON: %s vs %s", after, a, c)
		}
	}
	for _, key := range []string{`"freq":"monthly"`, `"nth":1`, `"weekdays":[2]`, `"tz":"Europe/London"`, `"hour":10`, `"start":"2026-12-01T10:00:00Z"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON %s lacks %s", b, key)
		}
	}
}

func TestRuleValidate(t *testing.T) {
	good := Rule{Freq: Weekly, Interval: 1, Weekdays: []time.Weekday{time.Monday}, Hour: 9, Start: utc("2026-11-30T09:00:00Z"), TZ: "Europe/London"}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []func(r *Rule){
		func(r *Rule) { r.Freq = "hourly" },
		func(r *Rule) { r.TZ = "Mars/Olympus" },
		func(r *Rule) { r.Hour = 24 },
		func(r *Rule) { r.Minute = -1 },
		func(r *Rule) { r.Start = time.Time{} },
		func(r *Rule) { r.Weekdays = nil },
		func(r *Rule) { r.Weekdays = []time.Weekday{1, 1} },
		func(r *Rule) { r.Weekdays = []time.Weekday{9} },
		func(r *Rule) { r.Interval = -1 },
		func(r *Rule) { r.Freq = Monthly },
		func(r *Rule) { r.Freq, r.Nth = Monthly, 6 },
		func(r *Rule) { r.Freq, r.Weekdays, r.MonthDay = Monthly, nil, 32 },
		func(r *Rule) { r.Freq, r.Weekdays, r.MonthDay, r.Month = Yearly, nil, 30, time.February },
		func(r *Rule) { r.Freq, r.Weekdays, r.MonthDay = Yearly, nil, 1 },
		func(r *Rule) { r.Freq = Daily },
	}
	for i, f := range bad {
		r := good
		r.Weekdays = append([]time.Weekday(nil), good.Weekdays...)
		f(&r)
		if r.Validate() == nil {
			t.Errorf("bad rule %d validates: %+v", i, r)
		}
		if _, ok := r.Next(nowWinter); ok {
			t.Errorf("bad rule %d fires", i)
		}
		if r.Between(nowWinter, nowWinter.Add(1000*time.Hour)) != nil {
			t.Errorf("bad rule %d has occurrences", i)
		}
	}
	var nilRule *Rule
	if nilRule.Validate() == nil {
		t.Error("nil rule validates")
	}
	if got := good.Between(nowWinter.Add(time.Hour), nowWinter); got != nil {
		t.Errorf("empty range gave %v", got)
	}
	// A hand-made stored rule with Interval 0 means every week.
	r := good
	r.Interval = 0
	if n, ok := r.Next(utc("2026-12-01T00:00:00Z")); !ok || !n.Equal(utc("2026-12-07T09:00:00Z")) {
		t.Errorf("interval 0: %s %v", n, ok)
	}
}
