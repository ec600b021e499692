package when

import "testing"

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := Parse("every first Tuesday of the month at 10:00", nowWinter, london); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	for b.Loop() {
		if _, _, err := Extract("to call the food bank tomorrow at 9am", nowWinter, london); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRuleNextOld is Next on a daily rule started five years earlier.
func BenchmarkRuleNextOld(b *testing.B) {
	w, err := Parse("every day at 9am", nowWinter, london)
	if err != nil {
		b.Fatal(err)
	}
	after := nowWinter.AddDate(5, 0, 0)
	for b.Loop() {
		if _, ok := w.Next(after); !ok {
			b.Fatal("no next")
		}
	}
}
