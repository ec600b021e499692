package directory

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestAskExample(t *testing.T) {
	d, _ := withExample(t)
	tests := []struct {
		q        string
		themes   []string
		area     string
		typed    string
		unknown  string
		services []string // the first page, in order
	}{
		{q: "who supports older people in Shephall?", themes: []string{"older people"}, area: "Shephall", services: []string{"Tuesday Lunch Club"}},
		{q: "pensioners in shephall", themes: []string{"older people"}, area: "Shephall", services: []string{"Tuesday Lunch Club"}},
		{q: "Anything for OAPs around SHEPHALL?", themes: []string{"older people"}, area: "Shephall", services: []string{"Tuesday Lunch Club"}},
		{q: "who works with older people in Shephall", themes: []string{"older people"}, area: "Shephall", services: []string{"Tuesday Lunch Club"}},
		{q: "over 60s lunch clubs Shephall", themes: []string{"older people", "food"}, area: "Shephall", services: []string{"Tuesday Lunch Club"}},
		// A parent includes its children; the main theme ranks first.
		{q: "cost of living support in Shephall", themes: []string{"cost of living"}, area: "Shephall", services: []string{"Warm Welcome Space", "Tuesday Lunch Club", "Debt and Benefits Advice"}},
		{q: "money worries in Bedwell", themes: []string{"cost of living"}, area: "Bedwell", services: []string{"Warm Welcome Space", "Debt and Benefits Advice"}},
		// Aliases.
		{q: "food banks in Pin Green", themes: []string{"food"}, area: "Almond Hill", services: []string{"Community Pantry"}},
		{q: "youth clubs in St Nick's", themes: []string{"young people"}, area: "St Nicholas", services: []string{"Friday Night Youth Club", "Young Minds Drop-in"}},
		{q: "youth clubs in Saint Nicholas", themes: []string{"young people"}, area: "St Nicholas", services: []string{"Friday Night Youth Club", "Young Minds Drop-in"}},
		{q: "teens in the town centre", themes: []string{"young people"}, area: "Bedwell", services: []string{"Friday Night Youth Club", "Young Minds Drop-in"}},
		{q: "older people in the Old Town", themes: []string{"older people"}, area: "Old Town"},
		{q: "Stevenage Old Town older people", themes: []string{"older people"}, area: "Old Town"},
		// Misspelt areas.
		{q: "teenagers in Bedwel", themes: []string{"young people"}, area: "Bedwell", typed: "Bedwel", services: []string{"Friday Night Youth Club", "Young Minds Drop-in"}},
		{q: "anxiety support for young people in Symmonds Green", themes: []string{"mental health", "young people"}, area: "Symonds Green", typed: "Symmonds Green", services: []string{"Young Minds Drop-in"}},
		{q: "food in manr", themes: []string{"food"}, area: "Manor", typed: "manr"},
		{q: "minor repairs for older people", themes: []string{"older people"}, area: ""},
		{q: "foodbank cells", themes: []string{"food"}, area: ""},
		// Two themes: services with both first.
		{q: "mental health support for teenagers", themes: []string{"mental health", "young people"}, services: []string{"Young Minds Drop-in", "Friday Night Youth Club"}},
		// The whole town.
		{q: "food in Stevenage", themes: []string{"food"}, area: "Stevenage", services: []string{"Community Pantry", "Tuesday Lunch Club"}},
		{q: "debt advice", themes: []string{"money and debt"}, services: []string{"Debt and Benefits Advice"}},
		// Words that look like themes but aren't meant as them.
		{q: "send me food places in Chells", themes: []string{"food"}, area: "Chells", services: []string{"Community Pantry"}},
		{q: "SEND support in Bedwell", themes: []string{"disability"}, area: "Bedwell"},
		{q: "digital skills in Bedwell", themes: []string{"digital inclusion"}, area: "Bedwell"},
		{q: "jobs and skills in Bedwell", themes: []string{"employment and skills"}, area: "Bedwell"},
		// Places the directory does not know.
		{q: "food in Hitchin", themes: []string{"food"}, unknown: "Hitchin"},
		{q: "help near Tesco Extra", unknown: "Tesco Extra"},
		{q: "youth clubs around sg1", themes: []string{"young people"}, unknown: "Sg1"},
		// Not places.
		{q: "food in the evenings", themes: []string{"food"}},
		{q: "counselling in person", themes: []string{"mental health"}},
		// No theme.
		{q: "who is around?"},
		{q: "who can help in Bedwell?", area: "Bedwell"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a, err := d.Ask(tt.q, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a.Themes, tt.themes) && !(len(a.Themes) == 0 && len(tt.themes) == 0) {
				t.Errorf("themes %q, want %q", a.Themes, tt.themes)
			}
			if a.Area != tt.area {
				t.Errorf("area %q, want %q", a.Area, tt.area)
			}
			if a.AreaTyped != tt.typed {
				t.Errorf("typed %q, want %q", a.AreaTyped, tt.typed)
			}
			if a.UnknownArea != tt.unknown {
				t.Errorf("unknown area %q, want %q", a.UnknownArea, tt.unknown)
			}
			if tt.services != nil {
				var got []string
				for _, r := range a.Results {
					got = append(got, r.Name)
				}
				if !slices.Equal(got, tt.services) {
					t.Errorf("services %q, want %q", got, tt.services)
				}
			}
			if !a.Understood() && len(a.Results) > 0 {
				t.Errorf("results for a question not understood")
			}
		})
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"families": "family", "babies": "baby", "food": "food", "banks": "bank", "classes": "class",
		"lunches": "lunch", "50s": "50", "children": "child", "carers": "carer", "bus": "bus", "houses": "house",
	} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestThemesInText(t *testing.T) {
	d, _ := newTest(t)
	tests := map[string][]string{
		"A toolkit for running a warm hub and a lunch club for pensioners": {"older people", "food", "energy and warmth"},
		"Universal Credit guide":                    {"money and debt"},
		"nothing here":                              nil,
		"Getting online: digital skills for carers": {"carers", "digital inclusion"},
	}
	for text, want := range tests {
		if got := d.Themes(text); !slices.Equal(got, want) {
			t.Errorf("Themes(%q) = %q, want %q", text, got, want)
		}
	}
}

// generate writes a CSV of n services with themes and areas drawn from the
// vocabulary by a seeded generator; about one in eight serves the whole town.
func generate(d *Directory, n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 1))
	themes := d.ThemeNames()
	areas := d.m.v.Areas()
	var b strings.Builder
	b.WriteString(Header + "\n")
	for i := 0; i < n; i++ {
		pick := func(from []string, k int) string {
			var out []string
			for len(out) < k {
				x := from[rng.IntN(len(from))]
				if !slices.Contains(out, x) {
					out = append(out, x)
				}
			}
			return strings.Join(out, ";")
		}
		ts := pick(themes, 1+rng.IntN(3))
		as := pick(areas, 1+rng.IntN(2))
		if rng.IntN(8) == 0 {
			as = Town
		}
		fmt.Fprintf(&b, "Generated Org %d,Service %d,\"Help with %s, every week.\",%s,%s,Anyone,s%d@gen.example,01438 %06d,https://gen.example/%d,\"Hall %d, SG1\",Mondays 10:00-12:00\n",
			i/3, i, strings.ReplaceAll(ts, ";", " and "), ts, as, i, i, i, i)
	}
	return b.String()
}

// TestAskGenerated checks every theme × area question over a generated
// directory against a brute-force count, and that paging visits every
// result once, local services first.
func TestAskGenerated(t *testing.T) {
	d, _ := newTest(t)
	rep, err := d.Import(strings.NewReader(generate(d, 400, 7)))
	if err != nil || len(rep.Rejected) > 0 || rep.Added != 400 {
		t.Fatalf("import: %v %v", rep, err)
	}
	all := d.Services("")
	for _, theme := range d.ThemeNames() {
		for _, area := range d.AreaNames() {
			q := fmt.Sprintf("%s in %s", theme, strings.ToLower(area))
			want, wantLocal := 0, 0
			for _, s := range all {
				covers := false
				for _, x := range d.m.expand[theme] {
					covers = covers || s.has(x)
				}
				if !covers {
					continue
				}
				switch {
				case area == Town:
					want++
				case s.serves(area):
					want, wantLocal = want+1, wantLocal+1
				case s.serves(Town):
					want++
				}
			}
			seen := map[string]bool{}
			localDone := false
			for page := 1; ; page++ {
				a, _ := d.Ask(q, page)
				if a.Area != area || !slices.Equal(a.Themes, []string{theme}) {
					t.Fatalf("%q: read as %q in %q", q, a.Themes, a.Area)
				}
				if a.Total != want || (area != Town && a.Local != wantLocal) {
					t.Fatalf("%q: total %d local %d, want %d and %d", q, a.Total, a.Local, want, wantLocal)
				}
				for _, r := range a.Results {
					if seen[r.Name] {
						t.Fatalf("%q: %s twice", q, r.Name)
					}
					seen[r.Name] = true
					if r.Local && localDone {
						t.Fatalf("%q: a local service after a town-wide one", q)
					}
					if !r.Local {
						localDone = true
					}
				}
				if page >= a.Pages {
					break
				}
				if len(a.Results) != PageSize {
					t.Fatalf("%q page %d: %d results", q, page, len(a.Results))
				}
			}
			if len(seen) != want {
				t.Fatalf("%q: paged through %d, want %d", q, len(seen), want)
			}
		}
	}
	// Typos, aliases and two themes over the generated set.
	for q, want := range map[string]string{
		"food in Longmedow": "Longmeadow", "food in Woodfeld": "Woodfield", "carers in Bandley Hill": "Bandley Hill and Poplars",
		"housing near Poplars": "Bandley Hill and Poplars", "housing in Great Asbhy": "Great Ashby", "respite in High Street": "Old Town",
	} {
		if a, _ := d.Ask(q, 1); a.Area != want {
			t.Errorf("%q: area %q, want %q", q, a.Area, want)
		}
	}
	a, _ := d.Ask("food and housing in Bedwell", 1)
	for i, r := range a.Results {
		if i > 0 && len(r.Matched) > len(a.Results[i-1].Matched) && r.Local == a.Results[i-1].Local {
			t.Errorf("a service with both themes after one with one")
		}
	}
}
