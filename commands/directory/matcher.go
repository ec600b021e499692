package directory

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/agnivade/levenshtein"
)

// A phrase is a run of words that names a theme or an area.
type phrase struct {
	toks   []string
	target string
	// caps phrases match only when typed in capitals: "SEND" the acronym,
	// not "send" the verb.
	caps bool
}

type fuzzyName struct {
	name     string // normalised
	area     string
	maxEdits int
}

// A matcher is a vocabulary compiled for finding themes and areas in text.
type matcher struct {
	v          *Vocabulary
	themes     []string
	themeOrder map[string]int
	// expand maps a theme to itself and its children.
	expand      map[string][]string
	expandBits  map[string]bitset
	areaOrder   map[string]int      // index in areas
	phrases     map[string][]phrase // by first stemmed word, longest first
	themeLookup map[string]string   // stemmed name or synonym -> theme
	areas       []string            // wards, outside, then Town
	areaPhrases map[string][]phrase // by first normalised word, longest first
	areaLookup  map[string]string   // normalised name or alias -> area
	fuzzy       []fuzzyName
}

// commonWords are all-capitals synonyms that are also everyday words, so
// they match only as typed in capitals.
var commonWords = map[string]bool{"send": true, "it": true, "us": true, "aid": true, "care": true}

func compile(v *Vocabulary) (*matcher, error) {
	if len(v.Themes) > maxNames || len(v.Areas())+1 > maxNames {
		return nil, fmt.Errorf("directory: the vocabulary has %d themes and %d areas; the most it can have is %d of each", len(v.Themes), len(v.Areas())+1, maxNames)
	}
	m := &matcher{
		expandBits:  map[string]bitset{},
		areaOrder:   map[string]int{},
		v:           v,
		themeOrder:  map[string]int{},
		expand:      map[string][]string{},
		phrases:     map[string][]phrase{},
		themeLookup: map[string]string{},
		areaPhrases: map[string][]phrase{},
		areaLookup:  map[string]string{},
	}
	for i, t := range v.Themes {
		m.themes = append(m.themes, t.Name)
		m.themeOrder[t.Name] = i
		m.expand[t.Name] = append(m.expand[t.Name], t.Name)
	}
	for _, t := range v.Themes {
		if t.Parent != "" {
			p := v.Themes[v.theme(t.Parent)].Name
			m.expand[p] = append(m.expand[p], t.Name)
		}
	}
	addTheme := func(text, theme string) {
		toks := stems(text)
		if len(toks) == 0 {
			return
		}
		caps := isCaps(text) && commonWords[strings.ToLower(strings.TrimSpace(text))]
		m.phrases[toks[0]] = append(m.phrases[toks[0]], phrase{toks: toks, target: theme, caps: caps})
		k := strings.Join(toks, " ")
		if _, dup := m.themeLookup[k]; !dup {
			m.themeLookup[k] = theme
		}
	}
	for _, t := range v.Themes {
		addTheme(t.Name, t.Name)
	}
	for _, t := range v.Themes {
		for _, s := range t.Synonyms {
			addTheme(s, t.Name)
		}
	}
	for t, xs := range m.expand {
		var b bitset
		for _, x := range xs {
			b.set(m.themeOrder[x])
		}
		m.expandBits[t] = b
	}
	m.areas = append(v.Areas(), Town)
	for i, a := range m.areas {
		m.areaOrder[a] = i
	}
	addArea := func(text, area string) {
		toks := words(text)
		if len(toks) == 0 {
			return
		}
		m.areaPhrases[toks[0]] = append(m.areaPhrases[toks[0]], phrase{toks: toks, target: area})
		k := strings.Join(toks, " ")
		m.areaLookup[k] = area
		max := 1
		if len(k) >= 10 {
			max = 2
		}
		m.fuzzy = append(m.fuzzy, fuzzyName{name: k, area: area, maxEdits: max})
	}
	for _, a := range m.areas {
		addArea(a, a)
	}
	for _, say := range sortedKeys(v.Aliases) {
		addArea(say, v.Aliases[say])
	}
	for _, ps := range []map[string][]phrase{m.phrases, m.areaPhrases} {
		for k := range ps {
			sort.SliceStable(ps[k], func(i, j int) bool { return len(ps[k][i].toks) > len(ps[k][j].toks) })
		}
	}
	return m, nil
}

func isCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}

// lookupTheme finds the theme a name or synonym means.
func (m *matcher) lookupTheme(s string) (string, bool) {
	t, ok := m.themeLookup[strings.Join(stems(s), " ")]
	return t, ok
}

// lookupArea finds the area a name or alias means, exactly.
func (m *matcher) lookupArea(s string) (string, bool) {
	a, ok := m.areaLookup[normalise(s)]
	return a, ok
}

// fuzzyArea finds the area a slightly misspelt name means: one edit for
// short names, two for long ones, and the first letter right.
func (m *matcher) fuzzyArea(s string) (area string, dist int, ok bool) {
	s = normalise(s)
	if s == "" {
		return "", 0, false
	}
	best, bestD := "", 99
	for _, f := range m.fuzzy {
		if f.name[0] != s[0] || abs(len(f.name)-len(s)) > f.maxEdits {
			continue
		}
		if d := levenshtein.ComputeDistance(s, f.name); d <= f.maxEdits && d < bestD {
			best, bestD = f.area, d
		}
	}
	return best, bestD, best != ""
}

// nearestTheme suggests the theme nearest to a name people typed.
func (m *matcher) nearestTheme(s string) string {
	s = strings.Join(stems(s), " ")
	best, bestD := "", 4
	for _, k := range sortedKeys(m.themeLookup) {
		if d := levenshtein.ComputeDistance(s, k); d < bestD {
			best, bestD = m.themeLookup[k], d
		}
	}
	return best
}

// nearestArea suggests the area nearest to a name people typed.
func (m *matcher) nearestArea(s string) string {
	s = normalise(s)
	best, bestD := "", 4
	for _, f := range m.fuzzy {
		if d := levenshtein.ComputeDistance(s, f.name); d < bestD {
			best, bestD = f.area, d
		}
	}
	return best
}

// sortThemes puts theme names in vocabulary order.
func (m *matcher) sortThemes(ts []string) {
	sort.SliceStable(ts, func(i, j int) bool { return m.themeOrder[ts[i]] < m.themeOrder[ts[j]] })
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func levenshteinDistance(a, b string) int { return levenshtein.ComputeDistance(a, b) }
