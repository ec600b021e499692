package slack

import (
	"encoding/binary"
	"sync"
	"time"

	"partnerbot/storage"
)

// EventsBucket remembers the ids of Events API events already handled
// (event_id → event time, Unix seconds), so that Slack's retries of an event
// (X-Slack-Retry-Num, the same event_id) are handled once, across restarts.
const EventsBucket = "slack_events"

func init() { storage.Declare(EventsBucket) }

// pruneEvery is how often old event ids are swept out.
const pruneEvery = time.Minute

// dedupe claims event ids: the first claim of an id wins.
type dedupe struct {
	db   *storage.DB
	keep time.Duration

	mu        sync.Mutex
	mem       map[string]time.Time // used when db is nil
	lastPrune time.Time
}

func newDedupe(db *storage.DB, keep time.Duration) *dedupe {
	return &dedupe{db: db, keep: keep, mem: map[string]time.Time{}}
}

// claim records id and reports whether it is new. It is
// committed before it returns, so a crash after the claim never hands the
// event over twice. Ids are kept for keep after the later of their event
// time and now, then pruned.
func (d *dedupe) claim(id string, eventTime, now time.Time) (bool, error) {
	if id == "" {
		return true, nil // nothing to dedupe on
	}
	if eventTime.IsZero() || eventTime.Before(now) {
		// Kept for DedupeFor from when it was seen, so an event stamped
		// long ago (a clock off, a forged time) still can't run twice.
		eventTime = now
	}
	d.mu.Lock()
	prune := now.Sub(d.lastPrune) >= pruneEvery || now.Before(d.lastPrune)
	if prune {
		d.lastPrune = now
	}
	if d.db == nil {
		defer d.mu.Unlock()
		if prune {
			for k, t := range d.mem {
				if now.Sub(t) > d.keep {
					delete(d.mem, k)
				}
			}
		}
		if _, seen := d.mem[id]; seen {
			return false, nil
		}
		d.mem[id] = eventTime
		return true, nil
	}
	d.mu.Unlock()
	fresh := false
	err := d.db.Update(func(tx *storage.Tx) error {
		b := storage.Bucket(tx, EventsBucket)
		if prune {
			cutoff := now.Add(-d.keep).Unix()
			var old [][]byte
			c := b.Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if len(v) == 8 && int64(binary.BigEndian.Uint64(v)) < cutoff {
					old = append(old, append([]byte(nil), k...))
				}
			}
			for _, k := range old {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
		}
		fresh = false
		if b.Get([]byte(id)) != nil {
			return nil
		}
		fresh = true
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], uint64(eventTime.Unix()))
		return b.Put([]byte(id), v[:])
	})
	return fresh, err
}
