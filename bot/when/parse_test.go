package when

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

type oneOffCase struct {
	now    time.Time
	phrase string
	want   time.Time
}

func runOneOff(t *testing.T, cases []oneOffCase) {
	t.Helper()
	for _, c := range cases {
		w, err := Parse(c.phrase, c.now, london)
		if err != nil {
			t.Errorf("Parse(%q) at %s: %v", c.phrase, c.now.Format(time.RFC3339), err)
			continue
		}
		if w.Recurring() {
			t.Errorf("Parse(%q) is recurring: %s", c.phrase, w.Describe(london))
			continue
		}
		if !w.At.Equal(c.want) || w.At.Location() != time.UTC {
			t.Errorf("Parse(%q) at %s = %s, want %s", c.phrase, c.now.Format(time.RFC3339), w.At.Format(time.RFC3339), c.want.Format(time.RFC3339))
		}
	}
}

func TestParseOneOffHandWritten(t *testing.T) {
	w := nowWinter
	s := nowSummer
	cases := []oneOffCase{
		// relative
		{w, "in 20 minutes", utc("2026-11-26T23:48:00Z")},
		{w, "in 20 mins", utc("2026-11-26T23:48:00Z")},
		{w, "in 20 min", utc("2026-11-26T23:48:00Z")},
		{w, "in 20m", utc("2026-11-26T23:48:00Z")},
		{w, "In  20   Minutes.", utc("2026-11-26T23:48:00Z")},
		{w, "in twenty minutes", utc("2026-11-26T23:48:00Z")}, // replaced below if unsupported
		{w, "in 2 hours", utc("2026-11-27T01:28:00Z")},
		{w, "in 2h", utc("2026-11-27T01:28:00Z")},
		{w, "in 2 hrs", utc("2026-11-27T01:28:00Z")},
		{w, "in two hours", utc("2026-11-27T01:28:00Z")},
		{w, "in an hour", utc("2026-11-27T00:28:00Z")},
		{w, "in 1 hour", utc("2026-11-27T00:28:00Z")},
		{w, "in one hour", utc("2026-11-27T00:28:00Z")},
		{w, "in 90 minutes", utc("2026-11-27T00:58:00Z")},
		{w, "in 90 min", utc("2026-11-27T00:58:00Z")},
		{w, "in 1h30m", utc("2026-11-27T00:58:00Z")},
		{w, "in 1h 30m", utc("2026-11-27T00:58:00Z")},
		{w, "in 1 hour 30 minutes", utc("2026-11-27T00:58:00Z")},
		{w, "in 1 hour and 30 minutes", utc("2026-11-27T00:58:00Z")},
		{w, "in 1 hour, 30 minutes", utc("2026-11-27T00:58:00Z")},
		{w, "in an hour and a half", utc("2026-11-27T00:58:00Z")},
		{w, "in 1.5 hours", utc("2026-11-27T00:58:00Z")},
		{w, "in half an hour", utc("2026-11-26T23:58:00Z")},
		{w, "in 30 seconds", utc("2026-11-26T23:28:30Z")},
		{w, "in 3 days", utc("2026-11-29T23:28:00Z")},
		{w, "in 3d", utc("2026-11-29T23:28:00Z")},
		{w, "in 2 days", utc("2026-11-28T23:28:00Z")},
		{w, "in a day", utc("2026-11-27T23:28:00Z")},
		{w, "in a week", utc("2026-12-03T23:28:00Z")},
		{w, "in 1 week", utc("2026-12-03T23:28:00Z")},
		{w, "in 7 days", utc("2026-12-03T23:28:00Z")},
		{w, "in 7d", utc("2026-12-03T23:28:00Z")},
		{w, "in a fortnight", utc("2026-12-10T23:28:00Z")},
		{w, "in 3 days at 10am", utc("2026-11-29T10:00:00Z")},
		{w, "in 2 weeks at 14:00", utc("2026-12-10T14:00:00Z")},
		// clock times roll to tomorrow once passed
		{w, "at 3pm", utc("2026-11-27T15:00:00Z")},
		{w, "3pm", utc("2026-11-27T15:00:00Z")},
		{w, "at 3 pm", utc("2026-11-27T15:00:00Z")},
		{w, "at 3PM", utc("2026-11-27T15:00:00Z")},
		{w, "at 3 p.m.", utc("2026-11-27T15:00:00Z")},
		{w, "at 3p.m.", utc("2026-11-27T15:00:00Z")},
		{w, "at 3:00pm", utc("2026-11-27T15:00:00Z")},
		{w, "at 15:00", utc("2026-11-27T15:00:00Z")},
		{w, "15:00", utc("2026-11-27T15:00:00Z")},
		{w, "at 15.00", utc("2026-11-27T15:00:00Z")},
		{w, "at 15", utc("2026-11-27T15:00:00Z")},
		{w, "at 9:30am", utc("2026-11-27T09:30:00Z")},
		{w, "at 9.30am", utc("2026-11-27T09:30:00Z")},
		{w, "at 9.30 am", utc("2026-11-27T09:30:00Z")},
		{w, "at 09:30", utc("2026-11-27T09:30:00Z")},
		{w, "at 9:30", utc("2026-11-27T09:30:00Z")},
		{w, "at 11:59pm", utc("2026-11-26T23:59:00Z")},
		{w, "at 23:30", utc("2026-11-26T23:30:00Z")},
		{w, "at 23:28", utc("2026-11-27T23:28:00Z")},
		{w, "at noon", utc("2026-11-27T12:00:00Z")},
		{w, "at 12 noon", utc("2026-11-27T12:00:00Z")},
		{w, "at midday", utc("2026-11-27T12:00:00Z")},
		{w, "at 12pm", utc("2026-11-27T12:00:00Z")},
		{w, "at 12:30pm", utc("2026-11-27T12:30:00Z")},
		{w, "at 12:30", utc("2026-11-27T12:30:00Z")},
		{w, "at 12am", utc("2026-11-27T00:00:00Z")},
		{w, "at 12:15am", utc("2026-11-27T00:15:00Z")},
		{w, "at 00:15", utc("2026-11-27T00:15:00Z")},
		{w, "at 9 o'clock in the morning", utc("2026-11-27T09:00:00Z")},
		{w, "at 9 oclock in the morning", utc("2026-11-27T09:00:00Z")},
		{w, "at 8 in the evening", utc("2026-11-27T20:00:00Z")},
		{w, "at 7 in the morning", utc("2026-11-27T07:00:00Z")},
		{w, "at 3 in the afternoon", utc("2026-11-27T15:00:00Z")},
		{w, "at 10 at night", utc("2026-11-27T22:00:00Z")},
		{w, "at midnight", utc("2026-11-27T00:00:00Z")},
		{w, "midnight", utc("2026-11-27T00:00:00Z")},
		{w, "tonight at midnight", utc("2026-11-27T00:00:00Z")},
		{w, "at 11:45 tonight", utc("2026-11-26T23:45:00Z")},
		{w, "tonight at 11:45pm", utc("2026-11-26T23:45:00Z")},
		// days
		{w, "tomorrow", utc("2026-11-27T09:00:00Z")},
		{w, "Tomorrow.", utc("2026-11-27T09:00:00Z")},
		{w, "tomorrow at 9am", utc("2026-11-27T09:00:00Z")},
		{w, "tomorrow at 9 am", utc("2026-11-27T09:00:00Z")},
		{w, "at 9am tomorrow", utc("2026-11-27T09:00:00Z")},
		{w, "9am tomorrow", utc("2026-11-27T09:00:00Z")},
		{w, "tomorrow 9am", utc("2026-11-27T09:00:00Z")},
		{w, "tomorrow, 9am", utc("2026-11-27T09:00:00Z")},
		{w, "TOMORROW AT 9AM", utc("2026-11-27T09:00:00Z")},
		{w, "  tomorrow   at   9am  ", utc("2026-11-27T09:00:00Z")},
		{w, "tomorrow morning", utc("2026-11-27T09:00:00Z")},
		{w, "tomorrow morning at 8", utc("2026-11-27T08:00:00Z")},
		{w, "tomorrow evening at 7", utc("2026-11-27T19:00:00Z")},
		{w, "tomorrow afternoon at 2:30", utc("2026-11-27T14:30:00Z")},
		{w, "tomorrow at 7:30 in the evening", utc("2026-11-27T19:30:00Z")},
		{w, "tomorrow at noon", utc("2026-11-27T12:00:00Z")},
		{w, "tomorrow at midday", utc("2026-11-27T12:00:00Z")},
		{w, "tomorrow at 12pm", utc("2026-11-27T12:00:00Z")},
		{w, "tomorrow at 17:00", utc("2026-11-27T17:00:00Z")},
		{w, "tomorrow at 5.45pm", utc("2026-11-27T17:45:00Z")},
		{w, "the day after tomorrow", utc("2026-11-28T09:00:00Z")},
		{w, "day after tomorrow at 5pm", utc("2026-11-28T17:00:00Z")},
		{w, "on Tuesday", utc("2026-12-01T09:00:00Z")},
		{w, "Tuesday", utc("2026-12-01T09:00:00Z")},
		{w, "tue", utc("2026-12-01T09:00:00Z")},
		{w, "on Tues", utc("2026-12-01T09:00:00Z")},
		{w, "next Tuesday", utc("2026-12-01T09:00:00Z")},
		{w, "this Tuesday", utc("2026-12-01T09:00:00Z")},
		{w, "Tuesday at 2pm", utc("2026-12-01T14:00:00Z")},
		{w, "on Tuesday morning", utc("2026-12-01T09:00:00Z")},
		{w, "Tuesday afternoon at 3", utc("2026-12-01T15:00:00Z")},
		{w, "on Thursday", utc("2026-12-03T09:00:00Z")},
		{w, "next Thursday", utc("2026-12-03T09:00:00Z")},
		{w, "next Friday at 17:00", utc("2026-11-27T17:00:00Z")},
		{w, "Friday", utc("2026-11-27T09:00:00Z")},
		{w, "fri at 4pm", utc("2026-11-27T16:00:00Z")},
		{w, "at 4pm on Friday", utc("2026-11-27T16:00:00Z")},
		{w, "on Sunday at 10:30", utc("2026-11-29T10:30:00Z")},
		// dates
		{w, "on 3 March at 14:00", utc("2027-03-03T14:00:00Z")},
		{w, "3 March", utc("2027-03-03T09:00:00Z")},
		{w, "March 3rd", utc("2027-03-03T09:00:00Z")},
		{w, "March 3", utc("2027-03-03T09:00:00Z")},
		{w, "3rd March", utc("2027-03-03T09:00:00Z")},
		{w, "3rd of March", utc("2027-03-03T09:00:00Z")},
		{w, "the 3rd of March", utc("2027-03-03T09:00:00Z")},
		{w, "on the 3rd of March", utc("2027-03-03T09:00:00Z")},
		{w, "on the third of March", utc("2027-03-03T09:00:00Z")},
		{w, "on March the 3rd", utc("2027-03-03T09:00:00Z")},
		{w, "3 Mar", utc("2027-03-03T09:00:00Z")},
		{w, "Mar 3", utc("2027-03-03T09:00:00Z")},
		{w, "3/3", utc("2027-03-03T09:00:00Z")},
		{w, "03/03", utc("2027-03-03T09:00:00Z")},
		{w, "3/3/27", utc("2027-03-03T09:00:00Z")},
		{w, "3/3/2027", utc("2027-03-03T09:00:00Z")},
		{w, "2027-03-03", utc("2027-03-03T09:00:00Z")},
		{w, "14:00 on 3 March", utc("2027-03-03T14:00:00Z")},
		{w, "on 2 April 2027 at 10:00", utc("2027-04-02T09:00:00Z")},
		{w, "2 April 2027 10am", utc("2027-04-02T09:00:00Z")},
		{w, "April 2nd, 2027 at 10am", utc("2027-04-02T09:00:00Z")},
		{w, "30/4/2027", utc("2027-04-30T08:00:00Z")},
		{w, "30/4", utc("2027-04-30T08:00:00Z")},
		{w, "30/04/27", utc("2027-04-30T08:00:00Z")},
		{w, "2027-04-30", utc("2027-04-30T08:00:00Z")},
		{w, "30/4/2027 at 14:00", utc("2027-04-30T13:00:00Z")},
		{w, "on 30/4/2027 at 2pm", utc("2027-04-30T13:00:00Z")},
		{w, "26 November at 23:45", utc("2026-11-26T23:45:00Z")},
		{w, "25 November", utc("2027-11-25T09:00:00Z")},
		{w, "on 1 December", utc("2026-12-01T09:00:00Z")},
		{w, "1 Dec 2026", utc("2026-12-01T09:00:00Z")},
		{w, "29 February 2028", utc("2028-02-29T09:00:00Z")},
		{w, "on the 15th", utc("2026-12-15T09:00:00Z")},
		{w, "on the 27th", utc("2026-11-27T09:00:00Z")},
		{w, "on the 31st", utc("2026-12-31T09:00:00Z")},
		{w, "on the 26th at 11:50pm", utc("2026-11-26T23:50:00Z")},
		{w, "Tue 1 Dec 2026, 10:00", utc("2026-12-01T10:00:00Z")},
		{w, "Tue 1 Dec 2026", utc("2026-12-01T09:00:00Z")},
		{w, "on Tuesday 1 December at 10:00", utc("2026-12-01T10:00:00Z")},
		{w, "2027-04-30T10:00:00+01:00", utc("2027-04-30T09:00:00Z")},
		{w, "2027-04-30T10:00:00Z", utc("2027-04-30T10:00:00Z")},
		{w, "2026-11-26T23:29:00Z", utc("2026-11-26T23:29:00Z")},
		// morning clock: today still works
		{nowMorning, "today at 5pm", utc("2026-11-26T17:00:00Z")},
		{nowMorning, "today", utc("2026-11-26T09:00:00Z")},
		{nowMorning, "this Thursday", utc("2026-11-26T09:00:00Z")},
		{nowMorning, "at 9", utc("2026-11-26T09:00:00Z")}, // replaced below: bare hour is ambiguous
		{nowMorning, "tonight at 8", utc("2026-11-26T20:00:00Z")},
		{nowMorning, "tonight at 8pm", utc("2026-11-26T20:00:00Z")},
		{nowMorning, "this evening at 7:30", utc("2026-11-26T19:30:00Z")},
		{nowMorning, "this afternoon at 2", utc("2026-11-26T14:00:00Z")},
		{nowMorning, "this morning at 10", utc("2026-11-26T10:00:00Z")},
		{nowMorning, "this morning", utc("2026-11-26T09:00:00Z")},
		{nowMorning, "on the 26th", utc("2026-11-26T09:00:00Z")},
		{nowMorning, "26 November", utc("2026-11-26T09:00:00Z")},
		{nowMorning, "at 8am", utc("2026-11-27T08:00:00Z")},
		// summer
		{s, "in 20 minutes", utc("2026-07-15T10:20:00Z")},
		{s, "at 3pm", utc("2026-07-15T14:00:00Z")},
		{s, "at 9am", utc("2026-07-16T08:00:00Z")},
		{s, "today at 5pm", utc("2026-07-15T16:00:00Z")},
		{s, "tonight at 8", utc("2026-07-15T19:00:00Z")},
		{s, "tonight at 8:30", utc("2026-07-15T19:30:00Z")},
		{s, "this evening at 7", utc("2026-07-15T18:00:00Z")},
		{s, "this afternoon at 2", utc("2026-07-15T13:00:00Z")},
		{s, "at 8 in the evening", utc("2026-07-15T19:00:00Z")},
		{s, "next Friday", utc("2026-07-17T08:00:00Z")}, // said on a Wednesday: the coming Friday
		{s, "Friday", utc("2026-07-17T08:00:00Z")},
		{s, "next Wednesday", utc("2026-07-22T08:00:00Z")},
		{s, "this Wednesday at 5pm", utc("2026-07-15T16:00:00Z")},
		{s, "3 March", utc("2027-03-03T09:00:00Z")},
		{s, "on 1 August", utc("2026-08-01T08:00:00Z")},
		{s, "15 July at 14:00", utc("2026-07-15T13:00:00Z")},
		{s, "14 July", utc("2027-07-14T08:00:00Z")},
		{s, "in 3 days", utc("2026-07-18T10:00:00Z")},
		{s, "tomorrow at midday", utc("2026-07-16T11:00:00Z")},
		{s, "on 1 December", utc("2026-12-01T09:00:00Z")},
		// clock changes, 2026
		{nowMar26, "tomorrow at 9am", utc("2026-03-29T08:00:00Z")},
		{nowMar26, "tomorrow at 12:30am", utc("2026-03-29T00:30:00Z")},
		{nowMar26, "tomorrow at 1:30am", utc("2026-03-29T01:30:00Z")}, // gap: 02:30 BST
		{nowMar26, "in a day", utc("2026-03-29T11:00:00Z")},
		{nowMar26, "in 24 hours", utc("2026-03-29T12:00:00Z")},
		{nowOct26, "tomorrow at 9am", utc("2026-10-25T09:00:00Z")},
		{nowOct26, "tomorrow at 1:30am", utc("2026-10-25T00:30:00Z")}, // overlap: the first
		{nowOct26, "in a day", utc("2026-10-25T13:00:00Z")},
		{nowOct26, "in 24 hours", utc("2026-10-25T12:00:00Z")},
		// clock changes, 2027
		{nowSpring, "tomorrow at 9am", utc("2027-03-28T08:00:00Z")},
		{nowSpring, "tomorrow at 1:30am", utc("2027-03-28T01:30:00Z")},
		{nowSpring, "on 28 March 2027 at 01:30", utc("2027-03-28T01:30:00Z")},
		{nowSpring, "tomorrow at 01:30", utc("2027-03-28T01:30:00Z")},
		{nowSpring, "tomorrow at 2:30am", utc("2027-03-28T01:30:00Z")},
		{nowSpring, "tomorrow at 00:30", utc("2027-03-28T00:30:00Z")},
		{nowSpring, "tomorrow at 3am", utc("2027-03-28T02:00:00Z")},
		{nowSpring, "in 1 day", utc("2027-03-28T11:00:00Z")},
		{nowSpring, "in 24 hours", utc("2027-03-28T12:00:00Z")},
		{nowSpring, "at midnight", utc("2027-03-28T00:00:00Z")},
		{nowSpring, "in 2 days at 9am", utc("2027-03-29T08:00:00Z")},
		{nowSpring, "on Monday", utc("2027-03-29T08:00:00Z")},
		{nowAutumn, "tomorrow at 1:30am", utc("2027-10-31T00:30:00Z")},
		{nowAutumn, "on 31 October at 01:30", utc("2027-10-31T00:30:00Z")},
		{nowAutumn, "tomorrow at 01:59", utc("2027-10-31T00:59:00Z")},
		{nowAutumn, "tomorrow at 2am", utc("2027-10-31T02:00:00Z")},
		{nowAutumn, "tomorrow at 00:59", utc("2027-10-30T23:59:00Z")},
		{nowAutumn, "tomorrow at 9am", utc("2027-10-31T09:00:00Z")},
		{nowAutumn, "in a day", utc("2027-10-31T13:00:00Z")},
		{nowAutumn, "in 24 hours", utc("2027-10-31T12:00:00Z")},
		{nowAutumn, "at 3pm", utc("2027-10-30T14:00:00Z")},
		{nowAutumn, "on Monday", utc("2027-11-01T09:00:00Z")},
	}
	// Two rows above document rejections rather than readings; check them here.
	var keep []oneOffCase
	for _, c := range cases {
		switch c.phrase {
		case "at 9": // a bare hour is ambiguous
			if _, err := Parse(c.phrase, c.now, london); err == nil {
				t.Errorf("Parse(%q) should be rejected as ambiguous", c.phrase)
			}
			continue
		case "in twenty minutes": // number words stop at twelve
			if _, err := Parse(c.phrase, c.now, london); err == nil {
				t.Errorf("Parse(%q) should be rejected", c.phrase)
			}
			continue
		}
		keep = append(keep, c)
	}
	runOneOff(t, keep)
}

var monthsFull = []string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// TestParseEveryDate reads every day of the coming year in nine date formats,
// with times cycling through five forms.
func TestParseEveryDate(t *testing.T) {
	times := []struct {
		text string
		h, m int
	}{{"", 9, 0}, {" at 14:00", 14, 0}, {" at 2pm", 14, 0}, {" at 2:30pm", 14, 30}, {" at 07:15", 7, 15}}
	var cases []oneOffCase
	start := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for i := 0; i < 364; i++ {
		d := start.AddDate(0, 0, i)
		y, m, day := d.Date()
		tm := times[i%len(times)]
		want := lon(y, m, day, tm.h, tm.m)
		full, short := monthsFull[m], monthsFull[m][:3]
		formats := []string{
			fmt.Sprintf("%d %s", day, full),
			fmt.Sprintf("on %d %s", day, short),
			fmt.Sprintf("%d%s %s", day, ordinalSuffix(day), full),
			fmt.Sprintf("%s %d%s", full, day, ordinalSuffix(day)),
			fmt.Sprintf("the %d%s of %s", day, ordinalSuffix(day), full),
			fmt.Sprintf("%d/%d/%d", day, int(m), y),
			fmt.Sprintf("%02d/%02d/%02d", day, int(m), y%100),
			fmt.Sprintf("%d-%02d-%02d", y, int(m), day),
			fmt.Sprintf("on %d %s %d", day, full, y),
			fmt.Sprintf("%d/%d", day, int(m)),
		}
		for _, f := range formats {
			cases = append(cases, oneOffCase{nowWinter, f + tm.text, want})
		}
		// time first
		if tm.text != "" {
			cases = append(cases, oneOffCase{nowWinter, strings.TrimPrefix(tm.text, " ") + " on " + formats[0], want})
		}
	}
	if len(cases) < 3000 {
		t.Fatalf("only %d cases", len(cases))
	}
	runOneOff(t, cases)
}

// TestParseEveryClock reads every hour at several minutes, 24-hour and am/pm.
func TestParseEveryClock(t *testing.T) {
	var cases []oneOffCase
	for h := 0; h < 24; h++ {
		for _, m := range []int{0, 5, 30, 59} {
			want := lon(2026, 11, 27, h, m)
			cases = append(cases,
				oneOffCase{nowWinter, fmt.Sprintf("tomorrow at %02d:%02d", h, m), want},
				oneOffCase{nowWinter, fmt.Sprintf("%02d.%02d tomorrow", h, m), want},
			)
			h12, ap := h%12, "am"
			if h12 == 0 {
				h12 = 12
			}
			if h >= 12 {
				ap = "pm"
			}
			cases = append(cases,
				oneOffCase{nowWinter, fmt.Sprintf("tomorrow at %d:%02d%s", h12, m, ap), want},
				oneOffCase{nowWinter, fmt.Sprintf("tomorrow at %d.%02d %s", h12, m, strings.ToUpper(ap)), want},
			)
			if m == 0 {
				cases = append(cases, oneOffCase{nowWinter, fmt.Sprintf("tomorrow at %d%s", h12, ap), want})
			}
			if h >= 7 && h <= 23 {
				cases = append(cases, oneOffCase{nowWinter, fmt.Sprintf("tomorrow at %d:%02d", h, m), want})
			}
		}
	}
	runOneOff(t, cases)
}

// TestParseWeekdays checks every weekday name from every day of a week.
func TestParseWeekdays(t *testing.T) {
	names := map[time.Weekday][]string{
		time.Monday: {"Monday", "mon"}, time.Tuesday: {"Tuesday", "tues"}, time.Wednesday: {"Wednesday", "wed"},
		time.Thursday: {"Thursday", "thurs"}, time.Friday: {"Friday", "fri"}, time.Saturday: {"Saturday", "sat"},
		time.Sunday: {"Sunday", "sun"},
	}
	var cases []oneOffCase
	for i := 0; i < 7; i++ {
		now := time.Date(2026, 11, 23+i, 7, 0, 0, 0, time.UTC) // Mon 23 .. Sun 29 Nov, 07:00 GMT
		for wd, ns := range names {
			next := now.AddDate(0, 0, 1)
			for next.Weekday() != wd {
				next = next.AddDate(0, 0, 1)
			}
			this := now
			for this.Weekday() != wd {
				this = this.AddDate(0, 0, 1)
			}
			for _, n := range ns {
				y, m, d := next.Date()
				for _, f := range []string{"%s", "on %s", "next %s", "on next %s"} {
					cases = append(cases, oneOffCase{now, fmt.Sprintf(f, n), lon(y, m, d, 9, 0)})
				}
				cases = append(cases, oneOffCase{now, "next " + n + " at 6pm", lon(y, m, d, 18, 0)})
				y, m, d = this.Date()
				cases = append(cases, oneOffCase{now, "this " + n + " at 6pm", lon(y, m, d, 18, 0)})
			}
		}
	}
	runOneOff(t, cases)
}

// TestParseDurationsFromNow checks "in N units" keeps exact spans for hours
// and the wall clock for days, across the March 2027 change.
func TestParseDurationsFromNow(t *testing.T) {
	var cases []oneOffCase
	now := nowSpring
	for n := 1; n <= 120; n += 7 {
		cases = append(cases, oneOffCase{now, fmt.Sprintf("in %d minutes", n), now.Add(time.Duration(n) * time.Minute)})
		cases = append(cases, oneOffCase{now, fmt.Sprintf("in %dm", n), now.Add(time.Duration(n) * time.Minute)})
	}
	for n := 1; n <= 48; n += 3 {
		cases = append(cases, oneOffCase{now, fmt.Sprintf("in %d hours", n), now.Add(time.Duration(n) * time.Hour)})
	}
	for n := 1; n <= 30; n++ {
		l := now.In(london)
		cases = append(cases, oneOffCase{now, fmt.Sprintf("in %d days", n),
			time.Date(l.Year(), l.Month(), l.Day()+n, l.Hour(), l.Minute(), 0, 0, london).UTC()})
	}
	runOneOff(t, cases)
}

func TestParseNilLocationIsUTC(t *testing.T) {
	w, err := Parse("tomorrow at 9am", nowSummer, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := utc("2026-07-16T09:00:00Z"); !w.At.Equal(want) {
		t.Fatalf("got %s, want %s", w.At, want)
	}
}

func TestDescribeOneOff(t *testing.T) {
	for _, c := range []struct{ phrase, want string }{
		{"tomorrow at 9am", "on Fri 27 Nov 2026 at 09:00"},
		{"on 2 April 2027 at 10:00", "on Fri 2 Apr 2027 at 10:00"},
		{"in 20 minutes", "on Thu 26 Nov 2026 at 23:48"},
		{"on Tuesday", "on Tue 1 Dec 2026 at 09:00"},
	} {
		w, err := Parse(c.phrase, nowWinter, london)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Describe(london); got != c.want {
			t.Errorf("Describe(%q) = %q, want %q", c.phrase, got, c.want)
		}
		// Describe's date reads back to the same instant.
		back, err := Parse(strings.TrimPrefix(w.Describe(london), "on "), nowWinter, london)
		if err != nil || !back.At.Equal(w.At) {
			t.Errorf("Describe(%q) does not read back: %v %v", c.phrase, back, err)
		}
	}
}

func TestFormat(t *testing.T) {
	if got := FormatDateTime(utc("2026-12-01T10:00:00Z"), london); got != "Tue 1 Dec 2026, 10:00" {
		t.Errorf("FormatDateTime = %q", got)
	}
	if got := FormatDateTime(utc("2027-06-01T09:00:00Z"), london); got != "Tue 1 Jun 2027, 10:00" {
		t.Errorf("FormatDateTime summer = %q", got)
	}
	if got := FormatDate(utc("2026-11-26T23:30:00Z"), london); got != "Thu 26 Nov 2026" {
		t.Errorf("FormatDate = %q", got)
	}
	if got := FormatDate(utc("2027-06-30T23:30:00Z"), london); got != "Thu 1 Jul 2027" {
		t.Errorf("FormatDate BST = %q", got)
	}
	if got := FormatDateTime(utc("2026-12-01T10:00:00Z"), nil); got != "Tue 1 Dec 2026, 10:00" {
		t.Errorf("FormatDateTime nil loc = %q", got)
	}
	// A formatted date-time reads back.
	w, err := Parse(FormatDateTime(utc("2027-06-01T09:00:00Z"), london), nowWinter, london)
	if err != nil || !w.At.Equal(utc("2027-06-01T09:00:00Z")) {
		t.Errorf("FormatDateTime does not read back: %v %v", w, err)
	}
}

func TestOneOffNext(t *testing.T) {
	w, err := Parse("tomorrow at 9am", nowWinter, london)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := w.Next(nowWinter); !ok || !got.Equal(w.At) {
		t.Errorf("Next before = %v %v", got, ok)
	}
	if _, ok := w.Next(w.At); ok {
		t.Error("Next at At should be false")
	}
	var nilW *When
	if _, ok := nilW.Next(nowWinter); ok || nilW.Recurring() {
		t.Error("nil When fires")
	}
}
