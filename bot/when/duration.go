package when

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxDays bounds durations and relative times: about ten years.
const maxDays = 3660

var unitNames = map[string]time.Duration{
	"s": time.Second, "sec": time.Second, "secs": time.Second, "second": time.Second, "seconds": time.Second,
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
	"w": 7 * 24 * time.Hour, "wk": 7 * 24 * time.Hour, "wks": 7 * 24 * time.Hour,
	"week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
	"fortnight": 14 * 24 * time.Hour, "fortnights": 14 * 24 * time.Hour,
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

var (
	reAmount   = regexp.MustCompile(`^\d{1,6}(\.\d{1,3})?$`)
	reCompact  = regexp.MustCompile(`^(?:\d{1,6}(?:\.\d{1,3})?[a-z]+)+$`)
	reCompact1 = regexp.MustCompile(`(\d{1,6}(?:\.\d{1,3})?)([a-z]+)`)
)

// span is a parsed duration: whole calendar days (which keep the wall clock
// in Parse) plus an exact remainder.
type span struct {
	days   int
	dur    time.Duration
	tooFar bool
}

func (s span) total() time.Duration { return time.Duration(s.days)*24*time.Hour + s.dur }

// milli is a non-negative amount in thousandths.
func parseAmount(tok string) (milli int64, ok bool) {
	if n, ok := numberWords[tok]; ok {
		return int64(n) * 1000, true
	}
	if !reAmount.MatchString(tok) {
		return 0, false
	}
	whole, frac, _ := strings.Cut(tok, ".")
	w, _ := strconv.ParseInt(whole, 10, 64)
	milli = w * 1000
	if frac != "" {
		f, _ := strconv.ParseInt((frac + "00")[:3], 10, 64)
		milli += f
	}
	return milli, true
}

func isUnit(tok string) bool { _, ok := unitNames[tok]; return ok }

func isMonthYearUnit(tok string) bool {
	switch tok {
	case "month", "months", "mo", "mos", "year", "years", "yr", "yrs", "y":
		return true
	}
	return false
}

// addTerm adds amount (in thousandths) of unit to s.
func (s *span) addTerm(milli int64, unit time.Duration) {
	if milli > int64(maxDays*24*time.Hour/unit)*1000 {
		s.tooFar = true
		return
	}
	if unit >= 24*time.Hour && milli%1000 == 0 {
		s.days += int(milli/1000) * int(unit/(24*time.Hour))
		return
	}
	s.dur += time.Duration(milli) * unit / 1000
}

// durationProblem is a failure at a token position.
type durationProblem struct {
	pos      int
	problem  string
	semantic bool
}

// parseSpan reads a duration from toks[pos:], stopping at the first token
// that cannot continue it. It returns the span and the position after it.
func parseSpan(toks []string, pos int) (span, int, *durationProblem) {
	var s span
	terms := 0
	lastUnit := time.Duration(0)
	for pos < len(toks) {
		t := toks[pos]
		// "and a half" after a term
		if terms > 0 && t == "and" && pos+2 < len(toks) && (toks[pos+1] == "a" || toks[pos+1] == "an") && toks[pos+2] == "half" {
			s.addTerm(500, lastUnit)
			pos += 3
			continue
		}
		if terms > 0 && t == "and" {
			if pos+1 < len(toks) && startsSpanTerm(toks, pos+1) {
				pos++
				continue
			}
			break
		}
		// half an hour, half a day
		if t == "half" && pos+2 < len(toks) && (toks[pos+1] == "a" || toks[pos+1] == "an") && isUnit(toks[pos+2]) {
			u := unitNames[toks[pos+2]]
			s.addTerm(500, u)
			lastUnit = u
			terms++
			pos += 3
			continue
		}
		if reCompact.MatchString(t) && !reAmount.MatchString(t) {
			for _, m := range reCompact1.FindAllStringSubmatch(t, -1) {
				if isMonthYearUnit(m[2]) {
					return s, pos, &durationProblem{pos, fmt.Sprintf("%q: months and years vary in length — give a date instead", t), true}
				}
				u, ok := unitNames[m[2]]
				if !ok {
					return s, pos, &durationProblem{pos, fmt.Sprintf("%q isn't a length of time", t), false}
				}
				a, _ := parseAmount(m[1])
				s.addTerm(a, u)
				lastUnit = u
			}
			terms++
			pos++
			continue
		}
		a, ok := parseAmount(t)
		if !ok {
			if strings.HasPrefix(t, "-") {
				return s, pos, &durationProblem{pos, fmt.Sprintf("%q is negative — say how long from now", t), true}
			}
			break
		}
		if pos+1 >= len(toks) {
			return s, pos + 1, &durationProblem{pos + 1, fmt.Sprintf("%q needs a unit, like %s minutes", t, t), false}
		}
		ut := toks[pos+1]
		if isMonthYearUnit(ut) {
			return s, pos + 1, &durationProblem{pos + 1, "months and years vary in length — give a date instead", true}
		}
		u, ok := unitNames[ut]
		if !ok {
			return s, pos + 1, &durationProblem{pos + 1, fmt.Sprintf("not %q (a unit like minutes, hours, days or weeks)", ut), false}
		}
		s.addTerm(a, u)
		lastUnit = u
		terms++
		pos += 2
	}
	if terms == 0 {
		if pos < len(toks) {
			return s, pos, &durationProblem{pos, fmt.Sprintf("not %q (an amount, like 20 minutes)", toks[pos]), false}
		}
		return s, pos, &durationProblem{pos, "it needs an amount, like 20 minutes", false}
	}
	if s.tooFar || s.days > maxDays || s.dur > maxDays*24*time.Hour || s.total() > maxDays*24*time.Hour {
		return s, pos, &durationProblem{pos, "that's too far ahead (more than ten years)", true}
	}
	if s.total() < time.Second {
		return s, pos, &durationProblem{pos, "it must be longer than zero", true}
	}
	return s, pos, nil
}

func startsSpanTerm(toks []string, pos int) bool {
	t := toks[pos]
	if reCompact.MatchString(t) && !reAmount.MatchString(t) {
		return true
	}
	if t == "half" {
		return true
	}
	if _, ok := parseAmount(t); ok && pos+1 < len(toks) && isUnit(toks[pos+1]) {
		return true
	}
	return false
}

// ParseDuration reads a length of time: "20 minutes", "20m", "1h", "2 hours",
// "1h30m", "1 hour 30 minutes", "an hour and a half", "half an hour",
// "3 days", "7d", "1 week", "a fortnight", "90 min", "1.5h". A leading "in"
// is allowed. Months and years are rejected (they vary in length), as are
// zero, negative and longer than ten years. Days are 24 hours here.
func ParseDuration(s string) (time.Duration, error) {
	toks := tokenize(s)
	pos := 0
	if len(toks) > 0 && toks[0] == "in" {
		pos = 1
	}
	fail := func(at int, problem string) error {
		e := &Error{Phrase: s, Problem: problem, Example: exampleDuration}
		if at > 0 && at <= len(toks) {
			e.Understood = strings.Join(toks[:at], " ")
		}
		return e
	}
	if len(toks) == 0 {
		return 0, fail(0, "there's no length of time in it")
	}
	sp, end, prob := parseSpan(toks, pos)
	if prob != nil {
		return 0, fail(prob.pos, prob.problem)
	}
	if end < len(toks) {
		return 0, fail(end, fmt.Sprintf("not %q", toks[end]))
	}
	return sp.total(), nil
}
