package remind

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

const (
	maxListed = 50   // lines in a list reply
	maxData   = 1000 // items in a list reply's Data
)

// An Item is one reminder in the Data of `reminders`.
type Item struct {
	ID        uint64 `json:"id"`
	What      string `json:"what"`
	Next      string `json:"next"`
	Target    string `json:"target"`
	Recurring bool   `json:"recurring"`
}

// nextFiring is the earlier of the scheduled firing and a snooze.
func (r *Reminder) nextFiring() time.Time {
	t := r.Snooze
	if !r.Delivered && (t.IsZero() || r.Next.Before(t)) {
		t = r.Next
	}
	return t
}

func (s *Reminders) list(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	scope := strings.ToLower(strings.TrimSpace(req.Args.String("scope")))
	if scope != "" && !req.Admin {
		return bot.Reply{}, bot.Refuse("reminders", "Only admins (the Steering Group) can see a room's or everyone's reminders. `reminders` shows yours.")
	}
	room := ""
	if scope != "" && scope != "all" {
		room = bot.NormaliseRoom(scope)
		if s.env.Rooms != nil {
			if err := s.env.Rooms.Check(room); err != nil {
				return bot.Reply{}, err
			}
		}
	}
	var rs []*Reminder
	total := 0
	err := s.env.DB.View(func(tx *storage.Tx) error {
		var ids []uint64
		switch {
		case scope == "all":
			return storage.Each(tx, Bucket, "", func(_ string, r *Reminder) error {
				if r.Pending() {
					rs = append(rs, r)
				}
				return nil
			})
		case room != "":
			ids = idsWith(tx, "room:"+room)
		default:
			for _, w := range []string{"by:" + string(req.Person), "by:" + string(req.User), "to:" + string(req.User), "to:" + string(req.Person)} {
				ids = append(ids, idsWith(tx, w)...)
			}
		}
		seen := map[uint64]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			r, ok, err := get(tx, id)
			if err != nil {
				return err
			}
			if ok && r.Pending() {
				rs = append(rs, r)
			}
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i].nextFiring(), rs[j].nextFiring()
		if !a.Equal(b) {
			return a.Before(b)
		}
		return rs[i].ID < rs[j].ID
	})
	total = len(rs)
	items := make([]Item, 0, min(total, maxData))
	for _, r := range rs[:min(total, maxData)] {
		items = append(items, Item{ID: r.ID, What: r.What, Next: r.nextFiring().UTC().Format(time.RFC3339), Target: r.Target.String(), Recurring: r.Recurring()})
	}
	data := map[string]any{"reminders": items}
	whose := "You have"
	switch {
	case scope == "all":
		whose = "There are"
	case room != "":
		whose = "#" + room + " has"
	}
	if total == 0 {
		return bot.Reply{Text: whose + " no reminders. Set one with `" + createExample + "`", Ephemeral: true, Data: data}, nil
	}
	now := s.env.Clock.Now()
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d reminder%s:\n", whose, total, plural(total))
	for i, r := range rs {
		if i == maxListed {
			fmt.Fprintf(&b, "…and %d more.\n", total-maxListed)
			break
		}
		fmt.Fprintf(&b, "• *%d* %s — %s", r.ID, quoted(r.What), s.whenLine(r, now))
		fmt.Fprintf(&b, " · for %s", s.label(r.Target, req.User))
		if !creator(req, r) {
			fmt.Fprintf(&b, " (set by %s)", neutralise(r.ByName))
		}
		b.WriteString("\n")
	}
	b.WriteString("`reminder delete ID` stops one.")
	return bot.Reply{Text: b.String(), Ephemeral: true, Data: data}, nil
}

// whenLine says when a listed reminder fires next.
func (s *Reminders) whenLine(r *Reminder, now time.Time) string {
	if r.Delivered {
		return "snoozed until " + s.describe(r.Snooze, nil, now)
	}
	line := s.describe(r.Next, r.Rule, now)
	if !r.Snooze.IsZero() {
		line += "; snoozed until " + s.describe(r.Snooze, nil, now)
	}
	return line
}
