package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"partnerbot/commands/directory"
)

// slug makes a name into a path segment: "Bandley Hill and Poplars" →
// "bandley-hill-and-poplars", "St Nicholas" → "st-nicholas".
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r == '\'' || r == '’':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// cellPath is the page of the services behind one cell of the map.
func cellPath(area, theme string) string {
	return "/map/" + slug(area) + "/" + slug(theme)
}

// searchPath is the directory page answering a question.
func searchPath(q string) string {
	return "/directory?q=" + strings.ReplaceAll(url.QueryEscape(q), "+", "%20")
}

// mapView is the provision map as the template shows it.
type mapView struct {
	Areas                 []string
	Rows                  []mapRow
	Gaps, Townwide, Local int
}

type mapRow struct {
	Theme string
	Cells []mapCell
}

type mapCell struct {
	Area, Theme string
	State       string // directory.CellLocal, CellTownwide or CellGap
	Label       string // "3 local", "Town-wide only", "Gap"
	Href        string
}

func cellLabel(c directory.Cell) string {
	switch c.State {
	case directory.CellLocal:
		return fmt.Sprintf("%d local", len(c.Local))
	case directory.CellTownwide:
		return "Town-wide only"
	}
	return "Gap"
}

func (w *Web) serveMap(rw http.ResponseWriter, r *http.Request) {
	p := w.dir.Map()
	v := mapView{Areas: p.Areas}
	for j, t := range p.Themes {
		row := mapRow{Theme: t}
		for i, a := range p.Areas {
			c := p.Cells[i][j]
			switch c.State {
			case directory.CellGap:
				v.Gaps++
			case directory.CellTownwide:
				v.Townwide++
			default:
				v.Local++
			}
			row.Cells = append(row.Cells, mapCell{Area: a, Theme: t, State: c.State, Label: cellLabel(c), Href: cellPath(a, t)})
		}
		v.Rows = append(v.Rows, row)
	}
	w.render(rw, http.StatusOK, "map", "Provision map", "map", v)
}

// cellView is one cell's page: the services behind it.
type cellView struct {
	Title       string // "Older people in Bedwell"
	Area, Theme string
	State       string
	Label       string
	Includes    []string // the theme's children, which it counts too
	Local       []card
	Townwide    []card
	Search      string // the same question in the directory search
}

// find names the area and theme of a cell from its path segments: a slug
// from the map's own links, or any name or synonym the directory knows.
func (w *Web) find(p directory.ProvisionMap, areaSeg, themeSeg string) (area, theme string, ok bool) {
	for _, a := range p.Areas {
		if slug(a) == areaSeg {
			area = a
		}
	}
	if area == "" {
		if a, found := w.dir.Area(strings.ReplaceAll(areaSeg, "-", " ")); found {
			area = a
		}
	}
	for _, t := range p.Themes {
		if slug(t) == themeSeg {
			theme = t
		}
	}
	if theme == "" {
		if t, found := w.dir.Theme(strings.ReplaceAll(themeSeg, "-", " ")); found {
			theme = t
		}
	}
	return area, theme, area != "" && theme != ""
}

func (w *Web) serveCell(rw http.ResponseWriter, r *http.Request) {
	p := w.dir.Map()
	area, theme, ok := w.find(p, r.PathValue("area"), r.PathValue("theme"))
	c, found := p.Cell(area, theme)
	if !ok || !found {
		w.problem(rw, http.StatusNotFound, "That part of the map isn’t there",
			fmt.Sprintf("The map has the areas %s, and the themes %s.", strings.Join(p.Areas, ", "), strings.Join(p.Themes, ", ")),
			link{"/map", "Back to the provision map"}, link{"/directory", "Search the directory"})
		return
	}
	all := serviceIndex(w.dir.Services(""))
	title := capital(theme) + " in " + area
	v := cellView{Title: title, Area: area, Theme: theme, State: c.State, Label: cellLabel(c), Includes: w.children(theme),
		Search: searchPath(theme + " in " + area)}
	for _, ref := range c.Local {
		if s, ok := all[refKey(ref.Organisation, ref.Service)]; ok {
			v.Local = append(v.Local, newCard(s, true, 3))
		}
	}
	for _, ref := range c.Townwide {
		if s, ok := all[refKey(ref.Organisation, ref.Service)]; ok {
			v.Townwide = append(v.Townwide, newCard(s, false, 3))
		}
	}
	w.render(rw, http.StatusOK, "cell", title, "map", v)
}

func refKey(org, service string) string { return org + "\x00" + service }

func serviceIndex(ss []directory.Service) map[string]*directory.Service {
	m := make(map[string]*directory.Service, len(ss))
	for i := range ss {
		m[refKey(ss[i].Organisation, ss[i].Name)] = &ss[i]
	}
	return m
}

// children are the themes a theme includes (food and money for cost of
// living), from the vocabulary's parents.
func (w *Web) children(theme string) []string {
	var out []string
	for _, t := range w.dir.Vocabulary().Themes {
		if t.Parent == theme {
			out = append(out, t.Name)
		}
	}
	return out
}

func capital(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}
