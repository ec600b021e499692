package chart

import (
	"bytes"
	"image"
	"image/png"

	"github.com/go-analyze/charts"
	"github.com/go-analyze/charts/chartdraw"
)

// The frame shared by every chart.
const (
	chatWidth = 800 // a chat picture: shown at full or half size
	margin    = 24  // around the picture
	titleH    = 34  // the title line and the space under it
	noteH     = 26  // a note under the title ("No votes yet")
)

// A canvas is a white picture to draw a spec on, with text placed by its
// vertical middle. It draws with go-analyze/charts' chartdraw raster renderer
// directly: the charts' painter adds nothing a laid-out spec needs, and going
// under it lets png choose the encoder.
type canvas struct {
	r chartdraw.Renderer
	measurer
}

func newCanvas(w, h int) *canvas {
	r := chartdraw.PNG(w, h)
	c := &canvas{r: r, measurer: measurer{r}}
	c.rect(0, 0, w, h, paper)
	return c
}

func (c *canvas) rect(x0, y0, x1, y1 int, fill charts.Color) {
	if x1 <= x0 || y1 <= y0 {
		return
	}
	defer c.r.ResetStyle()
	c.r.MoveTo(x0, y0)
	c.r.LineTo(x1, y0)
	c.r.LineTo(x1, y1)
	c.r.LineTo(x0, y1)
	c.r.Close()
	c.r.SetFillColor(fill)
	c.r.Fill()
}

// dashed draws a one-pixel dashed line.
func (c *canvas) dashed(x0, y0, x1, y1 int, col charts.Color) {
	defer c.r.ResetStyle()
	c.r.MoveTo(x0, y0)
	c.r.LineTo(x1, y1)
	c.r.SetStrokeColor(col)
	c.r.SetStrokeWidth(1)
	c.r.SetStrokeDashArray([]float64{3, 3})
	c.r.Stroke()
}

// text draws s with its left edge at x and its capitals centred on mid.
func (c *canvas) text(s string, x, mid int, st textStyle) {
	c.textAt(s, x, st.baseline(mid), 0, st)
}

// textAt draws s from (x, baseline), turned by radians (clockwise).
func (c *canvas) textAt(s string, x, baseline int, radians float64, st textStyle) {
	if s == "" {
		return
	}
	defer c.r.ResetStyle()
	c.setFont(st)
	if radians != 0 {
		c.r.SetTextRotation(radians)
	}
	c.r.Text(s, x, baseline)
}

// textRight draws s ending at x.
func (c *canvas) textRight(s string, x, mid int, st textStyle) {
	c.text(s, x-c.width(s, st), mid, st)
}

// textCentre draws s centred on x.
func (c *canvas) textCentre(s string, x, mid int, st textStyle) {
	c.text(s, x-c.width(s, st)/2, mid, st)
}

// png encodes the picture. It encodes the renderer's pixels itself so it can
// favour speed: deflate at BestSpeed is about twice as fast as the default,
// and the files only a little bigger.
func (c *canvas) png() ([]byte, error) {
	var px pixels
	if err := c.r.Save(&px); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, px.rgba); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// pixels collects the renderer's image (a chartdraw.RGBACollector).
type pixels struct{ rgba *image.RGBA }

func (p *pixels) SetRGBA(i *image.RGBA)       { p.rgba = i }
func (p *pixels) Write(b []byte) (int, error) { return len(b), nil }

// headerHeight is the height of the title and note with the top margin.
func headerHeight(note string) int {
	if note == "" {
		return margin + titleH
	}
	return margin + titleH + noteH
}

// header draws the title and, if there is one, the note under it in the
// given style, and returns the y where the chart body starts.
func (c *canvas) header(title, note string, noteStyle textStyle) int {
	y := margin
	c.text(title, margin, y+titleH/2-4, titleText)
	y += titleH
	if note != "" {
		c.text(note, margin, y+noteH/2-6, noteStyle)
		y += noteH
	}
	return y
}
