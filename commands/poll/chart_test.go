package poll

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"partnerbot/bot/bottest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current chart data")

// decodes checks that img is a PNG with some size.
func decodes(t *testing.T, what string, img []byte) {
	t.Helper()
	if len(img) == 0 {
		t.Fatalf("%s carries no chart", what)
	}
	im, err := png.Decode(bytes.NewReader(img))
	if err != nil {
		t.Fatalf("%s's chart doesn't decode as PNG: %v", what, err)
	}
	if b := im.Bounds(); b.Dx() < 100 || b.Dy() < 50 {
		t.Fatalf("%s's chart is %v", what, b)
	}
}

// TestResultsChart: `poll results` carries a PNG of every kind of poll, and
// none while the results are hidden.
func TestResultsChart(t *testing.T) {
	tests := []struct {
		name   string
		create string
		votes  [][2]string
		chart  bool
	}{
		{"single", `poll "Which priority?" "Food" "Warmth" "Youth"`, [][2]string{{"a", "A"}, {"b", "B"}, {"c", "A"}}, true},
		{"approval", `poll "Which?" "Food" "Warmth" --multi`, [][2]string{{"a", "A B"}, {"b", "B"}}, true},
		{"dots", `poll "Spread" "Food" "Warmth" --dots 5`, [][2]string{{"a", "A=3 B=2"}}, true},
		{"ranked", `poll "Rank" "Food" "Warmth" "Youth" --ranked`, [][2]string{{"a", "A B"}, {"b", "B C"}, {"c", "C B"}}, true},
		{"consent", `poll "Adopt it?" --consent`, [][2]string{{"a", "agree"}, {"b", `block "too costly"`}}, true},
		{"no votes yet", `poll "Anyone?" "Yes" "No"`, nil, true},
		{"hidden", `poll "Secret?" "Yes" "No" --hide-results`, [][2]string{{"a", "A"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			id := f.create(tt.create)
			for _, v := range tt.votes {
				f.ok(v[0], fmt.Sprintf("vote %d %s", id, v[1]))
			}
			// The live tally of the posted message never carries a chart.
			for _, p := range f.Posts.Take() {
				if len(p.Reply.Image) > 0 {
					t.Errorf("a %s of the poll message carries a chart", p.Kind)
				}
			}
			r := f.ok("alice", fmt.Sprintf("poll results %d", id))
			if !tt.chart {
				if len(r.Image) != 0 || r.ImageName != "" {
					t.Fatalf("hidden results carry a chart (%d bytes, %q)", len(r.Image), r.ImageName)
				}
				return
			}
			decodes(t, "poll results", r.Image)
			if r.ImageName != fmt.Sprintf("poll-%d.png", id) {
				t.Errorf("image name %q", r.ImageName)
			}
			if !strings.Contains(r.Text, "░") && tt.name != "consent" {
				t.Errorf("the text bars (the accessible fallback) are gone:\n%s", r.Text)
			}
		})
	}
}

// TestOutcomeChart: the outcome posted to the room when a poll closes
// carries the chart, whether closed by hand or on schedule; the closer's own
// reply doesn't (in the room it would show the picture twice), and a poll
// whose results were hidden shows them, chart included, once it closes.
func TestOutcomeChart(t *testing.T) {
	tests := []struct {
		name   string
		create string
		close  func(f *fixture)
	}{
		{"closed by hand", `poll "Q?" "Food" "Warmth"`, func(f *fixture) {
			if r := f.ok("admin", "poll close 1"); len(r.Image) != 0 {
				f.t.Errorf("the closer's reply carries a chart")
			}
		}},
		{"closed on schedule", `poll "Q?" "Food" "Warmth" --closes Friday at 17:00`, func(f *fixture) {
			at := time.Date(2026, 12, 4, 17, 0, 5, 0, time.UTC)
			f.Fake.Set(at)
			for _, j := range f.polls.Jobs() {
				if err := j.Due(context.Background(), at); err != nil {
					f.t.Fatal(err)
				}
			}
		}},
		{"hidden until closed", `poll "Q?" "Food" "Warmth" --hide-results`, func(f *fixture) { f.ok("admin", "poll close 1") }},
		{"ranked", `poll "Q?" "Food" "Warmth" "Youth" --ranked`, func(f *fixture) { f.ok("admin", "poll close 1") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.create(tt.create)
			f.ok("bob", "vote 1 A")
			f.ok("carol", "vote 1 B")
			f.ok("dave", "vote 1 B")
			f.Posts.Take()
			tt.close(f)
			var outcome []bottest.Post
			for _, p := range f.Posts.Take() {
				switch p.Kind {
				case "publish":
					outcome = append(outcome, p)
				default:
					if len(p.Reply.Image) > 0 {
						t.Errorf("the %s of the poll message carries a chart", p.Kind)
					}
				}
			}
			if len(outcome) != 1 || outcome[0].Target != "sip-general" {
				t.Fatalf("outcome posts %v", outcome)
			}
			decodes(t, "the outcome", outcome[0].Reply.Image)
			if outcome[0].Reply.ImageName != "poll-1.png" || !strings.Contains(outcome[0].Reply.Text, "Full results") {
				t.Errorf("outcome %q with image %q", outcome[0].Reply.Text, outcome[0].Reply.ImageName)
			}
			decodes(t, "poll results after closing", f.ok("alice", "poll results 1").Image)
		})
	}
}

// TestChartData compares the data each kind of poll hands the chart package
// with testdata/chart-NAME.golden (go test -update rewrites them): the
// labels, counts and shares, the rounds and who went out, not the pixels.
func TestChartData(t *testing.T) {
	ballots := func(picks ...[]int) []Ballot {
		var out []Ballot
		for _, p := range picks {
			out = append(out, Ballot{Picks: p})
		}
		return out
	}
	tests := []struct {
		name string
		poll Poll
		bs   []Ballot
	}{
		{"single", Poll{ID: 3, Question: "Which priority for 2027?", Kind: Single, Options: []string{"Food", "Housing", "Youth"}},
			ballots([]int{0}, []int{1}, []int{1}, []int{2}, []int{1}, []int{0})},
		{"approval", Poll{ID: 4, Question: "Which days suit you?", Kind: Multi, Options: []string{"Monday", "Wednesday", "Friday"}},
			ballots([]int{0, 1}, []int{1}, []int{1, 2}, []int{0, 1, 2})},
		{"dots", Poll{ID: 5, Question: "Spread 5 dots", Kind: Dots, Dots: 5, Options: []string{"Cost of living", "Older people", "Young people"}},
			[]Ballot{{Points: []int{3, 2, 0}}, {Points: []int{0, 0, 5}}, {Points: []int{1, 1, 3}}}},
		{"ranked", Poll{ID: 6, Question: "Rank the themes", Kind: Ranked, Options: []string{"Food", "Housing", "Youth"}},
			ballots([]int{0}, []int{0, 1, 2}, []int{0}, []int{1, 2}, []int{1, 2}, []int{2, 1, 0}, []int{2, 1})},
		{"consent", Poll{ID: 7, Question: "Adopt the draft constitution?", Kind: Consent},
			ballots([]int{0}, []int{0}, []int{0}, []int{1}, []int{2}, []int{3})},
		{"no votes", Poll{ID: 8, Question: "Anyone?", Kind: Single, Options: []string{"Yes", "No"}}, nil},
		{"ranked, no votes", Poll{ID: 9, Question: "Rank", Kind: Ranked, Options: []string{"A", "B"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := chartOf(&tt.poll, Count(&tt.poll, tt.bs))
			got, err := json.MarshalIndent(c, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "chart-"+strings.ReplaceAll(strings.ReplaceAll(tt.name, ",", ""), " ", "-")+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test -update creates it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("chart data differs from %s (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
			}
			if _, err := c.png(); err != nil {
				t.Errorf("drawing it: %v", err)
			}
		})
	}
}
