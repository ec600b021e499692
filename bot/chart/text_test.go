package chart

import (
	"strings"
	"testing"
)

func TestFit(t *testing.T) {
	m := newMeasurer()
	for _, tc := range []struct {
		in   string
		max  int
		want string // "" means: cut, ends with …, and fits
	}{
		{"Housing", 200, "Housing"},
		{"A very long option label that goes on and on and on", 120, ""},
		{"Ünïcödé accents and more accents", 90, ""},
		{"Кирилица — встреча и ещё много слов", 100, ""},
		{"Wide", 2, ""},
	} {
		got := m.fit(tc.in, bodyText, tc.max)
		if tc.want != "" {
			if got != tc.want {
				t.Errorf("fit(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
			}
			continue
		}
		if got != "" && !strings.HasSuffix(got, ellipsis) {
			t.Errorf("fit(%q, %d) = %q, want a cut ending in …", tc.in, tc.max, got)
		}
		if w := m.width(got, bodyText); w > tc.max {
			t.Errorf("fit(%q, %d) = %q, %d px wide", tc.in, tc.max, got, w)
		}
		if strings.HasSuffix(strings.TrimSuffix(got, ellipsis), " ") {
			t.Errorf("fit(%q) = %q leaves a space before the ellipsis", tc.in, got)
		}
	}
}

func TestCutKeepsAccents(t *testing.T) {
	r := []rune("Zoe\u0308 and friends") // e + combining diaeresis
	if got := cut(r, 3); got != "Zo…" {
		t.Errorf("cut = %q, want the e and its accent kept together (Zo…)", got)
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"  Line\nbreaks\tand  tabs ": "Line breaks and tabs",
		"Emoji 🎉 party":              "Emoji party",
		"Thumbs 👍🏽 up\u200d":         "Thumbs up",
		"Café ✓ ★ → £5 €3":           "Café ✓ ★ → £5 €3",
		"Ελληνικά":                   "Ελληνικά",
		"会议 🎉":                       "会议",
		"":                           "",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNumbers(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{0, "0%"}, {0.2, "<1%"}, {0.5, "1%"}, {33.33, "33%"}, {99.7, ">99%"}, {100, "100%"}} {
		if got := percent(tc.v); got != tc.want {
			t.Errorf("percent(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	for v, want := range map[float64]string{3: "3", 2.5: "2.5", 1.25: "1.2", 0: "0"} {
		if got := number(v); got != want {
			t.Errorf("number(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestApportion(t *testing.T) {
	for _, counts := range [][]int{{1, 1, 1, 0}, {1000, 1, 0, 1}, {3, 3, 3, 3}, {0, 0, 0, 0}, {7, 0, 0, 0}} {
		got := apportion(counts, 752)
		sum, total := 0, 0
		for i, w := range got {
			sum += w
			total += counts[i]
			if counts[i] > 0 && w < 2 {
				t.Errorf("apportion(%v) gives %d px to a count of %d", counts, w, counts[i])
			}
			if counts[i] == 0 && w != 0 {
				t.Errorf("apportion(%v) gives %d px to nothing", counts, w)
			}
		}
		if total > 0 && sum != 752 || total == 0 && sum != 0 {
			t.Errorf("apportion(%v) = %v sums to %d", counts, got, sum)
		}
	}
}

// TestContrast checks WCAG 2.2 AA (4.5:1) for every text colour on what it
// is drawn on.
func TestContrast(t *testing.T) {
	if got := contrast(ink, paper); got < 15 {
		t.Errorf("ink on white %.2f", got)
	}
	for name, c := range map[string]textStyle{"note": noteText, "alarm": smallText.with(alarmText)} {
		if got := contrast(c.color, paper); got < 4.5 {
			t.Errorf("%s text on white: %.2f:1", name, got)
		}
	}
	for kind, fill := range kindFill {
		if got := contrast(onFill(fill), fill); got < 4.5 {
			t.Errorf("heat map %s: text %.2f:1 on its cell", kind, got)
		}
	}
	for _, k := range consentKinds {
		if got := contrast(onFill(k.fill), k.fill); got < 4.5 {
			t.Errorf("consent %s: count %.2f:1 on its segment", k.kind, got)
		}
	}
	// Bars and the abstain segment stand out from the page (WCAG 1.4.11, 3:1).
	for name, c := range map[string]textStyle{"bar": bodyText.with(barBlue), "abstain": bodyText.with(neutral), "block": bodyText.with(blockRed)} {
		if got := contrast(c.color, paper); got < 3 {
			t.Errorf("%s on white: %.2f:1", name, got)
		}
	}
}
