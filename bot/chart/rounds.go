package chart

import (
	"strconv"
	"strings"
)

// Round is one instant-runoff round.
type Round struct {
	Number int
	// Bars are the options still counting in this round, with their votes
	// and shares of the round's votes.
	Bars []Bar
	// Eliminated is the label of the option knocked out after this round, or
	// "" (the last round).
	Eliminated string
}

// RoundsView is what Rounds draws, worked out by RoundsSpec.
type RoundsView struct {
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Title  string `json:"title"`
	// Note is shown under the title: "No votes yet", "No rounds yet" or "".
	Note string `json:"note,omitempty"`
	// Columns is how many panels sit side by side.
	Columns int     `json:"columns"`
	Panels  []Panel `json:"panels"`

	panelW int
	rows   rowsLayout
}

// A Panel is one round.
type Panel struct {
	// Heading is "Round N".
	Heading string `json:"heading"`
	// Rows have bars scaled to the option's share: a full track is 100% of
	// the round's votes, and a dashed line marks a majority (50%).
	Rows []BarRow `json:"rows"`
	// Footer says who was eliminated, or that this is the final round.
	Footer string `json:"footer"`
	// X and Y are the panel's top left corner, Height its height.
	X      int `json:"x"`
	Y      int `json:"y"`
	Height int `json:"height"`
}

// Rounds geometry.
const (
	panelGap     = 16
	panelPad     = 12
	panelHeadH   = 32
	panelFootH   = 30
	roundsRowH   = 26
	roundsBarH   = 18
	roundsLabel1 = 240 // the longest label in a full-width panel (one round)
	roundsLabel2 = 120 // …in a half-width panel
)

// RoundsSpec works out what Rounds draws: one panel per round, two to a row
// (one if there is only one round), each panel as tall as its rows need and
// panels side by side as tall as each other. A long count shows the first
// round and the last maxPanels-1; the note says which rounds are left out and
// who went out in them.
func RoundsSpec(title string, rounds []Round) RoundsView {
	m := newMeasurer()
	s := RoundsView{Width: chatWidth, Title: m.fit(clean(title), titleText, chatWidth-2*margin), Columns: 2}
	if len(rounds) == 1 {
		s.Columns = 1
	}
	maxLabel := roundsLabel2
	if s.Columns == 1 {
		maxLabel = roundsLabel1
	}
	s.panelW = (chatWidth - 2*margin - (s.Columns-1)*panelGap) / s.Columns

	var votes float64
	for _, r := range rounds {
		for _, b := range r.Bars {
			votes += finite(b.Value)
		}
	}
	switch {
	case len(rounds) == 0:
		s.Note = "No rounds yet"
	case votes == 0:
		s.Note = "No votes yet"
	}
	shown := make([]int, 0, len(rounds))
	for i := range rounds {
		if len(rounds) <= maxPanels || i == 0 || i > len(rounds)-maxPanels {
			shown = append(shown, i)
		}
	}
	if len(rounds) > maxPanels {
		skipped := rounds[1 : len(rounds)-maxPanels+1]
		var outs []string
		for _, r := range skipped {
			if o := clean(r.Eliminated); o != "" {
				outs = append(outs, o)
			}
		}
		note := "Rounds " + skipped[0].number(2) + "–" + skipped[len(skipped)-1].number(len(rounds)-maxPanels+1) + " not shown"
		if len(outs) > 0 {
			note += "; out in turn: " + strings.Join(outs, ", ")
		}
		s.Note = m.fit(note, noteText, chatWidth-2*margin)
	}

	// Lay out every shown round's rows with one shared layout so bars line
	// up across panels.
	var labels, values []string
	counted := make([][]Bar, len(rounds))
	for _, i := range shown {
		counted[i] = shares(rounds[i].Bars)
		for _, b := range counted[i] {
			labels = append(labels, clean(b.Label))
			values = append(values, number(b.Value)+" ("+percent(b.Percent)+")")
		}
	}
	fitted, rl := layoutRows(m, labels, values, 0, s.panelW-2*panelPad, maxLabel, smallText, roundsRowH, roundsBarH)
	s.rows = rl

	k := 0
	for _, i := range shown {
		r := rounds[i]
		p := Panel{Heading: "Round " + r.number(i+1)}
		out := clean(r.Eliminated)
		lead := 0.0
		for _, b := range counted[i] {
			lead = max(lead, b.Value)
		}
		for _, b := range counted[i] {
			p.Rows = append(p.Rows, BarRow{Label: fitted[k], Value: values[k], Length: scale(b.Percent, 100, rl.trackW),
				Lead: lead > 0 && b.Value == lead, Out: out != "" && clean(b.Label) == out})
			k++
		}
		switch {
		case out != "":
			p.Footer = m.fit("Eliminated: "+out, smallText, s.panelW-2*panelPad)
		case i == len(rounds)-1:
			p.Footer = m.fit(final(counted[i]), smallText, s.panelW-2*panelPad)
		}
		s.Panels = append(s.Panels, p)
	}

	y := headerHeight(s.Note) + 4
	for row := 0; row*s.Columns < len(s.Panels); row++ {
		line := s.Panels[row*s.Columns : min((row+1)*s.Columns, len(s.Panels))]
		h := 0
		for _, p := range line {
			h = max(h, panelHeadH+len(p.Rows)*roundsRowH+panelFootH)
		}
		for j := range line {
			line[j].X = margin + j*(s.panelW+panelGap)
			line[j].Y = y
			line[j].Height = h
		}
		y += h + panelGap
	}
	s.Height = max(y-panelGap, headerHeight(s.Note)) + margin
	return s
}

// maxPanels is the most rounds drawn; more would make a picture too tall to
// take in.
const maxPanels = 6

// number is a round's number, or its position (from 1) if it has none.
func (r Round) number(pos int) string {
	if r.Number <= 0 {
		return strconv.Itoa(pos)
	}
	return strconv.Itoa(r.Number)
}

// majorityKey explains the dashed line.
const majorityKey = "majority"

// final sums up the last round: who has a majority, or who leads.
func final(bars []Bar) string {
	var lead Bar
	n := 0
	for _, b := range bars {
		switch {
		case b.Value > lead.Value:
			lead, n = b, 1
		case b.Value == lead.Value && b.Value > 0:
			n++
		}
	}
	switch {
	case n == 0:
		return "Final round"
	case n > 1:
		return "Final round: a tie"
	case lead.Percent > 50:
		return "Final round: " + clean(lead.Label) + " has a majority"
	}
	return "Final round: " + clean(lead.Label) + " leads"
}

// Rounds renders an instant-runoff count as a PNG: one small panel per round,
// titled "Round N", bars scaled to each option's share of that round with a
// dashed majority line, and who was eliminated (their bar in grey).
func Rounds(title string, rounds []Round) ([]byte, error) {
	s := RoundsSpec(title, rounds)
	c := newCanvas(s.Width, s.Height)
	c.header(s.Title, s.Note, noteText)
	for _, p := range s.Panels {
		x0, y0, x1, y1 := p.X, p.Y, p.X+s.panelW, p.Y+p.Height
		c.rect(x0, y0, x1, y1, rule)
		c.rect(x0+1, y0+1, x1-1, y1-1, paper)
		c.text(p.Heading, x0+panelPad, y0+panelHeadH/2+2, headText)
		c.textRight(majorityKey, x1-panelPad, y0+panelHeadH/2+2, smallText.with(softInk))
		kx := x1 - panelPad - c.width(majorityKey, smallText) - 10
		c.dashed(kx, y0+panelHeadH/2-6, kx, y0+panelHeadH/2+10, ink)
		l := s.rows
		l.x = x0 + panelPad
		rowsTop := y0 + panelHeadH
		c.drawRows(p.Rows, l, rowsTop)
		if len(p.Rows) > 0 {
			// The majority line: half the track.
			mx := l.x + l.trackX + l.trackW/2
			c.dashed(mx, rowsTop+2, mx, rowsTop+len(p.Rows)*l.rowH-2, ink)
		}
		foot := smallText.with(alarmText)
		if strings.HasPrefix(p.Footer, "Final round") {
			foot = headText
			foot.pt = smallPt
		}
		c.text(p.Footer, x0+panelPad, y1-panelFootH/2-2, foot)
	}
	return c.png()
}
