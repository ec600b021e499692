// Package poll runs the partnership's polls the way a co-operative counts
// votes: single choice, approval (--multi), ranked choice by instant-runoff
// (--ranked), dot voting (--dots N) and consent (--consent), per person or one
// vote per member organisation (--per-org), optionally anonymous, with a
// quorum, a closing time, hidden results and nudges.
//
// Storage (bbolt, JSON values):
//
//	polls         Key(id)                 → Poll
//	poll_ballots  Key(id)/VOTERKEY        → Ballot (one per voter or organisation; a new vote replaces it)
//	poll_closes   Key(closes, id)         → id   (index for the closing job)
//	poll_nudges   Key(closes-24h, id)     → id   (index for the automatic nudge)
//
// VOTERKEY is the person's id, or "org:NAME" for --per-org polls. For
// anonymous polls it is hex(HMAC-SHA256(secret, "ballot\x00"+who)) with a
// random secret stored with the poll while it is open and wiped when it
// closes; an anonymous poll stores no user id anywhere (see anonymous.go).
package poll

import (
	"fmt"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/commands/org"
	"partnerbot/storage"
)

// Buckets owned by the poll package.
const (
	PollsBucket   = "polls"
	BallotsBucket = "poll_ballots"
	ClosesBucket  = "poll_closes"
	NudgesBucket  = "poll_nudges"
)

func init() { storage.Declare(PollsBucket, BallotsBucket, ClosesBucket, NudgesBucket) }

// Kind is how a poll is voted and counted.
type Kind string

// Poll kinds.
const (
	Single  Kind = "single"
	Multi   Kind = "multi"
	Ranked  Kind = "ranked"
	Dots    Kind = "dots"
	Consent Kind = "consent"
)

// ConsentOptions are the fixed positions of a consent poll, in order.
var ConsentOptions = []string{"agree", "abstain", "disagree", "block"}

// consentBlock is the index of "block" in ConsentOptions.
const consentBlock = 3

// Limits.
const (
	MinOptions     = 2
	MaxOptions     = 20
	MaxDots        = 100
	MaxQuestionLen = 300
	MaxOptionLen   = 80
	MaxReasonLen   = 300
	// NudgeBefore is how long before closing the automatic nudge goes out.
	NudgeBefore = 24 * time.Hour
)

// Poll is a stored poll.
type Poll struct {
	ID          uint64     `json:"id"`
	Question    string     `json:"question"`
	Options     []string   `json:"options"`
	Kind        Kind       `json:"kind"`
	Dots        int        `json:"dots,omitempty"`
	Anonymous   bool       `json:"anonymous,omitempty"`
	PerOrg      bool       `json:"per_org,omitempty"`
	HideResults bool       `json:"hide_results,omitempty"`
	Quorum      int        `json:"quorum,omitempty"` // percent; 0 means none
	Room        string     `json:"room"`
	Creator     bot.ID     `json:"creator,omitempty"`     // empty for anonymous polls
	CreatorKey  string     `json:"creator_key,omitempty"` // anonymous polls: keyed hash of the creator
	Created     time.Time  `json:"created"`
	Closes      *time.Time `json:"closes,omitempty"`
	Closed      *time.Time `json:"closed,omitempty"`
	// ClosedBy says how it closed: "scheduler", "creator" or "admin".
	ClosedBy string `json:"closed_by,omitempty"`
	// Electors is the electorate frozen at opening: organisation names for
	// --per-org polls; otherwise the people in organisations (their ids, or
	// for anonymous polls their keyed hashes).
	Electors []string `json:"electors,omitempty"`
	// Eligible is len(Electors) at opening.
	Eligible int `json:"eligible"`
	// Outsiders counts voters of a per-person poll who were not in Electors;
	// they are eligible too (anyone may vote), so they join the electorate.
	Outsiders int `json:"outsiders,omitempty"`
	// Secret keys the hashes of an anonymous poll; wiped when it closes.
	Secret     []byte `json:"secret,omitempty"`
	AutoNudged bool   `json:"auto_nudged,omitempty"`
}

// IsOpen reports whether votes are accepted.
func (p *Poll) IsOpen() bool { return p.Closed == nil }

// Choices returns the options voters choose among (the fixed consent
// positions for a consent poll).
func (p *Poll) Choices() []string {
	if p.Kind == Consent {
		return ConsentOptions
	}
	return p.Options
}

// Key is the Reply.Key of the poll's posted message.
func (p *Poll) Key() string { return fmt.Sprintf("poll:%d", p.ID) }

// KindName describes the kind for people.
func (p *Poll) KindName() string {
	switch p.Kind {
	case Multi:
		return "approval (pick any)"
	case Ranked:
		return "ranked choice"
	case Dots:
		return fmt.Sprintf("dot vote (%d dots each)", p.Dots)
	case Consent:
		return "consent"
	}
	return "single choice"
}

// Ballot is one stored vote: a person's, or an organisation's for --per-org.
type Ballot struct {
	// Voter is who cast it (the person, for --per-org the member who cast the
	// organisation's vote); empty for anonymous polls.
	Voter bot.ID `json:"voter,omitempty"`
	// Org is the organisation whose vote this is (--per-org, not anonymous).
	Org string `json:"org,omitempty"`
	// Picks are option indexes: one (single), a set (multi), an order
	// (ranked), or the consent position.
	Picks []int `json:"picks,omitempty"`
	// Points per option, for dot votes.
	Points []int `json:"points,omitempty"`
	// Reason is a consent vote's reason.
	Reason string `json:"reason,omitempty"`
	// At is when it was cast; absent for anonymous polls.
	At *time.Time `json:"at,omitempty"`
	// Former marks the ballot of someone forgotten (`privacy forget`): it
	// still counts, and names no one (see privacy.go).
	Former bool `json:"former,omitempty"`
}

// Polls is the poll capability: its commands (`poll`, `vote`) and jobs.
type Polls struct {
	env   *bot.Env
	orgs  *org.Org
	fresh refresher
}

// New returns the poll capability. orgs may be nil if no organisations are
// kept; then --per-org polls are refused.
func New(env *bot.Env, orgs *org.Org) (*Polls, error) {
	if env == nil || env.DB == nil || env.Clock == nil || env.Pub == nil {
		return nil, fmt.Errorf("poll: an environment with a database, clock and publisher is needed")
	}
	if env.Loc == nil {
		env.Loc = time.UTC
	}
	p := &Polls{env: env, orgs: orgs}
	p.fresh.pub = p.publishUpdate
	return p, nil
}

func pollKey(id uint64) string             { return storage.Key(id) }
func ballotPrefix(id uint64) string        { return storage.Key(id) + "/" }
func ballotKey(id uint64, k string) string { return ballotPrefix(id) + k }

// load reads a poll in tx.
func load(tx *storage.Tx, id uint64) (*Poll, error) {
	var p Poll
	ok, err := storage.Get(tx, PollsBucket, pollKey(id), &p)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, bot.Refuse("poll list", "There's no poll %d. `poll list` shows the polls.", id)
	}
	return &p, nil
}

// Get returns poll id.
func (ps *Polls) Get(id uint64) (*Poll, error) {
	var p *Poll
	err := ps.env.DB.View(func(tx *storage.Tx) error {
		var err error
		p, err = load(tx, id)
		return err
	})
	return p, err
}

// ballots reads every ballot of poll id in tx, in key order.
func ballots(tx *storage.Tx, id uint64) ([]Ballot, error) {
	var out []Ballot
	err := storage.Each(tx, BallotsBucket, ballotPrefix(id), func(k string, b *Ballot) error {
		out = append(out, *b)
		return nil
	})
	return out, err
}

// ballotKeys returns the set of voter keys of poll id.
func ballotKeys(tx *storage.Tx, id uint64) map[string]bool {
	out := map[string]bool{}
	c := storage.Bucket(tx, BallotsBucket).Cursor()
	prefix := ballotPrefix(id)
	for k, _ := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, _ = c.Next() {
		out[strings.TrimPrefix(string(k), prefix)] = true
	}
	return out
}

// fmtTime shows t the British way in the partnership's zone.
func (ps *Polls) fmtTime(t time.Time) string {
	return when.FormatDateTime(t, ps.env.Loc)
}
