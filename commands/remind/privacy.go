package remind

import (
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Privacy (UK GDPR). Held about a person: the reminders they set (By,
// ByUser, ByName, with what, target and times) and the reminders set for
// them (Target.User), in the reminders bucket and the who index
// ("by:ID|…", "to:ID|…"). The due index holds only times and reminder
// numbers.
//
// Forget, in one transaction, idempotently: every reminder they set
// (including those for a room or for someone else) and every reminder for
// them is deleted with its due and who index entries; any who index entry
// still naming them (left by an older version) goes too. Messages already
// delivered on Slack or Discord are the platforms' to delete.

// PrivacyName is "reminders".
func (s *Reminders) PrivacyName() string { return "reminders" }

// ExportedReminder is a reminder in a privacy export.
type ExportedReminder struct {
	ID   uint64 `json:"id"`
	What string `json:"what"`
	// Target is who or where it is delivered: a user id, "#room" or a
	// channel id; TargetKind is me, user, room or channel.
	Target     string `json:"target"`
	TargetKind string `json:"target_kind"`
	// Next is the next firing (RFC 3339), "" when it has fired and will not
	// again.
	Next      string `json:"next,omitempty"`
	Recurring bool   `json:"recurring"`
	Rule      string `json:"rule,omitempty"`
	Created   string `json:"created"`
	// SetByThem is true for reminders they set, ForThem for reminders
	// delivered to them.
	SetByThem bool   `json:"set_by_them"`
	ForThem   bool   `json:"for_them"`
	SetByName string `json:"set_by_name,omitempty"`
	Delivered bool   `json:"delivered,omitempty"`
}

// concerns reports whether r was set by person (set) or is for them (for).
func concerns(r *Reminder, person bot.ID) (set, isFor bool) {
	if person == "" {
		return false, false
	}
	set = r.By == person || r.ByUser == person
	isFor = (r.Target.Kind == ToMe || r.Target.Kind == ToUser) && r.Target.User == person
	return set, isFor
}

// PersonalData lists the reminders person set and those set for them, with
// what they say, their target and their next firing.
func (s *Reminders) PersonalData(person bot.ID) (any, error) {
	out := []ExportedReminder{}
	if person == "" {
		return out, nil
	}
	err := s.env.DB.View(func(tx *storage.Tx) error {
		return storage.Each(tx, Bucket, "", func(_ string, r *Reminder) error {
			set, isFor := concerns(r, person)
			if !set && !isFor {
				return nil
			}
			e := ExportedReminder{
				ID: r.ID, What: r.What, Target: r.Target.String(), TargetKind: r.Target.Kind,
				Recurring: r.Recurring(), Created: r.Created.UTC().Format(time.RFC3339),
				SetByThem: set, ForThem: isFor, Delivered: r.Delivered && r.Snooze.IsZero(),
			}
			if set {
				e.SetByName = r.ByName
			}
			if r.Pending() {
				e.Next = r.nextFiring().UTC().Format(time.RFC3339)
			}
			if r.Rule != nil {
				e.Rule = r.Rule.RRULE()
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// Forget deletes every reminder person set and every reminder for them,
// with their index entries, in one transaction.
func (s *Reminders) Forget(person bot.ID) error {
	if person == "" {
		return nil
	}
	return s.env.DB.Update(func(tx *storage.Tx) error {
		var doomed []*Reminder
		if err := storage.Each(tx, Bucket, "", func(_ string, r *Reminder) error {
			if set, isFor := concerns(r, person); set || isFor {
				c := *r
				doomed = append(doomed, &c)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, r := range doomed {
			if err := drop(tx, r); err != nil {
				return err
			}
		}
		// Who index entries naming them that no reminder accounts for.
		who := storage.Bucket(tx, WhoBucket)
		var stale [][]byte
		c := who.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if whoNames(string(k), person) {
				stale = append(stale, append([]byte(nil), k...))
			}
		}
		for _, k := range stale {
			if err := who.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// whoNames reports whether who index key k ("by:ID|0001") is about person.
func whoNames(k string, person bot.ID) bool {
	kind, rest, ok := strings.Cut(k, ":")
	if !ok || (kind != "by" && kind != "to") {
		return false
	}
	i := strings.LastIndexByte(rest, '|')
	return i >= 0 && rest[:i] == string(person)
}
