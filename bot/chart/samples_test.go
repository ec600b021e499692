package chart

// Sample data for the tests and benchmarks.

import (
	"strconv"
)

var priorities = []Bar{
	{"Cost of living", 14, 46.7},
	{"Older people and loneliness", 9, 30},
	{"Young people's mental health", 5, 16.7},
	{"Digital inclusion", 2, 6.7},
	{"Housing", 0, 0},
}

var zeroVotes = []Bar{{Label: "Saturday 4 July"}, {Label: "Sunday 5 July"}, {Label: "Saturday 11 July"}}

func twenty() []Bar {
	labels := []string{
		"Café crawl with Zoë and Renée",
		"A very long option label that somebody pasted from an email and that goes on and on well past any sensible width",
		"Ελληνικά: συνάντηση",
		"Кирилица — встреча",
		"Emoji 🎉 party",
		"Line\nbreaks\tand tabs",
		"Łódź twinning visit",
		"Ünïcödé accents",
	}
	var bars []Bar
	total := 0.0
	for i := 0; i < 20; i++ {
		l := "Option " + strconv.Itoa(i+1)
		if i < len(labels) {
			l = labels[i]
		}
		v := float64((i * 7) % 23)
		bars = append(bars, Bar{Label: l, Value: v})
		total += v
	}
	return bars
}

func irv() []Round {
	return []Round{
		{1, []Bar{{"Community hub", 12, 40}, {"Food pantry", 9, 30}, {"Youth café", 6, 20}, {"Befriending scheme", 3, 10}}, "Befriending scheme"},
		{2, []Bar{{"Community hub", 13, 43.3}, {"Food pantry", 10, 33.3}, {"Youth café", 7, 23.3}}, "Youth café"},
		{3, []Bar{{"Community hub", 17, 56.7}, {"Food pantry", 13, 43.3}}, ""},
	}
}

var themes = []string{"older people", "young people", "children and families", "cost of living", "food", "money and debt",
	"energy and warmth", "housing", "mental health", "loneliness", "disability", "carers", "employment and skills",
	"digital inclusion", "domestic abuse", "refugees and migrants"}

var areas = []string{"Almond Hill", "Bandley Hill and Poplars", "Bedwell", "Chells", "Longmeadow", "Manor", "Martins Wood",
	"Old Town", "Roebuck", "St Nicholas", "Shephall", "Symonds Green", "Woodfield", "Great Ashby"}

// provision is a made-up but plausible map: some local cover, some
// town-wide only, some gaps.
func provision() (func(r, c int) string, func(r, c int) string) {
	n := func(r, c int) int { return (r*5 + c*3 + r*c) % 7 }
	kind := func(r, c int) string {
		switch v := n(r, c); {
		case v >= 3:
			return Local
		case v >= 1:
			return TownWide
		}
		return Gap
	}
	label := func(r, c int) string {
		switch kind(r, c) {
		case Local:
			return strconv.Itoa(n(r, c) - 2)
		case TownWide:
			return "TW"
		}
		return "gap"
	}
	return kind, label
}

// nineteenRounds is a twenty-option count that eliminates one option a round.
func nineteenRounds() []Round {
	all := twenty()
	var rs []Round
	for n := 20; n >= 2; n-- {
		r := Round{Number: 21 - n}
		for i, b := range all[20-n:] {
			r.Bars = append(r.Bars, Bar{Label: b.Label, Value: float64(i + 1 + (20-n)*2)})
		}
		if n > 2 {
			r.Eliminated = all[20-n].Label
		}
		rs = append(rs, r)
	}
	return rs
}
