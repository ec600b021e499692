package remind

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
)

// message is the post a firing makes: what, who asked, a late note, and
// "Mark done" and "Snooze 1h" buttons.
func (s *Reminders) message(d delivery, now time.Time) bot.Reply {
	r := d.r
	id := strconv.FormatUint(r.ID, 10)
	by := neutralise(r.ByName)
	if by == "" && s.env.People != nil {
		by = neutralise(s.env.People.Name(r.By))
	}
	what := neutralise(bot.OneLine(r.What))
	var text string
	switch r.Target.Kind {
	case ToMe:
		text = "⏰ Reminder: " + what
	case ToUser:
		text = fmt.Sprintf("⏰ %s asked me to remind you: %s", by, what)
	default:
		text = fmt.Sprintf("⏰ Reminder from %s: %s", by, what)
	}
	bot.M.RemindersDue.Inc()
	if now.Sub(d.due) > s.LateAfter {
		bot.M.RemindersLate.Inc()
		text += " (late: due " + d.due.In(s.loc()).Format("Mon 2 Jan 15:04") + ")"
	}
	ctx := "reminder " + id
	if d.snoozed {
		ctx += " · snoozed"
	}
	if r.Rule != nil {
		ctx += " · " + r.Rule.Describe()
		if !r.Delivered {
			ctx += ", next " + when.FormatDateTime(r.Next, s.loc())
		}
	}
	if d.missed > 0 {
		ctx += fmt.Sprintf(" · %d earlier one%s missed while I was offline", d.missed, plural(d.missed))
	}
	small := []string{ctx}
	if r.Target.Kind == ToUser {
		small = append(small, "Set by "+by+". Stop it with `reminder delete "+id+"`.")
	}
	return bot.Reply{
		Text:    text,
		Context: small,
		Choices: []bot.Choice{
			{Label: "Mark done", Command: "reminder done " + id, Style: "primary"},
			{Label: "Snooze 1h", Command: "reminder snooze " + id + " 1h"},
		},
		Data: map[string]any{"id": r.ID, "due": d.due.UTC().Format(time.RFC3339), "late": now.Sub(d.due) > s.LateAfter},
	}
}

// deliver posts one claimed firing: privately to a person, or to a room or
// channel. A failure is logged; the firing is not retried (never twice).
func (s *Reminders) deliver(ctx context.Context, d delivery, now time.Time) {
	// The hub neutralises every post too; this keeps a reminder's text from
	// pinging a channel whatever publisher it goes through.
	msg := bot.SafeReply(s.message(d, now))
	var err error
	switch d.r.Target.Kind {
	case ToMe, ToUser:
		err = s.env.Pub.Direct(ctx, d.r.Target.User, msg)
	case ToRoom:
		msg.Key = key(d.r.ID)
		_, err = s.env.Pub.Publish(ctx, d.r.Target.Room, msg)
	case ToChannel:
		msg.Key = key(d.r.ID)
		_, err = s.env.Pub.Publish(ctx, string(d.r.Target.Channel), msg)
	default:
		err = fmt.Errorf("unknown target kind %q", d.r.Target.Kind)
	}
	if err != nil {
		s.warn("delivering a reminder failed", "id", d.r.ID, "target", d.r.Target.String(), "err", err)
	}
}

func key(id uint64) string { return "reminder:" + strconv.FormatUint(id, 10) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
