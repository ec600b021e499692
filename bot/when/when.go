package when

import (
	"cmp"
	"strings"
	"time"
	"unicode"
)

// When is a time a reminder, poll, meeting or event fires: one instant, or a
// recurrence.
type When struct {
	// At is the first firing, in UTC (for a one-off, the time itself).
	At time.Time `json:"at"`
	// Rule is the recurrence; nil for a one-off.
	Rule *Rule `json:"rule,omitempty"`
}

// Recurring reports whether w repeats.
func (w *When) Recurring() bool { return w != nil && w.Rule != nil }

// Next returns the first firing strictly after `after`, in UTC. A one-off
// fires once, at At.
func (w *When) Next(after time.Time) (time.Time, bool) {
	if w == nil {
		return time.Time{}, false
	}
	if w.Rule != nil {
		return w.Rule.Next(after)
	}
	if w.At.After(after) {
		return w.At.UTC(), true
	}
	return time.Time{}, false
}

// Describe renders w for people: "on Tue 1 Dec 2026 at 09:00" for a one-off
// (shown in loc), or the rule's description, "every first Tuesday at 09:00"
// (in the rule's own time zone).
func (w *When) Describe(loc *time.Location) string {
	if w == nil {
		return "never"
	}
	if w.Rule != nil {
		return w.Rule.Describe()
	}
	t := w.At.In(orUTC(loc))
	return "on " + t.Format("Mon 2 Jan 2006") + " at " + t.Format("15:04")
}

// Parse reads a whole time phrase ("tomorrow at 9am", "every first Tuesday
// at 10:00") relative to now, in loc (nil means UTC). The package
// documentation lists the grammar. Errors are *Error.
func Parse(phrase string, now time.Time, loc *time.Location) (*When, error) {
	w, err := parse(phrase, now, loc)
	if err != nil {
		return nil, err
	}
	return w, nil
}

func parse(phrase string, now time.Time, loc *time.Location) (*When, *Error) {
	loc = orUTC(loc)
	if len(phrase) > maxPhrase {
		return nil, &Error{Phrase: strings.ToValidUTF8(phrase[:40], "") + "…", Problem: "it's too long for a time", Example: exampleDefault}
	}
	toks := tokenize(phrase)
	if len(toks) == 0 {
		return nil, &Error{Phrase: phrase, Problem: "there's no time in it", Example: exampleDefault}
	}
	p := &parser{phrase: strings.TrimSpace(phrase), toks: toks, now: now, loc: loc, today: civilOf(now.In(loc))}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.build()
}

// maxExtractWords bounds the length of the time phrase Extract looks for.
const maxExtractWords = 16

// Extract finds a time phrase at the end (or else the start) of text and
// returns the rest as what:
//
//	"to call the food bank tomorrow at 9am" -> "call the food bank", tomorrow 09:00
//	"every Monday at 9am to send the agenda" -> "send the agenda", every Monday at 09:00
//
// It prefers the longest phrase that parses; between a phrase at the end and
// one at the start of equal length, the end wins. A leading "to" is stripped
// from what, and what may be empty if the whole text is a time. If no phrase
// parses, the error is the *Error of the candidate that was understood
// furthest (so it says what was understood), or one saying there is no time.
func Extract(text string, now time.Time, loc *time.Location) (what string, w *When, err error) {
	spans := wordSpans(text)
	n := len(spans)
	if n == 0 {
		return "", nil, &Error{Phrase: text, Problem: "there's no time in it", Example: exampleDefault}
	}
	// A candidate is the longest phrase at one end that either parses or is
	// recognised as a time but wrong (a date that doesn't exist, a time in
	// the past): then the user meant it, and a shorter phrase must not win.
	type cand struct {
		w     *When
		err   *Error
		words int
		rest  string
	}
	var suf, pre *cand
	for i := max(0, n-maxExtractWords); i < n; i++ {
		w, e := parse(text[spans[i][0]:], now, loc)
		if e == nil || e.semantic {
			suf = &cand{w, e, n - i, text[:spans[i][0]]}
			break
		}
	}
	if suf == nil || suf.words < n {
		for j := min(n, maxExtractWords); j >= 1 && (suf == nil || j > suf.words); j-- {
			w, e := parse(text[:spans[j-1][1]], now, loc)
			if e == nil || e.semantic {
				pre = &cand{w, e, j, text[spans[j-1][1]:]}
				break
			}
		}
	}
	if c := cmp.Or(pre, suf); c != nil {
		if c.err != nil {
			return "", nil, c.err
		}
		return cleanWhat(c.rest), c.w, nil
	}
	var best *Error
	try := func(phrase string) {
		if _, e := parse(phrase, now, loc); e != nil && (best == nil || e.progress > best.progress) {
			best = e
		}
	}
	for i := max(0, n-maxExtractWords); i < n; i++ {
		if timeish(text[spans[i][0]:spans[i][1]]) {
			try(text[spans[i][0]:])
		}
	}
	if timeish(text[spans[0][0]:spans[0][1]]) {
		for j := min(n, maxExtractWords); j >= 1; j-- {
			try(text[:spans[j-1][1]])
		}
	}
	if best == nil {
		best = &Error{Phrase: strings.TrimSpace(text), Problem: "there's no time in it — end with one, like tomorrow at 9am", Example: exampleDefault}
	}
	return "", nil, best
}

// wordSpans returns the byte ranges of the whitespace-separated words of s.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// cleanWhat trims the text left around a time phrase: spaces, stray
// punctuation and a leading "to".
func cleanWhat(s string) string {
	trim := func(s string) string {
		return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r) })
	}
	s = trim(s)
	if len(s) >= 2 && strings.EqualFold(s[:2], "to") && (len(s) == 2 || unicode.IsSpace(rune(s[2]))) {
		s = trim(s[2:])
	}
	return s
}
