package chart

import (
	"strconv"

	"github.com/go-analyze/charts"
)

// ConsentView is what Consent draws, worked out by ConsentSpec.
type ConsentView struct {
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Title  string `json:"title"`
	// Note is shown under the title: "No votes yet", or how many blocked
	// (in red), or "".
	Note string `json:"note,omitempty"`
	// Total is the number of responses.
	Total int `json:"total"`
	// Segments are agree, abstain, disagree and block, in that order; a
	// segment with no responses has no width but is still in the legend.
	Segments []Segment `json:"segments"`

	barY, legendY int
}

// A Segment is one kind of response.
type Segment struct {
	// Kind is "agree", "abstain", "disagree" or "block".
	Kind string `json:"kind"`
	// Legend is the legend's text: "Agree 12 (60%)".
	Legend string `json:"legend"`
	// Count is how many responded so.
	Count int `json:"count"`
	// X is the segment's left edge, Width its width in pixels.
	X     int `json:"x"`
	Width int `json:"width"`
	// Inside is the count drawn inside the segment, if it fits.
	Inside string `json:"inside,omitempty"`

	fill charts.Color
}

// Consent geometry.
const (
	consentBarH = 56
	legendH     = 30
	swatch      = 16
)

var consentKinds = []struct {
	kind, label string
	fill        charts.Color
}{
	{"agree", "Agree", barBlue},
	{"abstain", "Abstain", neutral},
	{"disagree", "Disagree", orange},
	{"block", "Block", blockRed},
}

// ConsentSpec works out what Consent draws: the segments' widths (summing to
// the bar's width exactly), their labels and the legend.
func ConsentSpec(title string, agree, abstain, disagree, block int) ConsentView {
	m := newMeasurer()
	counts := []int{max(agree, 0), max(abstain, 0), max(disagree, 0), max(block, 0)}
	s := ConsentView{Width: chatWidth, Title: m.fit(clean(title), titleText, chatWidth-2*margin)}
	for _, n := range counts {
		s.Total += n
	}
	switch {
	case s.Total == 0:
		s.Note = "No votes yet"
	case counts[3] > 0:
		s.Note = "Blocked: " + plural(counts[3], "block", "blocks")
	}
	barW := chatWidth - 2*margin
	widths := apportion(counts, barW)
	x := margin
	for i, k := range consentKinds {
		g := Segment{Kind: k.kind, Count: counts[i], X: x, Width: widths[i], fill: k.fill}
		g.Legend = k.label + " " + strconv.Itoa(counts[i])
		if s.Total > 0 {
			g.Legend += " (" + percent(float64(counts[i])/float64(s.Total)*100) + ")"
		}
		g.Legend = m.fit(g.Legend, legendStyle(g), legendItemW-swatch-16)
		if n := strconv.Itoa(counts[i]); counts[i] > 0 && m.width(n, headText)+8 <= g.Width {
			g.Inside = n
		}
		x += g.Width
		s.Segments = append(s.Segments, g)
	}
	s.barY = headerHeight(s.Note) + 8
	s.legendY = s.barY + consentBarH + 14
	s.Height = s.legendY + legendH + margin
	return s
}

// apportion splits w pixels in proportion to counts by largest remainder, so
// the widths add up to w exactly (or to 0 when every count is 0) and any
// count above 0 gets at least 2 pixels.
func apportion(counts []int, w int) []int {
	out := make([]int, len(counts))
	total := 0
	for _, n := range counts {
		total += n
	}
	if total == 0 {
		return out
	}
	used := 0
	rem := make([]int, len(counts)) // remainders, in units of 1/total pixel
	for i, n := range counts {
		out[i] = n * w / total
		rem[i] = n * w % total
		used += out[i]
	}
	for ; used < w; used++ {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	for i, n := range counts {
		for n > 0 && out[i] < 2 {
			widest := 0
			for j := range out {
				if out[j] > out[widest] {
					widest = j
				}
			}
			out[widest]--
			out[i]++
		}
	}
	return out
}

// legendItemW is the width of each of the four legend items.
const legendItemW = (chatWidth - 2*margin) / 4

// legendStyle is bold red for blocks, plain otherwise.
func legendStyle(g Segment) textStyle {
	if g.Kind == "block" && g.Count > 0 {
		return headText.with(alarmText)
	}
	return bodyText
}

// Consent renders a consent poll as a PNG: agree, abstain, disagree and block
// as one stacked horizontal bar with the counts inside where they fit, and a
// legend with every count and share. Blocks are a strong red, and a note
// under the title says how many there were.
func Consent(title string, agree, abstain, disagree, block int) ([]byte, error) {
	s := ConsentSpec(title, agree, abstain, disagree, block)
	c := newCanvas(s.Width, s.Height)
	noteStyle := noteText
	if s.Total > 0 && s.Segments[3].Count > 0 {
		noteStyle = headText.with(alarmText)
	}
	c.header(s.Title, s.Note, noteStyle)
	c.rect(margin, s.barY, s.Width-margin, s.barY+consentBarH, track)
	mid := s.barY + consentBarH/2
	for _, g := range s.Segments {
		c.rect(g.X, s.barY, g.X+g.Width, s.barY+consentBarH, g.fill)
		c.textCentre(g.Inside, g.X+g.Width/2, mid, headText.with(onFill(g.fill)))
	}
	// Thin white gaps between segments, so neighbours never merge.
	for _, g := range s.Segments[1:] {
		if g.Width > 0 && g.X > margin {
			c.rect(g.X-1, s.barY, g.X+1, s.barY+consentBarH, paper)
		}
	}
	ly := s.legendY + legendH/2
	for i, g := range s.Segments {
		x := margin + i*legendItemW
		c.rect(x, ly-swatch/2, x+swatch, ly+swatch/2, g.fill)
		c.text(g.Legend, x+swatch+8, ly, legendStyle(g))
	}
	return c.png()
}
