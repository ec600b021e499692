package bot

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"partnerbot/storage"
)

// OutboxBucket holds posts and updates that failed on one platform, to be
// retried with backoff: key "KEY|CHANNEL" (or "post|TIME|CHANNEL" for a post
// with no key) → a pending delivery. A newer update for the same object and
// channel replaces an older one, so the latest tally is what arrives.
const OutboxBucket = "outbox"

func init() { storage.Declare(OutboxBucket) }

// pending is one delivery waiting for a platform to come back.
type pending struct {
	Kind     string    `json:"kind"` // "post" or "update"
	Channel  ID        `json:"channel"`
	Ref      string    `json:"ref,omitempty"`
	Reply    Reply     `json:"reply"`
	Attempts int       `json:"attempts"`
	NextAt   time.Time `json:"next_at"`
	Problem  string    `json:"problem"`
	Since    time.Time `json:"since"`
}

// Retry backoff: 5 s, doubling, at most 10 minutes; after a day, give up.
const (
	retryFirst = 5 * time.Second
	retryMax   = 10 * time.Minute
	retryGive  = 24 * time.Hour
)

func backoff(attempts int) time.Duration {
	d := retryFirst
	for i := 1; i < attempts && d < retryMax; i++ {
		d *= 2
	}
	if d > retryMax {
		d = retryMax
	}
	return d
}

func (h *Hub) now() time.Time {
	if h.Clock != nil {
		return h.Clock.Now()
	}
	return time.Now().UTC()
}

// queue stores a failed delivery for retry.
func (h *Hub) queue(kind string, ch ID, ref string, r Reply, err error) {
	if h.db == nil {
		return
	}
	now := h.now()
	key := r.Key + "|" + string(ch)
	if r.Key == "" {
		key = "post|" + storage.Key(now) + "|" + string(ch)
	}
	p := pending{Kind: kind, Channel: ch, Ref: ref, Reply: r, Attempts: 1, NextAt: now.Add(backoff(1)), Problem: err.Error(), Since: now}
	dberr := h.db.Update(func(tx *storage.Tx) error {
		var old pending
		if ok, _ := storage.Get(tx, OutboxBucket, key, &old); ok {
			p.Since = old.Since
			p.Attempts = old.Attempts + 1
			p.NextAt = now.Add(backoff(p.Attempts))
			if old.Kind == "post" && kind == "update" {
				// The first post never arrived: post the latest version.
				p.Kind = "post"
			}
		}
		return storage.Put(tx, OutboxBucket, key, p)
	})
	if dberr != nil {
		h.log.Error("could not queue a failed delivery", "channel", string(ch), "err", dberr)
	}
	M.PostFailures.WithLabelValues(ch.Platform()).Inc()
}

// refreshPending gives a first post still waiting in the outbox (its channel
// has no copy yet, so Update can't reach it) the newer version r, so the
// retry posts the latest tally rather than the one that first failed.
func (h *Hub) refreshPending(r Reply, copies map[ID]string) {
	if h.db == nil || r.Key == "" {
		return
	}
	// Almost always nothing is queued: look first, so a redraw costs no
	// write transaction (and no fsync).
	queued := false
	_ = h.db.View(func(tx *storage.Tx) error {
		c := storage.Bucket(tx, OutboxBucket).Cursor()
		k, _ := c.Seek([]byte(r.Key + "|"))
		queued = k != nil && strings.HasPrefix(string(k), r.Key+"|")
		return nil
	})
	if !queued {
		return
	}
	err := h.db.Update(func(tx *storage.Tx) error {
		stale := map[string]pending{}
		err := storage.Each(tx, OutboxBucket, r.Key+"|", func(k string, p *pending) error {
			if _, posted := copies[p.Channel]; !posted && p.Kind == "post" {
				stale[k] = *p
			}
			return nil
		})
		if err != nil {
			return err
		}
		for k, p := range stale {
			p.Reply = r
			if err := storage.Put(tx, OutboxBucket, k, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		h.log.Error("could not refresh a queued post", "key", r.Key, "err", err)
	}
}

// Pending returns the deliveries waiting for retry, by channel.
func (h *Hub) Pending() map[ID]int {
	out := map[ID]int{}
	if h.db == nil {
		return out
	}
	_ = h.db.View(func(tx *storage.Tx) error {
		return storage.Each(tx, OutboxBucket, "", func(_ string, p *pending) error {
			out[p.Channel]++
			return nil
		})
	})
	return out
}

// RetryJob is the scheduler job that retries failed deliveries.
func (h *Hub) RetryJob() Job {
	return JobFunc{JobName: "outbox", Fn: h.retryDue}
}

func (h *Hub) retryDue(ctx context.Context, now time.Time) error {
	type item struct {
		key string
		p   pending
	}
	var due []item
	err := h.db.View(func(tx *storage.Tx) error {
		return storage.Each(tx, OutboxBucket, "", func(k string, p *pending) error {
			if !p.NextAt.After(now) {
				due = append(due, item{k, *p})
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, it := range due {
		a, err := h.adapter(it.p.Channel)
		var ref string
		if err == nil {
			switch it.p.Kind {
			case "post":
				ref, err = a.Post(ctx, it.p.Channel, it.p.Reply)
			default:
				err = a.Update(ctx, it.p.Channel, it.p.Ref, it.p.Reply)
			}
		}
		h.mark(it.p.Channel, err)
		if err == nil && it.p.Kind == "post" && it.p.Reply.Key != "" && ref != "" {
			_ = h.remember(it.p.Reply.Key, it.p.Channel, ref)
		}
		_ = h.db.Update(func(tx *storage.Tx) error {
			var cur pending
			ok, _ := storage.Get(tx, OutboxBucket, it.key, &cur)
			if !ok {
				return nil
			}
			// A newer version arrived while we were delivering: keep it.
			a, _ := json.Marshal(cur.Reply)
			b, _ := json.Marshal(it.p.Reply)
			if string(a) != string(b) {
				if err == nil && cur.Kind == "post" && ref != "" {
					cur.Kind, cur.Ref = "update", ref
					return storage.Put(tx, OutboxBucket, it.key, cur)
				}
				return nil
			}
			if err == nil {
				h.log.Info("delivered after retry", "channel", string(it.p.Channel), "key", it.p.Reply.Key, "attempts", cur.Attempts)
				return storage.Delete(tx, OutboxBucket, it.key)
			}
			if now.Sub(cur.Since) > retryGive {
				h.log.Error("giving up on a delivery", "channel", string(it.p.Channel), "key", it.p.Reply.Key, "since", cur.Since, "err", err)
				return storage.Delete(tx, OutboxBucket, it.key)
			}
			cur.Attempts++
			cur.NextAt = now.Add(backoff(cur.Attempts))
			cur.Problem = err.Error()
			return storage.Put(tx, OutboxBucket, it.key, cur)
		})
	}
	return nil
}
