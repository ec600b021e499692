package poll

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Privacy (UK GDPR): what the poll capability holds about a person, and how
// `partnerbot privacy forget` removes it.
//
// Held about a person: the polls they created (Poll.Creator), their named
// ballots (the ballot key and Ballot.Voter, with choices, reason and time),
// and their place in the electorate frozen when a poll opened
// (Poll.Electors). Anonymous polls hold no id: ballots, creator and
// electorate are keyed hashes under the poll's secret, wiped at closing.
//
// Forget, in one transaction, idempotently:
//   - a poll they created stays, with no creator (admins still manage it);
//     an open anonymous poll's creator hash is dropped too;
//   - a named ballot in a closed poll stays counted but is refiled under a
//     random key (a token nobody can reverse) with no voter and no time, and
//     marked Former: results say "a former member";
//   - a named ballot in an open poll is removed: the poll isn't decided, and
//     the person is no longer in the partnership to stand by it (an outsider's
//     ballot also leaves the electorate it had joined);
//   - an organisation's ballot in a --per-org poll is the organisation's vote,
//     so it stays, open or closed, "cast by a former member";
//   - they leave every frozen electorate (the electorate's size, which the
//     quorum is measured against, stays as it was when the poll opened);
//   - anonymous ballots are not touched: they can't be found, and stay counted.

// FormerMember names a forgotten voter in results.
const FormerMember = "a former member"

// formerPrefix starts the ballot key of a forgotten voter's ballot.
const formerPrefix = "former-"

// anonymousNote explains, in an export, why no anonymous ballot is listed.
const anonymousNote = "Ballots in anonymous polls are filed under a one-way keyed hash and carry no name or time, so they can't be found or shown here; once a poll closes, nobody (admins included) can link a ballot to anyone. They stay counted after `privacy forget`."

// PrivacyName is "polls".
func (ps *Polls) PrivacyName() string { return "polls" }

// PollsExport is what `privacy export` shows for polls.
type PollsExport struct {
	// Created are the polls the person started.
	Created []CreatedPoll `json:"created"`
	// Ballots are their named votes (for --per-org polls, the organisation's
	// vote when they cast it).
	Ballots []ExportedBallot `json:"ballots"`
	// Electorate lists the polls whose electorate, frozen at opening, names
	// them.
	Electorate []uint64 `json:"electorate"`
	// Note is about anonymous polls.
	Note string `json:"note"`
}

// CreatedPoll is a poll in an export.
type CreatedPoll struct {
	ID        uint64 `json:"id"`
	Question  string `json:"question"`
	Room      string `json:"room"`
	Anonymous bool   `json:"anonymous,omitempty"`
	Created   string `json:"created"`
	Closed    string `json:"closed,omitempty"`
}

// ExportedBallot is a ballot in an export.
type ExportedBallot struct {
	Poll     uint64         `json:"poll"`
	Question string         `json:"question"`
	Org      string         `json:"organisation,omitempty"`
	Choices  []string       `json:"choices,omitempty"`
	Points   map[string]int `json:"points,omitempty"`
	Reason   string         `json:"reason,omitempty"`
	Vote     string         `json:"vote"`
	At       string         `json:"at,omitempty"`
	Open     bool           `json:"poll_open"`
}

// PersonalData returns the polls person created, their named ballots and the
// electorates they are in.
func (ps *Polls) PersonalData(person bot.ID) (any, error) {
	out := PollsExport{Created: []CreatedPoll{}, Ballots: []ExportedBallot{}, Electorate: []uint64{}, Note: anonymousNote}
	if person == "" {
		return out, nil
	}
	err := ps.env.DB.View(func(tx *storage.Tx) error {
		return storage.Each(tx, PollsBucket, "", func(_ string, p *Poll) error {
			if p.Creator == person || (p.Anonymous && p.isCreator(person)) {
				c := CreatedPoll{ID: p.ID, Question: p.Question, Room: p.Room, Anonymous: p.Anonymous, Created: rfc(p.Created)}
				if p.Closed != nil {
					c.Closed = rfc(*p.Closed)
				}
				out.Created = append(out.Created, c)
			}
			if p.Anonymous {
				return nil
			}
			if !p.PerOrg && p.elector(person) {
				out.Electorate = append(out.Electorate, p.ID)
			}
			return eachBallotOf(tx, p, person, func(_ string, b *Ballot) error {
				out.Ballots = append(out.Ballots, exportBallot(p, *b))
				return nil
			})
		})
	})
	return out, err
}

// eachBallotOf calls fn for every ballot of the named poll p that names
// person: filed under their id, or cast by them.
func eachBallotOf(tx *storage.Tx, p *Poll, person bot.ID, fn func(key string, b *Ballot) error) error {
	prefix := ballotPrefix(p.ID)
	type hit struct {
		key string
		b   Ballot
	}
	var hits []hit // collected first: fn may write to the bucket
	err := storage.Each(tx, BallotsBucket, prefix, func(k string, b *Ballot) error {
		if strings.TrimPrefix(k, prefix) == string(person) || b.Voter == person {
			hits = append(hits, hit{k, *b})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, h := range hits {
		if err := fn(h.key, &h.b); err != nil {
			return err
		}
	}
	return nil
}

func exportBallot(p *Poll, b Ballot) ExportedBallot {
	e := ExportedBallot{Poll: p.ID, Question: p.Question, Org: b.Org, Reason: b.Reason, Vote: describeBallot(p, b), Open: p.IsOpen()}
	opts := p.Choices()
	for _, i := range b.Picks {
		if i >= 0 && i < len(opts) {
			e.Choices = append(e.Choices, opts[i])
		}
	}
	for i, n := range b.Points {
		if n > 0 && i < len(opts) {
			if e.Points == nil {
				e.Points = map[string]int{}
			}
			e.Points[opts[i]] = n
		}
	}
	if b.At != nil {
		e.At = rfc(*b.At)
	}
	return e
}

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Forget removes person's personal data from the polls (see the top of this
// file for what happens to each kind of record). It is one transaction and
// may be run again safely.
func (ps *Polls) Forget(person bot.ID) error {
	if person == "" {
		return nil
	}
	var changed []uint64
	err := ps.env.DB.Update(func(tx *storage.Tx) error {
		changed = changed[:0]
		var polls []*Poll
		if err := storage.Each(tx, PollsBucket, "", func(_ string, p *Poll) error {
			polls = append(polls, p)
			return nil
		}); err != nil {
			return err
		}
		for _, p := range polls {
			ok, err := forgetIn(tx, p, person)
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
	// Redraw the posted copies of open polls whose count changed.
	for _, id := range changed {
		if p, err := ps.Get(id); err == nil && p.IsOpen() {
			ps.fresh.refresh(context.Background(), id)
		}
	}
	return nil
}

// forgetIn forgets person in poll p within tx and reports whether anything
// changed.
func forgetIn(tx *storage.Tx, p *Poll, person bot.ID) (bool, error) {
	changed := false
	if p.Creator == person {
		p.Creator = ""
		changed = true
	}
	if p.Anonymous {
		if p.CreatorKey != "" && p.isCreator(person) {
			p.CreatorKey = ""
			changed = true
		}
		if p.Secret != nil && !p.PerOrg && removeElector(p, p.electorKey(person)) {
			changed = true
		}
		// Ballots can't be found (and mustn't be): they stay counted.
		if changed {
			return true, storage.Put(tx, PollsBucket, pollKey(p.ID), p)
		}
		return false, nil
	}
	outsider := !p.PerOrg && !p.elector(person)
	if !p.PerOrg && removeElector(p, string(person)) {
		changed = true
	}
	err := eachBallotOf(tx, p, person, func(key string, b *Ballot) error {
		changed = true
		switch {
		case b.Org != "" || p.PerOrg:
			// The organisation's vote stands; who cast it is forgotten.
			b.Voter, b.At, b.Former = "", nil, true
			return storage.Put(tx, BallotsBucket, key, b)
		case p.IsOpen():
			if outsider && p.Outsiders > 0 {
				p.Outsiders--
			}
			return storage.Delete(tx, BallotsBucket, key)
		default:
			token, err := formerToken()
			if err != nil {
				return err
			}
			if err := storage.Delete(tx, BallotsBucket, key); err != nil {
				return err
			}
			b.Voter, b.At, b.Former = "", nil, true
			return storage.Put(tx, BallotsBucket, ballotKey(p.ID, token), b)
		}
	})
	if err != nil || !changed {
		return changed, err
	}
	return true, storage.Put(tx, PollsBucket, pollKey(p.ID), p)
}

// removeElector drops key from p's frozen electorate. Eligible (the size at
// opening) is left as it was.
func removeElector(p *Poll, key string) bool {
	out := p.Electors[:0]
	found := false
	for _, e := range p.Electors {
		if e == key {
			found = true
			continue
		}
		out = append(out, e)
	}
	p.Electors = out
	return found
}

// formerToken is a random ballot key for a forgotten voter's ballot: it is
// derived from nothing, so it can't be traced back to anyone.
func formerToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return formerPrefix + hex.EncodeToString(b), nil
}
