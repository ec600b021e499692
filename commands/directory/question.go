package directory

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// A question is what the matcher understood of free text.
type question struct {
	text        string   // the question without "page N"
	themes      []string // in the order asked
	area        string   // the first area named, canonical
	areaTyped   string   // what was typed, when it was a near miss
	otherAreas  []string // further areas named (answered for the first only)
	unknownArea string   // a place named after "in"/"near"/"around" that is no known area
	page        int
}

var pageRe = regexp.MustCompile(`(?i)[\s,]*\bpage\s*(\d{1,6})\s*[?.!]*\s*$`)

// places are the little words that introduce a place.
var places = map[string]bool{"in": true, "near": true, "around": true, "within": true, "covering": true, "nr": true}

// notPlaces are words that follow "in"/"near"/"around" without naming a
// place: "in the evenings", "in person", "in my area".
var notPlaces = map[string]bool{
	"the": true, "a": true, "an": true, "my": true, "our": true, "your": true, "their": true, "his": true, "her": true,
	"this": true, "that": true, "these": true, "those": true, "it": true, "them": true, "me": true, "us": true, "you": true,
	"any": true, "all": true, "every": true, "each": true, "some": true, "which": true, "what": true, "there": true, "here": true,
	"need": true, "needs": true, "person": true, "crisis": true, "general": true, "particular": true, "town": true,
	"evening": true, "evenings": true, "morning": true, "mornings": true, "afternoon": true, "afternoons": true,
	"weekend": true, "weekends": true, "week": true, "english": true, "school": true, "schools": true, "work": true,
	"home": true, "hospital": true, "touch": true, "time": true, "case": true, "private": true, "total": true,
	"place": true, "area": true, "areas": true, "order": true, "advance": true, "trouble": true, "difficulty": true,
	"difficulties": true, "public": true, "care": true, "arrears": true, "debt": true, "receipt": true, "later": true,
	"short": true, "future": true, "summer": true, "winter": true, "spring": true, "autumn": true, "term": true,
	"holidays": true, "holiday": true, "one": true, "two": true, "groups": true, "group": true, "and": true, "or": true,
	"to": true, "of": true, "for": true, "with": true, "who": true, "help": true, "support": true, "advice": true,
	"need of": true, "danger": true, "contact": true, "charge": true, "between": true, "local": true, "locally": true,
}

// ignoredPhrases are read before themes so that "who works with older
// people" is not read as a question about employment.
var ignoredPhrases = [][]string{{"work", "with"}, {"working", "with"}, {"work", "for"}, {"working", "for"}}

// rawWords splits s into words as typed (case kept, apostrophes dropped).
func rawWords(s string) []string {
	var out []string
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʼ':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// parse reads a question.
func (m *matcher) parse(text string) question {
	q := question{page: 1}
	text = strings.TrimSpace(text)
	if loc := pageRe.FindStringSubmatchIndex(text); loc != nil {
		if n, err := strconv.Atoi(text[loc[2]:loc[3]]); err == nil && n > 0 {
			q.page = n
		}
		text = strings.TrimSpace(text[:loc[0]])
	}
	q.text = strings.TrimSpace(strings.TrimRight(text, "?!. "))
	raw := rawWords(text)
	if len(raw) > 200 {
		raw = raw[:200]
	}
	low := make([]string, len(raw))
	st := make([]string, len(raw))
	for i, w := range raw {
		low[i] = strings.ToLower(w)
		st[i] = stem(low[i])
	}
	used := make([]bool, len(raw))
	free := func(i, n int) bool {
		if i+n > len(raw) {
			return false
		}
		for j := i; j < i+n; j++ {
			if used[j] {
				return false
			}
		}
		return true
	}
	take := func(i, n int) {
		for j := i; j < i+n; j++ {
			used[j] = true
		}
	}
	matchAt := func(ws []string, i int, p phrase) bool {
		if !free(i, len(p.toks)) {
			return false
		}
		for j, t := range p.toks {
			if ws[i+j] != t {
				return false
			}
			if p.caps && !isCaps(raw[i+j]) {
				return false
			}
		}
		return true
	}
	var areas []string
	addArea := func(a string) {
		for _, x := range areas {
			if x == a {
				return
			}
		}
		areas = append(areas, a)
	}
	// Areas named exactly, longest names first.
	for i := 0; i < len(raw); i++ {
		for _, p := range m.areaPhrases[low[i]] {
			if matchAt(low, i, p) {
				take(i, len(p.toks))
				addArea(p.target)
				i += len(p.toks) - 1
				break
			}
		}
	}
	// Phrases that only frame the question.
	for i := range st {
		for _, ig := range ignoredPhrases {
			if matchAt(st, i, phrase{toks: ig}) {
				take(i, len(ig))
			}
		}
	}
	// Themes, longest phrases first.
	seen := map[string]bool{}
	for i := 0; i < len(raw); i++ {
		for _, p := range m.phrases[st[i]] {
			if matchAt(st, i, p) {
				take(i, len(p.toks))
				if !seen[p.target] {
					seen[p.target] = true
					q.themes = append(q.themes, p.target)
				}
				i += len(p.toks) - 1
				break
			}
		}
	}
	// Near misses of area names, if no place was named exactly.
	specific := false
	for _, a := range areas {
		if a != Town {
			specific = true
		}
	}
	if !specific {
		if a, typed, ok := m.fuzzyIn(raw, low, used); ok {
			areas = append([]string{a}, areas...)
			q.areaTyped = typed
		}
	}
	// Prefer a ward or nearby place to the whole town ("Stevenage Old Town").
	if len(areas) > 1 && areas[0] == Town {
		areas = append(areas[1:], Town)
	}
	if len(areas) > 0 {
		q.area = areas[0]
		for _, a := range areas[1:] {
			if a != Town {
				q.otherAreas = append(q.otherAreas, a)
			}
		}
		return q
	}
	// A place we don't know: "in Hitchin", "near Tesco Extra".
	for i := 0; i+1 < len(raw); i++ {
		if !places[low[i]] {
			continue
		}
		j := i + 1
		k := j
		for k < len(raw) && k < j+3 && !used[k] && !notPlaces[low[k]] && !places[low[k]] && !allDigits(low[k]) {
			k++
		}
		if k > j {
			ws := raw[j:k]
			if strings.ToLower(strings.Join(ws, "")) == strings.Join(ws, "") {
				q.unknownArea = titleWords(ws)
			} else {
				q.unknownArea = strings.Join(ws, " ")
			}
			break
		}
	}
	return q
}

// fuzzyIn looks for a near miss of an area name among the words not yet
// used. Names shorter than seven letters must follow "in", "near" or
// "around", so that "cells" in a sentence is not read as Chells.
func (m *matcher) fuzzyIn(raw, low []string, used []bool) (area, typed string, ok bool) {
	bestD := 99
	for n := 3; n >= 1; n-- {
		for i := 0; i+n <= len(low); i++ {
			skip := false
			for j := i; j < i+n; j++ {
				if used[j] || (j == i && (notPlaces[low[j]] || places[low[j]])) {
					skip = true
					break
				}
			}
			if skip {
				continue
			}
			s := strings.Join(low[i:i+n], " ")
			a, d, found := m.fuzzyArea(s)
			if !found || d >= bestD {
				continue
			}
			if len(s) < 7 && (i == 0 || !places[low[i-1]]) {
				continue
			}
			area, typed, bestD, ok = a, strings.Join(raw[i:i+n], " "), d, true
		}
	}
	return area, typed, ok
}
