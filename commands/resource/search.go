package resource

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// maxShown is how many resources a search or list shows.
const maxShown = 10

// An Item is one resource in the Data of a search or list reply.
type Item struct {
	ID          uint64   `json:"id"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Description string   `json:"description,omitempty"`
	Themes      []string `json:"themes"`
	SharedBy    string   `json:"shared_by"`
	SharedAt    string   `json:"shared_at"`
	Score       int      `json:"score,omitempty"`
}

func (l *Library) item(r *Resource, score int) Item {
	themes := r.Themes
	if themes == nil {
		themes = []string{}
	}
	return Item{ID: r.ID, Title: r.Title, URL: r.URL, Description: r.Description, Themes: themes,
		SharedBy: l.sharerName(r), SharedAt: r.At.UTC().Format(time.RFC3339), Score: score}
}

// Score weights: a theme asked for (by name or synonym) counts most, then
// words in the title, the themes, and the description.
const (
	wTheme       = 6
	wTitleWord   = 3
	wThemeWord   = 2
	wDescWord    = 1
	wTitlePhrase = 4
)

// score ranks r for a query's words and themes; 0 means no match.
func score(r *Resource, words []string, themes []string, phrase string) int {
	s := 0
	for _, t := range themes {
		for _, rt := range r.Themes {
			if strings.EqualFold(t, rt) {
				s += wTheme
			}
		}
	}
	title := wordSet(r.Title)
	desc := wordSet(r.Description)
	themeWords := wordSet(strings.Join(r.Themes, " "))
	for _, w := range words {
		switch {
		case title[w]:
			s += wTitleWord
		case themeWords[w]:
			s += wThemeWord
		case desc[w]:
			s += wDescWord
		}
	}
	if phrase != "" && len(words) > 1 && strings.Contains(strings.ToLower(r.Title), phrase) {
		s += wTitlePhrase
	}
	return s
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range searchWords(s) {
		m[w] = true
	}
	return m
}

// Search returns the resources matching query, best first (newest first
// among equals).
func (l *Library) Search(query string) ([]*Resource, []int, error) {
	words := searchWords(query)
	themes := l.themes.Themes(query)
	phrase := strings.ToLower(strings.Join(strings.Fields(query), " "))
	var rs []*Resource
	var scores []int
	err := l.env.DB.View(func(tx *storage.Tx) error {
		all, err := all(tx)
		if err != nil {
			return err
		}
		for _, r := range all {
			if sc := score(r, words, themes, phrase); sc > 0 {
				rs = append(rs, r)
				scores = append(scores, sc)
			}
		}
		return nil
	})
	idx := make([]int, len(rs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	outR := make([]*Resource, len(rs))
	outS := make([]int, len(rs))
	for i, j := range idx {
		outR[i], outS[i] = rs[j], scores[j]
	}
	return outR, outS, err
}

func (l *Library) search(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	query := strings.TrimSpace(req.Args.String("words"))
	query = strings.Trim(query, `"“”`)
	if query == "" || (len(searchWords(query)) == 0 && len(l.themes.Themes(query)) == 0) {
		return bot.Reply{}, bot.Refuse("resource search warm spaces", "Tell me some words to look for, or a theme.")
	}
	rs, scores, err := l.Search(query)
	if err != nil {
		return bot.Reply{}, err
	}
	items := make([]Item, 0, len(rs))
	for i, r := range rs {
		items = append(items, l.item(r, scores[i]))
	}
	if len(rs) == 0 {
		return bot.Reply{Text: fmt.Sprintf("Nothing in the library matches %s yet. Try fewer words, or `resource list` to see everything.", quoted(query)),
			Ephemeral: true, Data: map[string]any{"results": items}}, nil
	}
	head := fmt.Sprintf("%d resource%s for %s:", len(rs), plural(len(rs)), quoted(query))
	return bot.Reply{Text: head + "\n" + l.lines(rs), Ephemeral: true, Data: map[string]any{"results": items}}, nil
}

func (l *Library) list(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	var want []string
	if arg := strings.TrimSpace(req.Args.String("theme")); arg != "" {
		var tags []string
		for _, c := range splitChunks(arg) {
			tags = append(tags, c.text)
		}
		// "older people" without a # is one theme, not two.
		if len(tags) > 1 && !strings.Contains(arg, "#") {
			tags = []string{arg}
		}
		var err error
		if want, err = l.resolveTags(tags, "resource list #food"); err != nil {
			return bot.Reply{}, err
		}
	}
	var rs []*Resource
	err := l.env.DB.View(func(tx *storage.Tx) error {
		all, err := all(tx)
		if err != nil {
			return err
		}
		for _, r := range all {
			if hasAnyTheme(r, want) {
				rs = append(rs, r)
			}
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	items := make([]Item, 0, len(rs))
	for _, r := range rs {
		items = append(items, l.item(r, 0))
	}
	data := map[string]any{"resources": items}
	about := ""
	if len(want) > 0 {
		about = " about " + strings.Join(want, " or ")
	}
	if len(rs) == 0 {
		return bot.Reply{Text: "Nothing has been shared" + about + " yet. Share a link with `" + shareExample + "`", Ephemeral: true, Data: data}, nil
	}
	head := fmt.Sprintf("%d resource%s%s, newest first:", len(rs), plural(len(rs)), about)
	return bot.Reply{Text: head + "\n" + l.lines(rs), Ephemeral: true, Data: data}, nil
}

func hasAnyTheme(r *Resource, want []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		for _, t := range r.Themes {
			if strings.EqualFold(w, t) {
				return true
			}
		}
	}
	return false
}

// lines lists resources one to a line, up to maxShown.
func (l *Library) lines(rs []*Resource) string {
	var b strings.Builder
	for i, r := range rs {
		if i == maxShown {
			fmt.Fprintf(&b, "…and %d more. Narrow it down with `resource search` or a #theme.\n", len(rs)-maxShown)
			break
		}
		fmt.Fprintf(&b, "• *%d* %s — %s", r.ID, shown(r.Title), r.URL)
		if len(r.Themes) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(r.Themes, ", "))
		}
		fmt.Fprintf(&b, " · %s, %s\n", l.sharerName(r), l.shortDate(r.At))
	}
	return strings.TrimRight(b.String(), "\n")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
