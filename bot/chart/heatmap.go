package chart

import (
	"fmt"
	"math"

	"github.com/go-analyze/charts"
)

// Cell kinds for the provision heat map.
const (
	// Local: at least one service based in or serving the area itself.
	Local = "local"
	// TownWide: only services that cover the whole town.
	TownWide = "townwide"
	// Gap: no service at all.
	Gap = "gap"
)

// kindFill is each kind's colour: Okabe–Ito blue, sky blue and orange, told
// apart by people with any common colour-vision deficiency and always backed
// by the cell's text.
var kindFill = map[string]charts.Color{Local: barBlue, TownWide: skyBlue, Gap: orange}

// HeatMapView is what HeatMap draws, worked out by HeatMapSpec.
type HeatMapView struct {
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Title  string `json:"title"`
	// Note is "Nothing to map yet" when there are no rows or columns.
	Note string `json:"note,omitempty"`
	// Rows and Cols are the themes and areas as shown.
	Rows []string `json:"rows"`
	Cols []string `json:"cols"`
	// Cells[r][c] is the cell for Rows[r] in Cols[c].
	Cells [][]Cell `json:"cells"`
	// Legend explains the kinds, each with a sample cell.
	Legend []LegendItem `json:"legend"`
	// Upright is true when area names are drawn upright (reading upwards)
	// because there are too many areas for them to fit across.
	Upright bool `json:"upright,omitempty"`
	// CellWidth and CellHeight are each cell's size in pixels.
	CellWidth  int `json:"cell_width"`
	CellHeight int `json:"cell_height"`

	labelW, headH, gridX, gridY, legendY int
}

// A Cell is one theme in one area.
type Cell struct {
	Kind  string `json:"kind"`
	Label string `json:"label"`
}

// A LegendItem is a kind, a sample label and what it means.
type LegendItem struct {
	Kind   string `json:"kind"`
	Sample string `json:"sample"`
	Text   string `json:"text"`
}

var heatLegend = []LegendItem{
	{Local, "3", "Local services (how many)"},
	{TownWide, "TW", "Town-wide services only"},
	{Gap, "gap", "No service at all"},
}

// Heat map geometry.
const (
	heatCellH     = 30
	heatMinCellW  = 40
	heatMaxCellW  = 96
	heatWideCellW = 190 // the widest cell, to fit an area's name across
	heatMaxRow    = 200 // the longest theme label
	heatMaxCol    = 170 // the longest area label (drawn upright)
	heatLegendH   = 34
)

// HeatMapSpec works out what HeatMap draws. It asks kind and label for every
// cell, and refuses a kind other than Local, TownWide or Gap.
func HeatMapSpec(title string, rows, cols []string, kind func(r, c int) string, label func(r, c int) string) (HeatMapView, error) {
	m := newMeasurer()
	s := HeatMapView{Width: chatWidth, Title: m.fit(clean(title), titleText, chatWidth-2*margin), CellHeight: heatCellH, Legend: heatLegend}
	if len(rows) == 0 || len(cols) == 0 {
		s.Note = "Nothing to map yet"
		s.Height = headerHeight(s.Note) + margin
		return s, nil
	}
	if kind == nil || label == nil {
		return s, fmt.Errorf("chart: heat map %q needs both a kind and a label function", title)
	}
	for _, r := range rows {
		f := m.fit(clean(r), bodyText, heatMaxRow)
		s.Rows = append(s.Rows, f)
		s.labelW = max(s.labelW, m.width(f, bodyText))
	}
	colW := 0
	for _, c := range cols {
		f := m.fit(clean(c), smallText, heatMaxCol)
		s.Cols = append(s.Cols, f)
		colW = max(colW, m.width(f, smallText))
	}
	s.gridX = margin + s.labelW + colGap
	avail := (chatWidth - margin - s.gridX) / len(cols)
	if colW+12 <= min(avail, heatWideCellW) {
		// Few areas: the names fit across, so no one has to tilt their head.
		s.CellWidth = max(colW+12, min(avail, heatMaxCellW))
		s.headH = smallText.px() + 10
	} else {
		s.CellWidth = min(max(avail, heatMinCellW), heatMaxCellW)
		s.headH = colW + 10
		s.Upright = true
	}
	s.Width = max(chatWidth, s.gridX+len(cols)*s.CellWidth+margin)
	s.gridY = headerHeight("") + 4 + s.headH

	for r := range rows {
		line := make([]Cell, len(cols))
		for c := range cols {
			k := kind(r, c)
			if _, ok := kindFill[k]; !ok {
				return s, fmt.Errorf("chart: heat map cell %q × %q has kind %q; want %q, %q or %q", rows[r], cols[c], k, Local, TownWide, Gap)
			}
			line[c] = Cell{Kind: k, Label: m.fit(clean(label(r, c)), smallText, s.CellWidth-6)}
		}
		s.Cells = append(s.Cells, line)
	}
	s.legendY = s.gridY + len(rows)*heatCellH + 14
	s.Height = s.legendY + heatLegendH + margin
	return s, nil
}

// HeatMap renders the provision map as a PNG: themes (rows) by areas
// (columns), each cell coloured by kind and labelled (the number of local
// services, "TW" for town-wide only, "gap"), with a legend.
func HeatMap(title string, rows, cols []string, kind func(r, c int) string, label func(r, c int) string) ([]byte, error) {
	s, err := HeatMapSpec(title, rows, cols, kind, label)
	if err != nil {
		return nil, err
	}
	c := newCanvas(s.Width, s.Height)
	c.header(s.Title, s.Note, noteText)
	if s.Note != "" {
		return c.png()
	}
	// Area names over each column: across, or upright reading upwards,
	// bottom-aligned.
	for j, name := range s.Cols {
		if !s.Upright {
			c.textCentre(name, s.gridX+j*s.CellWidth+s.CellWidth/2, s.gridY-s.headH/2, smallText)
			continue
		}
		x := s.gridX + j*s.CellWidth + s.CellWidth/2 + smallText.px()/2 - 3
		c.textAt(name, x, s.gridY-6, -math.Pi/2, smallText)
	}
	for i, name := range s.Rows {
		y := s.gridY + i*heatCellH
		c.text(name, margin, y+heatCellH/2, bodyText)
		for j, cell := range s.Cells[i] {
			x := s.gridX + j*s.CellWidth
			c.drawCell(x, y, s.CellWidth, heatCellH, cell)
		}
	}
	// The legend: a sample cell and its meaning, side by side.
	x := margin
	for _, it := range s.Legend {
		c.drawCell(x, s.legendY, heatMinCellW, heatCellH, Cell{Kind: it.Kind, Label: it.Sample})
		c.text(it.Text, x+heatMinCellW+8, s.legendY+heatCellH/2, smallText)
		x += heatMinCellW + 8 + c.width(it.Text, smallText) + 24
	}
	return c.png()
}

// drawCell fills a cell, leaving a 1-pixel white line around it, and centres
// its label in ink or white, whichever contrasts more.
func (c *canvas) drawCell(x, y, w, h int, cell Cell) {
	fill := kindFill[cell.Kind]
	c.rect(x+1, y+1, x+w-1, y+h-1, fill)
	c.textCentre(cell.Label, x+w/2, y+h/2, smallText.with(onFill(fill)))
}
