// Package resource is the partnership's shared library of links: toolkits,
// guides and documents members share in a channel and find again by theme
// or by words.
package resource

import (
	"errors"
	"strings"
	"time"

	"partnerbot/bot"
)

// ThemeMatcher knows the directory's themes: it finds the themes named in
// free text (with their synonyms: "foodbank" is food, "elderly" is older
// people) and lists every theme's name. The directory provides it.
type ThemeMatcher interface {
	Themes(text string) []string
	ThemeNames() []string
}

// Library is the resource capability.
type Library struct {
	env    *bot.Env
	themes ThemeMatcher
}

// New returns the library on env. themes may be nil, in which case no theme
// tags are accepted.
func New(env *bot.Env, themes ThemeMatcher) (*Library, error) {
	if env == nil || env.DB == nil || env.Clock == nil || env.Pub == nil {
		return nil, errors.New("resource: env needs a database, a clock and a publisher")
	}
	if themes == nil {
		themes = noThemes{}
	}
	return &Library{env: env, themes: themes}, nil
}

type noThemes struct{}

func (noThemes) Themes(string) []string { return nil }
func (noThemes) ThemeNames() []string   { return nil }

func (l *Library) loc() *time.Location {
	if l.env.Loc != nil {
		return l.env.Loc
	}
	return time.UTC
}

func (l *Library) log(msg string, args ...any) {
	if l.env.Log != nil {
		l.env.Log.Warn(msg, args...)
	}
}

// Commands returns `resource share|search|list|remove`.
func (l *Library) Commands() []*bot.Command {
	return []*bot.Command{{
		Name:    "resource",
		Summary: "share links, toolkits and documents, and find them again by theme",
		Examples: []string{
			`resource share https://example.org/warm-spaces "Warm spaces toolkit" #energy-and-warmth`,
			"resource search food bank referrals",
			"resource list #older-people",
		},
		Subs: []*bot.Command{
			{
				Name:    "share",
				Summary: "add a link to the library and post it to the room",
				Usage:   `resource share URL "Title" [#theme ...] ["description"] [--room ROOM]`,
				Examples: []string{
					shareExample,
					`resource share https://example.org/guide.pdf "Benefits guide" #money-and-debt --room sip-general`,
				},
				Args:   []bot.Arg{{Name: "link", Kind: bot.Text, Help: `the link, a "Title" in quotes, #themes and an optional "description"`}},
				Flags:  []bot.Flag{{Name: "room", Kind: bot.StringFlag, Help: "the room to post it to (default: this channel's room)"}},
				Handle: l.share,
			},
			{
				Name:     "search",
				Summary:  "find shared resources by words or theme",
				Usage:    "resource search WORDS...",
				Examples: []string{"resource search warm spaces", "resource search elderly"},
				Args:     []bot.Arg{{Name: "words", Kind: bot.Text, Required: true, Help: "words from the title or description, or a theme"}},
				Handle:   l.search,
			},
			{
				Name:     "list",
				Summary:  "the latest shared resources, optionally for one theme",
				Usage:    "resource list [#theme]",
				Examples: []string{"resource list", "resource list #food"},
				Args:     []bot.Arg{{Name: "theme", Kind: bot.Text, Help: "a theme, like #food or #older-people", Autocomplete: "theme"}},
				Handle:   l.list,
			},
			{
				Name:     "remove",
				Summary:  "take a resource out of the library (who shared it, or an admin)",
				Usage:    "resource remove ID",
				Examples: []string{"resource remove 4"},
				Args:     []bot.Arg{{Name: "id", Kind: bot.Int, Required: true, Help: "the resource's number"}},
				Handle:   l.remove,
			},
		},
	}}
}

// commandText is the text the request carries: the typed command or the
// button's command.
func commandText(req *bot.Request) string {
	if req.Action != "" {
		return req.Action
	}
	return req.Text
}

// shortDate is "Tue 3 Nov", with the year when it is not this year.
func (l *Library) shortDate(t time.Time) string {
	t = t.In(l.loc())
	if t.Year() == l.env.Clock.Now().In(l.loc()).Year() {
		return t.Format("Mon 2 Jan")
	}
	return t.Format("Mon 2 Jan 2006")
}

func (l *Library) sharerName(r *Resource) string {
	if r.By == "" {
		return FormerMember
	}
	if r.ByName != "" {
		return shown(r.ByName)
	}
	if l.env.People != nil {
		return shown(l.env.People.Name(r.By))
	}
	return r.By.Local()
}

// card is how a resource is posted: title, link, description, themes and
// who shared it when.
func (l *Library) card(r *Resource) bot.Reply {
	text := r.URL
	if r.Description != "" {
		text += "\n" + neutralise(r.Description)
	}
	rep := bot.Reply{
		Title:   shown(r.Title),
		Text:    text,
		Context: []string{"Shared by " + l.sharerName(r) + " on " + r.At.In(l.loc()).Format("Mon 2 Jan 2006") + " · resource " + bot.Itoa(int(r.ID))},
		Key:     key(r.ID),
		Data:    map[string]any{"id": r.ID},
	}
	if len(r.Themes) > 0 {
		rep.Fields = []bot.Field{{Name: "Themes", Value: strings.Join(r.Themes, ", "), Inline: true}}
	}
	return rep
}

func key(id uint64) string { return "resource:" + bot.Itoa(int(id)) }

// canChange reports whether req may remove r: the sharer or an admin (a
// former member's resource: an admin).
func canChange(req *bot.Request, r *Resource) bool {
	return req.Admin || (r.By != "" && (r.By == req.User || r.By == req.Person))
}
