package poll

// Counting.
//
// Single choice and approval count one per option named; dot votes add the
// points; consent counts each position, and any block is reported
// prominently (a consent proposal passes when nobody blocks and at least one
// member agrees).
//
// Ranked polls are counted by instant-runoff: each round every ballot counts
// for its most preferred option still in the race; an option with more than
// half of the ballots still counting wins; otherwise the option with the
// fewest votes is eliminated and its ballots move to their next preference.
// Ballots with no remaining preference are exhausted and stop counting.
//
// Tie-break rule for elimination (deterministic, documented in help): among
// the options tied for fewest votes, eliminate the one with fewer votes in
// the earliest round where the tied options' counts differ; if they were
// level in every round, eliminate the one listed last in the poll. If every
// option still in the race is level in every round (for example two left
// with equal votes), the poll is a tie and has no winner.
//
// Quorum is a percentage of the eligible electorate: for --per-org polls the
// member organisations frozen at opening; otherwise the people who belonged
// to a member organisation at opening, plus anyone else who voted (anyone
// may vote, and a voter is plainly eligible).

// Round is one round of an instant-runoff count.
type Round struct {
	// Counts per option; options already eliminated count 0 and are listed
	// in Out.
	Counts []int
	Out    []bool
	// Exhausted ballots have no remaining preference.
	Exhausted int
	// Eliminated is the option knocked out at the end of the round, or -1.
	Eliminated int
}

// Result is a poll's count.
type Result struct {
	// Tally per option (consent: per position): votes, approvals, points, or
	// for ranked polls first preferences.
	Tally []int
	// Voters is the number of ballots (organisations for --per-org).
	Voters int
	// Rounds of an instant-runoff count.
	Rounds []Round
	// Winner is the winning option, or -1.
	Winner int
	// Tied lists the options level at the top when there is no winner.
	Tied []int
	// Blocks are the consent blocks, with reasons.
	Blocks []Ballot
	// Passed is a consent poll's outcome: no blocks and at least one agree.
	Passed bool
	// Eligible is the size of the electorate the quorum is measured against.
	Eligible int
	// QuorumMet is true when there is no quorum, or enough voted.
	QuorumMet bool
}

// Count counts a poll's ballots.
func Count(p *Poll, bs []Ballot) Result {
	n := len(p.Choices())
	r := Result{Tally: make([]int, n), Voters: len(bs), Winner: -1}
	switch p.Kind {
	case Ranked:
		prefs := make([][]int, 0, len(bs))
		for _, b := range bs {
			if len(b.Picks) > 0 {
				if i := b.Picks[0]; i >= 0 && i < n {
					r.Tally[i]++
				}
			}
			prefs = append(prefs, b.Picks)
		}
		r.Rounds, r.Winner, r.Tied = InstantRunoff(n, prefs)
	case Dots:
		for _, b := range bs {
			for i, pts := range b.Points {
				if i < n {
					r.Tally[i] += pts
				}
			}
		}
		r.Winner, r.Tied = top(r.Tally)
	case Consent:
		for _, b := range bs {
			if len(b.Picks) > 0 && b.Picks[0] >= 0 && b.Picks[0] < n {
				r.Tally[b.Picks[0]]++
				if b.Picks[0] == consentBlock {
					r.Blocks = append(r.Blocks, b)
				}
			}
		}
		r.Passed = len(r.Blocks) == 0 && r.Tally[0] > 0
		if r.Passed {
			r.Winner = 0
		}
	default:
		for _, b := range bs {
			for _, i := range b.Picks {
				if i >= 0 && i < n {
					r.Tally[i]++
				}
			}
		}
		r.Winner, r.Tied = top(r.Tally)
	}
	r.Eligible = p.Eligible
	if !p.PerOrg {
		r.Eligible += p.Outsiders
	}
	r.QuorumMet = p.Quorum == 0 || (r.Eligible > 0 && r.Voters*100 >= p.Quorum*r.Eligible)
	return r
}

// top returns the single highest option, or -1 and the tied leaders (no
// winner when nothing scored).
func top(t []int) (int, []int) {
	best := 0
	for _, v := range t {
		if v > best {
			best = v
		}
	}
	if best == 0 {
		return -1, nil
	}
	var at []int
	for i, v := range t {
		if v == best {
			at = append(at, i)
		}
	}
	if len(at) == 1 {
		return at[0], nil
	}
	return -1, at
}

// InstantRunoff counts ranked ballots over n options (each ballot lists
// option indexes, most preferred first). It returns every round, the winner
// (-1 if none) and, for a tie, the options level at the end.
func InstantRunoff(n int, ballots [][]int) (rounds []Round, winner int, tied []int) {
	out := make([]bool, n)
	remaining := n
	for remaining > 0 {
		rd := Round{Counts: make([]int, n), Out: append([]bool(nil), out...), Eliminated: -1}
		for _, b := range ballots {
			counted := false
			for _, i := range b {
				if i >= 0 && i < n && !out[i] {
					rd.Counts[i]++
					counted = true
					break
				}
			}
			if !counted {
				rd.Exhausted++
			}
		}
		continuing := len(ballots) - rd.Exhausted
		var active []int
		for i := 0; i < n; i++ {
			if !out[i] {
				active = append(active, i)
			}
		}
		if continuing == 0 {
			rounds = append(rounds, rd)
			return rounds, -1, nil
		}
		for _, i := range active {
			if rd.Counts[i]*2 > continuing {
				rounds = append(rounds, rd)
				return rounds, i, nil
			}
		}
		if len(active) == 1 {
			rounds = append(rounds, rd)
			return rounds, active[0], nil
		}
		rounds = append(rounds, rd)
		// Everyone left level in every round: a tie.
		if levelThroughout(rounds, active) {
			return rounds, -1, active
		}
		loser := pickLoser(rounds, active)
		rounds[len(rounds)-1].Eliminated = loser
		out[loser] = true
		remaining--
	}
	return rounds, -1, nil
}

// levelThroughout reports whether the options had equal counts in every round.
func levelThroughout(rounds []Round, opts []int) bool {
	for _, rd := range rounds {
		for _, i := range opts[1:] {
			if rd.Counts[i] != rd.Counts[opts[0]] {
				return false
			}
		}
	}
	return true
}

// pickLoser applies the elimination rule: fewest votes this round; among
// those, fewer in the earliest round where they differ; then listed last.
func pickLoser(rounds []Round, active []int) int {
	last := rounds[len(rounds)-1]
	low := last.Counts[active[0]]
	for _, i := range active {
		if last.Counts[i] < low {
			low = last.Counts[i]
		}
	}
	var cands []int
	for _, i := range active {
		if last.Counts[i] == low {
			cands = append(cands, i)
		}
	}
	for _, rd := range rounds {
		if len(cands) == 1 {
			break
		}
		min := rd.Counts[cands[0]]
		for _, i := range cands {
			if rd.Counts[i] < min {
				min = rd.Counts[i]
			}
		}
		var next []int
		for _, i := range cands {
			if rd.Counts[i] == min {
				next = append(next, i)
			}
		}
		cands = next
	}
	return cands[len(cands)-1]
}
