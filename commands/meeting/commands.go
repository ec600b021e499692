package meeting

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/storage"
)

const (
	exSchedule     = `meeting schedule "Partnership meeting" every first Tuesday at 10:00`
	exScheduleFull = `meeting schedule "Partnership meeting" every first Tuesday at 10:00 in sip-general nudge 7d,1d,2h where "Daneshill House" for 2h`
	exCancel       = "meeting cancel m2 1 Dec"
	exMove         = "meeting move 1 Dec to 8 Dec at 10:00"
	exAgenda       = `meeting agenda add "Budget for 2027"`
	exMinutes      = "meeting minutes 1 Dec https://example.org/minutes-dec.pdf"
	exNext         = "meeting next 3"
)

func (m *Meetings) meetingCommand() *bot.Command {
	return &bot.Command{
		Name:    "meeting",
		Summary: "recurring meetings: schedule, nudges, agenda, minutes",
		Subs: []*bot.Command{
			{
				Name:     "schedule",
				Summary:  "set up a recurring meeting with nudges and RSVP buttons",
				Usage:    `meeting schedule "Title" every first Tuesday at 10:00 [in ROOM] [nudge 7d,1d,2h] [where "Place or link"] [for 2h]`,
				Examples: []string{exScheduleFull, `meeting schedule "Older people focus group" every last Thursday at 14:00 for 90m`},
				Args:     []bot.Arg{{Name: "what", Kind: bot.Text, Required: true, Help: `"Title", how it repeats, and optionally in ROOM, nudge 7d,1d,2h, where "…", for 2h`}},
				Handle:   m.schedule,
			},
			{Name: "list", Summary: "the meetings and how they repeat", Examples: []string{"meeting list"}, Handle: m.list},
			{
				Name:     "next",
				Summary:  "when the next meetings are",
				Usage:    "meeting next [ID] [N]",
				Examples: []string{exNext, "meeting next m2 6"},
				Args:     []bot.Arg{{Name: "what", Kind: bot.List, Help: "a meeting id (m2) and/or how many (up to 50)"}},
				Handle:   m.next,
			},
			{
				Name:     "cancel",
				Summary:  "cancel one date of a meeting (admins and its organiser)",
				Usage:    "meeting cancel [ID] DATE",
				Examples: []string{exCancel, "meeting cancel m2-20261201"},
				Args:     []bot.Arg{{Name: "date", Kind: bot.Text, Required: true, Help: "the date to cancel, like 1 Dec, with the meeting id if several meet that day"}},
				Handle:   m.cancel,
			},
			{
				Name:     "move",
				Summary:  "move one date of a meeting (admins and its organiser)",
				Usage:    "meeting move [ID] DATE to <when>",
				Examples: []string{exMove},
				Args:     []bot.Arg{{Name: "what", Kind: bot.Text, Required: true, Help: "the date, `to`, and the new time"}},
				Handle:   m.move,
			},
			{
				Name:     "agenda",
				Summary:  "show or add to the next meeting's agenda",
				Usage:    `meeting agenda [ID] [add "item"]`,
				Examples: []string{"meeting agenda", exAgenda, `meeting agenda m2 add "Volunteer week"`},
				Args:     []bot.Arg{{Name: "what", Kind: bot.Text, Help: `add "item"`}},
				Handle:   m.agenda,
			},
			{
				Name:     "minutes",
				Summary:  "record the link to a meeting's minutes (admins and its organiser)",
				Usage:    "meeting minutes [ID] DATE <link>",
				Examples: []string{exMinutes},
				Args:     []bot.Arg{{Name: "what", Kind: bot.Text, Required: true, Help: "the date and the link"}},
				Handle:   m.minutes,
			},
			{
				Name:     "delete",
				Summary:  "stop a meeting altogether (admins and its organiser)",
				Usage:    "meeting delete ID",
				Examples: []string{"meeting delete m2"},
				Args:     []bot.Arg{{Name: "meeting", Kind: bot.Word, Required: true, Help: "the meeting id, like m2"}},
				Handle:   m.deleteMeeting,
			},
		},
	}
}

func (m *Meetings) now(req *bot.Request) time.Time {
	if !req.Time.IsZero() {
		return req.Time.UTC()
	}
	return m.env.Clock.Now().UTC()
}

// roomFor is the room a command means: the one named, or the request's, or
// the default.
func (m *Meetings) roomFor(named string, req *bot.Request, example string) (string, error) {
	room := named
	if room == "" {
		room = req.Room
	}
	if room == "" {
		room = bot.NormaliseRoom(m.env.Rooms.Default)
	}
	if room == "" {
		return "", bot.Refuse(example, "Say which room it's for, with `in ROOM`.")
	}
	if err := m.env.Rooms.Check(room); err != nil {
		return "", err
	}
	return room, nil
}

// nudgeList renders offsets for people: "7 days, 1 day and 2 hours".
func nudgeList(ds []time.Duration) string {
	var s []string
	for _, d := range ds {
		s = append(s, durationWords(d))
	}
	switch len(s) {
	case 0:
		return "no nudges"
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// durationWords renders 7 days, 2 hours, 1 hour 30 minutes.
func durationWords(d time.Duration) string {
	days := int(d / (24 * time.Hour))
	d -= time.Duration(days) * 24 * time.Hour
	h := int(d / time.Hour)
	d -= time.Duration(h) * time.Hour
	mins := int(d / time.Minute)
	var parts []string
	if days > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", days, plural(days, "day", "days")))
	}
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", h, plural(h, "hour", "hours")))
	}
	if mins > 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%d %s", mins, plural(mins, "minute", "minutes")))
	}
	return strings.Join(parts, " ")
}

func (m *Meetings) schedule(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	s, err := parseSpec(req.Args.String("what"), m.env.Rooms, false, exSchedule)
	if err != nil {
		return bot.Reply{}, err
	}
	w, err := when.Parse(s.phrase, now, m.loc)
	if err != nil {
		return bot.Reply{}, userError(err, exSchedule)
	}
	if w.Rule == nil {
		return bot.Reply{}, bot.Refuse(exSchedule, "%q is a single date, not a repeat. Say how it repeats, like `every first Tuesday at 10:00`, or for a one-off use `event create \"%s\" %s`.", s.phrase, s.title, s.phrase)
	}
	if w.Rule.Freq == when.Daily {
		return bot.Reply{}, bot.Refuse(exSchedule, "A meeting every day is more than I'll nudge people about. Try weekly or monthly, like `every first Tuesday at 10:00`.")
	}
	room, err := m.roomFor(s.room, req, exSchedule)
	if err != nil {
		return bot.Reply{}, err
	}
	mt := &Meeting{Title: s.title, Rule: w.Rule, Room: room, Where: s.where, Length: s.length, Nudges: s.nudges,
		Creator: req.Person, Created: now}
	if mt.Length == 0 {
		mt.Length = DefaultLength
	}
	if !s.nudgeSet {
		mt.Nudges = append([]time.Duration(nil), DefaultNudges...)
	}
	var next []*Occurrence
	err = m.env.DB.Update(func(tx *storage.Tx) error {
		id, err := storage.NextID(tx, MeetingsBucket)
		if err != nil {
			return err
		}
		mt.ID = id
		if err := m.materialise(tx, mt, now, true); err != nil {
			return err
		}
		next, err = upcoming(tx, mt, now, 3, m.loc, false)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if len(next) == 0 {
		// Cannot happen for a valid rule from when.Parse; refuse rather than keep a meeting that never meets.
		_ = m.env.DB.Update(func(tx *storage.Tx) error { mt.Deleted = true; return m.materialise(tx, mt, now, true) })
		return bot.Reply{}, bot.Refuse(exSchedule, "%q never happens after now.", s.phrase)
	}
	var b strings.Builder
	note := skipNote(w.Rule)
	desc := w.Rule.Describe()
	if note != "" {
		desc = strings.TrimSuffix(strings.TrimSuffix(desc, " (months without one are skipped)"), " (leap years only)")
	}
	fmt.Fprintf(&b, "Scheduled *%s* (%s): %s, for %s, in #%s.\n", mt.Title, mt.Ref(), desc, durationWords(mt.Length), mt.Room)
	if mt.Where != "" {
		fmt.Fprintf(&b, "Where: %s\n", mt.Where)
	}
	var dates, starts []string
	for _, o := range next {
		dates = append(dates, when.FormatDateTime(o.Start, m.loc))
		starts = append(starts, o.Start.Format(time.RFC3339))
	}
	fmt.Fprintf(&b, "Next: %s.\n", strings.Join(dates, "; "))
	if note != "" {
		b.WriteString(note + "\n")
	}
	switch len(mt.Nudges) {
	case 0:
		b.WriteString("No nudges.")
	case 1:
		fmt.Fprintf(&b, "I'll nudge #%s %s before, with RSVP buttons.", mt.Room, durationWords(mt.Nudges[0]))
	default:
		room := mt.Nudges[:len(mt.Nudges)-1]
		fmt.Fprintf(&b, "I'll nudge #%s %s before, with RSVP buttons; %s before, I'll message regulars who haven't answered.",
			mt.Room, nudgeList(room), durationWords(mt.Nudges[len(mt.Nudges)-1]))
	}
	return bot.Reply{Text: b.String(), Data: map[string]any{
		"meeting": mt.Ref(), "id": mt.ID, "title": mt.Title, "rule": w.Rule.Describe(), "rrule": w.Rule.RRULE(),
		"room": mt.Room, "where": mt.Where, "starts": starts, "next": starts[0],
		"nudges": nudgeStrings(mt.Nudges), "length_minutes": int(mt.Length / time.Minute),
	}}, nil
}

func nudgeStrings(ds []time.Duration) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, showDuration(d))
	}
	return out
}

// skipNote explains rules that skip months or years.
func skipNote(r *when.Rule) string {
	switch {
	case r.Freq == when.Monthly && r.Nth == 5:
		return fmt.Sprintf("Not every month has a fifth %s: months without one are skipped (no meeting, no nudges).", r.Weekdays[0])
	case r.Freq == when.Monthly && r.MonthDay >= 29:
		return fmt.Sprintf("Months without a %d%s are skipped (no meeting, no nudges).", r.MonthDay, ordSuffix(r.MonthDay))
	case r.Freq == when.Yearly && r.Month == time.February && r.MonthDay == 29:
		return "It only happens in leap years."
	}
	return ""
}

func ordSuffix(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

func (m *Meetings) list(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	var b strings.Builder
	items := []map[string]any{}
	err := m.env.DB.View(func(tx *storage.Tx) error {
		all, err := allMeetings(tx)
		if err != nil {
			return err
		}
		for _, mt := range all {
			o, err := nextOcc(tx, mt, now, m.loc)
			if err != nil {
				return err
			}
			next := "no date coming up"
			item := map[string]any{"meeting": mt.Ref(), "id": mt.ID, "title": mt.Title, "rule": mt.Rule.Describe(),
				"rrule": mt.Rule.RRULE(), "room": mt.Room, "where": mt.Where, "nudges": nudgeStrings(mt.Nudges),
				"length_minutes": int(mt.Length / time.Minute)}
			if o != nil {
				next = "next " + when.FormatDateTime(o.Start, m.loc)
				item["next"] = o.Start.Format(time.RFC3339)
				item["next_occurrence"] = o.ID
			}
			fmt.Fprintf(&b, "• *%s* %s — %s · #%s · %s\n", mt.Ref(), mt.Title, mt.Rule.Describe(), mt.Room, next)
			items = append(items, item)
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if len(items) == 0 {
		return bot.Reply{Text: "No meetings yet. Set one up: `" + exScheduleFull + "`", Data: map[string]any{"meetings": items}}, nil
	}
	return bot.Reply{Title: "Meetings", Text: strings.TrimRight(b.String(), "\n"), Data: map[string]any{"meetings": items}}, nil
}

const maxNext = 50

func (m *Meetings) next(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	n := 1
	var ref string
	for _, a := range req.Args.List("what") {
		if v, err := strconv.Atoi(a); err == nil {
			if v < 1 || v > maxNext {
				return bot.Reply{}, bot.Refuse(exNext, "Ask for between 1 and %d meetings, not %d.", maxNext, v)
			}
			n = v
			continue
		}
		if _, ok := parseMeetingRef(a); ok && ref == "" {
			ref = a
			continue
		}
		return bot.Reply{}, bot.Refuse(exNext, "I didn't understand %q: give a meeting id like m2 and/or a number.", a)
	}
	var all []*Occurrence
	meetings := map[uint64]*Meeting{}
	err := m.env.DB.View(func(tx *storage.Tx) error {
		var pool []*Meeting
		if ref != "" {
			mt, err := lookupMeeting(tx, ref)
			if err != nil {
				return err
			}
			pool = []*Meeting{mt}
		} else {
			var err error
			if pool, err = allMeetings(tx); err != nil {
				return err
			}
		}
		for _, mt := range pool {
			meetings[mt.ID] = mt
			os, err := upcoming(tx, mt, now, n, m.loc, false)
			if err != nil {
				return err
			}
			all = append(all, os...)
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	sortOccs(all)
	if len(all) > n {
		all = all[:n]
	}
	occs := []map[string]any{}
	starts := []string{}
	var b strings.Builder
	for _, o := range all {
		mt := meetings[o.Meeting]
		end := o.Start.Add(mt.Length)
		fmt.Fprintf(&b, "• *%s* — %s (%s)", span(o.Start, end, m.loc), mt.Title, o.ID)
		if mt.Where != "" {
			fmt.Fprintf(&b, " · %s", mt.Where)
		}
		if o.Moved {
			b.WriteString(" · moved")
		}
		b.WriteString("\n")
		occs = append(occs, map[string]any{"id": o.ID, "meeting": mt.Ref(), "title": mt.Title,
			"start": o.Start.Format(time.RFC3339), "end": end.Format(time.RFC3339), "room": mt.Room, "where": mt.Where})
		starts = append(starts, o.Start.Format(time.RFC3339))
	}
	data := map[string]any{"occurrences": occs, "starts": starts}
	if len(all) == 0 {
		return bot.Reply{Text: "No meetings coming up.", Data: data}, nil
	}
	title := "Next meeting"
	if len(all) > 1 {
		title = "Next meetings"
	}
	return bot.Reply{Title: title, Text: strings.TrimRight(b.String(), "\n"), Data: data}, nil
}

// notify posts a notice to a room and updates every copy of card; failures
// are logged (the change itself is committed).
func (m *Meetings) notify(ctx context.Context, room string, notice bot.Reply, card bot.Reply) {
	if notice.Text != "" {
		if _, err := m.pub().Publish(ctx, room, notice); err != nil {
			m.env.Log.Warn("meeting: posting a notice failed", "room", room, "err", err)
		}
	}
	if card.Key != "" {
		if err := m.pub().Update(ctx, card); err != nil {
			m.env.Log.Warn("meeting: updating posted copies failed", "key", card.Key, "err", err)
		}
	}
}

func (m *Meetings) cancel(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	var mt *Meeting
	var o *Occurrence
	var card bot.Reply
	err := m.env.DB.Update(func(tx *storage.Tx) error {
		var err error
		mt, o, err = resolveOcc(tx, words(req.Args.String("date")), req, now, m.loc, false, exCancel)
		if err != nil {
			return err
		}
		if !canManage(req, mt.Creator) {
			return refuseManage("cancel its dates", m.name(mt.Creator))
		}
		if o.Cancelled {
			return bot.Errorf("%s on %s is already cancelled.", mt.Title, when.FormatDateTime(o.Start, m.loc))
		}
		if !o.Start.After(now) {
			return bot.Errorf("%s on %s has already started, so it can't be cancelled.", mt.Title, when.FormatDateTime(o.Start, m.loc))
		}
		if err := withdraw(tx, o); err != nil {
			return err
		}
		o.Cancelled, o.CancelledBy, o.CancelledAt = true, req.Person, now
		if err := putOcc(tx, o); err != nil {
			return err
		}
		card, err = m.occCard(tx, mt, o)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	at := when.FormatDateTime(o.Start, m.loc)
	m.notify(ctx, mt.Room, bot.Reply{Text: fmt.Sprintf("*%s* on %s is cancelled (by %s). The next one is as usual.", mt.Title, at, m.name(req.Person)),
		Key: ""}, card)
	return bot.Reply{Text: fmt.Sprintf("Cancelled *%s* on %s (%s). I've withdrawn its nudges and told #%s.", mt.Title, at, o.ID, mt.Room),
		Data: map[string]any{"occurrence": o.ID, "meeting": mt.Ref(), "start": o.Start.Format(time.RFC3339), "cancelled": true}}, nil
}

func (m *Meetings) move(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	ws := words(req.Args.String("what"))
	split := -1
	for i, w := range ws {
		if !w.quoted && strings.EqualFold(w.text, "to") {
			split = i
			break
		}
	}
	if split < 0 || split == len(ws)-1 {
		return bot.Reply{}, bot.Refuse(exMove, "Say which date and where it moves `to`.")
	}
	var phrase []string
	for _, w := range ws[split+1:] {
		phrase = append(phrase, w.text)
	}
	w, err := when.Parse(strings.Join(phrase, " "), now, m.loc)
	if err != nil {
		return bot.Reply{}, userError(err, exMove)
	}
	if w.Rule != nil {
		return bot.Reply{}, bot.Refuse(exMove, "Move one date to one new time, like `to 8 Dec at 10:00`.")
	}
	var mt *Meeting
	var o *Occurrence
	var from time.Time
	var card bot.Reply
	err = m.env.DB.Update(func(tx *storage.Tx) error {
		var err error
		mt, o, err = resolveOcc(tx, ws[:split], req, now, m.loc, false, exMove)
		if err != nil {
			return err
		}
		if !canManage(req, mt.Creator) {
			return refuseManage("move its dates", m.name(mt.Creator))
		}
		if o.Cancelled {
			return bot.Refuse(exMove, "%s on %s is cancelled; there's nothing to move.", mt.Title, when.FormatDateTime(o.Start, m.loc))
		}
		if !o.Start.After(now) {
			return bot.Errorf("%s on %s has already started, so it can't be moved.", mt.Title, when.FormatDateTime(o.Start, m.loc))
		}
		from = o.Start
		if err := withdraw(tx, o); err != nil {
			return err
		}
		o.Start = w.At.UTC()
		o.Moved = !o.Start.Equal(o.Orig)
		if err := indexNudges(tx, mt, o, now); err != nil {
			return err
		}
		card, err = m.occCard(tx, mt, o)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	newAt := span(o.Start, o.Start.Add(mt.Length), m.loc)
	m.notify(ctx, mt.Room, bot.Reply{Text: fmt.Sprintf("*%s* on %s has moved to *%s*.", mt.Title, when.FormatDateTime(from, m.loc), newAt)}, card)
	return bot.Reply{Text: fmt.Sprintf("Moved *%s* from %s to %s, and told #%s.", mt.Title, when.FormatDateTime(from, m.loc), newAt, mt.Room),
		Data: map[string]any{"occurrence": o.ID, "meeting": mt.Ref(), "from": from.Format(time.RFC3339), "start": o.Start.Format(time.RFC3339)}}, nil
}

// name is a person's display name ("" for nobody).
func (m *Meetings) name(id bot.ID) string {
	if id == "" {
		return ""
	}
	if m.env.People != nil {
		return m.env.People.Name(id)
	}
	return id.Local()
}

func (m *Meetings) deleteMeeting(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	var mt *Meeting
	err := m.env.DB.Update(func(tx *storage.Tx) error {
		var err error
		if mt, err = lookupMeeting(tx, req.Args.String("meeting")); err != nil {
			return err
		}
		if !canManage(req, mt.Creator) {
			return refuseManage("delete it", m.name(mt.Creator))
		}
		stored, err := storedOccs(tx, mt)
		if err != nil {
			return err
		}
		for _, o := range stored {
			if len(o.Pending) > 0 {
				if err := withdraw(tx, o); err != nil {
					return err
				}
				if err := putOcc(tx, o); err != nil {
					return err
				}
			}
		}
		mt.Deleted = true
		return m.materialise(tx, mt, m.now(req), true) // drops the roll entry
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Reply{Text: fmt.Sprintf("Deleted *%s* (%s): no more dates or nudges.", mt.Title, mt.Ref()), Data: map[string]any{"meeting": mt.Ref(), "deleted": true}}, nil
}
