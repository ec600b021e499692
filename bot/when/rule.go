package when

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Frequencies of a Rule.
const (
	Daily   = "daily"
	Weekly  = "weekly"
	Monthly = "monthly"
	Yearly  = "yearly"
)

// maxScan bounds the occurrences a Rule walks through in one call, so that a
// corrupt stored rule cannot spin for ever.
const maxScan = 2_000_000

// Rule is a recurrence, stored as JSON (in bbolt) and evaluated with rrule-go
// on the wall clock of its time zone, so that "every Monday at 09:00" stays at
// 09:00 across BST/GMT changes.
//
// Rules with Nth 5 ("every fifth Tuesday"), MonthDay 29–31 ("every month on
// the 31st") or 29 February ("every year on 29 February") skip the months or
// years that have no such day, as RFC 5545 prescribes.
type Rule struct {
	// Freq is Daily, Weekly, Monthly or Yearly.
	Freq string `json:"freq"`
	// Interval is 1, or 2 for "every other Monday"/"fortnightly", or N for
	// "every N weeks". Zero is read as 1.
	Interval int `json:"interval"`
	// Weekdays are the days of a weekly rule, or the one day of a monthly
	// rule with Nth.
	Weekdays []time.Weekday `json:"weekdays,omitempty"`
	// Nth is 1..5 for "first".."fifth", -1 for "last" (monthly, one weekday).
	Nth int `json:"nth,omitempty"`
	// MonthDay is the day of the month (1..31, -1 for the last day) of a
	// monthly or yearly rule.
	MonthDay int `json:"month_day,omitempty"`
	// Month is the month of a yearly rule.
	Month time.Month `json:"month,omitempty"`
	// Hour and Minute are the wall-clock time of each occurrence in TZ.
	Hour   int `json:"hour"`
	Minute int `json:"minute"`
	// Start is the UTC instant of the first occurrence (DTSTART).
	Start time.Time `json:"start"`
	// TZ is the IANA time zone the rule runs in, e.g. "Europe/London".
	TZ string `json:"tz"`
}

func (r *Rule) interval() int {
	if r.Interval < 1 {
		return 1
	}
	return r.Interval
}

// Validate reports whether the rule is complete and consistent (for rules read
// back from storage).
func (r *Rule) Validate() error {
	if r == nil {
		return errors.New("no rule")
	}
	if _, err := loadZone(r.TZ); err != nil {
		return fmt.Errorf("rule time zone %q: %w", r.TZ, err)
	}
	if r.Interval < 0 || r.Interval > 1000 {
		return fmt.Errorf("rule interval %d out of range", r.Interval)
	}
	if r.Hour < 0 || r.Hour > 23 || r.Minute < 0 || r.Minute > 59 {
		return fmt.Errorf("rule time %d:%d out of range", r.Hour, r.Minute)
	}
	if r.Start.IsZero() {
		return errors.New("rule has no start")
	}
	seen := map[time.Weekday]bool{}
	for _, d := range r.Weekdays {
		if d < time.Sunday || d > time.Saturday || seen[d] {
			return fmt.Errorf("rule weekday %d invalid or repeated", d)
		}
		seen[d] = true
	}
	switch r.Freq {
	case Daily:
		if len(r.Weekdays) > 0 || r.Nth != 0 || r.MonthDay != 0 || r.Month != 0 {
			return errors.New("daily rule with days")
		}
	case Weekly:
		if len(r.Weekdays) == 0 || r.Nth != 0 || r.MonthDay != 0 || r.Month != 0 {
			return errors.New("weekly rule needs weekdays only")
		}
	case Monthly:
		if r.Month != 0 {
			return errors.New("monthly rule with a month")
		}
		switch {
		case r.Nth != 0:
			if len(r.Weekdays) != 1 || r.MonthDay != 0 || r.Nth < -1 || r.Nth > 5 {
				return errors.New("monthly nth rule needs one weekday and nth in -1, 1..5")
			}
		case r.MonthDay == -1 || (r.MonthDay >= 1 && r.MonthDay <= 31):
			if len(r.Weekdays) != 0 {
				return errors.New("monthly day rule with weekdays")
			}
		default:
			return errors.New("monthly rule needs nth weekday or month day")
		}
	case Yearly:
		if r.Month < time.January || r.Month > time.December || len(r.Weekdays) != 0 || r.Nth != 0 {
			return errors.New("yearly rule needs a month and a day")
		}
		if r.MonthDay < 1 || r.MonthDay > daysIn(r.Month, 2028) {
			return fmt.Errorf("yearly rule: %s has no day %d", r.Month, r.MonthDay)
		}
	default:
		return fmt.Errorf("rule frequency %q unknown", r.Freq)
	}
	return nil
}

var rruleDays = map[time.Weekday]rrule.Weekday{
	time.Monday: rrule.MO, time.Tuesday: rrule.TU, time.Wednesday: rrule.WE, time.Thursday: rrule.TH,
	time.Friday: rrule.FR, time.Saturday: rrule.SA, time.Sunday: rrule.SU,
}

var icalDays = map[time.Weekday]string{
	time.Monday: "MO", time.Tuesday: "TU", time.Wednesday: "WE", time.Thursday: "TH",
	time.Friday: "FR", time.Saturday: "SA", time.Sunday: "SU",
}

// sortedDays returns the weekdays Monday first, as people list them.
func sortedDays(ds []time.Weekday) []time.Weekday {
	out := make([]time.Weekday, 0, len(ds))
	for _, want := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		for _, d := range ds {
			if d == want {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

// floating builds the rrule on naive wall-clock times (held in UTC), starting
// at dtstart's date.
func (r *Rule) floating(dtstart time.Time) (*rrule.RRule, error) {
	opt := rrule.ROption{
		Dtstart:  time.Date(dtstart.Year(), dtstart.Month(), dtstart.Day(), 0, 0, 0, 0, time.UTC),
		Interval: r.interval(),
		Wkst:     rrule.MO,
		Byhour:   []int{r.Hour},
		Byminute: []int{r.Minute},
		Bysecond: []int{0},
	}
	switch r.Freq {
	case Daily:
		opt.Freq = rrule.DAILY
	case Weekly:
		opt.Freq = rrule.WEEKLY
		for _, d := range sortedDays(r.Weekdays) {
			opt.Byweekday = append(opt.Byweekday, rruleDays[d])
		}
	case Monthly:
		opt.Freq = rrule.MONTHLY
		if r.Nth != 0 {
			d := rruleDays[r.Weekdays[0]]
			opt.Byweekday = []rrule.Weekday{d.Nth(r.Nth)}
		} else {
			opt.Bymonthday = []int{r.MonthDay}
		}
	case Yearly:
		opt.Freq = rrule.YEARLY
		opt.Bymonth = []int{int(r.Month)}
		opt.Bymonthday = []int{r.MonthDay}
	}
	return rrule.NewRRule(opt)
}

// scan walks the occurrences from the rule's start, calling visit with each
// one's wall-clock time until visit returns false.
func (r *Rule) scan(visit func(wall time.Time, loc *time.Location) bool) {
	if r.Validate() != nil {
		return
	}
	loc, _ := loadZone(r.TZ)
	rr, err := r.floating(naive(r.Start, loc))
	if err != nil {
		return
	}
	next := rr.Iterator()
	for i := 0; i < maxScan; i++ {
		t, ok := next()
		if !ok {
			return
		}
		if !visit(t, loc) {
			return
		}
	}
}

// Next returns the first occurrence strictly after `after`, in UTC. It
// reports false if there is none (or the rule is invalid).
func (r *Rule) Next(after time.Time) (time.Time, bool) {
	if r.Validate() != nil {
		return time.Time{}, false
	}
	loc, _ := loadZone(r.TZ)
	from := naive(after, loc).Add(-48 * time.Hour)
	var got time.Time
	found := false
	r.scan(func(nt time.Time, loc *time.Location) bool {
		if nt.Before(from) {
			return true
		}
		if inst := resolveNaive(nt, loc); inst.After(after) {
			got, found = inst, true
			return false
		}
		return true
	})
	return got, found
}

// Between returns the occurrences in [from, to), in UTC.
func (r *Rule) Between(from, to time.Time) []time.Time {
	if r.Validate() != nil || !from.Before(to) {
		return nil
	}
	loc, _ := loadZone(r.TZ)
	lo := naive(from, loc).Add(-48 * time.Hour)
	hi := naive(to, loc).Add(48 * time.Hour)
	var out []time.Time
	r.scan(func(nt time.Time, loc *time.Location) bool {
		if nt.After(hi) {
			return false
		}
		if nt.Before(lo) {
			return true
		}
		if inst := resolveNaive(nt, loc); !inst.Before(from) && inst.Before(to) {
			out = append(out, inst)
		}
		return true
	})
	return out
}

// RRULE returns the RFC 5545 RRULE value, without DTSTART (which is Start in
// TZ at Hour:Minute), e.g. "FREQ=MONTHLY;BYDAY=1TU".
func (r *Rule) RRULE() string {
	parts := []string{"FREQ=" + strings.ToUpper(r.Freq)}
	if r.interval() > 1 {
		parts = append(parts, "INTERVAL="+strconv.Itoa(r.interval()))
	}
	if r.Freq == Yearly {
		parts = append(parts, "BYMONTH="+strconv.Itoa(int(r.Month)))
	}
	if r.MonthDay != 0 {
		parts = append(parts, "BYMONTHDAY="+strconv.Itoa(r.MonthDay))
	}
	if len(r.Weekdays) > 0 {
		var ds []string
		for _, d := range sortedDays(r.Weekdays) {
			s := icalDays[d]
			if r.Nth != 0 {
				s = strconv.Itoa(r.Nth) + s
			}
			ds = append(ds, s)
		}
		parts = append(parts, "BYDAY="+strings.Join(ds, ","))
	}
	return strings.Join(parts, ";")
}

func isWorkweek(ds []time.Weekday) bool {
	s := sortedDays(ds)
	return len(s) == 5 && s[0] == time.Monday && s[4] == time.Friday && len(ds) == 5
}

func dayList(ds []time.Weekday) string {
	var names []string
	for _, d := range sortedDays(ds) {
		names = append(names, d.String())
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// every renders "every", "every other" or "every N <unit>s".
func everyN(n int, unit string) string {
	switch n {
	case 1:
		return "every " + unit
	case 2:
		return "every other " + unit
	}
	return fmt.Sprintf("every %d %ss", n, unit)
}

// Describe renders the rule in words: "every first Tuesday at 10:00",
// "every weekday at 11:00", "every last Friday of the month at 16:00",
// "every other Monday at 09:00", "every month on the 15th at 09:00".
// "second" and "last" say "of the month" so they cannot be misread as
// fortnightly; rules that skip months or years say so.
func (r *Rule) Describe() string {
	at := " at " + clock(r.Hour, r.Minute)
	n := r.interval()
	switch r.Freq {
	case Daily:
		return everyN(n, "day") + at
	case Weekly:
		switch {
		case n == 1 && isWorkweek(r.Weekdays):
			return "every weekday" + at
		case n == 1:
			return "every " + dayList(r.Weekdays) + at
		case n == 2:
			return "every other " + dayList(r.Weekdays) + at
		}
		return fmt.Sprintf("every %d weeks on %s%s", n, dayList(r.Weekdays), at)
	case Monthly:
		if r.Nth != 0 && len(r.Weekdays) == 1 {
			spec := nthWords[r.Nth] + " " + r.Weekdays[0].String()
			if r.Nth == 2 || r.Nth == -1 || r.Nth == 5 {
				spec += " of the month"
			}
			var s string
			if n == 1 {
				s = "every " + spec + at
			} else {
				s = everyN(n, "month") + " on the " + spec + at
			}
			if r.Nth == 5 {
				s += " (months without one are skipped)"
			}
			return s
		}
		var day string
		switch {
		case r.MonthDay == -1:
			day = "the last day"
		default:
			day = fmt.Sprintf("the %d%s", r.MonthDay, ordinalSuffix(r.MonthDay))
		}
		s := everyN(n, "month") + " on " + day + at
		if r.MonthDay >= 29 {
			s += " (months without one are skipped)"
		}
		return s
	case Yearly:
		s := everyN(n, "year") + fmt.Sprintf(" on %d %s", r.MonthDay, r.Month) + at
		if r.Month == time.February && r.MonthDay == 29 {
			s += " (leap years only)"
		}
		return s
	}
	return "an unknown repeat"
}
