package resource

import (
	"strings"

	"partnerbot/bot"
)

// resolveTags turns #tags into theme names: the theme's own name written
// with hyphens or underscores for spaces (#older-people), in quotes
// (#"older people"), or a synonym the ThemeMatcher knows (#foodbank). An
// unknown tag is an error listing the themes.
func (l *Library) resolveTags(tags []string, example string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, tag := range tags {
		themes := l.resolveTag(tag)
		if len(themes) == 0 {
			return nil, l.unknownTheme(tag, example)
		}
		for _, t := range themes {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out, nil
}

func (l *Library) resolveTag(tag string) []string {
	phrase := strings.Join(strings.FieldsFunc(strings.ToLower(tag), func(r rune) bool {
		return r == '-' || r == '_' || r == ' ' || r == '\t'
	}), " ")
	if phrase == "" {
		return nil
	}
	for _, name := range l.themes.ThemeNames() {
		if strings.EqualFold(name, phrase) {
			return []string{name}
		}
	}
	return l.themes.Themes(phrase)
}

func (l *Library) unknownTheme(tag, example string) error {
	names := l.themes.ThemeNames()
	if len(names) == 0 {
		return bot.Refuse(example, "I don't know the theme #%s, and no themes are set up yet.", tag)
	}
	hashed := make([]string, len(names))
	for i, n := range names {
		hashed[i] = "#" + strings.ReplaceAll(n, " ", "-")
	}
	return bot.Refuse(example, "I don't know the theme #%s. The themes are: %s.", tag, strings.Join(hashed, ", "))
}
