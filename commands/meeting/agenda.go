package meeting

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/storage"
)

const (
	maxAgendaItems = 40
	maxItemLen     = 300
	maxLinkLen     = 500
)

// agenda shows or adds to an occurrence's agenda: `meeting agenda [ID]
// [add "item"]`, where ID is a meeting (its next date) or an occurrence.
func (m *Meetings) agenda(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	ws := words(req.Args.String("what"))
	var target []word
	addAt := -1
	for i, w := range ws {
		if !w.quoted && strings.EqualFold(w.text, "add") {
			addAt = i
			break
		}
	}
	item := ""
	if addAt >= 0 {
		target = ws[:addAt]
		var parts []string
		for _, w := range ws[addAt+1:] {
			parts = append(parts, w.text)
		}
		item = oneLine(strings.Join(parts, " "))
		if item == "" {
			return bot.Reply{}, bot.Refuse(exAgenda, "Say what to add, in quotes.")
		}
		if len([]rune(item)) > maxItemLen {
			return bot.Reply{}, bot.Refuse(exAgenda, "That item is too long (the most is %d characters); put the detail in a document and link it.", maxItemLen)
		}
	} else {
		target = ws
	}
	if len(target) > 1 {
		return bot.Reply{}, bot.Refuse(exAgenda, "I didn't understand %q. Say `meeting agenda`, `meeting agenda m2` or `meeting agenda add \"item\"`.", req.Args.String("what"))
	}
	if item != "" && m.env.People != nil {
		_ = m.env.People.Remember(req.User, req.UserName)
	}
	var mt *Meeting
	var o *Occurrence
	var card bot.Reply
	run := m.env.DB.View
	if item != "" {
		run = m.env.DB.Update
	}
	err := run(func(tx *storage.Tx) error {
		var err error
		if len(target) == 0 {
			target = []word{{text: "next"}}
		}
		mt, o, err = resolveOcc(tx, target, req, now, m.loc, false, exAgenda)
		if err != nil {
			return err
		}
		if item == "" {
			return nil
		}
		if o.Cancelled {
			return bot.Errorf("%s on %s is cancelled. Add it to the next one: `meeting agenda %s add \"…\"`.", mt.Title, when.FormatDateTime(o.Start, m.loc), mt.Ref())
		}
		if !o.Start.After(now) {
			return bot.Errorf("%s on %s has already started.", mt.Title, when.FormatDateTime(o.Start, m.loc))
		}
		if len(o.Agenda) >= maxAgendaItems {
			return bot.Errorf("The agenda for %s already has %d items, the most I keep.", when.FormatDate(o.Start, m.loc), maxAgendaItems)
		}
		o.Agenda = append(o.Agenda, AgendaItem{Text: item, By: req.Person, Name: m.name(req.Person), At: now})
		if err := putOcc(tx, o); err != nil {
			return err
		}
		card, err = m.occCard(tx, mt, o)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	items := []map[string]any{}
	var b strings.Builder
	fmt.Fprintf(&b, "*%s* — %s (%s)\n", mt.Title, when.FormatDateTime(o.Start, m.loc), o.ID)
	if len(o.Agenda) == 0 {
		fmt.Fprintf(&b, "No agenda items yet. Add one: `meeting agenda %s add \"…\"`", mt.Ref())
	}
	for i, a := range o.Agenda {
		fmt.Fprintf(&b, "%d. %s", i+1, a.Text)
		if a.Name != "" {
			fmt.Fprintf(&b, " (%s)", a.Name)
		}
		b.WriteString("\n")
		items = append(items, map[string]any{"text": a.Text, "by": a.Name})
	}
	data := map[string]any{"occurrence": o.ID, "meeting": mt.Ref(), "start": o.Start.Format(time.RFC3339), "agenda": items}
	if item != "" {
		m.notify(ctx, mt.Room, bot.Reply{}, card)
		return bot.Reply{Text: fmt.Sprintf("Added to the agenda:\n%s", strings.TrimRight(b.String(), "\n")), Data: data}, nil
	}
	return bot.Reply{Title: "Agenda", Text: strings.TrimRight(b.String(), "\n"), Data: data}, nil
}

// minutes records the link to an occurrence's minutes.
func (m *Meetings) minutes(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	now := m.now(req)
	ws := words(req.Args.String("what"))
	if len(ws) < 2 {
		return bot.Reply{}, bot.Refuse(exMinutes, "Say the meeting date and the link to the minutes.")
	}
	link := ws[len(ws)-1].text
	if len(link) > maxLinkLen {
		return bot.Reply{}, bot.Refuse(exMinutes, "That link is %d characters; the most I keep is %d. A shorter link to the same document will do.", len(link), maxLinkLen)
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return bot.Reply{}, bot.Refuse(exMinutes, "The minutes should be a web link starting https://, not %q.", link)
	}
	var mt *Meeting
	var o *Occurrence
	var card bot.Reply
	err = m.env.DB.Update(func(tx *storage.Tx) error {
		var err error
		mt, o, err = resolveOcc(tx, ws[:len(ws)-1], req, now, m.loc, true, exMinutes)
		if err != nil {
			return err
		}
		if !canManage(req, mt.Creator) {
			return refuseManage("record its minutes", m.name(mt.Creator))
		}
		if o.Cancelled {
			return bot.Errorf("%s on %s was cancelled, so it has no minutes.", mt.Title, when.FormatDate(o.Start, m.loc))
		}
		o.Minutes = link
		if err := putOcc(tx, o); err != nil {
			return err
		}
		card, err = m.occCard(tx, mt, o)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	m.notify(ctx, mt.Room, bot.Reply{}, card)
	note := ""
	if o.Start.After(now) {
		note = " (that meeting hasn't happened yet — a link to papers, perhaps)"
	}
	return bot.Reply{Text: fmt.Sprintf("Minutes for *%s* on %s: %s%s", mt.Title, when.FormatDate(o.Start, m.loc), link, note),
		Data: map[string]any{"occurrence": o.ID, "meeting": mt.Ref(), "minutes": link, "start": o.Start.Format(time.RFC3339)}}, nil
}
