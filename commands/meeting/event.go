package meeting

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/storage"
)

const (
	exEvent       = `event create "Volunteers' evening" on 3 March at 18:00 capacity 30`
	exEventFull   = `event create "Volunteers' evening" on 3 March at 18:00 for 2h capacity 30 in sip-general where "Bedwell Community Centre"`
	exEventCancel = "event cancel e7"
)

func (m *Meetings) eventCommand() *bot.Command {
	return &bot.Command{
		Name:    "event",
		Summary: "one-off events with RSVPs and a waiting list",
		Subs: []*bot.Command{
			{
				Name:     "create",
				Summary:  "create an event and post it with RSVP buttons",
				Usage:    `event create "Title" on <date> at <time> [for 2h] [capacity N] [in ROOM] [where "…"]`,
				Examples: []string{exEventFull, `event create "Cost of living drop-in" on 12/3/2027 at 10:00`},
				Args:     []bot.Arg{{Name: "what", Kind: bot.Text, Required: true, Help: `"Title", when, and optionally for 2h, capacity N, in ROOM, where "…"`}},
				Handle:   m.createEvent,
			},
			{Name: "list", Summary: "events coming up", Examples: []string{"event list"}, Handle: m.listEvents},
			{
				Name:     "cancel",
				Summary:  "cancel an event (admins and its organiser)",
				Usage:    "event cancel ID",
				Examples: []string{exEventCancel},
				Args:     []bot.Arg{{Name: "event", Kind: bot.Word, Required: true, Help: "the event id, like e7", Autocomplete: "event"}},
				Handle:   m.cancelEvent,
			},
		},
	}
}

func (m *Meetings) createEvent(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	s, err := parseSpec(req.Args.String("what"), m.env.Rooms, true, exEvent)
	if err != nil {
		return bot.Reply{}, err
	}
	if s.nudgeSet {
		return bot.Reply{}, bot.Refuse(exEvent, "Events don't take nudges (meetings do).")
	}
	w, err := when.Parse(s.phrase, now, m.loc)
	if err != nil {
		return bot.Reply{}, userError(err, exEvent)
	}
	if w.Rule != nil {
		return bot.Reply{}, bot.Refuse(exEvent, "%q repeats: for a repeating meeting use `meeting schedule \"%s\" %s`. An event is one date, like `on 3 March at 18:00`.", s.phrase, s.title, s.phrase)
	}
	if !w.At.After(now) {
		return bot.Reply{}, bot.Refuse(exEvent, "%s is in the past.", when.FormatDateTime(w.At, m.loc))
	}
	room, err := m.roomFor(s.room, req, exEvent)
	if err != nil {
		return bot.Reply{}, err
	}
	length := s.length
	if length == 0 {
		length = DefaultLength
	}
	e := &Event{Title: s.title, Start: w.At.UTC(), End: w.At.Add(length).UTC(), Capacity: s.capacity, Room: room, Where: s.where, Creator: req.Person, Created: now}
	var card bot.Reply
	err = m.env.DB.Update(func(tx *storage.Tx) error {
		id, err := storage.NextID(tx, EventsBucket)
		if err != nil {
			return err
		}
		e.ID = id
		if err := putEvent(tx, e); err != nil {
			return err
		}
		card, err = m.eventCard(tx, e)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	posted := ""
	if _, err := m.pub().Publish(ctx, room, card); err != nil {
		m.env.Log.Warn("meeting: posting an event failed", "room", room, "err", err)
		posted = fmt.Sprintf(" I couldn't post it in #%s just now; people can still answer with `rsvp %s yes`.", room, e.Ref())
	} else {
		posted = fmt.Sprintf(" Posted in #%s with RSVP buttons.", room)
	}
	capTxt := "no limit on places"
	if e.Capacity > 0 {
		capTxt = fmt.Sprintf("%d %s, then a waiting list", e.Capacity, plural(e.Capacity, "place", "places"))
	}
	return bot.Reply{
		Text: fmt.Sprintf("Created *%s* (%s): %s · %s.%s", e.Title, e.Ref(), span(e.Start, e.End, m.loc), capTxt, posted),
		Data: map[string]any{"event": e.Ref(), "id": e.ID, "title": e.Title, "start": e.Start.Format(time.RFC3339),
			"end": e.End.Format(time.RFC3339), "capacity": e.Capacity, "room": e.Room, "where": e.Where},
	}, nil
}

func (m *Meetings) listEvents(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	var b strings.Builder
	items := []map[string]any{}
	err := m.env.DB.View(func(tx *storage.Tx) error {
		all, err := allEvents(tx)
		if err != nil {
			return err
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].Start.Before(all[j].Start) })
		for _, e := range all {
			if e.Cancelled || !e.End.After(now) {
				continue
			}
			rs, err := rsvps(tx, e.Ref())
			if err != nil {
				return err
			}
			t := tallyOf(rs)
			fmt.Fprintf(&b, "• *%s* %s — %s · #%s · %s\n", e.Ref(), e.Title, span(e.Start, e.End, m.loc), e.Room, countsLine(t, e.Capacity))
			items = append(items, map[string]any{"event": e.Ref(), "id": e.ID, "title": e.Title, "start": e.Start.Format(time.RFC3339),
				"end": e.End.Format(time.RFC3339), "capacity": e.Capacity, "room": e.Room, "where": e.Where,
				"going": t.heads(), "waitlist": len(t.waiting)})
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if len(items) == 0 {
		return bot.Reply{Text: "No events coming up. Create one: `" + exEventFull + "`", Data: map[string]any{"events": items}}, nil
	}
	return bot.Reply{Title: "Events", Text: strings.TrimRight(b.String(), "\n"), Data: map[string]any{"events": items}}, nil
}

func (m *Meetings) cancelEvent(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	ref := req.Args.String("event")
	id, ok := parseEventRef(ref)
	if !ok {
		return bot.Reply{}, bot.Refuse(exEventCancel, "%q isn't an event id (they look like e7).", ref)
	}
	var e *Event
	var card bot.Reply
	var going []*RSVP
	err := m.env.DB.Update(func(tx *storage.Tx) error {
		var found bool
		var err error
		e, found, err = getEvent(tx, id)
		if err != nil {
			return err
		}
		if !found {
			return bot.Refuse("event list", "There's no event e%d. `event list` shows them.", id)
		}
		if !canManage(req, e.Creator) {
			return refuseManage("cancel it", m.name(e.Creator))
		}
		if e.Cancelled {
			return bot.Errorf("%s (%s) is already cancelled.", e.Title, e.Ref())
		}
		if !e.Start.After(now) {
			return bot.Errorf("%s (%s) has already started, so it can't be cancelled.", e.Title, e.Ref())
		}
		e.Cancelled = true
		if err := putEvent(tx, e); err != nil {
			return err
		}
		rs, err := rsvps(tx, e.Ref())
		if err != nil {
			return err
		}
		going = tallyOf(rs).going
		card, err = m.eventCard(tx, e)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	at := when.FormatDateTime(e.Start, m.loc)
	m.notify(ctx, e.Room, bot.Reply{Text: fmt.Sprintf("*%s* on %s is cancelled (by %s).", e.Title, at, m.name(req.Person))}, card)
	return bot.Reply{Text: fmt.Sprintf("Cancelled *%s* (%s) on %s and told #%s. %d %s had said they were going.", e.Title, e.Ref(), at, e.Room, len(going), plural(len(going), "person", "people")),
		Data: map[string]any{"event": e.Ref(), "cancelled": true}}, nil
}
