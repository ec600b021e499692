package poll

import (
	"context"
	"fmt"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// closeCmd handles `poll close ID` (the creator or an admin).
func (ps *Polls) closeCmd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	id, err := pollID(req)
	if err != nil {
		return bot.Reply{}, err
	}
	p, err := ps.Get(id)
	if err != nil {
		return bot.Reply{}, err
	}
	if !p.IsOpen() {
		return bot.Reply{}, bot.Refuse(fmt.Sprintf("poll results %d", id), "Poll %d is already closed (closed %s).", id, ps.fmtTime(*p.Closed))
	}
	if !ps.canManage(p, req) {
		return bot.Reply{}, bot.Errorf("Only the person who started poll %d, or an admin, can close it.", id)
	}
	by := "creator"
	if !p.isCreator(person(req)) {
		by = "admin"
	}
	var closed bool
	err = ps.env.DB.Update(func(tx *storage.Tx) error {
		var err error
		closed, err = closeIn(tx, id, ps.env.Now().UTC(), by)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if !closed {
		p, _ = ps.Get(id)
		return bot.Reply{}, bot.Errorf("Poll %d had just closed (closed %s).", id, ps.fmtTime(*p.Closed))
	}
	rep, err := ps.announce(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	rep.Text = fmt.Sprintf("Poll %d is closed.\n", id) + rep.Text
	return rep, nil
}

// closeIn closes poll id in tx at now: it stamps the poll, wipes an
// anonymous poll's secret and drops its scheduler index entries. It reports
// false if the poll was already closed.
func closeIn(tx *storage.Tx, id uint64, now time.Time, by string) (bool, error) {
	p, err := load(tx, id)
	if err != nil {
		return false, err
	}
	if !p.IsOpen() {
		return false, nil
	}
	at := now
	if by == "scheduler" && p.Closes != nil && p.Closes.Before(now) {
		at = *p.Closes // closed when it said it would, whenever the tick came
	}
	p.Closed = &at
	p.ClosedBy = by
	p.Secret = nil // from now on the poll can't be de-anonymised
	if p.Closes != nil {
		if err := storage.Delete(tx, ClosesBucket, storage.Key(*p.Closes, id)); err != nil {
			return false, err
		}
		if err := storage.Delete(tx, NudgesBucket, storage.Key(p.Closes.Add(-NudgeBefore), id)); err != nil {
			return false, err
		}
	}
	return true, storage.Put(tx, PollsBucket, pollKey(id), p)
}

// announce redraws a closed poll's posted copies (final count, no buttons),
// posts the outcome to its room, and returns the results.
func (ps *Polls) announce(ctx context.Context, id uint64) (bot.Reply, error) {
	p, bs, err := ps.snapshot(id)
	if err != nil {
		return bot.Reply{}, err
	}
	r := Count(p, bs)
	if err := ps.pub().Update(ctx, ps.message(p, r)); err != nil {
		ps.env.Log.Warn("updating a closed poll's messages failed", "poll", id, "err", err)
	}
	// The outcome carries the chart; the closer's own reply doesn't, so a
	// close typed in the room doesn't post the picture twice.
	if _, err := ps.pub().Publish(ctx, p.Room, ps.withChart(ps.outcome(p, r), p, r)); err != nil {
		ps.env.Log.Warn("posting a poll's outcome failed", "poll", id, "room", p.Room, "err", err)
	}
	return ps.results(p, bs), nil
}

// outcome is the message posted to the room when a poll closes.
func (ps *Polls) outcome(p *Poll, r Result) bot.Reply {
	text := ps.outcomeLine(p, r)
	switch {
	case r.Voters == 0:
		text = "Nobody voted."
	case p.Kind == Consent && r.Passed:
		text = "✅ The proposal has consent: nobody blocked."
	case p.Kind == Consent && len(r.Blocks) == 0:
		text = "The proposal did not get consent: nobody agreed."
	}
	text += fmt.Sprintf("\n%s.", capital(plural(r.Voters, "vote", "votes")))
	if p.PerOrg {
		text = text[:len(text)-1] + fmt.Sprintf(" from %d of %d member organisations.", r.Voters, r.Eligible)
	}
	if q := quorumLine(p, r); q != "" {
		text += "\n" + q
	}
	text += fmt.Sprintf("\nFull results: `poll results %d`", p.ID)
	return bot.Reply{
		Title: fmt.Sprintf("Poll %d has closed: %s", p.ID, p.Question),
		Text:  text,
		Data:  map[string]any{"id": p.ID, "closed": true},
	}
}

// snapshot reads a poll and its ballots in one transaction.
func (ps *Polls) snapshot(id uint64) (*Poll, []Ballot, error) {
	var (
		p  *Poll
		bs []Ballot
	)
	err := ps.env.DB.View(func(tx *storage.Tx) error {
		var err error
		if p, err = load(tx, id); err != nil {
			return err
		}
		bs, err = ballots(tx, id)
		return err
	})
	return p, bs, err
}

// resultsCmd handles `poll results ID`, with the chart unless the results
// are hidden.
func (ps *Polls) resultsCmd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	id, err := pollID(req)
	if err != nil {
		return bot.Reply{}, err
	}
	p, bs, err := ps.snapshot(id)
	if err != nil {
		return bot.Reply{}, err
	}
	return ps.withChart(ps.results(p, bs), p, Count(p, bs)), nil
}
