package chart

import (
	"math"

	"github.com/go-analyze/charts"
)

// The palette: Okabe & Ito's colour-blind-safe colours, plus neutrals. Text on
// a filled area uses ink or paper, whichever contrasts more (see onFill).
var (
	paper     = rgb(0xFF, 0xFF, 0xFF) // background
	ink       = rgb(0x1A, 0x1A, 0x1A) // body text
	softInk   = rgb(0x55, 0x55, 0x55) // secondary text (7.5:1 on white)
	track     = rgb(0xEC, 0xEF, 0xF3) // empty part of a bar
	rule      = rgb(0xB0, 0xB6, 0xBE) // thin lines
	barBlue   = rgb(0x00, 0x72, 0xB2) // Okabe–Ito blue: bars, agree, local services
	skyBlue   = rgb(0x56, 0xB4, 0xE9) // Okabe–Ito sky blue: town-wide only
	orange    = rgb(0xE6, 0x9F, 0x00) // Okabe–Ito orange: disagree, gaps
	neutral   = rgb(0x93, 0x93, 0x93) // abstain (3:1 with white, so the bar end shows)
	outGrey   = rgb(0x9A, 0x9A, 0x9A) // an option eliminated in this round
	blockRed  = rgb(0xB4, 0x1E, 0x1E) // blocks: a strong red (7.4:1 with white)
	alarmText = rgb(0xA3, 0x1A, 0x1A) // red text on white (eliminated, blocked)
)

func rgb(r, g, b uint8) charts.Color { return charts.Color{R: r, G: g, B: b, A: 255} }

// luminance is the WCAG 2.2 relative luminance of an opaque colour.
func luminance(c charts.Color) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is the WCAG 2.2 contrast ratio between two opaque colours (1 to 21).
func contrast(a, b charts.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// onFill picks the text colour, ink or paper, that reads best on fill.
func onFill(fill charts.Color) charts.Color {
	if contrast(ink, fill) >= contrast(paper, fill) {
		return ink
	}
	return paper
}
