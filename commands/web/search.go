package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"

	"partnerbot/commands/directory"
)

// MaxQuery is the longest question the search takes, in characters.
const MaxQuery = 200

// examples are offered under the search box.
var examples = []string{"older people in Bedwell", "food banks in Shephall", "youth clubs near Pin Green", "mental health support for teenagers in St Nicks"}

// searchView is the directory page.
type searchView struct {
	Query    string
	Max      int
	Examples []link
	// Message explains a question that could not be answered, with links
	// to try instead.
	Message string
	Hint    string
	Suggest []link
	Answer  *answerView
}

// answerView is an answer, the way `who` gives it, as cards.
type answerView struct {
	Heading string
	Summary string
	Notes   []string
	Groups  []group
	Page    int
	Pages   int
	Prev    string
	Next    string
	Gap     bool   // nothing at all: a gap in provision
	MapLink string // the cell of the map, when one area and one theme
}

type group struct {
	Heading string
	Cards   []card
}

func (w *Web) serveDirectory(rw http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	v := searchView{Query: q, Max: MaxQuery}
	for _, e := range examples {
		v.Examples = append(v.Examples, link{searchPath(e), e})
	}
	status := http.StatusOK
	page := 0
	if ps := r.URL.Query().Get("page"); ps != "" {
		n, err := strconv.Atoi(ps)
		if err != nil || n < 1 || n > 1_000_000 {
			v.Message = fmt.Sprintf("“%s” isn’t a page number: pages count from 1.", clip(ps, 20))
			w.render(rw, http.StatusBadRequest, "directory", "Find a service", "directory", v)
			return
		}
		page = n
	}
	switch n := utf8.RuneCountInString(q); {
	case q == "":
	case n > MaxQuery:
		v.Query = clip(q, MaxQuery)
		v.Message = fmt.Sprintf("That question is %d characters long; please keep it under %d. A theme and an area are enough, like “older people in Bedwell”.", n, MaxQuery)
		status = http.StatusBadRequest
	case !hasWord(q):
		v.Message = "What would you like to find? Ask in plain words, with a theme and an area."
	default:
		w.answer(&v, q, page)
	}
	title := "Find a service"
	if v.Answer != nil {
		title = v.Answer.Heading
	}
	w.render(rw, status, "directory", title, "directory", v)
}

// answer fills v with the directory's answer to q, or with what to try
// instead when the question can't be answered.
func (w *Web) answer(v *searchView, q string, page int) {
	a, err := w.dir.Ask(q, page)
	if err != nil {
		v.Message = "Sorry, the directory couldn’t answer just now. Please try again in a moment."
		w.log().Error("web: asking the directory", "err", err)
		return
	}
	areas := w.dir.Vocabulary().Areas()
	theme := ""
	if len(a.Themes) > 0 {
		theme = a.Themes[0]
	}
	switch {
	case a.UnknownArea != "":
		v.Message = fmt.Sprintf("I don’t know the area “%s”, so I haven’t guessed.", a.UnknownArea)
		if near := w.nearestArea(a.UnknownArea); near != "" {
			v.Message += fmt.Sprintf(" Did you mean %s?", near)
		}
		v.Hint = "The areas I know (or Stevenage for the whole town):"
		if theme == "" {
			theme = "food"
		}
		for _, ar := range append(areas, directory.Town) {
			v.Suggest = append(v.Suggest, link{searchPath(theme + " in " + ar), ar})
		}
		return
	case len(a.Themes) == 0:
		v.Message = fmt.Sprintf("I couldn’t tell what kind of help you’re looking for in “%s”.", a.Question)
		v.Hint = "Try a theme:"
		for _, t := range w.dir.ThemeNames() {
			ask := t
			if a.Area != "" {
				ask += " in " + a.Area
			}
			v.Suggest = append(v.Suggest, link{searchPath(ask), t})
		}
		return
	case a.Page > a.Pages:
		v.Message = fmt.Sprintf("There %s only %d %s for that.", plural(a.Pages, "is", "are"), a.Pages, plural(a.Pages, "page", "pages"))
		v.Suggest = []link{{pagePath(a.Question, a.Pages), fmt.Sprintf("Go to page %d", a.Pages)}}
		return
	}
	v.Answer = w.answerView(a)
}

func (w *Web) answerView(a directory.Answer) *answerView {
	town := a.Area == "" || a.Area == directory.Town
	where := "across Stevenage"
	if !town {
		where = "in " + a.Area
	}
	v := &answerView{Heading: capital(andList(a.Themes)) + " " + where, Page: a.Page, Pages: a.Pages}
	if !town && len(a.Themes) == 1 {
		v.MapLink = cellPath(a.Area, a.Themes[0])
	}
	townwide := a.Total - a.Local
	switch {
	case a.Total == 0:
		v.Gap = true
		v.Summary = fmt.Sprintf("I found no service for %s %s", andList(a.Themes), where)
		if !town {
			v.Summary += ", not even one covering the whole town"
		}
		v.Summary += ". That looks like a gap in provision."
	case town:
		v.Summary = fmt.Sprintf("%d %s.", a.Total, plural(a.Total, "service", "services"))
	case a.Local == 0:
		v.Summary = fmt.Sprintf("Nothing based in %s, but %d %s across Stevenage.", a.Area, townwide, plural(townwide, "service works", "services work"))
	default:
		v.Summary = fmt.Sprintf("%d in %s, %d across Stevenage.", a.Local, a.Area, townwide)
	}
	if a.Pages > 1 && len(a.Results) > 0 {
		from := (a.Page-1)*directory.PageSize + 1
		v.Summary += fmt.Sprintf(" Showing %d–%d.", from, from+len(a.Results)-1)
	}
	if a.AreaTyped != "" {
		v.Notes = append(v.Notes, fmt.Sprintf("I read “%s” as %s.", a.AreaTyped, a.Area))
	}
	for _, t := range a.Themes {
		if kids := w.children(t); len(kids) > 0 {
			v.Notes = append(v.Notes, fmt.Sprintf("%s includes %s.", capital(t), andList(kids)))
		}
	}
	if len(a.Themes) > 1 && a.Total > 0 {
		v.Notes = append(v.Notes, "Services offering all of these come first.")
	}
	if len(a.OtherAreas) > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("This is for %s only; ask again for %s.", a.Area, andList(a.OtherAreas)))
	}
	if a.Area == "" {
		v.Notes = append(v.Notes, "Name an area to narrow it, for example “… in Bedwell”.")
	}
	for i := range a.Results {
		r := &a.Results[i]
		h := "Across Stevenage"
		switch {
		case r.Local:
			h = "Based in " + a.Area
		case town && !r.Townwide():
			h = "In particular areas"
		}
		if len(v.Groups) == 0 || v.Groups[len(v.Groups)-1].Heading != h {
			v.Groups = append(v.Groups, group{Heading: h})
		}
		g := &v.Groups[len(v.Groups)-1]
		g.Cards = append(g.Cards, newCard(&r.Service, r.Local, 4))
	}
	if a.Page > 1 {
		v.Prev = pagePath(a.Question, a.Page-1)
	}
	if a.Page < a.Pages {
		v.Next = pagePath(a.Question, a.Page+1)
	}
	return v
}

func pagePath(q string, page int) string {
	p := searchPath(q)
	if page > 1 {
		p += "&page=" + strconv.Itoa(page)
	}
	return p
}

// nearestArea suggests the area nearest to a place typed, by its name or an
// alias (the directory's own suggestion is not exported).
func (w *Web) nearestArea(s string) string {
	s = fold(s)
	voc := w.dir.Vocabulary()
	names := map[string]string{}
	for _, a := range voc.Areas() {
		names[fold(a)] = a
	}
	for alias, a := range voc.Aliases {
		names[fold(alias)] = a
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	best, bestD := "", 4
	for _, k := range keys {
		if d := levenshtein.ComputeDistance(s, k); d < bestD {
			best, bestD = names[k], d
		}
	}
	return best
}

// fold lower-cases s and keeps letters, digits and single spaces.
func fold(s string) string {
	var b strings.Builder
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// andList joins names: "a", "a and b", "a, b and c".
func andList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
