package directory

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
	masks := make([]bitset, len(q.themes))
	var any bitset
	for k, t := range q.themes {
		masks[k] = d.m.expandBits[t]
		any.or(masks[k])
	}
	areaBit, townBit := -1, d.m.areaOrder[Town]
	if q.area != "" && q.area != Town {
		areaBit = d.m.areaOrder[q.area]
	}
	// Hits fall into buckets by group (local or town-wide), then more
	// themes matched, then main theme; the scan is in name order, so each
	// bucket is already sorted and no sort is needed.
	nScore := len(masks) + 1
	buckets := make([][]int32, 2*nScore*2)
	local := 0
	visit := func(i int32, group int) {
		b := &ix.bits[i]
		if !b.themes.meets(any) {
			return
		}
		score := 0
		for _, m := range masks {
			if b.themes.meets(m) {
				score++
			}
		}
		notPrimary := 1
		if b.first >= 0 && any.has(b.first) {
			notPrimary = 0
		}
		if areaBit >= 0 && group == 0 {
			local++
		}
		id := (group*nScore+(len(masks)-score))*2 + notPrimary
		buckets[id] = append(buckets[id], i)
		a.Total++
	}
	if areaBit < 0 {
		// The whole town: town-wide services first, then the rest.
		for i := range ix.bits {
			group := 1
			if ix.bits[i].areas.has(townBit) {
				group = 0
			}
			visit(int32(i), group)
		}
	} else {
		// Merge the services based in the area with the town-wide ones;
		// both lists are in name order.
		in, town := ix.byArea[areaBit], ix.byArea[townBit]
		for len(in) > 0 || len(town) > 0 {
			switch {
			case len(town) == 0 || (len(in) > 0 && in[0] < town[0]):
				visit(in[0], 0)
				in = in[1:]
			case len(in) == 0 || town[0] < in[0]:
				visit(town[0], 1)
				town = town[1:]
			default: // both: it is based in the area
				visit(in[0], 0)
				in, town = in[1:], town[1:]
			}
		}
	}
	a.Local = local
	a.Pages = (a.Total + PageSize - 1) / PageSize
	if a.Pages == 0 {
		a.Pages = 1
	}
	from := (page - 1) * PageSize
	k := 0
	for id, bucket := range buckets {
		for _, i := range bucket {
			if k >= from+PageSize {
				break
			}
			if k >= from {
				s := ix.active[i]
				r := Result{Service: *s, Local: areaBit >= 0 && id < 2*nScore}
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
			k++
		}
	}
	return a, nil
}
