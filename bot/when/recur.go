package when

import (
	"fmt"
	"time"
)

var workweek = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

// parseRecurring reads "every …", "daily", "weekly on …", "fortnightly on …",
// "monthly on …", "yearly on …".
func (p *parser) parseRecurring() *Error {
	start := p.pos
	if p.rule != nil {
		return p.failAt(start, fmt.Sprintf("%q starts a second repeat", p.toks[start]), exampleRecurring)
	}
	r := &Rule{Interval: 1}
	w := p.toks[p.pos]
	p.pos++
	var err *Error
	switch w {
	case "daily":
		r.Freq = Daily
	case "weekly", "fortnightly":
		r.Freq = Weekly
		if w == "fortnightly" {
			r.Interval = 2
		}
		p.accept("on")
		err = p.weekdays(r, w)
	case "monthly":
		r.Freq = Monthly
		p.accept("on")
		err = p.monthSpec(r, w)
	case "yearly", "annually":
		r.Freq = Yearly
		p.accept("on")
		err = p.yearDate(r, w)
	default:
		err = p.everyBody(r)
	}
	if err != nil {
		return err
	}
	p.rule = r
	return nil
}

// weekdays reads a list of weekdays ("Monday and Thursday", "Mon Wed Fri",
// "weekdays", "weekends") into r.
func (p *parser) weekdays(r *Rule, after string) *Error {
	switch p.peek(0) {
	case "weekday", "weekdays":
		p.pos++
		r.Weekdays = append([]time.Weekday(nil), workweek...)
		return nil
	case "weekend", "weekends":
		p.pos++
		r.Weekdays = []time.Weekday{time.Saturday, time.Sunday}
		return nil
	}
	for {
		d, ok := weekdayOf(p.peek(0), true)
		if !ok {
			break
		}
		for _, have := range r.Weekdays {
			if have == d {
				return p.failAt(p.pos, fmt.Sprintf("%s is named twice", d), exampleRecurring)
			}
		}
		r.Weekdays = append(r.Weekdays, d)
		p.pos++
		if p.peek(0) == "and" {
			if _, ok := weekdayOf(p.peek(1), true); ok {
				p.pos++
			}
		}
	}
	if len(r.Weekdays) == 0 {
		if p.pos >= len(p.toks) {
			return p.failAt(p.pos, fmt.Sprintf("%q needs a day, like %s on Monday", after, after), exampleRecurring)
		}
		return p.failAt(p.pos, fmt.Sprintf("not %q (a day, like %s on Monday)", p.peek(0), after), exampleRecurring)
	}
	return nil
}

// ofTheMonth skips "of the month", "of every month", "each month" and so on.
func (p *parser) ofTheMonth() {
	switch {
	case p.peek(0) == "of" && (p.peek(1) == "the" || p.peek(1) == "every" || p.peek(1) == "each") && p.peek(2) == "month":
		p.pos += 3
	case p.peek(0) == "of" && p.peek(1) == "month":
		p.pos += 2
	case (p.peek(0) == "every" || p.peek(0) == "each" || p.peek(0) == "a") && p.peek(1) == "month":
		p.pos += 2
	}
}

// monthSpec reads the day of a monthly rule: "the first Tuesday", "the last
// Friday", "the 15th", "the last day".
func (p *parser) monthSpec(r *Rule, after string) *Error {
	r.Freq = Monthly
	p.accept("the")
	t := p.peek(0)
	nth, isOrd := ordinalOf(t, false)
	if t == "last" {
		nth, isOrd = -1, true
	}
	if isOrd {
		if d, ok := weekdayOf(p.peek(1), true); ok {
			if nth > 5 {
				return p.failSem(p.pos, fmt.Sprintf("a month has at most five %ss", d), exampleRecurring)
			}
			r.Nth, r.Weekdays = nth, []time.Weekday{d}
			p.pos += 2
			p.ofTheMonth()
			return nil
		}
		if t == "last" {
			if p.peek(1) == "day" {
				r.MonthDay = -1
				p.pos += 2
				p.ofTheMonth()
				return nil
			}
			return p.failAt(p.pos+1, fmt.Sprintf("not %q (a day, like the last Friday)", p.peek(1)), exampleRecurring)
		}
	}
	if n, ok := ordinalOf(t, true); ok {
		if n < 1 || n > 31 {
			return p.failSem(p.pos, fmt.Sprintf("there's no day %d in a month", n), exampleRecurring)
		}
		p.pos++
		before := p.pos
		p.accept("day")
		p.ofTheMonth()
		if _, word := ordinalWords[t]; word && after == "every" && p.pos == before {
			// "every first" alone: first what?
			return p.failAt(p.pos, fmt.Sprintf("say %q or %q", "every "+t+" of the month", "every "+t+" Monday"), exampleRecurring)
		}
		r.MonthDay = n
		return nil
	}
	if p.pos >= len(p.toks) {
		return p.failAt(p.pos, "it needs a day of the month, like the 15th or the first Tuesday", exampleRecurring)
	}
	return p.failAt(p.pos, fmt.Sprintf("not %q (a day of the month, like the 15th or the first Tuesday)", t), exampleRecurring)
}

// yearDate reads the day of a yearly rule: "1 April", "April 1st", "1/4".
func (p *parser) yearDate(r *Rule, after string) *Error {
	r.Freq = Yearly
	p.accept("the")
	start := p.pos
	var d int
	var m time.Month
	if mm := reNumDate.FindStringSubmatch(p.peek(0)); mm != nil && mm[3] == "" {
		d, m = atoi(mm[1]), time.Month(atoi(mm[2]))
		if m < 1 || m > 12 {
			return p.failSem(start, fmt.Sprintf("there's no month %d — dates are day first, like 1/4", m), exampleRecurring)
		}
		p.pos++
	} else if dd, mo, _, ok := p.dayMonth(); ok {
		d, m = dd, mo
	} else {
		if p.pos >= len(p.toks) {
			return p.failAt(p.pos, fmt.Sprintf("%q needs a date, like %s on 1 April", after, after), exampleRecurring)
		}
		return p.failAt(p.pos, fmt.Sprintf("not %q (a date, like 1 April)", p.peek(0)), exampleRecurring)
	}
	if reYear.MatchString(p.peek(0)) {
		return p.failSem(p.pos, "a yearly date can't have a year", exampleRecurring)
	}
	if prob := checkDate(d, m, 2028); prob != "" { // 2028: a leap year, so 29 February is allowed
		return p.failSem(start, prob, exampleRecurring)
	}
	r.Month, r.MonthDay = m, d
	return nil
}

var intervalUnits = map[string]string{
	"day": Daily, "days": Daily, "week": Weekly, "weeks": Weekly, "fortnight": Weekly, "fortnights": Weekly,
	"month": Monthly, "months": Monthly, "year": Yearly, "years": Yearly,
}

// everyBody reads what follows "every" or "each".
func (p *parser) everyBody(r *Rule) *Error {
	if p.pos >= len(p.toks) {
		return p.failAt(p.pos, "it stops there — say what repeats, like every Monday or every first Tuesday", exampleRecurring)
	}
	interval := 0
	t := p.peek(0)
	if t == "other" || t == "alternate" {
		interval = 2
		p.pos++
	} else if _, isUnit := intervalUnits[p.peek(1)]; isUnit {
		n, ok := numberWords[t]
		if t == "a" || t == "an" {
			ok = false
		}
		if !ok && reNumber.MatchString(t) {
			n, ok = atoi(t), true
		}
		if ok {
			if n < 1 || n > 999 {
				return p.failSem(p.pos, fmt.Sprintf("%q isn't a usable interval", t), exampleRecurring)
			}
			interval = n
			p.pos++
		}
	}
	if p.pos >= len(p.toks) {
		return p.failAt(p.pos, "it stops too soon — every other what?", exampleRecurring)
	}
	t = p.peek(0)
	iv := max(interval, 1)
	switch t {
	case "day", "days":
		p.pos++
		r.Freq, r.Interval = Daily, iv
		return nil
	case "weekday", "weekdays":
		if interval > 1 {
			return p.failSem(p.pos, `"every other weekday" is unclear — name the days`, exampleRecurring)
		}
		p.pos++
		r.Freq, r.Interval, r.Weekdays = Weekly, 1, append([]time.Weekday(nil), workweek...)
		return nil
	case "weekend", "weekends":
		p.pos++
		r.Freq, r.Interval, r.Weekdays = Weekly, iv, []time.Weekday{time.Saturday, time.Sunday}
		return nil
	case "week", "weeks", "fortnight", "fortnights":
		p.pos++
		r.Freq, r.Interval = Weekly, iv
		if t == "fortnight" || t == "fortnights" {
			r.Interval = iv * 2
		}
		p.accept("on")
		return p.weekdays(r, "every "+t)
	case "month", "months":
		p.pos++
		r.Interval = iv
		p.accept("on")
		return p.monthSpec(r, "every "+t)
	case "year", "years":
		p.pos++
		r.Interval = iv
		p.accept("on")
		return p.yearDate(r, "every "+t)
	}
	if _, ok := weekdayOf(t, true); ok {
		r.Freq, r.Interval = Weekly, iv
		return p.weekdays(r, "every")
	}
	if interval > 0 {
		return p.failAt(p.pos, fmt.Sprintf("not %q (a day, like every other Monday)", t), exampleRecurring)
	}
	// every 1 April, every April 1st
	save := p.pos
	if _, _, _, ok := p.dayMonth(); ok {
		p.pos = save
		return p.yearDate(r, "every year")
	}
	if mm := reNumDate.FindStringSubmatch(t); mm != nil && mm[3] == "" {
		return p.yearDate(r, "every year")
	}
	// every first Tuesday, every last Friday of the month, every 15th
	_, isOrd := ordinalOf(t, false)
	if isOrd || t == "last" || t == "the" {
		return p.monthSpec(r, "every")
	}
	return p.failAt(p.pos, fmt.Sprintf("not %q", t), exampleRecurring)
}

// buildRule finishes the rule at h:m and finds its first occurrence after now.
func (p *parser) buildRule(h, m int) (*When, *Error) {
	r := p.rule
	r.Hour, r.Minute = h, m
	r.TZ = p.loc.String()
	if r.TZ == "UTC" {
		r.TZ = "UTC"
	}
	if _, err := loadZone(r.TZ); err != nil {
		return nil, p.failAll(fmt.Sprintf("the time zone %q can't be stored", r.TZ), exampleRecurring)
	}
	probe := *r
	probe.Interval = 1
	rr, err := probe.floating(naive(p.now, p.loc))
	if err != nil {
		return nil, p.failAll("that repeat can't be worked out", exampleRecurring)
	}
	next := rr.Iterator()
	for i := 0; i < 10000; i++ {
		t, ok := next()
		if !ok {
			break
		}
		if inst := resolveNaive(t, p.loc); inst.After(p.now) {
			r.Start = inst
			if err := r.Validate(); err != nil {
				return nil, p.failAll("that repeat can't be worked out", exampleRecurring)
			}
			return &When{At: inst, Rule: r}, nil
		}
	}
	return nil, p.failAll("that never happens", exampleRecurring)
}
