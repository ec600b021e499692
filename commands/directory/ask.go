package directory

import "sort"

// An Answer is what the directory found for a question: the one code path
// behind `who` and the web pages.
type Answer struct {
	// Question is the question as asked, without "page N".
	Question string
	// Themes are the themes understood, in the order asked.
	Themes []string
	// Area is the area understood (canonical), "Stevenage" for the whole
	// town, or "" if none was named.
	Area string
	// AreaTyped is what was typed when the area was a near miss ("Bedwel").
	AreaTyped string
	// OtherAreas are further areas named; the answer is for Area only.
	OtherAreas []string
	// UnknownArea is a place named that the directory does not know; when
	// set there are no results.
	UnknownArea string
	// Results is the page asked for.
	Results []Result
	// Total counts every matching service; Local those based in Area.
	Total, Local int
	// Page (from 1) and Pages.
	Page, Pages int
}

// A Result is one service in an answer.
type Result struct {
	Service
	// Local is true when the service is based in the area asked about
	// (false for a town-wide service, and for every service when no area
	// was named).
	Local bool
	// Matched are the asked-for themes the service covers.
	Matched []string
}

// Understood reports whether the question named at least one theme and no
// unknown area, so that results mean something.
func (a *Answer) Understood() bool { return len(a.Themes) > 0 && a.UnknownArea == "" }

// Ask answers a question in plain words. page counts from 1; 0 means the
// page the question names ("… page 2"), or the first. Services based in
// the area come first, then those across the whole town (with no area
// named: town-wide services, then those in particular areas); within each,
// those carrying more of the asked-for themes first, then those whose main
// (first) theme was asked for, then by organisation and service name.
func (d *Directory) Ask(question string, page int) (Answer, error) {
	q := d.m.parse(question)
	if page <= 0 {
		page = q.page
	}
	a := Answer{Question: q.text, Themes: q.themes, Area: q.area, AreaTyped: q.areaTyped, OtherAreas: q.otherAreas, UnknownArea: q.unknownArea, Page: page, Pages: 1}
	if !a.Understood() {
		return a, nil
	}
	ix := d.index()
	score := make(map[int]int, 64)
	for _, t := range q.themes {
		seen := map[int]bool{}
		for _, x := range d.m.expand[t] {
			for _, i := range ix.byTheme[x] {
				if !seen[i] {
					seen[i] = true
					score[i]++
				}
			}
		}
	}
	type hit struct {
		pos, score int
		local      bool
		primary    bool // the service's first theme is one asked for
	}
	hits := make([]hit, 0, len(score))
	for i, sc := range score {
		s := ix.active[i]
		h := hit{pos: i, score: sc, primary: d.primary(s, q.themes)}
		switch {
		case q.area == "" || q.area == Town:
		case s.serves(q.area):
			h.local = true
		case s.serves(Town):
		default:
			continue
		}
		hits = append(hits, h)
	}
	townFirst := q.area == "" || q.area == Town
	sort.Slice(hits, func(i, j int) bool {
		x, y := hits[i], hits[j]
		if x.local != y.local {
			return x.local
		}
		if townFirst {
			tx, ty := ix.active[x.pos].Townwide(), ix.active[y.pos].Townwide()
			if tx != ty {
				return tx
			}
		}
		if x.score != y.score {
			return x.score > y.score
		}
		if x.primary != y.primary {
			return x.primary
		}
		return x.pos < y.pos
	})
	a.Total = len(hits)
	for _, h := range hits {
		if h.local {
			a.Local++
		}
	}
	a.Pages = (a.Total + PageSize - 1) / PageSize
	if a.Pages == 0 {
		a.Pages = 1
	}
	from := (page - 1) * PageSize
	for k := from; k < from+PageSize && k < len(hits); k++ {
		s := ix.active[hits[k].pos]
		r := Result{Service: *s, Local: hits[k].local}
		for _, t := range q.themes {
			for _, x := range d.m.expand[t] {
				if s.has(x) {
					r.Matched = append(r.Matched, t)
					break
				}
			}
		}
		a.Results = append(a.Results, r)
	}
	return a, nil
}

// primary reports whether a service's first theme (its main purpose) is one
// of the themes asked for, or a child of one.
func (d *Directory) primary(s *Service, themes []string) bool {
	if len(s.Themes) == 0 {
		return false
	}
	for _, t := range themes {
		for _, x := range d.m.expand[t] {
			if s.Themes[0] == x {
				return true
			}
		}
	}
	return false
}
