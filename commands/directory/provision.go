package directory

// Cell states in the provision map.
const (
	// CellLocal: at least one service based in the area covers the theme.
	CellLocal = "local"
	// CellTownwide: only town-wide services cover it ("borough-wide only").
	CellTownwide = "townwide"
	// CellGap: nothing serves the theme there.
	CellGap = "gap"
)

// A ServiceRef names a service.
type ServiceRef struct {
	Organisation string `json:"organisation"`
	Service      string `json:"service"`
}

// A Cell is one area × theme of the provision map.
type Cell struct {
	Area     string       `json:"area"`
	Theme    string       `json:"theme"`
	State    string       `json:"state"`
	Local    []ServiceRef `json:"local,omitempty"`
	Townwide []ServiceRef `json:"townwide,omitempty"`
}

// A ProvisionMap is, for each area and theme, the local services, the
// town-wide ones, or a gap. A theme counts a service tagged with it or with
// one of its children (food covers cost of living). Town-wide cover is shown
// apart, so it never hides a lack of anything local.
type ProvisionMap struct {
	Areas  []string `json:"areas"`  // wards, then places just outside
	Themes []string `json:"themes"` // vocabulary order
	// Cells[i][j] is Areas[i] × Themes[j].
	Cells [][]Cell `json:"cells"`
}

// Cell returns the cell for an area and theme (canonical names).
func (p *ProvisionMap) Cell(area, theme string) (Cell, bool) {
	for i, a := range p.Areas {
		if a != area {
			continue
		}
		for j, t := range p.Themes {
			if t == theme {
				return p.Cells[i][j], true
			}
		}
	}
	return Cell{}, false
}

// Map builds the provision map from the active services.
func (d *Directory) Map() ProvisionMap {
	ix := d.index()
	p := ProvisionMap{Areas: d.m.v.Areas(), Themes: d.ThemeNames()}
	p.Cells = make([][]Cell, len(p.Areas))
	for i, a := range p.Areas {
		p.Cells[i] = make([]Cell, len(p.Themes))
		for j, t := range p.Themes {
			c := Cell{Area: a, Theme: t, State: CellGap}
			seen := map[int]bool{}
			for _, x := range d.m.expand[t] {
				for _, pos := range ix.byTheme[x] {
					if seen[pos] {
						continue
					}
					seen[pos] = true
					s := ix.active[pos]
					ref := ServiceRef{s.Organisation, s.Name}
					switch {
					case s.serves(a):
						c.Local = append(c.Local, ref)
					case s.serves(Town):
						c.Townwide = append(c.Townwide, ref)
					}
				}
			}
			switch {
			case len(c.Local) > 0:
				c.State = CellLocal
			case len(c.Townwide) > 0:
				c.State = CellTownwide
			}
			p.Cells[i][j] = c
		}
	}
	return p
}
