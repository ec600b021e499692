package remind

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"partnerbot/storage"
)

// A delivery is a claimed firing, to post after the claim is committed.
type delivery struct {
	r       Reminder
	due     time.Time // when it was due (the last missed firing, if several)
	missed  int       // earlier firings skipped while the bot was down
	snoozed bool
}

// Due delivers every reminder due at or before now. It seeks the due index
// from its start (no scan of pending reminders), claims a batch in one
// transaction — a one-off is marked delivered, a recurring one moved to its
// next firing after now, a snooze cleared — and posts only after the claim
// is committed, so nothing is delivered twice even across a crash (at worst
// a claimed reminder is lost, never repeated).
func (s *Reminders) Due(ctx context.Context, now time.Time) error {
	now = now.UTC()
	bound := []byte(storage.Key(now) + "/~") // every key whose time is <= now sorts below
	for {
		if !s.anyDue(bound) {
			return nil
		}
		var batch []delivery
		more := false
		err := s.env.DB.Update(func(tx *storage.Tx) error {
			batch, more = nil, false
			due := storage.Bucket(tx, DueBucket)
			type entry struct{ key, kind []byte }
			var entries []entry
			c := due.Cursor()
			for k, v := c.First(); k != nil && bytes.Compare(k, bound) < 0; k, v = c.Next() {
				if len(entries) == s.MaxPerTx {
					more = true
					break
				}
				entries = append(entries, entry{append([]byte(nil), k...), append([]byte(nil), v...)})
			}
			for _, e := range entries {
				d, err := s.claim(tx, e.key, string(e.kind), now)
				if err != nil {
					return err
				}
				if d != nil {
					batch = append(batch, *d)
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("claiming due reminders: %w", err)
		}
		for _, d := range batch {
			s.deliver(ctx, d, now)
		}
		if !more || ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// claim handles one due index entry inside the claiming transaction. It
// returns the delivery to make, if any. Entries that no longer match their
// reminder (left by an older state) are dropped.
func (s *Reminders) claim(tx *storage.Tx, key []byte, kind string, now time.Time) (*delivery, error) {
	due := storage.Bucket(tx, DueBucket)
	tpart, id, err := parseDueKey(key)
	if err != nil {
		s.warn("dropping a bad reminder due key", "key", string(key), "err", err)
		return nil, due.Delete(key)
	}
	r, ok, err := get(tx, id)
	if err != nil {
		s.warn("dropping an unreadable reminder", "id", id, "err", err)
		return nil, due.Delete(key)
	}
	if !ok {
		return nil, due.Delete(key)
	}
	old := *r
	matches := func(t time.Time) bool { return !t.IsZero() && storage.Key(t) == tpart }
	switch kind {
	case dueFire:
		if r.Delivered || !matches(r.Next) {
			return nil, due.Delete(key)
		}
		d := &delivery{due: r.Next}
		if r.Rule != nil {
			// Skip missed firings but the last; then the next one after now.
			if missed := r.Rule.Between(r.Next, now.Add(time.Nanosecond)); len(missed) > 0 {
				d.due = missed[len(missed)-1]
				d.missed = len(missed) - 1
			}
			if next, ok := r.Rule.Next(now); ok {
				r.Next = next
			} else {
				r.Delivered, r.Purge = true, now.Add(keepDelivered)
			}
		} else {
			r.Delivered, r.Purge = true, now.Add(keepDelivered)
		}
		if err := save(tx, &old, r); err != nil {
			return nil, err
		}
		d.r = *r
		return d, nil
	case dueSnooze:
		if !matches(r.Snooze) {
			return nil, due.Delete(key)
		}
		d := &delivery{due: r.Snooze, snoozed: true}
		r.Snooze = time.Time{}
		if r.Delivered {
			r.Purge = now.Add(keepDelivered)
		}
		if err := save(tx, &old, r); err != nil {
			return nil, err
		}
		d.r = *r
		return d, nil
	case duePurge:
		if !matches(r.Purge) || !r.Delivered || !r.Snooze.IsZero() {
			return nil, due.Delete(key)
		}
		return nil, drop(tx, r)
	}
	return nil, due.Delete(key)
}

// anyDue reports, from a read-only transaction, whether the first entry of
// the due index is at or before the bound: an idle tick writes nothing.
func (s *Reminders) anyDue(bound []byte) bool {
	found := false
	_ = s.env.DB.View(func(tx *storage.Tx) error {
		k, _ := storage.Bucket(tx, DueBucket).Cursor().First()
		found = k != nil && bytes.Compare(k, bound) < 0
		return nil
	})
	return found
}
