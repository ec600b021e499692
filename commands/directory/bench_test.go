package directory

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
)

// benchQuestions are the questions the benchmark asks, in turn: themes,
// parents, synonyms, aliases, typos, two themes, no area, unknown areas.
var benchQuestions = []string{
	"who supports older people in Bedwell?",
	"cost of living support in Shephall",
	"food banks in Pin Green",
	"mental health support for teenagers in St Nicks",
	"youth clubs near Symmonds Green",
	"debt advice in Bedwel",
	"warm spaces in the Old Town",
	"carers respite in Great Ashby",
	"digital skills",
	"food in Hitchin",
	"refugees and migrants in Longmeadow page 3",
	"who can help with loneliness and isolation for pensioners around Chells?",
}

// BenchmarkWho runs `who` through the router over a generated directory of
// 5,000 services and reports the 99th percentile of one query's time.
//
//	go test -run XXX -bench Who -benchtime 20000x ./commands/directory
func BenchmarkWho(b *testing.B) {
	d, env := newTest(b)
	if _, err := d.Import(strings.NewReader(generate(d, 5000, 1))); err != nil {
		b.Fatal(err)
	}
	if n := len(d.Services("")); n != 5000 {
		b.Fatalf("%d services", n)
	}
	ctx := context.Background()
	took := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := benchQuestions[i%len(benchQuestions)]
		start := time.Now()
		r := env.Router.Handle(ctx, &bot.Request{User: "console:local:you", Channel: bot.ConsoleChannel, Text: "who " + q})
		took = append(took, time.Since(start))
		if r.Text == "" {
			b.Fatal("empty reply")
		}
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs/query")
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs/query")
}

// BenchmarkAsk is the matcher and ranking alone (what the web page uses).
func BenchmarkAsk(b *testing.B) {
	d, _ := newTest(b)
	if _, err := d.Import(strings.NewReader(generate(d, 5000, 1))); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := d.Ask(benchQuestions[i%len(benchQuestions)], 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImport5000 is a whole import of 5,000 rows in one transaction
// with the index rebuilt.
func BenchmarkImport5000(b *testing.B) {
	d, _ := newTest(b)
	data := generate(d, 5000, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := d.Import(strings.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data))/1e6, "MB")
}

func ExampleReport_String() {
	fmt.Println(Report{Added: 4, Updated: 1, Rejected: []Rejection{{14, "area 'Bedwel' — did you mean Bedwell?"}}})
	// Output:
	// Read 6 rows: 4 added, 1 updated, 0 unchanged, 1 rejected.
	//   row 14: area 'Bedwel' — did you mean Bedwell?
}
