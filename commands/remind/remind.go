// Package remind is partnerbot's reminders, in the language of Slack's
// /remind: "remind me to call the food bank tomorrow at 9am", "remind
// #sip-general every first Tuesday at 9am to send the agenda". Reminders are
// kept in bbolt with a due index keyed by time, and delivered by a scheduler
// job that claims what is due in the same transaction that moves it on, so a
// restart delivers what fell due while the bot was down, once.
//
// Reminding someone else is allowed only where the two could share a
// channel. partnerbot cannot ask the platforms who is in which channel, so it
// approximates: the person must be on the same platform and in the same
// workspace (Slack team, Discord guild) as the one asking, and the request
// must not come from a private message with the bot on Slack or Discord. The
// person reminded can always stop it with `reminder delete ID`.
package remind

import (
	"errors"
	"time"

	"partnerbot/bot"
)

// Reminders is the reminder capability: its commands and its scheduler job.
type Reminders struct {
	env *bot.Env
	// LateAfter is how late a delivery must be to be marked late.
	LateAfter time.Duration
	// MaxPerTx bounds the reminders claimed in one transaction.
	MaxPerTx int
}

// New returns the reminders capability on env (it needs the database, the
// clock, the publisher and the time zone; rooms and people are optional).
// It loads nothing: the scheduler job seeks the due index each tick.
func New(env *bot.Env) (*Reminders, error) {
	if env == nil || env.DB == nil || env.Clock == nil || env.Pub == nil {
		return nil, errors.New("remind: env needs a database, a clock and a publisher")
	}
	return &Reminders{env: env, LateAfter: time.Minute, MaxPerTx: 2000}, nil
}

func (s *Reminders) loc() *time.Location {
	if s.env.Loc != nil {
		return s.env.Loc
	}
	return time.UTC
}

func (s *Reminders) warn(msg string, args ...any) {
	if s.env.Log != nil {
		s.env.Log.Warn(msg, args...)
	}
}

// Jobs returns the delivery job.
func (s *Reminders) Jobs() []bot.Job { return []bot.Job{s} }

// Name is the job's name.
func (s *Reminders) Name() string { return "reminders" }

// Commands returns remind, reminders and reminder.
func (s *Reminders) Commands() []*bot.Command {
	return []*bot.Command{
		{
			Name:    "remind",
			Summary: "set a reminder for you, a room or someone else",
			Usage:   "remind me|ROOM|@person [to] WHAT WHEN",
			Examples: []string{
				createExample,
				"remind #sip-general every first Tuesday at 9am to send the agenda",
				"remind @sam to book the hall on Friday at 10:00",
				"remind me in 20 minutes to ring back",
			},
			Args: []bot.Arg{{Name: "text", Kind: bot.Text, Required: true,
				Help: "who (me, a #room, @person), what, and when: in 20 minutes, tomorrow at 9am, on 3 March at 14:00, every Monday at 10:00"}},
			Handle: s.create,
		},
		{
			Name:     "reminders",
			Summary:  "your reminders (admins: a room's, or all)",
			Usage:    "reminders [ROOM|all]",
			Examples: []string{"reminders", "reminders sip-general", "reminders all"},
			Args:     []bot.Arg{{Name: "scope", Kind: bot.Word, Help: "a room, or all (admins only)", Autocomplete: "room"}},
			Handle:   s.list,
		},
		{
			Name:     "reminder",
			Summary:  "delete, snooze or mark done a reminder",
			Examples: []string{"reminder delete 3", "reminder snooze 3 1h"},
			Subs: []*bot.Command{
				{
					Name:     "delete",
					Summary:  "stop a reminder (who set it, who it's for, or an admin)",
					Usage:    "reminder delete ID",
					Examples: []string{"reminder delete 3"},
					Args:     []bot.Arg{{Name: "id", Kind: bot.Int, Required: true, Help: "the reminder's number, from `reminders`"}},
					Handle:   s.delete,
				},
				{
					Name:     "snooze",
					Summary:  "remind again after a while, counted from now",
					Usage:    "reminder snooze ID DURATION",
					Examples: []string{"reminder snooze 3 1h", "reminder snooze 3 20 minutes"},
					Args: []bot.Arg{
						{Name: "id", Kind: bot.Int, Required: true, Help: "the reminder's number"},
						{Name: "duration", Kind: bot.Text, Required: true, Help: "how long: 20m, 1h, 2 hours, 1 day"},
					},
					Handle: s.snooze,
				},
				{
					Name:     "done",
					Summary:  "mark a delivered reminder done",
					Usage:    "reminder done ID",
					Examples: []string{"reminder done 3"},
					Args:     []bot.Arg{{Name: "id", Kind: bot.Int, Required: true, Help: "the reminder's number"}},
					Handle:   s.done,
				},
			},
		},
	}
}
