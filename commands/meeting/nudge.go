package meeting

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Kinds of index entries.
const (
	kindNudge = "nudge"
	kindRoll  = "roll"
)

func putDue(tx *storage.Tx, d Due, key string) error {
	return storage.Put(tx, DueBucket, key, d)
}

// materialise puts the meeting's occurrences whose first nudge is due by now
// into the nudge index, and leaves a roll entry for the next one. With
// skipPast, nudges whose time has already gone are left out (a meeting just
// scheduled or changed); otherwise they stay in and fire at once (they fell
// due while the bot was down).
func (m *Meetings) materialise(tx *storage.Tx, mt *Meeting, now time.Time, skipPast bool) error {
	if mt.RollKey != "" {
		if err := storage.Delete(tx, DueBucket, mt.RollKey); err != nil {
			return err
		}
		mt.RollKey = ""
	}
	if len(mt.Nudges) == 0 || mt.Deleted {
		return putMeeting(tx, mt)
	}
	lead := mt.lead()
	cursor := mt.Cursor
	if cursor.IsZero() {
		cursor = mt.Rule.Start.Add(-time.Second)
	}
	for range 1000 {
		t, ok := mt.Rule.Next(cursor)
		if !ok {
			break
		}
		// A day early: nudges count whole days on the wall clock, so across
		// a clock change one may fall an hour before t-lead.
		rollAt := t.Add(-lead - 24*time.Hour)
		if rollAt.After(now) {
			key := storage.Key(rollAt, kindRoll, mt.ID)
			if err := putDue(tx, Due{Kind: kindRoll, At: rollAt, Meeting: mt.ID}, key); err != nil {
				return err
			}
			mt.RollKey = key
			break
		}
		cursor = t
		if !t.After(now) {
			continue // long gone: nothing to nudge
		}
		o, err := occurrence(tx, mt, t, m.loc)
		if err != nil {
			return err
		}
		if o.Indexed || o.Cancelled {
			continue
		}
		notBefore := time.Time{}
		if skipPast {
			notBefore = now
		}
		if err := indexNudges(tx, mt, o, notBefore); err != nil {
			return err
		}
	}
	mt.Cursor = cursor
	return putMeeting(tx, mt)
}

// indexNudges puts an occurrence's nudges due at or after notBefore into the
// index and marks it indexed. It saves the occurrence.
func indexNudges(tx *storage.Tx, mt *Meeting, o *Occurrence, notBefore time.Time) error {
	loc := time.UTC
	if l, err := time.LoadLocation(mt.Rule.TZ); err == nil {
		loc = l
	}
	for i, off := range mt.Nudges {
		at := nudgeAt(o.Start, off, loc)
		if at.Before(notBefore) {
			continue
		}
		key := storage.Key(at, kindNudge, o.ID, int64(off/time.Second))
		last := len(mt.Nudges) >= 2 && i == len(mt.Nudges)-1
		if err := putDue(tx, Due{Kind: kindNudge, At: at, Meeting: mt.ID, Occ: o.ID, Offset: off, Last: last}, key); err != nil {
			return err
		}
		if !slices.Contains(o.Pending, key) {
			o.Pending = append(o.Pending, key)
		}
	}
	o.Indexed = true
	return putOcc(tx, o)
}

// nudgeAt is when a nudge off before start is due: whole days are counted
// on the wall clock of loc ("7d before" a 10:00 meeting is 10:00 a week
// earlier even across a BST/GMT change), the rest as an exact span.
func nudgeAt(start time.Time, off time.Duration, loc *time.Location) time.Time {
	days := int(off / (24 * time.Hour))
	rest := off - time.Duration(days)*24*time.Hour
	return start.In(loc).AddDate(0, 0, -days).Add(-rest).UTC()
}

// withdraw removes an occurrence's unsent nudges from the index (the caller
// saves the occurrence).
func withdraw(tx *storage.Tx, o *Occurrence) error {
	for _, k := range o.Pending {
		if err := storage.Delete(tx, DueBucket, k); err != nil {
			return err
		}
	}
	o.Pending = nil
	return nil
}

// A claim is what one tick posts for one occurrence.
type claim struct {
	room   string
	card   bot.Reply
	post   bool     // post to the room
	direct []bot.ID // the last nudge: privately, to those who have not answered
}

// Due posts the nudges due at now. Entries are claimed (deleted) in the
// transaction that reads them, and posted after it commits: a nudge is
// posted at most once, even across restarts. Several nudges of one
// occurrence due at once (after downtime) collapse into one post.
func (m *Meetings) Due(ctx context.Context, now time.Time) error {
	// Fast path: most ticks have nothing due.
	due := false
	err := m.env.DB.View(func(tx *storage.Tx) error {
		k, v := storage.Bucket(tx, DueBucket).Cursor().First()
		if k == nil {
			return nil
		}
		var d Due
		if err := json.Unmarshal(v, &d); err != nil {
			due = true // let the claim drop it
			return nil
		}
		due = !d.At.After(now)
		return nil
	})
	if err != nil || !due {
		return err
	}
	var claims []*claim
	err = m.env.DB.Update(func(tx *storage.Tx) error {
		claims = nil
		byOcc := map[string]*claim{}
		var order []string
		b := storage.Bucket(tx, DueBucket)
		for range 100000 {
			k, v := b.Cursor().First()
			if k == nil {
				break
			}
			key := string(k)
			var d Due
			if err := json.Unmarshal(v, &d); err != nil {
				m.env.Log.Error("meeting: dropping an unreadable index entry", "key", key, "err", err)
				if err := b.Delete(k); err != nil {
					return err
				}
				continue
			}
			if d.At.After(now) {
				break
			}
			if err := b.Delete(k); err != nil {
				return err
			}
			mt, ok, err := getMeeting(tx, d.Meeting)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if d.Kind == kindRoll {
				if mt.RollKey != key {
					continue // stale
				}
				mt.RollKey = ""
				if err := m.materialise(tx, mt, now, false); err != nil {
					return err
				}
				continue
			}
			o, ok, err := getOcc(tx, d.Occ)
			if err != nil {
				return err
			}
			if !ok || o.Cancelled || !slices.Contains(o.Pending, key) {
				continue // withdrawn
			}
			o.Pending = slices.DeleteFunc(o.Pending, func(s string) bool { return s == key })
			if err := putOcc(tx, o); err != nil {
				return err
			}
			if !now.Before(o.Start) {
				m.env.Log.Info("meeting: nudge too late to be useful, skipped", "occurrence", o.ID, "offset", d.Offset.String())
				continue
			}
			c := byOcc[o.ID]
			if c == nil {
				c = &claim{room: mt.Room}
				byOcc[o.ID] = c
				order = append(order, o.ID)
			}
			if d.Last {
				regs, err := regulars(tx, mt)
				if err != nil {
					return err
				}
				answered, err := rsvps(tx, o.ID)
				if err != nil {
					return err
				}
				for _, r := range answered {
					delete(regs, r.Person)
				}
				c.direct = sortedIDs(regs)
			} else {
				c.post = true
			}
			card, err := m.occCard(tx, mt, o)
			if err != nil {
				return err
			}
			c.card = card
		}
		for _, id := range order {
			claims = append(claims, byOcc[id])
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range claims {
		if c.post {
			if _, err := m.pub().Publish(ctx, c.room, c.card); err != nil {
				m.env.Log.Error("meeting: posting a nudge failed", "room", c.room, "key", c.card.Key, "err", err)
			}
		}
		if len(c.direct) > 0 {
			dm := c.card
			dm.Title = "Are you coming? " + dm.Title
			for _, p := range c.direct {
				if err := m.pub().Direct(ctx, p, dm); err != nil {
					m.env.Log.Warn("meeting: a private nudge failed", "user", string(p), "err", err)
				}
			}
		}
	}
	return nil
}

func sortedIDs(set map[bot.ID]bool) []bot.ID {
	out := make([]bot.ID, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}
