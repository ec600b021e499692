package when

import (
	"fmt"
	"time"
)

// FormatDateTime shows an instant the British way in loc: "Tue 1 Dec 2026, 10:00".
// A nil loc means UTC.
func FormatDateTime(t time.Time, loc *time.Location) string {
	return t.In(orUTC(loc)).Format("Mon 2 Jan 2006, 15:04")
}

// FormatDate shows the date of an instant the British way in loc: "Tue 1 Dec 2026".
// A nil loc means UTC.
func FormatDate(t time.Time, loc *time.Location) string {
	return t.In(orUTC(loc)).Format("Mon 2 Jan 2006")
}

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

func clock(h, m int) string { return fmt.Sprintf("%02d:%02d", h, m) }

func ordinalSuffix(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

var nthWords = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
