package web

// Colours are the page's palette, filled into static/style.css. Every text
// colour is checked against every background it sits on (TestPaletteContrast):
// WCAG 2.2 AA asks 4.5:1 for text and 3:1 for focus indicators and borders
// that carry meaning.
type Colours struct {
	Text, Muted, Page, Link, Visited string
	Band, BandText                   string // the header band
	Card, Border                     string
	Local, Townwide, Gap             string // cell backgrounds; text is Text
	LocalEdge, TownwideEdge, GapEdge string // legend swatch borders
	Focus, FocusText                 string // focused link: background and text
	Outline                          string // focus outline
	Button, ButtonText               string
	Note                             string // background of notes and messages
}

// Palette is the palette in use.
var Palette = Colours{
	Text:         "#1b1b1b",
	Muted:        "#4b4b4b",
	Page:         "#ffffff",
	Link:         "#0b4f8a",
	Visited:      "#5a2d82",
	Band:         "#1d3c5a",
	BandText:     "#ffffff",
	Card:         "#f6f6f4",
	Border:       "#767676",
	Local:        "#cfe9d6",
	Townwide:     "#fbe6ad",
	Gap:          "#f6d2d2",
	LocalEdge:    "#1e6b3a",
	TownwideEdge: "#7a5a00",
	GapEdge:      "#a12525",
	Focus:        "#ffdd00",
	FocusText:    "#0b0c0c",
	Outline:      "#0b0c0c",
	Button:       "#1e6b3a",
	ButtonText:   "#ffffff",
	Note:         "#eef3f8",
}

// A pairing is a foreground drawn on a background, and the contrast WCAG
// asks of it.
type pairing struct {
	What    string
	Fg, Bg  string
	Minimum float64
}

// pairings lists every foreground and background the style sheet puts
// together.
func (c Colours) pairings() []pairing {
	var ps []pairing
	for _, bg := range []struct{ name, colour string }{{"page", c.Page}, {"card", c.Card}, {"note", c.Note}} {
		ps = append(ps,
			pairing{"text on " + bg.name, c.Text, bg.colour, 4.5},
			pairing{"muted text on " + bg.name, c.Muted, bg.colour, 4.5},
			pairing{"link on " + bg.name, c.Link, bg.colour, 4.5},
			pairing{"visited link on " + bg.name, c.Visited, bg.colour, 4.5},
			pairing{"focus outline on " + bg.name, c.Outline, bg.colour, 3},
			pairing{"border on " + bg.name, c.Border, bg.colour, 3},
		)
	}
	for _, cell := range []struct{ name, bg, edge string }{{"local", c.Local, c.LocalEdge}, {"town-wide only", c.Townwide, c.TownwideEdge}, {"gap", c.Gap, c.GapEdge}} {
		ps = append(ps,
			pairing{"text in a " + cell.name + " cell", c.Text, cell.bg, 4.5},
			pairing{"focus outline on a " + cell.name + " cell", c.Outline, cell.bg, 3},
			pairing{cell.name + " swatch edge on the page", cell.edge, c.Page, 3},
		)
	}
	ps = append(ps,
		pairing{"header text on the band", c.BandText, c.Band, 4.5},
		pairing{"focused link text", c.FocusText, c.Focus, 4.5},
		pairing{"focus background beside the band", c.Focus, c.Band, 3},
		pairing{"button text", c.ButtonText, c.Button, 4.5},
		pairing{"button on the page", c.Button, c.Page, 3},
	)
	return ps
}
