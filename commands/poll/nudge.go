package poll

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Nudges.
//
// `poll nudge ID` (the creator or an admin) and the automatic nudge 24 hours
// before closing send a direct message to those who have not voted: for a
// per-person poll, the people in the electorate frozen at opening (members of
// organisations) with no ballot; for --per-org, the current members of each
// organisation in the electorate that has not voted. For an anonymous poll the
// bot checks, while the poll is open, whether each elector's keyed hash has a
// ballot; it never stores or shows who was nudged, only how many. People who
// are not in any organisation can't be nudged: the bot doesn't know them.

// nudgeCmd handles `poll nudge ID`.
func (ps *Polls) nudgeCmd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	id, err := pollID(req)
	if err != nil {
		return bot.Reply{}, err
	}
	p, err := ps.Get(id)
	if err != nil {
		return bot.Reply{}, err
	}
	if !p.IsOpen() {
		return bot.Reply{}, bot.Errorf("Poll %d is closed (closed %s), so there's nobody to nudge.", id, ps.fmtTime(*p.Closed))
	}
	if !ps.canManage(p, req) {
		return bot.Reply{}, bot.Errorf("Only the person who started poll %d, or an admin, can nudge for it.", id)
	}
	people, orgs, err := ps.nudge(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	data := map[string]any{"id": id, "nudged": people}
	if p.PerOrg {
		data["orgs"] = orgs
	}
	switch {
	case people == 0 && p.Eligible == 0 && !p.PerOrg:
		return bot.Reply{Text: fmt.Sprintf("Nobody to nudge: I only know who is eligible once people are in organisations (`org add-member`)."), Ephemeral: true, Data: data}, nil
	case people == 0:
		return bot.Reply{Text: "Nobody to nudge: everyone I can reach has voted.", Ephemeral: true, Data: data}, nil
	case p.PerOrg:
		return bot.Reply{Text: fmt.Sprintf("Nudged %s in %s that haven't voted.", plural(people, "person", "people"), plural(orgs, "organisation", "organisations")), Ephemeral: true, Data: data}, nil
	}
	return bot.Reply{Text: fmt.Sprintf("Nudged %s who haven't voted.", plural(people, "person", "people")), Ephemeral: true, Data: data}, nil
}

// nudge DMs those who have not voted in poll id; it returns how many people
// and (for --per-org) organisations it reached.
func (ps *Polls) nudge(ctx context.Context, id uint64) (people, orgs int, err error) {
	var (
		p       *Poll
		targets []bot.ID
		orgOf   = map[bot.ID]string{}
	)
	err = ps.env.DB.View(func(tx *storage.Tx) error {
		var err error
		if p, err = load(tx, id); err != nil {
			return err
		}
		if !p.IsOpen() {
			return nil
		}
		voted := ballotKeys(tx, id)
		switch {
		case p.PerOrg:
			if ps.orgs == nil {
				return nil
			}
			for _, o := range ps.orgs.Organisations() {
				if !p.orgElector(o) || voted[p.voterKey(orgWho(o))] {
					continue
				}
				members := ps.orgs.Members(o)
				if len(members) > 0 {
					orgs++
				}
				for _, m := range members {
					targets = append(targets, m)
					orgOf[m] = o
				}
			}
		case p.Anonymous:
			if ps.orgs == nil {
				return nil
			}
			for _, m := range ps.orgs.People() {
				if p.elector(m) && !voted[p.voterKey(string(m))] {
					targets = append(targets, m)
				}
			}
		default:
			for _, e := range p.Electors {
				if !voted[e] {
					targets = append(targets, bot.ID(e))
				}
			}
		}
		return nil
	})
	if err != nil || p == nil || !p.IsOpen() {
		return 0, 0, err
	}
	sort.Slice(targets, func(i, j int) bool { return targets[i] < targets[j] })
	for _, t := range targets {
		if derr := ps.pub().Direct(ctx, t, ps.nudgeMessage(p, orgOf[t])); derr != nil {
			ps.env.Log.Warn("nudging a voter failed", "poll", id, "err", derr)
			continue
		}
		people++
	}
	return people, orgs, nil
}

// nudgeMessage is the private reminder.
func (ps *Polls) nudgeMessage(p *Poll, org string) bot.Reply {
	var b strings.Builder
	if org != "" {
		fmt.Fprintf(&b, "%s hasn't voted yet in poll %d: *%s*", org, p.ID, p.Question)
	} else {
		fmt.Fprintf(&b, "You haven't voted yet in poll %d: *%s*", p.ID, p.Question)
	}
	if p.Closes != nil {
		fmt.Fprintf(&b, " — it closes %s", ps.fmtTime(*p.Closes))
	}
	b.WriteString(".\n" + howToVote(p))
	if org != "" {
		b.WriteString("\nAny member of your organisation can cast its vote; the latest one stands.")
	}
	return bot.Reply{
		Title:   fmt.Sprintf("Reminder: poll %d", p.ID),
		Text:    b.String(),
		Choices: buttons(p),
		Data:    map[string]any{"id": p.ID, "nudge": true},
	}
}
