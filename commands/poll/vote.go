package poll

import (
	"context"
	"fmt"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// vote handles `vote ID CHOICE…` and the buttons, which send the same text.
// The ballot is committed with db.Batch (a burst of votes shares one fsync)
// before the voter is told "Vote recorded".
func (ps *Polls) vote(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	id, err := pollID(req)
	if err != nil {
		return bot.Reply{}, err
	}
	p, err := ps.Get(id)
	if err != nil {
		return bot.Reply{}, err
	}
	if !p.IsOpen() {
		return bot.Reply{}, ps.closedError(p)
	}
	c, err := parseChoice(p, req.Args.List("choice"))
	if err != nil {
		return bot.Reply{}, err
	}
	voter := person(req)
	who := string(voter)
	orgName := ""
	if p.PerOrg {
		if orgName, err = ps.voterOrg(p, req); err != nil {
			return bot.Reply{}, err
		}
		who = orgWho(orgName)
	}
	var (
		final    Ballot
		replaced *Ballot
		closed   *Poll
	)
	now := ps.env.Now().UTC()
	err = ps.env.DB.Batch(func(tx *storage.Tx) error {
		// Batch may run this more than once: only assign, never append.
		final, replaced, closed = Ballot{}, nil, nil
		cur, err := load(tx, id)
		if err != nil {
			return err
		}
		if !cur.IsOpen() {
			closed = cur
			return nil
		}
		key := ballotKey(id, cur.voterKey(who))
		var old Ballot
		had, err := storage.Get(tx, BallotsBucket, key, &old)
		if err != nil {
			return err
		}
		var prev *Ballot
		if had {
			prev = &old
		}
		b, err := apply(cur, c, prev)
		if err != nil {
			return err
		}
		if !cur.Anonymous {
			b.Voter = voter
			b.Org = orgName
			b.At = &now
		}
		if !had && !cur.PerOrg && !cur.elector(voter) {
			cur.Outsiders++
			if err := storage.Put(tx, PollsBucket, pollKey(id), cur); err != nil {
				return err
			}
		}
		final, replaced = b, prev
		return storage.Put(tx, BallotsBucket, key, b)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if closed != nil {
		return bot.Reply{}, ps.closedError(closed)
	}
	if !p.Anonymous && req.UserName != "" {
		if err := ps.env.People.Remember(req.User, req.UserName); err != nil {
			ps.env.Log.Warn("remembering a name failed", "err", err)
		}
	}
	ps.fresh.refresh(ctx, id)

	text := "Vote recorded: " + describeBallot(p, final)
	if p.PerOrg {
		text = fmt.Sprintf("Vote recorded for %s: %s", orgName, describeBallot(p, final))
	}
	switch {
	case replaced != nil && p.PerOrg && !p.Anonymous && replaced.Voter != "" && replaced.Voter != voter:
		text += fmt.Sprintf("\n(This replaces %s's vote for %s; the latest vote stands.)", ps.env.People.Name(replaced.Voter), orgName)
	case replaced != nil && p.PerOrg:
		text += "\n(This replaces your organisation's earlier vote; the latest vote stands.)"
	case replaced != nil:
		text += "\n(This replaces your earlier vote.)"
	}
	if p.Anonymous {
		text += "\nThis poll is anonymous: nobody can see who voted what."
	}
	data := map[string]any{"id": id, "kind": string(p.Kind), "changed": replaced != nil}
	opts := p.Choices()
	switch p.Kind {
	case Dots:
		pts := map[string]int{}
		for i, n := range final.Points {
			if n > 0 {
				pts[opts[i]] = n
			}
		}
		data["points"] = pts
	default:
		var picks []string
		for _, i := range final.Picks {
			picks = append(picks, opts[i])
		}
		data["choice"] = picks
	}
	if final.Reason != "" {
		data["reason"] = final.Reason
	}
	if p.PerOrg {
		data["org"] = orgName
	}
	return bot.Reply{Text: text, Ephemeral: true, Data: data}, nil
}

// elector reports whether person was in the electorate frozen at opening.
func (p *Poll) elector(person bot.ID) bool {
	k := p.electorKey(person)
	for _, e := range p.Electors {
		if e == k {
			return true
		}
	}
	return false
}

// voterOrg finds the organisation a --per-org vote is cast for.
func (ps *Polls) voterOrg(p *Poll, req *bot.Request) (string, error) {
	var (
		org string
		ok  bool
	)
	if ps.orgs != nil {
		if org, ok = ps.orgs.OrgOf(person(req)); !ok && req.User != person(req) {
			org, ok = ps.orgs.OrgOf(req.User)
		}
	}
	if !ok {
		return "", bot.Errorf("Poll %d is one vote per member organisation, and you aren't down as a member of one. Ask an admin to add you with `org add-member`; `whoami` shows what I know about you.", p.ID)
	}
	if p.orgElector(org) {
		return org, nil
	}
	return "", bot.Errorf("Poll %d's electorate was fixed when it opened, and %s wasn't among its member organisations then.", p.ID, org)
}

// closedError is the refusal for a vote on a closed poll.
func (ps *Polls) closedError(p *Poll) error {
	return bot.Refuse("poll results "+fmt.Sprint(p.ID), "Poll %d is closed (closed %s). See how it ended with `poll results %d`.", p.ID, ps.fmtTime(p.Closed.In(time.UTC)), p.ID)
}
