package meeting

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"partnerbot/bot"
)

var monthNames = map[string]time.Month{}

var weekdayNames = map[string]bool{}

func init() {
	for m := time.January; m <= time.December; m++ {
		n := strings.ToLower(m.String())
		monthNames[n] = m
		monthNames[n[:3]] = m
	}
	monthNames["sept"] = time.September
	for d := time.Sunday; d <= time.Saturday; d++ {
		n := strings.ToLower(d.String())
		weekdayNames[n] = true
		weekdayNames[n[:3]] = true
	}
	weekdayNames["tues"], weekdayNames["weds"], weekdayNames["thur"], weekdayNames["thurs"] = true, true, true, true
}

// A dateSpec is a date as typed: the year may be missing.
type dateSpec struct {
	civilDate
	yearGiven bool
}

// parseDate reads a calendar date: "1 Dec", "Tue 1 December 2026",
// "December 1st", "1/12", "1/12/2026", "2026-12-01", "today", "tomorrow".
// It rejects dates that do not exist.
func parseDate(s string, now time.Time, loc *time.Location, example string) (dateSpec, error) {
	raw := strings.TrimSpace(s)
	s = strings.ToLower(strings.NewReplacer(",", " ", ".", " ").Replace(raw))
	fs := strings.Fields(s)
	today := dateOf(now, loc)
	bad := func() error {
		return bot.Refuse(example, "I couldn't read %q as a date. Try `1 Dec`, `1/12/2026` or `2026-12-01`.", raw)
	}
	if len(fs) == 0 {
		return dateSpec{}, bad()
	}
	if len(fs) > 0 && weekdayNames[fs[0]] {
		fs = fs[1:]
	}
	// A time of day after the date ("1 Dec 2026 10:00", "1/12 at 10am") is
	// allowed and ignored: the date names the meeting.
	for len(fs) > 1 {
		last := fs[len(fs)-1]
		if strings.Contains(last, ":") || strings.HasSuffix(last, "am") || strings.HasSuffix(last, "pm") || last == "at" {
			fs = fs[:len(fs)-1]
			continue
		}
		break
	}
	if len(fs) == 1 {
		switch fs[0] {
		case "today":
			return dateSpec{today, true}, nil
		case "tomorrow":
			t := time.Date(today.Y, today.M, today.D+1, 12, 0, 0, 0, time.UTC)
			return dateSpec{civilDate{t.Year(), t.Month(), t.Day()}, true}, nil
		}
	}
	var d, y int
	var m time.Month
	yearGiven := false
	switch {
	case len(fs) == 1 && strings.Count(fs[0], "-") == 2:
		p := strings.Split(fs[0], "-")
		var err1, err2, err3 error
		y, err1 = strconv.Atoi(p[0])
		var mi int
		mi, err2 = strconv.Atoi(p[1])
		d, err3 = strconv.Atoi(p[2])
		if err1 != nil || err2 != nil || err3 != nil || len(p[0]) != 4 {
			return dateSpec{}, bad()
		}
		m, yearGiven = time.Month(mi), true
	case len(fs) == 1 && strings.Contains(fs[0], "/"):
		p := strings.Split(fs[0], "/")
		if len(p) > 3 {
			return dateSpec{}, bad()
		}
		var err1, err2 error
		d, err1 = strconv.Atoi(p[0])
		var mi int
		mi, err2 = strconv.Atoi(p[1])
		if err1 != nil || err2 != nil {
			return dateSpec{}, bad()
		}
		m = time.Month(mi)
		if len(p) == 3 {
			var err error
			y, err = strconv.Atoi(p[2])
			if err != nil {
				return dateSpec{}, bad()
			}
			if len(p[2]) == 2 {
				y += 2000
			}
			yearGiven = true
		}
	default:
		// D Month [YYYY] or Month D [YYYY], with "of" and ordinals.
		var rest []string
		for _, f := range fs {
			if f != "of" && f != "the" {
				rest = append(rest, f)
			}
		}
		if len(rest) < 2 || len(rest) > 3 {
			return dateSpec{}, bad()
		}
		day := func(t string) (int, bool) {
			t = strings.TrimRight(t, "stndrh")
			n, err := strconv.Atoi(t)
			return n, err == nil
		}
		var ok bool
		if mm, isM := monthNames[rest[0]]; isM {
			m = mm
			d, ok = day(rest[1])
		} else if mm, isM := monthNames[rest[1]]; isM {
			m = mm
			d, ok = day(rest[0])
		}
		if !ok {
			return dateSpec{}, bad()
		}
		if len(rest) == 3 {
			var err error
			y, err = strconv.Atoi(rest[2])
			if err != nil || len(rest[2]) != 4 {
				return dateSpec{}, bad()
			}
			yearGiven = true
		}
	}
	if m < time.January || m > time.December {
		return dateSpec{}, bot.Refuse(example, "%q has no month %d (dates are day first: 1/12/2026 is 1 December).", raw, int(m))
	}
	checkYear := y
	if !yearGiven {
		checkYear = 2028 // a leap year: 29 February exists in some year
	}
	if d < 1 || d > daysIn(m, checkYear) {
		if m == time.February && d == 29 {
			return dateSpec{}, bot.Refuse(example, "There's no 29 February in %d.", y)
		}
		return dateSpec{}, bot.Refuse(example, "There's no %d %s: %s has only %d days.", d, m, m, daysIn(m, 2027))
	}
	if yearGiven && (y < 2000 || y > 2200) {
		return dateSpec{}, bot.Refuse(example, "%d is not a year I can work with.", y)
	}
	return dateSpec{civilDate{y, m, d}, yearGiven}, nil
}

func daysIn(m time.Month, y int) int { return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day() }

// candidates returns the concrete dates a spec may mean, the most likely
// first: the given one, or for a date without a year the coming one (or the
// last one, if pastFirst) and then the other.
func (ds dateSpec) candidates(now time.Time, loc *time.Location, pastFirst bool) []civilDate {
	if ds.yearGiven {
		return []civilDate{ds.civilDate}
	}
	today := dateOf(now, loc)
	var out []civilDate
	for _, y := range []int{today.Y, today.Y + 1, today.Y - 1} {
		if ds.D <= daysIn(ds.M, y) {
			out = append(out, civilDate{y, ds.M, ds.D})
		}
	}
	key := func(c civilDate) int {
		diff := int(time.Date(c.Y, c.M, c.D, 12, 0, 0, 0, time.UTC).Sub(time.Date(today.Y, today.M, today.D, 12, 0, 0, 0, time.UTC)).Hours() / 24)
		if pastFirst {
			diff = -diff
		}
		if diff < 0 {
			return 100000 - diff
		}
		return diff
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && key(out[j]) < key(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func (ds dateSpec) String() string {
	if ds.yearGiven {
		return ds.civilDate.String()
	}
	return fmt.Sprintf("%d %s", ds.D, ds.M)
}
