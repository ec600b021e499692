package when

import (
	"strings"
	"testing"
	"time"
)

func TestParseRejects(t *testing.T) {
	cases := []struct {
		phrase     string
		problem    string // substring of Problem
		understood string // exact Understood, if not "-"
	}{
		{"", "no time", ""},
		{"   ", "no time", ""},
		{",.", "no time", ""},
		{"next blursday", `not "blursday"`, "next"},
		{"blursday", `"blursday"`, ""},
		{"on blursday", `not "blursday"`, "on"},
		{"tomorrow at blursday", `"blursday" isn't a time of day`, "tomorrow at"},
		{"at 25:00", `"25:00" isn't a time of day`, "at"},
		{"at 24:00", `"24:00" isn't a time of day`, "at"},
		{"at 9:60", `"9:60" isn't a time of day`, "at"},
		{"at 13pm", `"13pm" isn't a time of day`, "at"},
		{"at 0am", `"0am" isn't a time of day`, "at"},
		{"at 12:60pm", `isn't a time of day`, "at"},
		{"at 99", `isn't a time of day`, "at"},
		{"at 8", "8am or 8pm", ""},
		{"at 8 o'clock", "8am or 8pm", ""},
		{"tomorrow at 9", "9am or 9pm", ""},
		{"tomorrow 9", "9am or 9pm", ""},
		{"at 12", "12am or 12pm", ""},
		{"at 3:30", "3:30am or 3:30pm", ""},
		{"at 6:59", "6:59am or 6:59pm", ""},
		{"at 1:00", "1:00am or 1:00pm", ""},
		{"tonight at 12", "noon or midnight", ""},
		{"tonight at 2", "2pm or 2am", ""},
		{"in -3 minutes", "negative", "in"},
		{"in 0 minutes", "longer than zero", "-"},
		{"in minutes", `not "minutes"`, "in"},
		{"in", `after "in"`, "in"},
		{"in 3", "needs a unit", "in 3"},
		{"in 2 months", "months and years vary", "in 2"},
		{"in a year", "months and years vary", "in a"},
		{"in 2mo", "months and years vary", "in"},
		{"in 3 blurbs", `not "blurbs"`, "in 3"},
		{"in 100000 days", "too far", "-"},
		{"in 99999 weeks", "too far", "-"},
		{"every", "stops there", "every"},
		{"each", "stops there", "each"},
		{"every morning", `not "morning"`, "every"},
		{"every evening at 7", `not "evening"`, "every"},
		{"every other", "stops too soon", "every other"},
		{"every other weekday", "unclear", "every other"},
		{"every other first Tuesday", `not "first"`, "every other"},
		{"every week", "needs a day", "every week"},
		{"every 2 weeks", "needs a day", "every 2 weeks"},
		{"every month", "needs a day", "every month"},
		{"every year", "needs a date", "every year"},
		{"every 0 days", "usable interval", "every"},
		{"every 1000 days", "usable interval", "every"},
		{"every 2", `not "2"`, "every"},
		{"every sixth Tuesday", "at most five", "every"},
		{"every 6th Tuesday", "at most five", "every"},
		{"every 32nd", "no day 32", "every"},
		{"every last", `not ""`, "-"},
		{"every first", "of the month", "-"},
		{"every third at 9am", "of the month", "-"},
		{"every Monday and Monday", "named twice", "every monday and"},
		{"every year on 30 February", "February has only 29 days", "every year on"},
		{"every year on 31 April", "April has only 30 days", "every year on"},
		{"every year on 1 April 2027", "can't have a year", "every year on 1 april"},
		{"every year on 1/13", "no month 13", "every year on"},
		{"every Monday on Tuesday", "single day", ""},
		{"every Monday tomorrow", "single day", ""},
		{"every Monday in 2 days", "single day", ""},
		{"every Monday every Tuesday", "second repeat", "every monday"},
		{"every Monday at 9am at 10am", "second time", "every monday at 9am at"},
		{"weekly", "needs a day", "weekly"},
		{"weekly on", "needs a day", "weekly on"},
		{"fortnightly", "needs a day", "fortnightly"},
		{"monthly", "needs a day", "monthly"},
		{"monthly on the 0th", "no day 0", "monthly on the"},
		{"yearly", "needs a date", "yearly"},
		{"31 April", "April has only 30 days", ""},
		{"on 31 April 2027", "April has only 30 days", "on"},
		{"29 Feb 2027", "2027 isn't a leap year", ""},
		{"29/2/2027", "2027 isn't a leap year", ""},
		{"2027-02-29", "2027 isn't a leap year", ""},
		{"29 February", "2027 isn't a leap year", ""},
		{"30 February", "February has only 28 days", ""}, // said in 2026: the next February is in 2027
		{"0 March", "no day 0", ""},
		{"32 March", "no day 32", ""},
		{"13/13/2027", "no month 13", ""},
		{"4/30", "no month 30", ""},
		{"4/30/2027", "no month 30", ""},
		{"2027-13-01", "no month 13", ""},
		{"2027-02-30", "February has only 28 days", ""},
		{"30/4/2027 at 25:00", `"25:00" isn't a time of day`, "30/4/2027 at"},
		{"on the 32nd", "no day 32", "on the"},
		{"tomorrow tomorrow", "second day", "tomorrow"},
		{"tomorrow today", "second day", "tomorrow"},
		{"tomorrow on 3 March", "second day", "tomorrow on"},
		{"Monday Tuesday", "second day", "monday"},
		{"at 9am at 10am", "second time", "at 9am at"},
		{"9am 10am", "second time", "9am"},
		{"next week", "too vague", "next"},
		{"next month", "too vague", "next"},
		{"this weekend", "too vague", "this"},
		{"next", "stops too soon", "next"},
		{"this blursday", `not "blursday"`, "this"},
		{"Friday at midnight", "start or the end", ""},
		{"tomorrow at midnight", "start or the end", ""},
		{"on 3 March at midnight", "start or the end", ""},
		{"tonight", `"tonight" needs a time`, ""},
		{"this evening", `"evening" needs a time`, ""},
		{"tomorrow afternoon", `"afternoon" needs a time`, ""},
		{"tonight at 9am", `"9am" isn't in the tonight`, ""},
		{"this morning at 3pm", `"3pm" isn't in the morning`, ""},
		{"tomorrow morning at 15:00", `"15:00" isn't in the morning`, ""},
		{"tomorrow morning in the evening", "contradicts", "-"},
		{"Wed 1 Dec 2026", "is a Tuesday, not a Wednesday", ""},
		{"2027-04-30T25:00:00Z", "RFC 3339", ""},
		{"2027-04-30T10:00:00Z tomorrow", "timestamp can't be combined", ""},
		{"in 3 days on Tuesday", "can't be combined with a day", ""},
		{"in 2 hours at 3pm", "either a length of time or a time of day", ""},
		{"in 2 hours in 3 hours", "second length", "in 2 hours"},
		{"the", "stops too soon", "the"},
		{"on", `after "on"`, "on"},
		{"at", `after "at"`, "at"},
		{"at noonish", `"noonish" isn't a time of day`, "at"},
		{"remind me", `"remind"`, ""},
		{"call Sam tomorrow", `"call"`, ""},
		{"3", "3am or 3pm", ""},
		{"tomorrow at 9am to call", `not "to"`, "tomorrow at 9am"},
		{"yesterday", `"yesterday"`, ""},
		{"in the morning", "needs a day or a time", ""},
		{strings.Repeat("tomorrow ", 40), "too long", ""},
	}
	for _, c := range cases {
		w, err := Parse(c.phrase, nowWinter, london)
		if err == nil {
			t.Errorf("Parse(%q) = %s, want an error", c.phrase, w.Describe(london))
			continue
		}
		e := asError(t, err)
		if !strings.Contains(e.Problem, c.problem) {
			t.Errorf("Parse(%q) Problem = %q, want it to contain %q", c.phrase, e.Problem, c.problem)
		}
		if c.understood != "-" && e.Understood != c.understood {
			t.Errorf("Parse(%q) Understood = %q, want %q", c.phrase, e.Understood, c.understood)
		}
		if e.Example == "" || !strings.Contains(e.Error(), "Try: ") {
			t.Errorf("Parse(%q) error has no example: %v", c.phrase, e)
		}
	}
}

func TestParsePast(t *testing.T) {
	cases := []struct {
		now    time.Time
		phrase string
		at     string // Understood: the instant named
	}{
		{nowWinter, "today at 5pm", "Thu 26 Nov 2026, 17:00"},
		{nowWinter, "today", "Thu 26 Nov 2026, 09:00"},
		{nowWinter, "this Thursday", "Thu 26 Nov 2026, 09:00"},
		{nowWinter, "on 26 November", "Thu 26 Nov 2026, 09:00"},
		{nowWinter, "26/11/2026", "Thu 26 Nov 2026, 09:00"},
		{nowWinter, "2026-11-26", "Thu 26 Nov 2026, 09:00"},
		{nowWinter, "on 26 November 2026 at 10:00", "Thu 26 Nov 2026, 10:00"},
		{nowWinter, "Thu 26 Nov 2026, 10:00", "Thu 26 Nov 2026, 10:00"},
		{nowWinter, "26 November at 23:28", "Thu 26 Nov 2026, 23:28"},
		{nowWinter, "3 March 2025", "Mon 3 Mar 2025, 09:00"},
		{nowWinter, "1/1/2020", "Wed 1 Jan 2020, 09:00"},
		{nowWinter, "1/1/20", "Wed 1 Jan 2020, 09:00"},
		{nowWinter, "2026-11-26T10:00:00Z", "Thu 26 Nov 2026, 10:00"},
		{nowWinter, "tonight at 8", "Thu 26 Nov 2026, 20:00"},
		{nowWinter, "this evening at 9", "Thu 26 Nov 2026, 21:00"},
		{nowWinter, "this morning", "Thu 26 Nov 2026, 09:00"},
		{nowWinter, "on the 26th at 11pm", "Thu 26 Nov 2026, 23:00"},
		{nowWinter, "on 3 March 2026 at 14:00", "Tue 3 Mar 2026, 14:00"},
		{nowSummer, "this Wednesday", "Wed 15 Jul 2026, 09:00"},
		{nowSummer, "15 July", "Wed 15 Jul 2026, 09:00"},
		{nowSummer, "today at 10:59", "Wed 15 Jul 2026, 10:59"},
		{nowSummer, "today at 11:00", "Wed 15 Jul 2026, 11:00"},
	}
	for _, c := range cases {
		_, err := Parse(c.phrase, c.now, london)
		if err == nil {
			t.Errorf("Parse(%q) should be in the past", c.phrase)
			continue
		}
		e := asError(t, err)
		if e.Problem != ProblemPast || e.Understood != c.at {
			t.Errorf("Parse(%q) = Problem %q Understood %q, want past at %q", c.phrase, e.Problem, e.Understood, c.at)
		}
		if !strings.Contains(e.Error(), "in the past") {
			t.Errorf("Parse(%q) message %q", c.phrase, e.Error())
		}
	}
}

func TestErrorMessages(t *testing.T) {
	cases := []struct{ phrase, want string }{
		{"next blursday", `I couldn't read "next blursday" as a time: I understood "next" but not "blursday". Try: tomorrow at 9am, on 3 March at 14:00, every Monday at 10:00`},
		{"blursday", `I couldn't read "blursday" as a time: I don't know "blursday". Try: tomorrow at 9am, on 3 March at 14:00, every Monday at 10:00`},
		{"today at 5pm", `"today at 5pm" means Thu 26 Nov 2026, 17:00, which is in the past. Try: in 20 minutes, tomorrow at 9am, next Friday at 17:00`},
		{"31 April", `I couldn't read "31 April" as a time: April has only 30 days. Try: on 3 March, on 2 April 2027, 30/4/2027, 2027-04-30`},
		{"at 8", `I couldn't read "at 8" as a time: "8" could be 8am or 8pm — say which. Try: at 9am, at 9.30pm, at 17:00, tonight at 8`},
	}
	for _, c := range cases {
		_, err := Parse(c.phrase, nowWinter, london)
		if err == nil || err.Error() != c.want {
			t.Errorf("Parse(%q) error\n got %v\nwant %s", c.phrase, err, c.want)
		}
	}
}
