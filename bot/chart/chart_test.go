package chart

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current specs")

// A chartCase is an input drawn two ways: as data (its spec) and as a PNG.
type chartCase struct {
	name   string
	spec   func() (any, error)
	render func() ([]byte, error)
}

func bars(title string, b []Bar) chartCase {
	return chartCase{"", func() (any, error) { return BarsSpec(title, b), nil }, func() ([]byte, error) { return Bars(title, b) }}
}

func rounds(title string, r []Round) chartCase {
	return chartCase{"", func() (any, error) { return RoundsSpec(title, r), nil }, func() ([]byte, error) { return Rounds(title, r) }}
}

func consent(title string, a, b, c, d int) chartCase {
	return chartCase{"", func() (any, error) { return ConsentSpec(title, a, b, c, d), nil },
		func() ([]byte, error) { return Consent(title, a, b, c, d) }}
}

func heat(title string, rows, cols []string, k, l func(r, c int) string) chartCase {
	return chartCase{"", func() (any, error) { return HeatMapSpec(title, rows, cols, k, l) },
		func() ([]byte, error) { return HeatMap(title, rows, cols, k, l) }}
}

func named(name string, c chartCase) chartCase { c.name = name; return c }

func cases() []chartCase {
	k, l := provision()
	return []chartCase{
		named("bars-priorities", bars("Which themes should we prioritise in 2027?", priorities)),
		named("bars-no-votes", bars("Date for the summer get-together?", zeroVotes)),
		named("bars-no-options", bars("An empty poll", nil)),
		named("bars-twenty-long-unicode", bars("Twenty options, long and unicode labels", twenty())),
		named("bars-shares-worked-out", bars("Dot vote (points)", []Bar{{Label: "A", Value: 7}, {Label: "B", Value: 3}})),
		named("bars-bad-numbers", bars("Nonsense in, sense out", []Bar{{"NaN", nan(), nan()}, {"Negative", -3, -10}, {"Half", 1.5, 100}})),
		named("rounds-three", rounds("Where should the new grant go? (ranked)", irv())),
		named("rounds-one", rounds("A majority in the first round", irv()[2:])),
		named("rounds-none", rounds("No ballots", nil)),
		named("rounds-nineteen", rounds("Twenty options, nineteen rounds", nineteenRounds())),
		named("rounds-tie", rounds("A tie", []Round{{Number: 1, Bars: []Bar{{"A", 5, 50}, {"B", 5, 50}}}})),
		named("consent-blocked", consent("Adopt the draft constitution?", 18, 4, 3, 1)),
		named("consent-agreed", consent("Move the March meeting to the Old Town?", 27, 1, 0, 0)),
		named("consent-empty", consent("Join the county-wide network?", 0, 0, 0, 0)),
		named("consent-negative", consent("Negative counts count as none", -1, 2, 0, 0)),
		named("heatmap-stevenage", heat("Provision map: themes by area", themes, areas, k, l)),
		named("heatmap-small", heat("Older people in three areas", themes[:1], areas[:3], k, l)),
		named("heatmap-empty", heat("Nothing yet", nil, nil, k, l)),
	}
}

func nan() float64 { z := 0.0; return z / z }

// TestGolden compares each chart's data with testdata/NAME.golden; run with
// -update to rewrite them after a deliberate change, then read the diff.
func TestGolden(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			v, err := c.spec()
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("chart data differs from %s (go test -update rewrites it):\n got: %s\nwant: %s", path, got, want)
			}
		})
	}
}

// TestPictures draws every case twice at once and checks the picture
// decodes, is the size its spec says, is chat sized, and is the same bytes
// both times. It writes the pictures to t.TempDir() and, with
// PARTNERBOT_CHART_OUT=dir, to dir as well, for a person to look at:
//
//	PARTNERBOT_CHART_OUT=/tmp/charts go test -v -run Pictures ./bot/chart
func TestPictures(t *testing.T) {
	dirs := []string{t.TempDir()}
	if out := os.Getenv("PARTNERBOT_CHART_OUT"); out != "" {
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, out)
		t.Logf("writing the pictures to %s", out)
	}
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			v, _ := c.spec()
			var w, h int
			switch s := v.(type) {
			case BarsView:
				w, h = s.Width, s.Height
			case RoundsView:
				w, h = s.Width, s.Height
			case ConsentView:
				w, h = s.Width, s.Height
			case HeatMapView:
				w, h = s.Width, s.Height
			}
			var pics [2][]byte
			var errs [2]error
			var wg sync.WaitGroup
			for i := range pics {
				wg.Go(func() { pics[i], errs[i] = c.render() })
			}
			wg.Wait()
			if err := errors.Join(errs[:]...); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(pics[0], pics[1]) {
				t.Error("two renders differ: the output is not deterministic")
			}
			img, err := png.Decode(bytes.NewReader(pics[0]))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			b := img.Bounds()
			if b.Dx() != w || b.Dy() != h {
				t.Errorf("picture is %dx%d, spec says %dx%d", b.Dx(), b.Dy(), w, h)
			}
			if b.Dx() < 800 || b.Dx() > 1000 || b.Dy() < 80 || b.Dy() > 2400 {
				t.Errorf("picture is %dx%d, want 800–1000 wide and 80–2400 high", b.Dx(), b.Dy())
			}
			for _, d := range dirs {
				if err := os.WriteFile(filepath.Join(d, c.name+".png"), pics[0], 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("%dx%d, %d bytes", b.Dx(), b.Dy(), len(pics[0]))
		})
	}
}

func TestHeatMapRefusesUnknownKind(t *testing.T) {
	_, err := HeatMap("x", []string{"food"}, []string{"Bedwell"}, func(r, c int) string { return "lots" }, func(r, c int) string { return "" })
	if err == nil || !strings.Contains(err.Error(), `"lots"`) || !strings.Contains(err.Error(), "food") {
		t.Errorf("err = %v, want one naming the kind and the cell", err)
	}
	if _, err := HeatMap("x", []string{"food"}, []string{"Bedwell"}, nil, nil); err == nil {
		t.Error("nil functions: no error")
	}
}

func TestManyRoundsStayChatSized(t *testing.T) {
	s := RoundsSpec("Nineteen rounds", nineteenRounds())
	if s.Width != 800 || s.Height > 2400 || len(s.Panels) != maxPanels {
		t.Errorf("got %dx%d with %d panels, want 800 wide, at most 2400 high, %d panels", s.Width, s.Height, len(s.Panels), maxPanels)
	}
	if s.Panels[0].Heading != "Round 1" || s.Panels[1].Heading != "Round 15" {
		t.Errorf("panels %q, %q; want Round 1 then Round 15", s.Panels[0].Heading, s.Panels[1].Heading)
	}
	if !strings.HasPrefix(s.Note, "Rounds 2–14 not shown; out in turn: ") {
		t.Errorf("note %q", s.Note)
	}
}

// FuzzLabels: any label, any number: the specs never panic, labels fit, and
// bars stay on their track.
func FuzzLabels(f *testing.F) {
	f.Add("Cost of living", 3.0, "Ünïcödé 🎉\n", 0.0)
	f.Add("", -1.0, "\u0301\u0301", 1e300)
	f.Fuzz(func(t *testing.T, a string, av float64, b string, bv float64) {
		s := BarsSpec(a, []Bar{{Label: a, Value: av}, {Label: b, Value: bv, Percent: bv}})
		for _, r := range s.Rows {
			if r.Length < 0 || r.Length > s.rows.trackW {
				t.Fatalf("bar %q is %d px on a %d px track", r.Label, r.Length, s.rows.trackW)
			}
		}
		RoundsSpec(b, []Round{{Bars: []Bar{{Label: a, Value: av}}, Eliminated: b}})
		ConsentSpec(a, int(av), 0, int(bv), 1)
		if _, err := HeatMapSpec(a, []string{a}, []string{b}, func(r, c int) string { return Gap }, func(r, c int) string { return b }); err != nil {
			t.Fatal(err)
		}
	})
}
