package remind

import (
	"context"
	"errors"
	"fmt"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/storage"
)

// change loads reminder ID in a write transaction, checks who may change it
// with allowed, and applies fn.
func (s *Reminders) change(req *bot.Request, allowed func(*bot.Request, *Reminder) bool, who string, fn func(tx *storage.Tx, r *Reminder) error) (*Reminder, error) {
	n, ok := req.Args.Int("id")
	if !ok || n <= 0 {
		return nil, bot.Refuse("reminder delete 3", "Which reminder? Give its number, as `reminders` shows.")
	}
	id := uint64(n)
	var out *Reminder
	err := s.env.DB.Update(func(tx *storage.Tx) error {
		r, ok, err := get(tx, id)
		if err != nil {
			return err
		}
		if !ok {
			return bot.Refuse("reminders", "There's no reminder %d (it may be done or deleted already). `reminders` lists yours.", id)
		}
		if !allowed(req, r) {
			return bot.Errorf("Only %s can change reminder %d.", who, id)
		}
		out = r
		return fn(tx, r)
	})
	var ue *bot.UserError
	if errors.As(err, &ue) {
		return nil, ue
	}
	if err != nil {
		return nil, fmt.Errorf("changing reminder %d: %w", id, err)
	}
	return out, nil
}

func (s *Reminders) delete(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	r, err := s.change(req, canDelete, "who set it, who it's for, or an admin", drop)
	if err != nil {
		return bot.Reply{}, err
	}
	s.strike(ctx, r, "deleted")
	text := fmt.Sprintf("Deleted reminder %d (%s).", r.ID, quoted(r.What))
	if !creator(req, r) && r.ByName != "" {
		text = fmt.Sprintf("Stopped reminder %d (%s), which %s set.", r.ID, quoted(r.What), neutralise(r.ByName))
	}
	return bot.Reply{Text: text, Ephemeral: true, Data: map[string]any{"id": r.ID}}, nil
}

func (s *Reminders) snooze(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	d, err := when.ParseDuration(req.Args.String("duration"))
	if err != nil {
		return bot.Reply{}, bot.Refuse("reminder snooze 3 1h", "%s", err.Error())
	}
	now := s.env.Clock.Now().UTC()
	at := now.Add(d)
	r, err := s.change(req, canHandle, "who set it, who it's for, someone in its room, or an admin", func(tx *storage.Tx, r *Reminder) error {
		old := *r
		switch {
		case r.Rule == nil && !r.Delivered:
			// Not fired yet: move it.
			r.Next = at
		default:
			// Fired, or recurring: fire again at `at`; a series carries on.
			r.Snooze = at
			r.Purge = time.Time{}
		}
		return save(tx, &old, r)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf("Snoozed: I'll remind %s %s again %s.", s.label(r.Target, req.User), quoted(r.What), s.describe(at, nil, now))
	if r.Rule != nil {
		text += " It still repeats " + r.Rule.Describe() + "."
	}
	return bot.Reply{Text: text, Ephemeral: true, Data: map[string]any{"id": r.ID, "next": at.Format(time.RFC3339)}}, nil
}

func (s *Reminders) done(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	r, err := s.change(req, canHandle, "who set it, who it's for, someone in its room, or an admin", func(tx *storage.Tx, r *Reminder) error {
		if r.Rule == nil {
			return drop(tx, r)
		}
		old := *r
		r.Snooze = time.Time{}
		return save(tx, &old, r)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	s.strike(ctx, r, "done")
	text := fmt.Sprintf("Marked done: %s.", quoted(r.What))
	if r.Rule != nil {
		text += " Next " + s.describe(r.Next, nil, s.env.Clock.Now()) + "."
	}
	return bot.Reply{Text: text, Ephemeral: true, Data: map[string]any{"id": r.ID}}, nil
}

// strike updates a delivered room or channel post, so others see it is
// handled and its buttons go.
func (s *Reminders) strike(ctx context.Context, r *Reminder, how string) {
	if r.Target.Kind != ToRoom && r.Target.Kind != ToChannel {
		return
	}
	if err := s.env.Pub.Update(ctx, bot.SafeReply(bot.Reply{Key: key(r.ID), Text: fmt.Sprintf("✓ ~%s~ (%s)", neutralise(bot.OneLine(r.What)), how)})); err != nil {
		s.warn("updating a reminder post failed", "id", r.ID, "err", err)
	}
}
