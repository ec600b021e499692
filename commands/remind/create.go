package remind

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/storage"
)

// maxWhat bounds what a reminder says.
const maxWhat = 500

func (s *Reminders) create(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	target, rest, err := s.parseTarget(req, req.Args.String("text"))
	if err != nil {
		return bot.Reply{}, err
	}
	who := s.label(target, req.User)
	if rest == "" {
		return bot.Reply{}, bot.Refuse(createExample, "What should I remind %s about, and when?", who)
	}
	now := s.env.Clock.Now().UTC()
	what, w, err := when.Extract(rest, now, s.loc())
	if err != nil {
		var we *when.Error
		if errors.As(err, &we) {
			return bot.Reply{}, &bot.UserError{Msg: "Nothing was set. " + we.Error(), Example: createExample}
		}
		return bot.Reply{}, err
	}
	// One line: typed line breaks can't fake extra lines in the post.
	what = cleanWhat(bot.OneLine(what))
	if what == "" {
		return bot.Reply{}, bot.Refuse(createExample, "I understood the time (%s) but not what to remind %s about.", s.describe(w.At, w.Rule, now), who)
	}
	if n := utf8.RuneCountInString(what); n > maxWhat {
		return bot.Reply{}, bot.Refuse(createExample, "That's a long reminder (%d characters; the most is %d). Keep it short and link to the detail.", n, maxWhat)
	}
	if !w.At.After(now) {
		return bot.Reply{}, bot.Refuse(createExample, "%s is in the past, so nothing was set.", when.FormatDateTime(w.At, s.loc()))
	}
	r := &Reminder{
		What: what, Next: w.At.UTC(), Rule: w.Rule,
		Target: target, By: req.Person, ByUser: req.User, ByName: req.UserName, Created: now,
	}
	if r.By == "" {
		r.By = req.User
	}
	if err := s.env.DB.Update(func(tx *storage.Tx) error { return insert(tx, r) }); err != nil {
		return bot.Reply{}, fmt.Errorf("saving reminder: %w", err)
	}
	text := fmt.Sprintf("I'll remind %s %s %s.", who, quoted(r.What), s.describe(r.Next, r.Rule, now))
	switch {
	case target.Kind == ToUser:
		text += fmt.Sprintf("\nIt's reminder %d; they can stop it with `reminder delete %d`.", r.ID, r.ID)
	default:
		text += fmt.Sprintf("\nIt's reminder %d: `reminders` lists yours, `reminder delete %d` stops it.", r.ID, r.ID)
	}
	data := map[string]any{
		"id":        r.ID,
		"next":      r.Next.Format(time.RFC3339),
		"target":    target.String(),
		"what":      r.What,
		"recurring": r.Recurring(),
	}
	if r.Rule != nil {
		data["rule"] = r.Rule.RRULE()
	}
	return bot.Reply{Text: text, Ephemeral: true, Data: data}, nil
}

// describe says when a reminder fires, in words: "tomorrow (Fri 27 Nov
// 2026) at 09:00", "on Tue 1 Dec 2026 at 09:00", or "every first Tuesday at
// 09:00, next on Tue 1 Dec 2026".
func (s *Reminders) describe(next time.Time, rule *when.Rule, now time.Time) string {
	loc := s.loc()
	if rule != nil {
		return rule.Describe() + ", next on " + when.FormatDate(next, loc)
	}
	t := next.In(loc)
	n := now.In(loc)
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	date := when.FormatDate(t, loc)
	switch day(t).Sub(day(n)) {
	case 0:
		return "today (" + date + ") at " + t.Format("15:04")
	case 24 * time.Hour:
		return "tomorrow (" + date + ") at " + t.Format("15:04")
	}
	return "on " + date + " at " + t.Format("15:04")
}

// cleanWhat trims what is left around the time: quotes, a leading "to",
// stray punctuation.
func cleanWhat(s string) string {
	trim := func(s string) string {
		return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r) })
	}
	s = trim(s)
	if f := strings.Fields(s); len(f) > 0 && strings.EqualFold(f[0], "to") {
		s = trim(s[len(f[0]):])
	}
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}, {"'", "'"}, {"‘", "’"}} {
		if len(s) >= len(q[0])+len(q[1]) && strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) {
			s = trim(s[len(q[0]) : len(s)-len(q[1])])
			break
		}
	}
	return s
}
