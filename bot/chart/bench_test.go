package chart

import "testing"

func BenchmarkBars5(b *testing.B) {
	for b.Loop() {
		if _, err := Bars("Which themes should we prioritise in 2027?", priorities); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBars20(b *testing.B) {
	bars := twenty()
	for b.Loop() {
		if _, err := Bars("Twenty options", bars); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRounds3(b *testing.B) {
	rs := irv()
	for b.Loop() {
		if _, err := Rounds("Where should the new grant go?", rs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkConsent(b *testing.B) {
	for b.Loop() {
		if _, err := Consent("Adopt the draft constitution?", 18, 4, 3, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHeatMap16x14(b *testing.B) {
	k, l := provision()
	for b.Loop() {
		if _, err := HeatMap("Provision map", themes, areas, k, l); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBarsSpec20(b *testing.B) {
	bars := twenty()
	for b.Loop() {
		BarsSpec("Twenty options", bars)
	}
}
