package when

import (
	"regexp"
	"strings"
	"time"
)

var tokenReplacer = strings.NewReplacer(
	"’", "'", "‘", "'", ",", " ", ";", " ", "&", " and ", "\u00a0", " ",
)

var (
	reAmPmSplit = regexp.MustCompile(`^(\d{1,2}(?:[:.]\d{2})?)([ap])\.?m\.?$`)
	reClockish  = regexp.MustCompile(`^\d{1,2}(?:[:.]\d{2})?$`)
	reAmPm      = regexp.MustCompile(`^(\d{1,2})(?:[:.](\d{2}))?([ap])m$`)
	reClock     = regexp.MustCompile(`^(\d{1,2})[:.](\d{2})$`)
	reBareNum   = regexp.MustCompile(`^\d{1,2}$`)
	reNumOrd    = regexp.MustCompile(`^(\d{1,2})(st|nd|rd|th)$`)
	reYear      = regexp.MustCompile(`^\d{4}$`)
	reNumDate   = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$`)
	reISODate   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	reRFC3339   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}`)
	reNumber    = regexp.MustCompile(`^\d{1,4}$`)
)

// tokenize lower-cases a phrase and splits it into words, dropping commas and
// trailing full stops and joining "9 am" into "9am".
func tokenize(s string) []string {
	s = tokenReplacer.Replace(strings.ToLower(s))
	var out []string
	for _, t := range strings.Fields(s) {
		t = strings.TrimRight(t, ".!?:")
		switch t {
		case "a.m", "am":
			t = "am"
		case "p.m", "pm":
			t = "pm"
		case "oclock", "o'clock":
			t = "o'clock"
		case "12noon", "12midday":
			t = "noon"
		case "12midnight":
			t = "midnight"
		}
		if m := reAmPmSplit.FindStringSubmatch(t); m != nil {
			t = m[1] + m[2] + "m"
		}
		if t == "" {
			continue
		}
		if (t == "am" || t == "pm") && len(out) > 0 && reClockish.MatchString(out[len(out)-1]) {
			out[len(out)-1] += t
			continue
		}
		out = append(out, t)
	}
	return out
}

var weekdayNames = map[string]time.Weekday{
	"monday": time.Monday, "mon": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "weds": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday,
	"friday": time.Friday, "fri": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday,
	"sunday": time.Sunday, "sun": time.Sunday,
}

var weekdayPlurals = map[string]time.Weekday{
	"mondays": time.Monday, "tuesdays": time.Tuesday, "wednesdays": time.Wednesday,
	"thursdays": time.Thursday, "fridays": time.Friday, "saturdays": time.Saturday, "sundays": time.Sunday,
}

var monthNames = map[string]time.Month{
	"january": time.January, "jan": time.January,
	"february": time.February, "feb": time.February,
	"march": time.March, "mar": time.March,
	"april": time.April, "apr": time.April,
	"may":  time.May,
	"june": time.June, "jun": time.June,
	"july": time.July, "jul": time.July,
	"august": time.August, "aug": time.August,
	"september": time.September, "sep": time.September, "sept": time.September,
	"october": time.October, "oct": time.October,
	"november": time.November, "nov": time.November,
	"december": time.December, "dec": time.December,
}

var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
	"sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}

// weekdayOf reads a weekday name (plural too if plural is true).
func weekdayOf(t string, plural bool) (time.Weekday, bool) {
	if d, ok := weekdayNames[t]; ok {
		return d, true
	}
	if plural {
		d, ok := weekdayPlurals[t]
		return d, ok
	}
	return 0, false
}

// ordinalOf reads "3rd", "third" (and, if bare is true, "3") as a number.
func ordinalOf(t string, bare bool) (int, bool) {
	if n, ok := ordinalWords[t]; ok {
		return n, true
	}
	if m := reNumOrd.FindStringSubmatch(t); m != nil {
		return atoi(m[1]), true
	}
	if bare && reBareNum.MatchString(t) {
		return atoi(t), true
	}
	return 0, false
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1e8 {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func isPart(t string) bool {
	switch t {
	case "morning", "afternoon", "evening", "night":
		return true
	}
	return false
}

// timeish reports whether a word can start a time phrase (for Extract's
// error reporting).
func timeish(word string) bool {
	toks := tokenize(word)
	if len(toks) == 0 {
		return false
	}
	t := toks[0]
	switch t {
	case "in", "at", "on", "every", "each", "today", "tomorrow", "tonight", "next", "this",
		"daily", "weekly", "fortnightly", "monthly", "yearly", "annually", "noon", "midday", "midnight":
		return true
	}
	if _, ok := weekdayNames[t]; ok {
		return true
	}
	if _, ok := monthNames[t]; ok {
		return true
	}
	return t[0] >= '0' && t[0] <= '9'
}
