package chart

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/go-analyze/charts"
	"github.com/go-analyze/charts/chartdraw"
	"github.com/golang/freetype/truetype"
)

// Fonts: Noto Sans (embedded in go-analyze/charts), whose rasteriser falls
// back to Noto's symbol font and Roboto for characters a font lacks.
var fonts = sync.OnceValue(func() [2]*truetype.Font {
	return [2]*truetype.Font{charts.GetFont(charts.FontFamilyNotoSans), charts.GetFont(charts.FontFamilyNotoSansBold)}
})

// Text sizes are in points at 96 dpi (12 pt is 16 px): readable when a chat
// client shows an 800-pixel picture at half size.
const (
	titlePt = 16
	bodyPt  = 12
	smallPt = 11
)

type textStyle struct {
	pt    float64
	bold  bool
	color charts.Color
}

var (
	titleText = textStyle{pt: titlePt, bold: true, color: ink}
	headText  = textStyle{pt: bodyPt, bold: true, color: ink}
	bodyText  = textStyle{pt: bodyPt, color: ink}
	noteText  = textStyle{pt: bodyPt, color: softInk}
	smallText = textStyle{pt: smallPt, color: ink}
)

func (s textStyle) with(c charts.Color) textStyle { s.color = c; return s }

func (s textStyle) font() charts.FontStyle {
	f := fonts()[0]
	if s.bold {
		f = fonts()[1]
	}
	return charts.FontStyle{FontSize: s.pt, FontColor: s.color, Font: f}
}

// px is the em height in pixels.
func (s textStyle) px() int { return int(math.Ceil(s.pt * 96 / 72)) }

// baseline is where to put the baseline so the capitals sit centred on mid.
func (s textStyle) baseline(mid int) int { return mid + int(math.Round(float64(s.px())*0.36)) }

// A measurer measures text with the fonts the charts are drawn in. It is not
// safe for concurrent use; each spec makes its own.
type measurer struct{ r chartdraw.Renderer }

func newMeasurer() measurer { return measurer{chartdraw.PNG(1, 1)} }

func (m measurer) width(s string, st textStyle) int {
	if s == "" {
		return 0
	}
	defer m.r.ResetStyle()
	setFont(m.r, st)
	return m.r.MeasureText(s).Width()
}

func (c *canvas) setFont(st textStyle) { setFont(c.r, st) }

func setFont(r chartdraw.Renderer, st textStyle) {
	f := st.font()
	r.SetFont(f.Font)
	r.SetFontSize(f.FontSize)
	r.SetFontColor(f.FontColor)
}

const ellipsis = "…"

// fit returns s, or as much of it as fits in max pixels followed by "…".
func (m measurer) fit(s string, st textStyle, max int) string {
	if m.width(s, st) <= max {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r) // r[:lo]+… fits (or lo is 0); r[:hi]+… does not
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if m.width(cut(r, mid), st) <= max {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo == 0 && m.width(ellipsis, st) > max {
		return ""
	}
	return cut(r, lo)
}

// cut is r[:n] with an ellipsis, never splitting a letter from its accent and
// never leaving a space before the ellipsis.
func cut(r []rune, n int) string {
	for n > 0 && n < len(r) && unicode.Is(unicode.Mn, r[n]) {
		n--
	}
	return strings.TrimRightFunc(string(r[:n]), unicode.IsSpace) + ellipsis
}

// clean makes a label safe to draw on one line: control characters and runs
// of white space become one space, and symbols no font has (most emoji,
// joiners, variation selectors) are left out rather than drawn as boxes.
// Letters no font has (Chinese, Arabic…) stay, drawn as boxes, so a label
// never silently vanishes.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ' '
		}
		if unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) || !drawable(r) && !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// glyphFonts are the fonts the rasteriser tries for a character.
var glyphFonts = sync.OnceValue(func() []*truetype.Font {
	var fs []*truetype.Font
	for _, name := range []string{charts.FontFamilyNotoSans, charts.FontFamilyNotoSansBold, "notosans-chartsymbols", charts.FontFamilyRoboto} {
		if f := charts.GetFont(name); f != nil {
			fs = append(fs, f)
		}
	}
	return fs
})

// drawable reports whether some font has a glyph for r.
func drawable(r rune) bool {
	if r < 0x80 {
		return true
	}
	for _, f := range glyphFonts() {
		if f.Index(r) != 0 {
			return true
		}
	}
	return false
}

// finite turns NaN, infinities and negatives into 0.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

// number shows a count or points: whole numbers as is, others to one place.
func number(v float64) string {
	if v == math.Trunc(v) && v < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// percent shows a share: "40%", "<1%" for a sliver, "0%" for none.
func percent(p float64) string {
	switch {
	case p <= 0:
		return "0%"
	case p < 0.5:
		return "<1%"
	case p > 99.5 && p < 100:
		return ">99%"
	}
	return strconv.FormatFloat(math.Round(p), 'f', 0, 64) + "%"
}

// plural is "1 vote", "2 votes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
