package chart

import (
	"math"
)

// A BarRow is one option as drawn.
type BarRow struct {
	// Label is the option's label as shown: cleaned and, if long, cut with "…".
	Label string `json:"label"`
	// Value is the count and share as shown: "12 (40%)".
	Value string `json:"value"`
	// Length is the bar's length in pixels.
	Length int `json:"length"`
	// Lead marks the option(s) with the most; their value is shown in bold.
	Lead bool `json:"lead,omitempty"`
	// Out marks an option eliminated in this round; its bar is grey.
	Out bool `json:"out,omitempty"`
}

// rowsLayout places a list of bar rows: label | track with bar | value.
type rowsLayout struct {
	x, w           int // the whole row's left edge and width
	labelW         int // the label column
	trackX, trackW int // relative to x
	rowH, barH     int
	text           textStyle
}

const (
	colGap = 10 // between label, track and value
)

// layoutRows fits labels into at most maxLabel pixels and the widest value
// into the right of a row of width w, and gives the rest to the track.
func layoutRows(m measurer, labels, values []string, x, w, maxLabel int, st textStyle, rowH, barH int) ([]string, rowsLayout) {
	l := rowsLayout{x: x, w: w, rowH: rowH, barH: barH, text: st}
	fitted := make([]string, len(labels))
	for i, s := range labels {
		fitted[i] = m.fit(s, st, maxLabel)
		l.labelW = max(l.labelW, m.width(fitted[i], st))
	}
	valueW := 0
	for _, s := range values {
		vs := st
		vs.bold = true // room for the bold lead value
		valueW = max(valueW, m.width(s, vs))
	}
	l.trackX = l.labelW + colGap
	l.trackW = max(w-l.trackX-colGap-valueW, 20)
	return fitted, l
}

// scale is the bar length for v out of full on a track of width w: at least
// 2 pixels for anything above nothing, so a single vote shows.
func scale(v, full float64, w int) int {
	if v <= 0 || full <= 0 {
		return 0
	}
	n := int(math.Round(v / full * float64(w)))
	return min(max(n, 2), w)
}

// drawRows draws rows from y down, one per rowH.
func (c *canvas) drawRows(rows []BarRow, l rowsLayout, y int) {
	for i, r := range rows {
		mid := y + i*l.rowH + l.rowH/2
		labelStyle := l.text
		if r.Out {
			labelStyle = labelStyle.with(softInk)
		}
		c.text(r.Label, l.x, mid, labelStyle)
		tx := l.x + l.trackX
		top := mid - l.barH/2
		c.rect(tx, top, tx+l.trackW, top+l.barH, track)
		fill := barBlue
		if r.Out {
			fill = outGrey
		}
		c.rect(tx, top, tx+r.Length, top+l.barH, fill)
		vs := l.text
		vs.bold = r.Lead
		if r.Out {
			vs = vs.with(softInk)
		}
		c.textRight(r.Value, l.x+l.w, mid, vs)
	}
}
