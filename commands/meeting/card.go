package meeting

import (
	"fmt"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/storage"
)

// A tally is the answers for one occurrence or event.
type tally struct {
	going, waiting, maybe, no []*RSVP
}

func (t tally) heads() int {
	n := 0
	for _, r := range t.going {
		n += r.heads()
	}
	return n
}

func tallyOf(rs []*RSVP) tally {
	var t tally
	for _, r := range rs {
		switch {
		case r.Answer == Yes && r.Waiting:
			t.waiting = append(t.waiting, r)
		case r.Answer == Yes:
			t.going = append(t.going, r)
		case r.Answer == Maybe:
			t.maybe = append(t.maybe, r)
		default:
			t.no = append(t.no, r)
		}
	}
	return t
}

// span renders "Tue 1 Dec 2026, 10:00–12:00" in loc.
func span(start, end time.Time, loc *time.Location) string {
	s := when.FormatDateTime(start, loc)
	if end.IsZero() || !end.After(start) {
		return s
	}
	if dateOf(start, loc) == dateOf(end, loc) {
		return s + "–" + end.In(loc).Format("15:04")
	}
	return s + " to " + when.FormatDateTime(end, loc)
}

// baseURL is http.base_url without a trailing slash, or "".
func (m *Meetings) baseURL() string {
	if m.env.Config == nil {
		return ""
	}
	return strings.TrimRight(m.env.Config.HTTP.BaseURL, "/")
}

// icsLink is the address of one occurrence's or event's calendar file.
func (m *Meetings) icsLink(id string) string {
	if b := m.baseURL(); b != "" {
		return b + "/calendar/event/" + id + ".ics"
	}
	return ""
}

func countsLine(t tally, capacity int) string {
	going := fmt.Sprintf("Going %d", t.heads())
	if capacity > 0 {
		going = fmt.Sprintf("Going %d/%d", t.heads(), capacity)
	}
	parts := []string{going}
	if len(t.waiting) > 0 {
		parts = append(parts, fmt.Sprintf("Waiting list %d", len(t.waiting)))
	}
	parts = append(parts, fmt.Sprintf("Maybe %d", len(t.maybe)), fmt.Sprintf("Apologies %d", len(t.no)))
	return strings.Join(parts, " · ")
}

func rsvpChoices(id string) []bot.Choice {
	return []bot.Choice{
		{Label: "Going", Command: "rsvp " + id + " yes", Style: "primary"},
		{Label: "Apologies", Command: "rsvp " + id + " apologies"},
		{Label: "Maybe", Command: "rsvp " + id + " maybe"},
	}
}

// occCard is the message a nudge posts, and what every copy is updated to
// when an answer or the agenda changes.
func (m *Meetings) occCard(tx *storage.Tx, mt *Meeting, o *Occurrence) (bot.Reply, error) {
	rs, err := rsvps(tx, o.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	t := tallyOf(rs)
	end := o.Start.Add(mt.Length)
	var b strings.Builder
	when := span(o.Start, end, m.loc)
	if o.Cancelled {
		fmt.Fprintf(&b, "~%s~ — *cancelled*\n", when)
	} else {
		fmt.Fprintf(&b, "*%s*", when)
		if o.Moved {
			fmt.Fprintf(&b, " (moved from %s)", when2(o.Orig, m.loc))
		}
		b.WriteString("\n")
	}
	if mt.Where != "" {
		fmt.Fprintf(&b, "Where: %s\n", mt.Where)
	}
	if len(o.Agenda) > 0 {
		b.WriteString("Agenda so far:\n")
		for i, a := range o.Agenda {
			fmt.Fprintf(&b, "%d. %s", i+1, a.Text)
			if a.Name != "" {
				fmt.Fprintf(&b, " (%s)", a.Name)
			}
			b.WriteString("\n")
		}
	} else if !o.Cancelled {
		b.WriteString("No agenda items yet.\n")
	}
	if o.Minutes != "" {
		fmt.Fprintf(&b, "Minutes: %s\n", o.Minutes)
	}
	b.WriteString(countsLine(t, 0))
	r := bot.Reply{
		Title: mt.Title,
		Text:  b.String(),
		Key:   "occ:" + o.ID,
		Data: map[string]any{
			"occurrence": o.ID, "meeting": mt.Ref(), "title": mt.Title,
			"start": o.Start.Format(time.RFC3339), "end": end.Format(time.RFC3339),
			"cancelled": o.Cancelled, "going": len(t.going), "maybe": len(t.maybe), "apologies": len(t.no),
		},
	}
	ctx := fmt.Sprintf("%s · add an item: `meeting agenda %s add \"…\"`", o.ID, mt.Ref())
	if link := m.icsLink(o.ID); link != "" {
		ctx += " · add to your calendar: " + link
	}
	r.Context = []string{ctx}
	if !o.Cancelled {
		r.Choices = rsvpChoices(o.ID)
	}
	return r, nil
}

func when2(t time.Time, loc *time.Location) string { return when.FormatDateTime(t, loc) }

// eventCard is an event's announcement, updated as answers change.
func (m *Meetings) eventCard(tx *storage.Tx, e *Event) (bot.Reply, error) {
	rs, err := rsvps(tx, e.Ref())
	if err != nil {
		return bot.Reply{}, err
	}
	t := tallyOf(rs)
	var b strings.Builder
	sp := span(e.Start, e.End, m.loc)
	if e.Cancelled {
		fmt.Fprintf(&b, "~%s~ — *cancelled*\n", sp)
	} else {
		fmt.Fprintf(&b, "*%s*\n", sp)
	}
	if e.Where != "" {
		fmt.Fprintf(&b, "Where: %s\n", e.Where)
	}
	b.WriteString(countsLine(t, e.Capacity))
	if e.Capacity > 0 && !e.Cancelled {
		if left := e.Capacity - t.heads(); left > 0 {
			fmt.Fprintf(&b, " · %d %s left", left, plural(left, "place", "places"))
		} else {
			b.WriteString(" · full: new answers join the waiting list")
		}
	}
	r := bot.Reply{
		Title: e.Title,
		Text:  b.String(),
		Key:   "event:" + e.Ref(),
		Data: map[string]any{
			"event": e.Ref(), "title": e.Title, "start": e.Start.Format(time.RFC3339), "end": e.End.Format(time.RFC3339),
			"capacity": e.Capacity, "cancelled": e.Cancelled, "going": t.heads(), "waitlist": len(t.waiting),
		},
	}
	ctx := e.Ref()
	if link := m.icsLink(e.Ref()); link != "" {
		ctx += " · add to your calendar: " + link
	}
	r.Context = []string{ctx}
	if !e.Cancelled {
		r.Choices = rsvpChoices(e.Ref())
	}
	return r, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
