package directory

import (
	_ "embed"
	"fmt"
	"os"
	"sort"
	"strings"

	"partnerbot/bot"
)

// Town is the area that means the whole of Stevenage.
const Town = "Stevenage"

//go:embed vocabulary.md
var defaultVocabulary string

// A Theme is one entry of the taxonomy: asking for a parent includes its
// children.
type Theme struct {
	Name     string
	Parent   string
	Synonyms []string
}

// A Vocabulary is the themes, their synonyms, and the areas the directory
// knows. The defaults come from the vocabulary file shipped with partnerbot
// (the format of shared/data/vocabulary.md); config can replace the file and
// add synonyms and aliases.
type Vocabulary struct {
	Themes []Theme
	// Wards are the borough wards; Outside are places just outside the
	// borough that partners serve (Great Ashby).
	Wards   []string
	Outside []string
	// Aliases maps a name people use to an area ("Pin Green" → "Almond Hill").
	Aliases map[string]string
}

// DefaultVocabulary returns the built-in vocabulary.
func DefaultVocabulary() *Vocabulary {
	v, err := ParseVocabulary(defaultVocabulary)
	if err != nil {
		panic("directory: built-in vocabulary: " + err.Error())
	}
	return v
}

// LoadVocabulary builds the vocabulary config asks for: the file named by
// cfg.Vocabulary (or the defaults), plus cfg's extra synonyms and aliases.
func LoadVocabulary(cfg bot.DirectoryConfig) (*Vocabulary, error) {
	v := DefaultVocabulary()
	if cfg.Vocabulary != "" {
		data, err := os.ReadFile(cfg.Vocabulary)
		if err != nil {
			return nil, fmt.Errorf("directory.vocabulary: %w", err)
		}
		if v, err = ParseVocabulary(string(data)); err != nil {
			return nil, fmt.Errorf("directory.vocabulary %s: %w", cfg.Vocabulary, err)
		}
	}
	for _, theme := range bot.SortedKeys(cfg.ExtraSynonyms) {
		i := v.theme(theme)
		if i < 0 {
			return nil, fmt.Errorf("directory.extra_synonyms: %q is not a theme (themes: %s)", theme, strings.Join(v.ThemeNames(), ", "))
		}
		v.Themes[i].Synonyms = append(v.Themes[i].Synonyms, cfg.ExtraSynonyms[theme]...)
	}
	for _, alias := range bot.SortedKeys(cfg.ExtraAliases) {
		area, ok := v.canonicalArea(cfg.ExtraAliases[alias])
		if !ok {
			return nil, fmt.Errorf("directory.extra_aliases: %q = %q: %q is not an area (areas: %s)", alias, cfg.ExtraAliases[alias], cfg.ExtraAliases[alias], strings.Join(v.Areas(), ", "))
		}
		if normalise(alias) == "" {
			return nil, fmt.Errorf("directory.extra_aliases: an alias of %q is empty", area)
		}
		v.Aliases[alias] = area
	}
	return v, nil
}

// ThemeNames returns the theme names in vocabulary order.
func (v *Vocabulary) ThemeNames() []string {
	out := make([]string, len(v.Themes))
	for i, t := range v.Themes {
		out[i] = t.Name
	}
	return out
}

// Areas returns the wards then the places outside the borough (not the
// whole town).
func (v *Vocabulary) Areas() []string {
	return append(append([]string(nil), v.Wards...), v.Outside...)
}

func (v *Vocabulary) theme(name string) int {
	k := key(name)
	for i, t := range v.Themes {
		if key(t.Name) == k {
			return i
		}
	}
	return -1
}

func (v *Vocabulary) canonicalArea(name string) (string, bool) {
	k := key(name)
	if k == key(Town) {
		return Town, true
	}
	for _, a := range v.Areas() {
		if key(a) == k {
			return a, true
		}
	}
	return "", false
}

// ParseVocabulary reads a vocabulary in the markdown format of
// shared/data/vocabulary.md: a table with the columns theme | parent |
// synonyms, a paragraph naming the wards after "wards …:", a paragraph
// starting "Outside" naming places beyond the borough after a colon, and a
// table with the columns people say | area.
func ParseVocabulary(text string) (*Vocabulary, error) {
	v := &Vocabulary{Aliases: map[string]string{}}
	type aliasRow struct {
		line      int
		say, area string
	}
	var aliases []aliasRow
	table := ""
	var para []string
	flush := func() {
		p := strings.Join(para, " ")
		para = nil
		colon := strings.Index(p, ":")
		if colon < 0 {
			return
		}
		lower := strings.ToLower(p[:colon])
		list := func() []string {
			var out []string
			for _, n := range strings.Split(strings.TrimSuffix(strings.TrimSpace(p[colon+1:]), "."), ",") {
				if i := strings.Index(n, "("); i >= 0 {
					n = n[:i]
				}
				if n = strings.TrimSpace(n); n != "" {
					out = append(out, n)
				}
			}
			return out
		}
		switch {
		case strings.HasPrefix(lower, "outside"):
			v.Outside = append(v.Outside, list()...)
		case strings.Contains(lower, "wards") && len(v.Wards) == 0:
			v.Wards = list()
		}
	}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			table = ""
			if line == "" || strings.HasPrefix(line, "#") {
				flush()
				continue
			}
			para = append(para, line)
			continue
		}
		flush()
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if strings.Trim(strings.Join(cells, ""), "-: ") == "" {
			continue // separator row
		}
		if table == "" {
			switch strings.ToLower(cells[0]) {
			case "theme":
				table = "themes"
			case "people say":
				table = "aliases"
			default:
				table = "other"
			}
			continue
		}
		switch table {
		case "themes":
			if len(cells) < 3 {
				return nil, fmt.Errorf("line %d: a theme row needs three cells: theme | parent | synonyms", n+1)
			}
			t := Theme{Name: strings.ToLower(cells[0]), Parent: strings.ToLower(cells[1])}
			if normalise(t.Name) == "" {
				return nil, fmt.Errorf("line %d: a theme has no name", n+1)
			}
			for _, s := range strings.Split(cells[2], ",") {
				if s = strings.TrimSpace(s); s != "" {
					t.Synonyms = append(t.Synonyms, s)
				}
			}
			v.Themes = append(v.Themes, t)
		case "aliases":
			if len(cells) < 2 {
				return nil, fmt.Errorf("line %d: an alias row needs two cells: people say | area", n+1)
			}
			aliases = append(aliases, aliasRow{n + 1, cells[0], cells[1]})
		}
	}
	flush()
	if len(v.Themes) == 0 {
		return nil, fmt.Errorf("no themes: a table with the columns theme | parent | synonyms is needed")
	}
	if len(v.Wards) == 0 {
		return nil, fmt.Errorf("no wards: a paragraph like \"The wards: Bedwell, Chells, …\" is needed")
	}
	seen := map[string]bool{}
	for _, t := range v.Themes {
		if seen[key(t.Name)] {
			return nil, fmt.Errorf("theme %q is listed twice", t.Name)
		}
		seen[key(t.Name)] = true
	}
	for _, t := range v.Themes {
		if t.Parent != "" && v.theme(t.Parent) < 0 {
			return nil, fmt.Errorf("theme %q has parent %q, which is not a theme", t.Name, t.Parent)
		}
		if t.Parent != "" && v.Themes[v.theme(t.Parent)].Parent != "" {
			return nil, fmt.Errorf("theme %q has parent %q, which has a parent itself: one level only", t.Name, t.Parent)
		}
	}
	for _, a := range aliases {
		area, ok := v.canonicalArea(a.area)
		if !ok {
			return nil, fmt.Errorf("line %d: alias area %q is not one of the areas (%s)", a.line, a.area, strings.Join(v.Areas(), ", "))
		}
		for _, say := range strings.Split(a.say, ",") {
			if say = strings.TrimSpace(say); say != "" {
				v.Aliases[say] = area
			}
		}
	}
	sort.Strings(v.Outside)
	return v, nil
}
