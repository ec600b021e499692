package poll

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseChoice(t *testing.T) {
	single := &Poll{ID: 7, Kind: Single, Options: []string{"Food", "Food bank", "Youth"}}
	multi := &Poll{ID: 7, Kind: Multi, Options: []string{"Food", "Housing", "Youth"}}
	rank := &Poll{ID: 7, Kind: Ranked, Options: []string{"Food", "Housing", "Youth"}}
	dots := &Poll{ID: 7, Kind: Dots, Dots: 5, Options: []string{"Food", "Food bank", "Youth"}}
	consent := &Poll{ID: 7, Kind: Consent}
	tests := []struct {
		name    string
		poll    *Poll
		toks    []string
		want    choice
		wantErr string
	}{
		{"letter", single, []string{"B"}, choice{picks: []int{1}}, ""},
		{"lower-case letter", single, []string{"c"}, choice{picks: []int{2}}, ""},
		{"option text", single, []string{"youth"}, choice{picks: []int{2}}, ""},
		{"unquoted words", single, []string{"food", "bank"}, choice{picks: []int{1}}, ""},
		{"single takes one", single, []string{"A", "C"}, choice{}, "takes one choice"},
		{"unknown option", single, []string{"Z"}, choice{}, `no option "Z"`},
		{"nothing", single, []string{" "}, choice{}, "Say what you vote"},
		{"button form", single, []string{"+B"}, choice{add: true, picks: []int{1}}, ""},
		{"approval", multi, []string{"A", "C"}, choice{picks: []int{0, 2}}, ""},
		{"approval commas", multi, []string{"A,C"}, choice{picks: []int{0, 2}}, ""},
		{"approval twice", multi, []string{"A", "a"}, choice{}, "twice"},
		{"ranked order", rank, []string{"C", "A", "B"}, choice{picks: []int{2, 0, 1}}, ""},
		{"ranked arrows", rank, []string{"C>A>B"}, choice{picks: []int{2, 0, 1}}, ""},
		{"ranked partial", rank, []string{"Housing"}, choice{picks: []int{1}}, ""},
		{"ranked twice", rank, []string{"C", "A", "C"}, choice{}, "ranked C (Youth) twice"},
		{"dots", dots, []string{"A=3", "C=2"}, choice{points: []int{3, 0, 2}}, ""},
		{"dots commas", dots, []string{"A=3,C=2"}, choice{points: []int{3, 0, 2}}, ""},
		{"dots by text", dots, []string{"Food bank", "=4"}, choice{points: []int{0, 4, 0}}, ""},
		{"dots split", dots, []string{"Food bank", "=", "4"}, choice{points: []int{0, 4, 0}}, ""},
		{"too many dots", dots, []string{"A=3", "B=3"}, choice{}, "That's 6 dots, and you have 5"},
		{"dots without number", dots, []string{"A"}, choice{}, "has no number"},
		{"dots twice", dots, []string{"A=1", "a=2"}, choice{}, "twice"},
		{"negative dots", dots, []string{"A=-1"}, choice{}, "whole number"},
		{"zero dots", dots, []string{"A=0"}, choice{}, "at least one dot"},
		{"consent", consent, []string{"Agree"}, choice{picks: []int{0}}, ""},
		{"consent block with reason", consent, []string{"block", "we need the costs"}, choice{picks: []int{3}, reason: "we need the costs"}, ""},
		{"consent wrong word", consent, []string{"maybe"}, choice{}, "agree, abstain, disagree or block"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseChoice(tt.poll, tt.toks)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestApply(t *testing.T) {
	multi := &Poll{ID: 1, Kind: Multi, Options: []string{"A", "B", "C"}}
	rank := &Poll{ID: 1, Kind: Ranked, Options: []string{"A", "B", "C"}}
	dots := &Poll{ID: 1, Kind: Dots, Dots: 2, Options: []string{"A", "B"}}
	add := func(i int) choice { return choice{add: true, picks: []int{i}} }
	tests := []struct {
		name    string
		poll    *Poll
		c       choice
		old     *Ballot
		want    Ballot
		wantErr string
	}{
		{"approval adds", multi, add(1), &Ballot{Picks: []int{0}}, Ballot{Picks: []int{0, 1}}, ""},
		{"approval toggles off", multi, add(0), &Ballot{Picks: []int{0, 1}}, Ballot{Picks: []int{1}}, ""},
		{"approval can't empty", multi, add(0), &Ballot{Picks: []int{0}}, Ballot{}, "empty"},
		{"ranked appends", rank, add(2), &Ballot{Picks: []int{1}}, Ballot{Picks: []int{1, 2}}, ""},
		{"ranked twice", rank, add(1), &Ballot{Picks: []int{1}}, Ballot{}, "already your 1st"},
		{"dot added", dots, add(1), &Ballot{Points: []int{1, 0}}, Ballot{Points: []int{1, 1}}, ""},
		{"out of dots", dots, add(1), &Ballot{Points: []int{2, 0}}, Ballot{}, "spent all 2"},
		{"first dot", dots, add(0), nil, Ballot{Points: []int{1, 0}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := apply(tt.poll, tt.c, tt.old)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v %v, want %+v", got, err, tt.want)
			}
		})
	}
}

// FuzzParseChoice checks the vote parser never panics and only returns
// ballots that are valid for the poll.
func FuzzParseChoice(f *testing.F) {
	for _, s := range []string{"A", "b c", "C>A>B", "A=3 B=2", "A=3,B=9", "+A", "block we need costs", "Food bank", "=3", "A==2", "+", ",,>", "z=1", "ü", "A=99999999999999999999"} {
		for k := 0; k < 5; k++ {
			f.Add(s, k)
		}
	}
	kinds := []Kind{Single, Multi, Ranked, Dots, Consent}
	f.Fuzz(func(t *testing.T, text string, k int) {
		if k < 0 {
			k = -k
		}
		p := &Poll{ID: 3, Kind: kinds[k%len(kinds)], Dots: 5, Options: []string{"Food", "Food bank", "Youth", "B"}}
		c, err := parseChoice(p, strings.Fields(text))
		if err != nil {
			return
		}
		n := len(p.Choices())
		for _, i := range c.picks {
			if i < 0 || i >= n {
				t.Fatalf("pick %d out of range for %q", i, text)
			}
		}
		if p.Kind == Dots && !c.add {
			total := 0
			for _, v := range c.points {
				if v < 0 {
					t.Fatalf("negative points for %q", text)
				}
				total += v
			}
			if total < 1 || total > p.Dots || len(c.points) != n {
				t.Fatalf("points %v invalid for %q", c.points, text)
			}
		}
		if p.Kind != Dots && len(c.picks) == 0 {
			t.Fatalf("no picks for %q", text)
		}
		if p.Kind == Single && len(c.picks) != 1 {
			t.Fatalf("single poll got %v for %q", c.picks, text)
		}
		seen := map[int]bool{}
		for _, i := range c.picks {
			if seen[i] {
				t.Fatalf("duplicate pick in %v for %q", c.picks, text)
			}
			seen[i] = true
		}
		// Applying to an empty or full ballot must not panic either.
		_, _ = apply(p, c, nil)
		_, _ = apply(p, c, &Ballot{Picks: []int{0, 1}, Points: []int{5, 0, 0, 0}})
	})
}
