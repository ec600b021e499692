package meeting

import (
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Linking accounts (bot.Rekeyer).
//
// When `whoami link` joins the account from to the person to, what is still
// to come is merged so that the person counts once, in one transaction:
//   - an RSVP from gave for an event or meeting date that has not ended moves
//     to to; if to answered too, the newer answer (by time given) stays and
//     the other is dropped (on equal times, to's stays). Where both said yes,
//     the person keeps the earlier place in the queue, and keeps a place if
//     either account had one (unless the newer answer's guests no longer fit,
//     then the answer that held the place stays). A going answer dropped by
//     the merge frees its places, and the waiting list moves up as usual
//     (those promoted are told);
//   - meetings not deleted and events still to come that from set up become
//     to's, so the person can still manage them from either account.
//
// Answers for what is over stay as they were (the attendance record). Cards
// whose counts changed are redrawn. Running it again changes nothing.

// Rekey merges what from holds in future meetings and events into to.
func (m *Meetings) Rekey(from, to bot.ID, now time.Time) error {
	if from == "" || to == "" || from == to {
		return nil
	}
	now = now.UTC()
	var changes rsvpChanges
	err := m.env.DB.Update(func(tx *storage.Tx) error {
		changes = rsvpChanges{}
		if err := m.rekeyCreators(tx, from, to, now); err != nil {
			return err
		}
		var targets []string
		if err := storage.Each(tx, RSVPBucket, "", func(k string, r *RSVP) error {
			if t, p := rsvpPerson(k); p == from {
				targets = append(targets, t)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, id := range targets {
			t, err := m.forgetTarget(tx, id)
			if err != nil || t == nil || !t.end.After(now) {
				continue // over, or no longer there: history stays as it was
			}
			if err := m.mergeRSVP(tx, t, from, to); err != nil {
				return err
			}
			if err := changes.redraw(m, tx, t, true); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	changes.announce(m)
	return nil
}

// mergeRSVP moves from's answer for t to to, keeping one answer.
func (m *Meetings) mergeRSVP(tx *storage.Tx, t *target, from, to bot.ID) error {
	fromKey, toKey := rsvpKey(t.id, from), rsvpKey(t.id, to)
	var a, b RSVP // from's, to's
	okA, err := storage.Get(tx, RSVPBucket, fromKey, &a)
	if err != nil || !okA {
		return err
	}
	okB, err := storage.Get(tx, RSVPBucket, toKey, &b)
	if err != nil {
		return err
	}
	keep := a
	if okB {
		keep = mergeAnswers(a, b, func(r RSVP) bool {
			if t.capacity <= 0 {
				return true
			}
			rs, err := rsvps(tx, t.id)
			if err != nil {
				return false
			}
			heads := 0
			for _, o := range tallyOf(rs).going {
				if o.Person != from && o.Person != to {
					heads += o.heads()
				}
			}
			return heads+r.heads() <= t.capacity
		})
	}
	keep.Person = to
	if n := m.name(to); n != "" && n != to.Local() {
		keep.Name = n
	}
	if err := storage.Delete(tx, RSVPBucket, fromKey); err != nil {
		return err
	}
	return storage.Put(tx, RSVPBucket, toKey, &keep)
}

// mergeAnswers picks the one answer that stays of a (from's) and b (to's):
// the newer, with the earlier queue place and a held place if both said yes.
// fits reports whether a going answer fits the capacity alongside everyone
// else's.
func mergeAnswers(a, b RSVP, fits func(RSVP) bool) RSVP {
	keep, other := b, a
	if a.At.After(b.At) {
		keep, other = a, b
	}
	if keep.Answer != Yes || other.Answer != Yes {
		return keep
	}
	keep.Queue = min(keep.Queue, other.Queue)
	if keep.Waiting && !other.Waiting {
		// The other account held a place: the person keeps it, with the
		// newer answer's guests if they fit, else as the place was held.
		placed := keep
		placed.Waiting = false
		if fits(placed) {
			return placed
		}
		other.Queue = keep.Queue
		return other
	}
	return keep
}

// rekeyCreators gives to the meetings (not deleted) and the events still to
// come that from set up.
func (m *Meetings) rekeyCreators(tx *storage.Tx, from, to bot.ID, now time.Time) error {
	var mts []*Meeting
	if err := storage.Each(tx, MeetingsBucket, "", func(_ string, mt *Meeting) error {
		if mt.Creator == from && !mt.Deleted {
			mts = append(mts, mt)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, mt := range mts {
		mt.Creator = to
		if err := putMeeting(tx, mt); err != nil {
			return err
		}
	}
	var evs []*Event
	if err := storage.Each(tx, EventsBucket, "", func(_ string, e *Event) error {
		if e.Creator == from && e.End.After(now) {
			evs = append(evs, e)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, e := range evs {
		e.Creator = to
		if err := putEvent(tx, e); err != nil {
			return err
		}
	}
	return nil
}
