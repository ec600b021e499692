package chart

// Bar is one option's result.
type Bar struct {
	Label string
	// Value is the count of votes, or the points in a dot vote.
	Value float64
	// Percent is the option's share, 0 to 100. If every Percent is 0 but
	// some Value is not, shares of the total are worked out here.
	Percent float64
}

// BarsView is what Bars draws, worked out by BarsSpec.
type BarsView struct {
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Title  string `json:"title"`
	// Note is shown under the title: "No votes yet", "No options", or "".
	Note string   `json:"note,omitempty"`
	Rows []BarRow `json:"rows"`

	rows rowsLayout
}

// Bar chart geometry.
const (
	barsRowH     = 32
	barsBarH     = 22
	barsMaxLabel = 280
)

// BarsSpec works out what Bars draws: the labels as shown, "count (pct%)"
// values, and bar lengths scaled so the leading option fills the track.
func BarsSpec(title string, bars []Bar) BarsView {
	m := newMeasurer()
	s := BarsView{Width: chatWidth, Title: m.fit(clean(title), titleText, chatWidth-2*margin)}
	bars = shares(bars)
	var most float64
	for _, b := range bars {
		most = max(most, b.Value)
	}
	switch {
	case len(bars) == 0:
		s.Note = "No options"
	case most == 0:
		s.Note = "No votes yet"
	}
	labels, values := make([]string, len(bars)), make([]string, len(bars))
	for i, b := range bars {
		labels[i] = clean(b.Label)
		values[i] = number(b.Value) + " (" + percent(b.Percent) + ")"
		if most == 0 {
			values[i] = "0"
		}
	}
	labels, s.rows = layoutRows(m, labels, values, margin, chatWidth-2*margin, barsMaxLabel, bodyText, barsRowH, barsBarH)
	s.Rows = make([]BarRow, len(bars))
	for i, b := range bars {
		s.Rows[i] = BarRow{Label: labels[i], Value: values[i], Length: scale(b.Value, most, s.rows.trackW), Lead: most > 0 && b.Value == most}
	}
	s.Height = headerHeight(s.Note) + 4 + len(bars)*barsRowH + margin
	return s
}

// Bars renders a horizontal bar chart as a PNG: a title, then one bar per
// option with its "count (pct%)". With no votes it says "No votes yet".
func Bars(title string, bars []Bar) ([]byte, error) {
	s := BarsSpec(title, bars)
	c := newCanvas(s.Width, s.Height)
	y := c.header(s.Title, s.Note, noteText)
	c.drawRows(s.Rows, s.rows, y+4)
	return c.png()
}

// shares returns bars with Value and Percent made finite and not negative,
// and Percent worked out from the total if the caller gave none.
func shares(in []Bar) []Bar {
	out := make([]Bar, len(in))
	var total, pct float64
	for i, b := range in {
		b.Value, b.Percent = finite(b.Value), finite(b.Percent)
		total += b.Value
		pct += b.Percent
		out[i] = b
	}
	if pct == 0 && total > 0 {
		for i := range out {
			out[i].Percent = out[i].Value / total * 100
		}
	}
	return out
}
