package poll

import (
	"context"
	"fmt"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Linking accounts (bot.Rekeyer).
//
// When `whoami link` joins the account from to the person to, the polls that
// are still open are merged so that the person counts once, in one
// transaction:
//   - a named ballot filed under from moves to to (its Voter becomes to); if
//     to has a ballot too, the newer one (by cast time) stays and the other is
//     dropped (on equal times, to's stays);
//   - an anonymous poll does the same with the keyed hashes of the two ids
//     (the secret is there while the poll is open); anonymous ballots carry
//     no time, so where both accounts voted the person's (to's) ballot stays;
//   - a --per-org poll's ballots are the organisations': they stay where they
//     are, and only the member named as having cast one becomes to;
//   - the frozen electorate names the person once: from's place becomes to's,
//     and if both accounts were in it the electorate shrinks by one; an
//     outsider voter who merges into an elector stops being an outsider;
//   - the poll's creator (or, anonymous, the creator's hash) becomes to, so
//     the person can still close and nudge it from either account.
//
// Closed polls stay exactly as they were counted (and an anonymous poll's
// secret is gone by then anyway). Open polls whose count changed have their
// posted copies redrawn. Running it again changes nothing.

// Rekey merges what from holds in open polls into to.
func (ps *Polls) Rekey(from, to bot.ID, now time.Time) error {
	if from == "" || to == "" || from == to {
		return nil
	}
	var changed []uint64
	err := ps.env.DB.Update(func(tx *storage.Tx) error {
		changed = changed[:0]
		var open []*Poll
		if err := storage.Each(tx, PollsBucket, "", func(_ string, p *Poll) error {
			if p.IsOpen() {
				open = append(open, p)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, p := range open {
			ok, err := rekeyIn(tx, p, from, to)
			if err != nil {
				return fmt.Errorf("poll %d: %w", p.ID, err)
			}
			if ok {
				changed = append(changed, p.ID)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range changed {
		ps.fresh.refresh(context.Background(), id)
	}
	return nil
}

// rekeyIn merges from into to in the open poll p within tx and reports
// whether anything changed.
func rekeyIn(tx *storage.Tx, p *Poll, from, to bot.ID) (bool, error) {
	if !p.IsOpen() || (p.Anonymous && p.Secret == nil) {
		return false, nil
	}
	changed := false
	// The creator.
	switch {
	case !p.Anonymous && p.Creator == from:
		p.Creator, changed = to, true
	case p.Anonymous && p.CreatorKey != "" && p.isCreator(from):
		p.CreatorKey, changed = keyed(p.Secret, "creator", string(to)), true
	}
	if p.PerOrg {
		// The organisations' ballots stay; only who cast them is renamed.
		if !p.Anonymous {
			var hits []string
			err := storage.Each(tx, BallotsBucket, ballotPrefix(p.ID), func(k string, b *Ballot) error {
				if b.Voter == from {
					hits = append(hits, k)
				}
				return nil
			})
			if err != nil {
				return false, err
			}
			for _, k := range hits {
				var b Ballot
				if _, err := storage.Get(tx, BallotsBucket, k, &b); err != nil {
					return false, err
				}
				b.Voter = to
				if err := storage.Put(tx, BallotsBucket, k, b); err != nil {
					return false, err
				}
				changed = true
			}
		}
		return changed, putIf(tx, p, changed)
	}

	fromKey, toKey := ballotKey(p.ID, p.voterKey(string(from))), ballotKey(p.ID, p.voterKey(string(to)))
	var fromB, toB Ballot
	fromVoted, err := storage.Get(tx, BallotsBucket, fromKey, &fromB)
	if err != nil {
		return false, err
	}
	toVoted, err := storage.Get(tx, BallotsBucket, toKey, &toB)
	if err != nil {
		return false, err
	}
	fromElector, toElector := p.elector(from), p.elector(to)

	// The electorate and its outsiders: before, the two accounts were two
	// people; after, one.
	outsidersBefore := b2i(fromVoted && !fromElector) + b2i(toVoted && !toElector)
	outsidersAfter := b2i((fromVoted || toVoted) && !(fromElector || toElector))
	if fromElector {
		removeElector(p, p.electorKey(from))
		if toElector {
			if p.Eligible > 0 {
				p.Eligible--
			}
		} else {
			p.Electors = append(p.Electors, p.electorKey(to))
		}
		changed = true
	}
	if d := outsidersAfter - outsidersBefore; d != 0 {
		p.Outsiders = max(p.Outsiders+d, 0)
		changed = true
	}

	// The ballots.
	if fromVoted {
		if !toVoted || newer(fromB, toB) {
			if !p.Anonymous {
				fromB.Voter = to
			}
			if err := storage.Put(tx, BallotsBucket, toKey, fromB); err != nil {
				return false, err
			}
		}
		if err := storage.Delete(tx, BallotsBucket, fromKey); err != nil {
			return false, err
		}
		changed = true
	}
	return changed, putIf(tx, p, changed)
}

// newer reports whether ballot a was cast after b. Ballots without a time
// (anonymous ones) are never newer, so the person's own ballot stays.
func newer(a, b Ballot) bool {
	return a.At != nil && (b.At == nil || a.At.After(*b.At))
}

// putIf stores p if it changed.
func putIf(tx *storage.Tx, p *Poll, changed bool) error {
	if !changed {
		return nil
	}
	return storage.Put(tx, PollsBucket, pollKey(p.ID), p)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
