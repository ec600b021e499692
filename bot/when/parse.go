package when

import (
	"fmt"
	"strings"
	"time"
)

// maxPhrase bounds the length of a phrase Parse reads.
const maxPhrase = 300

type meridiem int

const (
	ctxNone meridiem = iota
	ctxAM
	ctxPM
)

type timeKind int

const (
	tkExact timeKind = iota // 9am, 17:00, 09:30, noon
	tkBare                  // 8, 8 o'clock: needs a part of day
	tkClock                 // 9:30: 24-hour unless 1:00–6:59
)

// parser reads one phrase. One-off parts may come in any order; build
// combines them.
type parser struct {
	phrase string
	toks   []string
	pos    int
	now    time.Time
	loc    *time.Location
	today  civil

	day     *civil
	dayYear bool
	wd      *time.Weekday
	wdMod   string
	tonight bool // "tonight", "at night": bare hours 1–4 are ambiguous
	ctx     meridiem
	ctxWord string

	haveTime bool
	tText    string
	hour     int
	minute   int
	tKind    timeKind
	midnight bool

	rel     *span
	instant *time.Time
	rule    *Rule
}

func (p *parser) peek(k int) string {
	if p.pos+k < len(p.toks) && p.pos+k >= 0 {
		return p.toks[p.pos+k]
	}
	return ""
}

func (p *parser) accept(words ...string) bool {
	for _, w := range words {
		if p.peek(0) == w {
			p.pos++
			return true
		}
	}
	return false
}

func (p *parser) text(from, to int) string { return strings.Join(p.toks[from:to], " ") }

// failAt makes an error at token pos: the tokens before it were understood.
func (p *parser) failAt(pos int, problem, example string) *Error {
	if pos > len(p.toks) {
		pos = len(p.toks)
	}
	e := &Error{Phrase: p.phrase, Problem: problem, Example: example, progress: pos}
	if pos > 0 {
		e.Understood = p.text(0, pos)
	}
	return e
}

// failSem is failAt for a phrase that was recognised as a time but is
// wrong (a date that doesn't exist, 25:00): Extract stops at it rather than
// settling for a shorter phrase.
func (p *parser) failSem(pos int, problem, example string) *Error {
	e := p.failAt(pos, problem, example)
	e.semantic = true
	return e
}

// failAll makes an error about the phrase as a whole, after it was read.
func (p *parser) failAll(problem, example string) *Error {
	return &Error{Phrase: p.phrase, Problem: problem, Example: example, progress: len(p.toks) + 1, semantic: true}
}

func (p *parser) unknown(pos int, example string) *Error {
	if pos >= len(p.toks) {
		return p.failAt(pos, "it stops too soon", example)
	}
	if pos == 0 {
		return p.failAt(0, fmt.Sprintf("I don't know %q", p.toks[pos]), example)
	}
	return p.failAt(pos, fmt.Sprintf("not %q", p.toks[pos]), example)
}

func (p *parser) parse() *Error {
	for p.pos < len(p.toks) {
		if err := p.component(); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) component() *Error {
	switch t := p.peek(0); t {
	case "every", "each", "daily", "weekly", "fortnightly", "monthly", "yearly", "annually":
		return p.parseRecurring()
	case "in":
		if p.peek(1) == "the" && isPart(p.peek(2)) && p.peek(2) != "night" {
			start := p.pos
			p.pos += 3
			return p.setCtx(start, p.toks[start+2])
		}
		return p.parseRelative()
	case "at":
		if p.peek(1) == "night" {
			start := p.pos
			p.pos += 2
			return p.setCtx(start, "night")
		}
		p.pos++
		if p.pos >= len(p.toks) {
			return p.failAt(p.pos, `it needs a time after "at"`, exampleTime)
		}
		ok, err := p.parseTime()
		if err != nil {
			return err
		}
		if !ok {
			return p.failAt(p.pos, fmt.Sprintf("%q isn't a time of day", p.peek(0)), exampleTime)
		}
		return nil
	case "on":
		p.pos++
		if p.pos >= len(p.toks) {
			return p.failAt(p.pos, `it needs a day after "on"`, exampleDate)
		}
		ok, err := p.parseDay(true)
		if err != nil {
			return err
		}
		if !ok {
			return p.unknown(p.pos, exampleDate)
		}
		return nil
	}
	ok, err := p.parseDay(false)
	if err != nil || ok {
		return err
	}
	ok, err = p.parseTime()
	if err != nil || ok {
		return err
	}
	return p.unknown(p.pos, exampleDefault)
}

// setCtx records a part of day ("morning", "evening", ...) starting at pos.
func (p *parser) setCtx(pos int, word string) *Error {
	m := ctxPM
	if word == "morning" {
		m = ctxAM
	}
	if p.ctx != ctxNone && p.ctx != m {
		return p.failSem(pos, fmt.Sprintf("%q contradicts %q", word, p.ctxWord), exampleTime)
	}
	p.ctx, p.ctxWord = m, word
	if word == "night" || word == "tonight" {
		p.tonight = true
	}
	return nil
}

// optPart reads an optional part of day after a day: "tomorrow morning".
func (p *parser) optPart() *Error {
	if isPart(p.peek(0)) {
		p.pos++
		return p.setCtx(p.pos-1, p.toks[p.pos-1])
	}
	return nil
}

func (p *parser) setDay(start int, c civil, yearGiven bool) *Error {
	if p.day != nil {
		return p.failAt(start, fmt.Sprintf("%q is a second day", p.text(start, p.pos)), exampleDefault)
	}
	p.day, p.dayYear = &c, yearGiven
	return nil
}

// parseDay reads a day or date at p.pos. afterOn allows a bare "15th".
func (p *parser) parseDay(afterOn bool) (bool, *Error) {
	start := p.pos
	t := p.peek(0)
	switch t {
	case "today":
		p.pos++
		if err := p.setDay(start, p.today, false); err != nil {
			return true, err
		}
		return true, p.optPart()
	case "tomorrow":
		p.pos++
		if err := p.setDay(start, p.today.add(1), false); err != nil {
			return true, err
		}
		return true, p.optPart()
	case "tonight":
		p.pos++
		if err := p.setDay(start, p.today, false); err != nil {
			return true, err
		}
		return true, p.setCtx(start, "tonight")
	case "day":
		if p.peek(1) == "after" && p.peek(2) == "tomorrow" {
			p.pos += 3
			return true, p.setDay(start, p.today.add(2), false)
		}
		return false, nil
	case "this", "next":
		n := p.peek(1)
		if d, ok := weekdayOf(n, false); ok {
			p.pos += 2
			return true, p.setWeekday(start, d, t)
		}
		if t == "this" && isPart(n) && n != "night" {
			p.pos += 2
			if err := p.setDay(start, p.today, false); err != nil {
				return true, err
			}
			return true, p.setCtx(start+1, n)
		}
		switch n {
		case "week", "weekend", "month", "year", "fortnight":
			return true, p.failAt(start+1, fmt.Sprintf("%q is too vague — say a day, like %s Monday or on 3 March", t+" "+n, t), exampleDefault)
		}
		return true, p.unknown(start+1, exampleDefault)
	case "the":
		if p.peek(1) == "day" && p.peek(2) == "after" && p.peek(3) == "tomorrow" {
			p.pos += 4
			return true, p.setDay(start, p.today.add(2), false)
		}
		p.pos++
		ok, err := p.parseDate(true)
		if err != nil {
			return true, err
		}
		if !ok {
			return true, p.unknown(p.pos, exampleDate)
		}
		return true, nil
	}
	if d, ok := weekdayOf(t, false); ok {
		p.pos++
		return true, p.setWeekday(start, d, "")
	}
	if reRFC3339.MatchString(t) {
		ts, err := time.Parse(time.RFC3339, strings.ToUpper(t))
		if err != nil {
			return true, p.failSem(start, fmt.Sprintf("%q isn't a valid RFC 3339 timestamp", t), "2027-04-30T10:00:00+01:00")
		}
		if p.instant != nil {
			return true, p.failAt(start, "that's a second timestamp", exampleDefault)
		}
		p.pos++
		p.instant = &ts
		return true, nil
	}
	return p.parseDate(afterOn)
}

func (p *parser) setWeekday(start int, d time.Weekday, mod string) *Error {
	if p.wd != nil {
		return p.failAt(start, fmt.Sprintf("%q is a second day", p.text(start, p.pos)), exampleDefault)
	}
	p.wd, p.wdMod = &d, mod
	return p.optPart()
}

// dayMonth reads "3 March", "3rd of March", "third of March", "March 3rd",
// "March the 3rd" at p.pos. It consumes nothing if there is no such date.
func (p *parser) dayMonth() (d int, m time.Month, dayPos int, ok bool) {
	t := p.peek(0)
	if n, isOrd := ordinalOf(t, true); isOrd {
		k := 1
		if p.peek(k) == "of" {
			k++
		}
		if mm, isMonth := monthNames[p.peek(k)]; isMonth {
			dayPos = p.pos
			p.pos += k + 1
			return n, mm, dayPos, true
		}
		return 0, 0, 0, false
	}
	if mm, isMonth := monthNames[t]; isMonth {
		k := 1
		if p.peek(k) == "the" {
			k++
		}
		if n, isOrd := ordinalOf(p.peek(k), true); isOrd {
			dayPos = p.pos + k
			p.pos += k + 1
			return n, mm, dayPos, true
		}
	}
	return 0, 0, 0, false
}

// checkDate reports whether d m y exists, as a problem clause.
func checkDate(d int, m time.Month, y int) string {
	if d < 1 || d > 31 {
		return fmt.Sprintf("there's no day %d in a month", d)
	}
	if n := daysIn(m, y); d > n {
		if m == time.February && d == 29 {
			return fmt.Sprintf("%d isn't a leap year, so February has 28 days", y)
		}
		return fmt.Sprintf("%s has only %d days", m, n)
	}
	return ""
}

// yearFor picks the year of a date given without one: this year, or next
// year if the day has gone.
func (p *parser) yearFor(d int, m time.Month) int {
	if (civil{p.today.y, m, d}).before(p.today) {
		return p.today.y + 1
	}
	return p.today.y
}

// parseDate reads a calendar date at p.pos. afterThe allows a bare ordinal
// ("the 15th": the next 15th of a month).
func (p *parser) parseDate(afterThe bool) (bool, *Error) {
	start := p.pos
	t := p.peek(0)
	if m := reNumDate.FindStringSubmatch(t); m != nil {
		d, mo := atoi(m[1]), atoi(m[2])
		if mo < 1 || mo > 12 {
			return true, p.failSem(start, fmt.Sprintf("there's no month %d in %q — dates are day first, like 30/4/2027", mo, t), exampleDate)
		}
		y, yearGiven := 0, m[3] != ""
		switch {
		case len(m[3]) == 2:
			y = 2000 + atoi(m[3])
		case len(m[3]) == 4:
			y = atoi(m[3])
		default:
			if d < 1 || d > 31 {
				return true, p.failSem(start, fmt.Sprintf("there's no day %d in a month", d), exampleDate)
			}
			y = p.yearFor(d, time.Month(mo))
		}
		if prob := checkDate(d, time.Month(mo), y); prob != "" {
			return true, p.failSem(start, prob, exampleDate)
		}
		p.pos++
		return true, p.setDay(start, civil{y, time.Month(mo), d}, yearGiven)
	}
	if m := reISODate.FindStringSubmatch(t); m != nil {
		y, mo, d := atoi(m[1]), atoi(m[2]), atoi(m[3])
		if mo < 1 || mo > 12 {
			return true, p.failSem(start, fmt.Sprintf("there's no month %d in %q", mo, t), exampleDate)
		}
		if prob := checkDate(d, time.Month(mo), y); prob != "" {
			return true, p.failSem(start, prob, exampleDate)
		}
		p.pos++
		return true, p.setDay(start, civil{y, time.Month(mo), d}, true)
	}
	if d, mo, dayPos, ok := p.dayMonth(); ok {
		if d < 1 || d > 31 {
			return true, p.failSem(dayPos, fmt.Sprintf("there's no day %d in a month", d), exampleDate)
		}
		yearGiven := false
		var y int
		if reYear.MatchString(p.peek(0)) {
			y, yearGiven = atoi(p.peek(0)), true
			p.pos++
		} else {
			y = p.yearFor(d, mo)
		}
		if prob := checkDate(d, mo, y); prob != "" {
			return true, p.failSem(start, prob, exampleDate)
		}
		return true, p.setDay(start, civil{y, mo, d}, yearGiven)
	}
	if afterThe {
		if n, ok := ordinalOf(t, false); ok {
			if n < 1 || n > 31 {
				return true, p.failSem(start, fmt.Sprintf("there's no day %d in a month", n), exampleDate)
			}
			p.pos++
			c := civil{p.today.y, p.today.m, n}
			for i := 0; ; i++ {
				if n <= daysIn(c.m, c.y) && !c.before(p.today) {
					break
				}
				c = civilOf(time.Date(c.y, c.m+1, 1, 12, 0, 0, 0, time.UTC))
				c.d = n
			}
			p.accept("of") // "the 15th of the month"
			if p.peek(0) == "the" && p.peek(1) == "month" {
				p.pos += 2
			} else if p.peek(0) == "month" {
				p.pos++
			}
			return true, p.setDay(start, c, false)
		}
	}
	return false, nil
}

// parseTime reads a clock time at p.pos.
func (p *parser) parseTime() (bool, *Error) {
	start := p.pos
	t := p.peek(0)
	var h, mi int
	kind := tkExact
	midnight := false
	switch {
	case t == "noon" || t == "midday":
		h = 12
		p.pos++
	case t == "midnight":
		midnight = true
		p.pos++
	case t == "12" && (p.peek(1) == "noon" || p.peek(1) == "midday"):
		h = 12
		p.pos += 2
	case t == "12" && p.peek(1) == "midnight":
		midnight = true
		p.pos += 2
	case reAmPm.MatchString(t):
		m := reAmPm.FindStringSubmatch(t)
		h = atoi(m[1])
		if m[2] != "" {
			mi = atoi(m[2])
		}
		if h < 1 || h > 12 || mi > 59 {
			return true, p.failSem(start, fmt.Sprintf("%q isn't a time of day", t), exampleTime)
		}
		h %= 12
		if m[3] == "p" {
			h += 12
		}
		p.pos++
	case reClock.MatchString(t):
		m := reClock.FindStringSubmatch(t)
		h, mi = atoi(m[1]), atoi(m[2])
		if h > 23 || mi > 59 {
			return true, p.failSem(start, fmt.Sprintf("%q isn't a time of day — hours run from 00 to 23", t), exampleTime)
		}
		if !(strings.HasPrefix(t, "0") || h >= 12) {
			kind = tkClock
		}
		p.pos++
	case reBareNum.MatchString(t):
		h = atoi(t)
		if h > 23 {
			return true, p.failSem(start, fmt.Sprintf("%q isn't a time of day — hours run from 00 to 23", t), exampleTime)
		}
		if h >= 1 && h <= 12 {
			kind = tkBare
		}
		p.pos++
		p.accept("o'clock")
	default:
		return false, nil
	}
	text := p.text(start, p.pos)
	if p.haveTime {
		return true, p.failAt(start, fmt.Sprintf("%q is a second time", text), exampleTime)
	}
	p.haveTime, p.tText, p.hour, p.minute, p.tKind, p.midnight = true, text, h, mi, kind, midnight
	switch {
	case p.peek(0) == "in" && p.peek(1) == "the" && isPart(p.peek(2)) && p.peek(2) != "night":
		p.pos += 3
		return true, p.setCtx(p.pos-3, p.toks[p.pos-1])
	case p.peek(0) == "at" && p.peek(1) == "night":
		p.pos += 2
		return true, p.setCtx(p.pos-2, "night")
	case p.peek(0) == "tonight":
		return true, nil // read by parseDay next
	}
	return true, nil
}

// clockTime works out the hour and minute, using the part of day.
func (p *parser) clockTime() (int, int, *Error) {
	if !p.haveTime {
		if p.ctx == ctxPM {
			return 0, 0, p.failAll(fmt.Sprintf("%q needs a time, like %s at 8pm", p.ctxWord, p.ctxWord), exampleTime)
		}
		return 9, 0, nil
	}
	if p.midnight {
		return 0, 0, nil
	}
	h, m := p.hour, p.minute
	q := p.tText
	switch p.tKind {
	case tkExact:
		if (p.ctx == ctxAM && h >= 12) || (p.ctx == ctxPM && h < 12) {
			return 0, 0, p.failAll(fmt.Sprintf("%q isn't in the %s", q, p.ctxWord), exampleTime)
		}
		return h, m, nil
	case tkBare:
		switch {
		case p.ctx == ctxNone:
			return 0, 0, p.failAll(fmt.Sprintf("%q could be %dam or %dpm — say which", q, h, h), exampleTime)
		case h == 12:
			return 0, 0, p.failAll(fmt.Sprintf("%q %s could be noon or midnight — say noon or midnight", q, p.ctxWord), exampleTime)
		case p.ctx == ctxAM:
			return h, m, nil
		case p.tonight && h <= 4:
			return 0, 0, p.failAll(fmt.Sprintf("%q %s could be %dpm or %dam — say which", q, p.ctxWord, h, h), exampleTime)
		}
		return h + 12, m, nil
	default: // tkClock, h 1..11
		switch {
		case p.ctx == ctxAM:
			return h, m, nil
		case p.ctx == ctxPM && p.tonight && h <= 4:
			return 0, 0, p.failAll(fmt.Sprintf("%q %s could be %s or 0%s — say which", q, p.ctxWord, q+"pm", q), exampleTime)
		case p.ctx == ctxPM:
			return h + 12, m, nil
		case h >= 7:
			return h, m, nil
		}
		return 0, 0, p.failAll(fmt.Sprintf("%q could be %sam or %spm — say which, or write 0%s or %d:%02d", q, q, q, q, h+12, m), exampleTime)
	}
}

func (p *parser) parseRelative() *Error {
	start := p.pos
	p.pos++
	if p.pos >= len(p.toks) {
		return p.failAt(p.pos, `it needs a length of time after "in", like in 20 minutes`, exampleDuration)
	}
	sp, end, prob := parseSpan(p.toks, p.pos)
	if prob != nil {
		e := p.failAt(prob.pos, prob.problem, "in 20 minutes, in 2 hours, in 3 days, in a week")
		e.semantic = prob.semantic
		return e
	}
	if p.rel != nil {
		return p.failAt(start, fmt.Sprintf("%q is a second length of time", p.text(start, end)), exampleDefault)
	}
	p.rel, p.pos = &sp, end
	return nil
}

// build combines the parts into a When.
func (p *parser) build() (*When, *Error) {
	switch {
	case p.instant != nil:
		if p.day != nil || p.wd != nil || p.haveTime || p.rel != nil || p.rule != nil || p.ctx != ctxNone {
			return nil, p.failAll("a timestamp can't be combined with other words", exampleDefault)
		}
		return p.oneOff(p.instant.UTC())
	case p.rule != nil:
		if p.day != nil || p.wd != nil || p.rel != nil || p.tonight && p.ctxWord == "tonight" {
			return nil, p.failAll("a repeating time can't also have a single day or date", exampleRecurring)
		}
		h, m, err := p.clockTime()
		if err != nil {
			return nil, err
		}
		return p.buildRule(h, m)
	case p.rel != nil:
		if p.day != nil || p.wd != nil || p.ctx != ctxNone {
			return nil, p.failAll(`"in …" can't be combined with a day — say one or the other`, exampleDefault)
		}
		if p.haveTime {
			if p.rel.dur != 0 {
				return nil, p.failAll("give either a length of time or a time of day, not both", exampleDefault)
			}
			h, m, err := p.clockTime()
			if err != nil {
				return nil, err
			}
			return p.oneOff(wallToInstant(p.today.add(p.rel.days), h, m, p.loc))
		}
		at := resolveNaive(naive(p.now, p.loc).AddDate(0, 0, p.rel.days), p.loc).Add(p.rel.dur)
		if p.rel.days == 0 {
			at = p.now.Add(p.rel.dur)
		}
		return p.oneOff(at.UTC())
	}
	if p.day == nil && p.wd == nil && !p.haveTime {
		return nil, p.failAll(fmt.Sprintf("%q needs a day or a time", p.ctxWord), exampleDefault)
	}
	h, m, err := p.clockTime()
	if err != nil {
		return nil, err
	}
	var c civil
	switch {
	case p.day != nil:
		c = *p.day
		if p.wd != nil && c.weekday() != *p.wd {
			return nil, p.failAll(fmt.Sprintf("%d %s %d is a %s, not a %s", c.d, c.m, c.y, c.weekday(), *p.wd), exampleDate)
		}
		if p.midnight {
			if p.ctxWord != "tonight" || c != p.today {
				return nil, p.failAll(`"midnight" on a day could be the start or the end of it — say 23:59 or 00:00`, exampleTime)
			}
			c = c.add(1)
		}
	case p.wd != nil:
		if p.midnight {
			return nil, p.failAll(`"midnight" on a day could be the start or the end of it — say 23:59 or 00:00`, exampleTime)
		}
		c = p.today.add(1)
		if p.wdMod == "this" {
			c = p.today
		}
		for c.weekday() != *p.wd {
			c = c.add(1)
		}
	default:
		c = p.today
		switch {
		case p.midnight:
			c = c.add(1)
		case !wallToInstant(c, h, m, p.loc).After(p.now):
			c = c.add(1) // "at 3pm" once 3pm has passed means tomorrow
		}
	}
	return p.oneOff(wallToInstant(c, h, m, p.loc))
}

func (p *parser) oneOff(at time.Time) (*When, *Error) {
	if !at.After(p.now) {
		return nil, &Error{Phrase: p.phrase, Understood: FormatDateTime(at, p.loc), Problem: ProblemPast,
			Example: "in 20 minutes, tomorrow at 9am, next Friday at 17:00", progress: len(p.toks) + 1, semantic: true}
	}
	return &When{At: at}, nil
}
