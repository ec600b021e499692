package meeting

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/storage"
)

const (
	exRSVP     = `rsvp e7 yes +1 "bringing a colleague"`
	exRSVPList = "rsvp list e7"
	maxGuests  = 20
	maxNote    = 200
)

func (m *Meetings) rsvpCommand() *bot.Command {
	return &bot.Command{
		Name:     "rsvp",
		Summary:  "say whether you're coming to a meeting or event",
		Usage:    `rsvp EVENT yes|no|maybe|apologies [+N] ["note"]`,
		Examples: []string{exRSVP, "rsvp next apologies", "rsvp m2-20261201 maybe"},
		Args: []bot.Arg{
			{Name: "event", Kind: bot.Word, Required: true, Help: "an event (e7), a meeting date (m2-20261201), a meeting (m2, its next date) or `next`", Autocomplete: "event"},
			{Name: "answer", Kind: bot.Word, Required: true, Help: "yes, no, maybe or apologies", Choices: []string{"yes", "no", "maybe", "apologies"}},
			{Name: "extra", Kind: bot.List, Help: `+N guests and a "note"`},
		},
		Handle: m.rsvp,
		Subs: []*bot.Command{{
			Name:     "list",
			Summary:  "who's coming, the waiting list, and attendance by organisation",
			Usage:    "rsvp list EVENT",
			Examples: []string{exRSVPList, "rsvp list next"},
			Args:     []bot.Arg{{Name: "event", Kind: bot.Word, Required: true, Help: "an event (e7), a meeting date (m2-20261201), m2 or `next`", Autocomplete: "event"}},
			Handle:   m.rsvpList,
		}},
	}
}

// A target is what an RSVP is for: a meeting occurrence or an event.
type target struct {
	id        string
	title     string
	start     time.Time
	end       time.Time
	capacity  int
	cancelled bool
	mt        *Meeting
	o         *Occurrence
	e         *Event
}

func (t *target) card(m *Meetings, tx *storage.Tx) (bot.Reply, error) {
	if t.e != nil {
		return m.eventCard(tx, t.e)
	}
	return m.occCard(tx, t.mt, t.o)
}

// resolveTarget finds what ref names: "e7" or "7", "m2-20261201", "m2" (its
// next date) or "next" (the next meeting).
func (m *Meetings) resolveTarget(tx *storage.Tx, ref string, req *bot.Request, now time.Time, example string) (*target, error) {
	lref := strings.ToLower(strings.TrimPrefix(ref, "#"))
	if _, _, ok := parseOccID(lref); ok {
		mt, o, err := findOcc(tx, lref, m.loc)
		if err != nil {
			return nil, err
		}
		return m.occTarget(mt, o), nil
	}
	if _, isMeeting := parseMeetingRef(lref); isMeeting || lref == "next" {
		mt, o, err := resolveOcc(tx, []word{{text: lref}}, req, now, m.loc, false, example)
		if err != nil {
			return nil, err
		}
		return m.occTarget(mt, o), nil
	}
	id, ok := parseEventRef(lref)
	if !ok {
		return nil, bot.Refuse(example, "%q isn't an event or meeting: use an event id like e7, a meeting date like m2-20261201, or `next`.", ref)
	}
	e, found, err := getEvent(tx, id)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, bot.Refuse("event list", "There's no event e%d. `event list` shows the events and `meeting next` the meetings.", id)
	}
	return &target{id: e.Ref(), title: e.Title, start: e.Start, end: e.End, capacity: e.Capacity, cancelled: e.Cancelled, e: e}, nil
}

func (m *Meetings) occTarget(mt *Meeting, o *Occurrence) *target {
	return &target{id: o.ID, title: mt.Title, start: o.Start, end: o.Start.Add(mt.Length), cancelled: o.Cancelled, mt: mt, o: o}
}

// parseAnswer normalises an answer word.
func parseAnswer(s string) (string, bool) {
	switch strings.ToLower(s) {
	case "yes", "y", "going", "attending":
		return Yes, true
	case "no", "n", "apologies", "apology", "not going":
		return No, true
	case "maybe", "perhaps", "tentative":
		return Maybe, true
	}
	return "", false
}

// parseExtra reads "+2" and a note from the words after the answer.
func parseExtra(extra []string) (int, string, error) {
	guests := 0
	var note []string
	for i, w := range extra {
		if i == 0 && strings.HasPrefix(w, "+") {
			n, err := strconv.Atoi(w[1:])
			if err != nil || n < 0 {
				return 0, "", bot.Refuse(exRSVP, "Guests are a number after +, like `+2`, not %q.", w)
			}
			if n > maxGuests {
				return 0, "", bot.Refuse(exRSVP, "%d guests is more than I can take on one answer (the most is %d).", n, maxGuests)
			}
			guests = n
			continue
		}
		note = append(note, w)
	}
	n := oneLine(strings.Join(note, " "))
	if len([]rune(n)) > maxNote {
		return 0, "", bot.Refuse(exRSVP, "That note is too long (the most is %d characters).", maxNote)
	}
	return guests, n, nil
}

// rebalance promotes people from the waiting list, in the order they
// answered, while the first of them fits the capacity. It returns those
// promoted.
func rebalance(tx *storage.Tx, id string, capacity int) ([]*RSVP, error) {
	rs, err := rsvps(tx, id)
	if err != nil {
		return nil, err
	}
	t := tallyOf(rs)
	free := capacity - t.heads()
	if capacity <= 0 {
		free = int(^uint(0) >> 1)
	}
	var promoted []*RSVP
	for _, r := range t.waiting {
		if r.heads() > free {
			break // first come, first served: nobody jumps the queue
		}
		r.Waiting = false
		free -= r.heads()
		if err := storage.Put(tx, RSVPBucket, rsvpKey(id, r.Person), r); err != nil {
			return nil, err
		}
		promoted = append(promoted, r)
	}
	return promoted, nil
}

// rsvp records an answer, keeps the capacity, and updates every posted copy.
func (m *Meetings) rsvp(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	ref := req.Args.String("event")
	answer, ok := parseAnswer(req.Args.String("answer"))
	if !ok {
		return bot.Reply{}, bot.Refuse(exRSVP, "Answer yes, no (or apologies) or maybe, not %q.", req.Args.String("answer"))
	}
	guests, note, err := parseExtra(req.Args.List("extra"))
	if err != nil {
		return bot.Reply{}, err
	}
	if answer != Yes && guests > 0 {
		return bot.Reply{}, bot.Refuse(exRSVP, "Guests go with a yes, like `rsvp %s yes +%d`.", ref, guests)
	}
	if m.env.People != nil {
		if err := m.env.People.Remember(req.User, req.UserName); err != nil {
			m.env.Log.Warn("meeting: remembering a name failed", "err", err)
		}
	}
	name := m.name(req.Person)
	var (
		t        *target
		mine     RSVP
		place    int // position on the waiting list, 1-based
		promoted []*RSVP
		card     bot.Reply
		tl       tally
	)
	err = m.env.DB.Batch(func(tx *storage.Tx) error {
		// Batch may run this more than once: start afresh each time.
		promoted, place = nil, 0
		var err error
		t, err = m.resolveTarget(tx, ref, req, now, exRSVP)
		if err != nil {
			return err
		}
		if t.cancelled {
			return bot.Errorf("%s on %s is cancelled.", t.title, when.FormatDateTime(t.start, m.loc))
		}
		if !t.end.After(now) {
			return bot.Errorf("%s on %s is over.", t.title, when.FormatDateTime(t.start, m.loc))
		}
		key := rsvpKey(t.id, req.Person)
		var old RSVP
		had, err := storage.Get(tx, RSVPBucket, key, &old)
		if err != nil {
			return err
		}
		mine = RSVP{Person: req.Person, Name: name, Answer: answer, Guests: guests, Note: note, At: now}
		switch {
		case had && old.Answer == answer && answer != Yes:
			mine.Queue = old.Queue // same answer again: keep its place in the list
		case had && old.Answer == Yes && answer == Yes:
			mine.Queue, mine.Waiting = old.Queue, old.Waiting
			if !old.Waiting && t.capacity > 0 {
				rs, err := rsvps(tx, t.id)
				if err != nil {
					return err
				}
				others := tallyOf(rs).heads() - old.heads()
				if others+mine.heads() > t.capacity {
					left := t.capacity - others - 1
					return bot.Errorf("There's only room for %d %s with you at %s, so I've kept your answer as it was (going, +%d).", max(left, 0), plural(left, "guest", "guests"), t.title, old.Guests)
				}
			}
		default:
			// A new answer joins the end of its list (and a yes the queue).
			q, err := storage.NextID(tx, RSVPBucket)
			if err != nil {
				return err
			}
			mine.Queue, mine.Waiting = q, answer == Yes && t.capacity > 0
		}
		if err := storage.Put(tx, RSVPBucket, key, &mine); err != nil {
			return err
		}
		if t.capacity > 0 {
			ps, err := rebalance(tx, t.id, t.capacity)
			if err != nil {
				return err
			}
			for _, p := range ps {
				if p.Person == req.Person {
					mine.Waiting = false
				} else {
					promoted = append(promoted, p)
				}
			}
		}
		rs, err := rsvps(tx, t.id)
		if err != nil {
			return err
		}
		tl = tallyOf(rs)
		for i, r := range tl.waiting {
			if r.Person == req.Person {
				place = i + 1
			}
		}
		card, err = t.card(m, tx)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	at := when.FormatDateTime(t.start, m.loc)
	for _, p := range promoted {
		m.tellPromoted(ctx, promotion{person: p.Person, title: t.title, start: t.start, id: t.id})
	}
	m.notify(ctx, "", bot.Reply{}, card)
	var text string
	switch {
	case answer == Yes && place > 0:
		text = fmt.Sprintf("*%s* on %s is full, so you're on the waiting list (number %d). I'll tell you if a place comes up.", t.title, at, place)
	case answer == Yes:
		text = fmt.Sprintf("You're going to *%s* on %s", t.title, at)
		if guests > 0 {
			text += fmt.Sprintf(" with %d %s", guests, plural(guests, "guest", "guests"))
		}
		text += "."
	case answer == No:
		text = fmt.Sprintf("Thanks for letting us know: apologies noted for *%s* on %s.", t.title, at)
	default:
		text = fmt.Sprintf("Noted: maybe for *%s* on %s.", t.title, at)
	}
	text += " " + countsLine(tl, t.capacity)
	status := map[string]string{Yes: "going", No: "apologies", Maybe: "maybe"}[answer]
	if place > 0 {
		status = "waitlist"
	}
	return bot.Reply{Text: text, Ephemeral: true, Data: map[string]any{
		"event": t.id, "answer": answer, "status": status, "guests": guests, "waitlist_place": place,
		"going": tl.heads(), "waitlist": len(tl.waiting), "maybe": len(tl.maybe), "apologies": len(tl.no),
	}}, nil
}

func (m *Meetings) rsvpList(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	var t *target
	var tl tally
	err := m.env.DB.View(func(tx *storage.Tx) error {
		var err error
		if t, err = m.resolveTarget(tx, req.Args.String("event"), req, now, exRSVPList); err != nil {
			return err
		}
		rs, err := rsvps(tx, t.id)
		tl = tallyOf(rs)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	names := func(rs []*RSVP) []string {
		out := []string{}
		for _, r := range rs {
			out = append(out, m.displayName(r))
		}
		return out
	}
	show := func(rs []*RSVP) string {
		if len(rs) == 0 {
			return "nobody"
		}
		var out []string
		for _, r := range rs {
			s := m.displayName(r)
			var extra []string
			if r.Guests > 0 {
				extra = append(extra, fmt.Sprintf("+%d", r.Guests))
			}
			if r.Note != "" {
				extra = append(extra, strconv.Quote(r.Note))
			}
			if len(extra) > 0 {
				s += " (" + strings.Join(extra, ", ") + ")"
			}
			out = append(out, s)
		}
		return strings.Join(out, ", ")
	}
	byOrg := map[string]int{}
	for _, r := range tl.going {
		org, ok := m.orgOf(r.Person)
		if !ok || org == "" {
			org = "no organisation"
		}
		byOrg[org]++
	}
	orgs := 0
	for k := range byOrg {
		if k != "no organisation" {
			orgs++
		}
	}
	guests := 0
	for _, r := range tl.going {
		guests += r.Guests
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*%s* — %s", t.title, span(t.start, t.end, m.loc))
	if t.cancelled {
		b.WriteString(" (cancelled)")
	}
	b.WriteString("\n")
	goingHead := fmt.Sprintf("Going (%d", tl.heads())
	if t.capacity > 0 {
		goingHead += fmt.Sprintf(" of %d", t.capacity)
	}
	goingHead += ")"
	fmt.Fprintf(&b, "%s: %s\n", goingHead, show(tl.going))
	if t.capacity > 0 || len(tl.waiting) > 0 {
		fmt.Fprintf(&b, "Waiting list (%d): %s\n", len(tl.waiting), show(tl.waiting))
	}
	fmt.Fprintf(&b, "Maybe (%d): %s\n", len(tl.maybe), show(tl.maybe))
	fmt.Fprintf(&b, "Apologies (%d): %s\n", len(tl.no), show(tl.no))
	if len(tl.going) > 0 && orgs == 0 {
		b.WriteString("By organisation: none recorded for the people going (admins add them with `org add-member`).")
	} else if len(tl.going) > 0 {
		var parts []string
		keys := bot.SortedKeys(byOrg)
		sort.SliceStable(keys, func(i, j int) bool { return byOrg[keys[i]] > byOrg[keys[j]] })
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %d", k, byOrg[k]))
		}
		fmt.Fprintf(&b, "By organisation (%d %s): %s", orgs, plural(orgs, "organisation", "organisations"), strings.Join(parts, ", "))
	}
	return bot.Reply{Title: "RSVPs", Text: strings.TrimRight(b.String(), "\n"), Data: map[string]any{
		"event": t.id, "title": t.title, "start": t.start.Format(time.RFC3339), "capacity": t.capacity, "cancelled": t.cancelled,
		"going": names(tl.going), "waitlist": names(tl.waiting), "maybe": names(tl.maybe), "apologies": names(tl.no),
		"counts": map[string]int{"going": tl.heads(), "going_people": len(tl.going), "guests": guests,
			"waitlist": len(tl.waiting), "maybe": len(tl.maybe), "apologies": len(tl.no)},
		"by_org": byOrg, "organisations": orgs,
	}}, nil
}

func (m *Meetings) displayName(r *RSVP) string {
	if m.env.People != nil {
		if n := m.env.People.Name(r.Person); n != "" && n != r.Person.Local() {
			return n
		}
	}
	if r.Name != "" {
		return r.Name
	}
	return r.Person.Local()
}

// rsvpChanges collects, inside a transaction that moved or removed RSVPs,
// who was promoted from a waiting list and the cards to redraw; announce
// tells them once the transaction has committed.
type rsvpChanges struct {
	cards    []bot.Reply
	promoted []promotion
}

// redraw refills t from its waiting list (when promote is set and t has a
// capacity and is not cancelled) and redraws its card.
func (c *rsvpChanges) redraw(m *Meetings, tx *storage.Tx, t *target, promote bool) error {
	if promote && t.capacity > 0 && !t.cancelled {
		ps, err := rebalance(tx, t.id, t.capacity)
		if err != nil {
			return err
		}
		for _, p := range ps {
			c.promoted = append(c.promoted, promotion{person: p.Person, title: t.title, start: t.start, id: t.id})
		}
	}
	card, err := t.card(m, tx)
	if err != nil {
		return err
	}
	c.cards = append(c.cards, card)
	return nil
}

// announce tells the promoted people and updates every posted card.
func (c *rsvpChanges) announce(m *Meetings) {
	ctx := context.Background()
	for _, p := range c.promoted {
		m.tellPromoted(ctx, p)
	}
	for _, card := range c.cards {
		m.notify(ctx, "", bot.Reply{}, card)
	}
}
