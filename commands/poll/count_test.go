package poll

import (
	"reflect"
	"testing"
)

// ranked turns "ABC" strings into ballots of option indexes.
func ranked(bs ...string) [][]int {
	var out [][]int
	for _, b := range bs {
		var r []int
		for _, c := range b {
			r = append(r, int(c-'A'))
		}
		out = append(out, r)
	}
	return out
}

func repeat(n int, s string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func cat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestInstantRunoff(t *testing.T) {
	tests := []struct {
		name       string
		n          int
		ballots    []string
		winner     int
		tied       []int
		rounds     int
		eliminated []int // per round, -1 for the last
	}{
		{
			// A leads on first preferences (4 of 9) but C's voters prefer B.
			name:    "plurality leader loses",
			n:       3,
			ballots: cat(repeat(4, "ABC"), repeat(3, "BAC"), repeat(2, "CBA")),
			winner:  1, rounds: 2, eliminated: []int{2, -1},
		},
		{
			// The Tennessee capital example: Memphis leads with 42% but
			// Knoxville wins once Chattanooga and Nashville are counted out.
			// Options: A Memphis, B Nashville, C Chattanooga, D Knoxville.
			name:    "Tennessee",
			n:       4,
			ballots: cat(repeat(42, "ABCD"), repeat(26, "BCDA"), repeat(15, "CDBA"), repeat(17, "DCBA")),
			winner:  3, rounds: 3, eliminated: []int{2, 1, -1},
		},
		{
			name:    "majority in round one",
			n:       3,
			ballots: cat(repeat(3, "A"), repeat(1, "B"), repeat(1, "C")),
			winner:  0, rounds: 1, eliminated: []int{-1},
		},
		{
			// Round 2: B and C level on 3; C had fewer in round 1, so C goes.
			name:    "tie for last broken by earliest round",
			n:       4,
			ballots: cat(repeat(4, "A"), repeat(3, "B"), repeat(2, "CB"), repeat(1, "DC")),
			winner:  1, rounds: 3, eliminated: []int{3, 2, -1},
		},
		{
			// B and C level in every round: the one listed last (C) goes.
			name:    "tie for last broken by listing order",
			n:       3,
			ballots: cat(repeat(2, "A"), repeat(1, "B"), repeat(1, "C")),
			winner:  0, rounds: 2, eliminated: []int{2, -1},
		},
		{
			name:    "two left level throughout is a tie",
			n:       2,
			ballots: []string{"AB", "BA"},
			winner:  -1, tied: []int{0, 1}, rounds: 1, eliminated: []int{-1},
		},
		{
			name:   "no ballots",
			n:      3,
			winner: -1, rounds: 1, eliminated: []int{-1},
		},
		{
			// Exhausted ballots stop counting: C's 3 of 6 is no majority,
			// but once A's lone ballot is exhausted C has 3 of 5.
			name:    "exhausted ballots",
			n:       3,
			ballots: []string{"A", "B", "B", "C", "C", "C"},
			winner:  2, rounds: 2, eliminated: []int{0, -1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rounds, winner, tied := InstantRunoff(tt.n, ranked(tt.ballots...))
			if winner != tt.winner || !reflect.DeepEqual(tied, tt.tied) {
				t.Fatalf("winner %d tied %v, want %d %v (rounds %+v)", winner, tied, tt.winner, tt.tied, rounds)
			}
			if len(rounds) != tt.rounds {
				t.Fatalf("%d rounds, want %d: %+v", len(rounds), tt.rounds, rounds)
			}
			for i, rd := range rounds {
				if rd.Eliminated != tt.eliminated[i] {
					t.Errorf("round %d eliminated %d, want %d", i+1, rd.Eliminated, tt.eliminated[i])
				}
			}
		})
	}
}

func TestCount(t *testing.T) {
	pick := func(i ...int) Ballot { return Ballot{Picks: i} }
	dots := func(p ...int) Ballot { return Ballot{Points: p} }
	tests := []struct {
		name      string
		poll      Poll
		ballots   []Ballot
		tally     []int
		winner    int
		tied      []int
		quorumMet bool
		blocks    int
		passed    bool
	}{
		{name: "single", poll: Poll{Kind: Single, Options: []string{"A", "B", "C"}},
			ballots: []Ballot{pick(0), pick(1), pick(1)}, tally: []int{1, 2, 0}, winner: 1, quorumMet: true},
		{name: "single tie", poll: Poll{Kind: Single, Options: []string{"A", "B"}},
			ballots: []Ballot{pick(0), pick(1)}, tally: []int{1, 1}, winner: -1, tied: []int{0, 1}, quorumMet: true},
		{name: "approval", poll: Poll{Kind: Multi, Options: []string{"A", "B", "C"}},
			ballots: []Ballot{pick(0, 2), pick(2), pick(1, 2)}, tally: []int{1, 1, 3}, winner: 2, quorumMet: true},
		{name: "dots", poll: Poll{Kind: Dots, Dots: 5, Options: []string{"A", "B"}},
			ballots: []Ballot{dots(3, 2), dots(0, 5), dots(5, 0)}, tally: []int{8, 7}, winner: 0, quorumMet: true},
		{name: "consent passes", poll: Poll{Kind: Consent},
			ballots: []Ballot{pick(0), pick(0), pick(1), pick(2)}, tally: []int{2, 1, 1, 0}, winner: 0, passed: true, quorumMet: true},
		{name: "consent blocked", poll: Poll{Kind: Consent},
			ballots: []Ballot{pick(0), pick(0), {Picks: []int{3}, Reason: "not costed"}}, tally: []int{2, 0, 0, 1}, winner: -1, blocks: 1, quorumMet: true},
		{name: "no votes", poll: Poll{Kind: Single, Options: []string{"A", "B"}},
			tally: []int{0, 0}, winner: -1, quorumMet: true},
		{name: "quorum met exactly", poll: Poll{Kind: Single, Options: []string{"A", "B"}, Quorum: 50, Eligible: 6},
			ballots: []Ballot{pick(0), pick(0), pick(1)}, tally: []int{2, 1}, winner: 0, quorumMet: true},
		{name: "quorum not met", poll: Poll{Kind: Single, Options: []string{"A", "B"}, Quorum: 50, Eligible: 8},
			ballots: []Ballot{pick(0), pick(0), pick(1)}, tally: []int{2, 1}, winner: 0, quorumMet: false},
		{name: "outsiders join the electorate", poll: Poll{Kind: Single, Options: []string{"A", "B"}, Quorum: 50, Eligible: 4, Outsiders: 2},
			ballots: []Ballot{pick(0), pick(0), pick(1)}, tally: []int{2, 1}, winner: 0, quorumMet: true},
		{name: "per-org quorum counts organisations", poll: Poll{Kind: Single, Options: []string{"A", "B"}, PerOrg: true, Quorum: 75, Eligible: 4, Outsiders: 9},
			ballots: []Ballot{pick(0), pick(0), pick(1)}, tally: []int{2, 1}, winner: 0, quorumMet: true},
		{name: "quorum with nobody eligible", poll: Poll{Kind: Single, Options: []string{"A", "B"}, Quorum: 10},
			tally: []int{0, 0}, winner: -1, quorumMet: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Count(&tt.poll, tt.ballots)
			if !reflect.DeepEqual(r.Tally, tt.tally) || r.Winner != tt.winner || !reflect.DeepEqual(r.Tied, tt.tied) {
				t.Fatalf("tally %v winner %d tied %v; want %v %d %v", r.Tally, r.Winner, r.Tied, tt.tally, tt.winner, tt.tied)
			}
			if r.QuorumMet != tt.quorumMet || len(r.Blocks) != tt.blocks || r.Passed != tt.passed {
				t.Fatalf("quorum %v blocks %d passed %v; want %v %d %v", r.QuorumMet, len(r.Blocks), r.Passed, tt.quorumMet, tt.blocks, tt.passed)
			}
			if r.Voters != len(tt.ballots) {
				t.Fatalf("voters %d, want %d", r.Voters, len(tt.ballots))
			}
		})
	}
}
