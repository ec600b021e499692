package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"partnerbot/storage"
)

// PostsBucket remembers where each object (a poll, an event) was posted:
// key "OBJECT|CHANNEL" → the platform's message reference.
const PostsBucket = "posts"

func init() { storage.Declare(PostsBucket) }

// A Hub is the Publisher in use: it knows the adapters and the rooms, posts
// to every channel bound to a room, and remembers each posted copy so it can
// update them all when a tally changes. A failure on one platform never
// blocks the others.
type Hub struct {
	db       *storage.DB
	rooms    *Rooms
	log      *slog.Logger
	mu       sync.RWMutex
	adapters map[string]Adapter
	statusMu sync.Mutex
	status   map[ID]ChannelStatus
	// Clock times retries; nil means the system clock.
	Clock Clock
}

// ChannelStatus is the last outcome of posting to a channel, for `room status`.
type ChannelStatus struct {
	OK      bool
	At      time.Time
	Problem string
}

// NewHub returns a hub with no adapters.
func NewHub(db *storage.DB, rooms *Rooms, log *slog.Logger) *Hub {
	if log == nil {
		log = slog.Default()
	}
	return &Hub{db: db, rooms: rooms, log: log, adapters: map[string]Adapter{}, status: map[ID]ChannelStatus{}}
}

// AddAdapter makes a platform reachable.
func (h *Hub) AddAdapter(a Adapter) {
	h.mu.Lock()
	h.adapters[a.Platform()] = a
	h.mu.Unlock()
}

func (h *Hub) adapter(id ID) (Adapter, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	a, ok := h.adapters[id.Platform()]
	if !ok {
		return nil, fmt.Errorf("no %s adapter is running for %s", id.Platform(), id)
	}
	return a, nil
}

// Targets resolves a room name or channel id to channels.
func (h *Hub) Targets(target string) ([]ID, error) {
	if strings.Count(target, ":") >= 2 {
		id, err := ParseID(target)
		if err != nil {
			return nil, err
		}
		return []ID{id}, nil
	}
	if h.rooms == nil {
		return nil, Errorf("There's no room called %q.", target)
	}
	chans, ok := h.rooms.Channels(target)
	if !ok {
		return nil, h.rooms.Check(target)
	}
	return chans, nil
}

// Publish posts r to every channel of target. A channel whose platform
// fails is queued for retry and does not block the others; Publish fails
// only when target is unknown or no channel has a running adapter.
func (h *Hub) Publish(ctx context.Context, target string, r Reply) (int, error) {
	chans, err := h.Targets(target)
	if err != nil {
		return 0, err
	}
	r.Ephemeral = false
	r = SafeReply(r)
	posted := 0
	var errs []error
	for _, ch := range chans {
		a, err := h.adapter(ch)
		if err != nil {
			h.mark(ch, err)
			errs = append(errs, err)
			continue
		}
		ref, err := a.Post(ctx, ch, r)
		h.mark(ch, err)
		if err != nil {
			h.log.Warn("post failed; will retry", "channel", string(ch), "key", r.Key, "err", err)
			h.queue("post", ch, "", r, err)
			continue
		}
		posted++
		if r.Key != "" && ref != "" {
			if err := h.remember(r.Key, ch, ref); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if posted == 0 && len(errs) > 0 {
		return 0, errors.Join(errs...)
	}
	return posted, nil
}

func (h *Hub) remember(key string, ch ID, ref string) error {
	if h.db == nil {
		return nil
	}
	return h.db.Update(func(tx *storage.Tx) error {
		return storage.Bucket(tx, PostsBucket).Put([]byte(key+"|"+string(ch)), []byte(ref))
	})
}

// Copies returns the channels and message references where key was posted.
func (h *Hub) Copies(key string) (map[ID]string, error) {
	out := map[ID]string{}
	if h.db == nil {
		return out, nil
	}
	err := h.db.View(func(tx *storage.Tx) error {
		c := storage.Bucket(tx, PostsBucket).Cursor()
		prefix := []byte(key + "|")
		for k, v := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, v = c.Next() {
			out[ID(strings.TrimPrefix(string(k), string(prefix)))] = string(v)
		}
		return nil
	})
	return out, err
}

// Update replaces every posted copy of r.Key. A copy that can't be updated
// now is queued and retried with backoff (see RetryJob); only a missing
// adapter is an error (and only for the copies it could not reach; the
// others are still updated).
func (h *Hub) Update(ctx context.Context, r Reply) error {
	if r.Key == "" {
		return errors.New("hub: update without a key")
	}
	copies, err := h.Copies(r.Key)
	if err != nil {
		return err
	}
	r.Ephemeral = false
	r = SafeReply(r)
	var errs []error
	for ch, ref := range copies {
		a, err := h.adapter(ch)
		if err == nil {
			err = a.Update(ctx, ch, ref, r)
		}
		h.mark(ch, err)
		if err != nil {
			h.log.Warn("update failed; will retry", "channel", string(ch), "key", r.Key, "err", err)
			h.queue("update", ch, ref, r, err)
		}
	}
	h.refreshPending(r, copies)
	return errors.Join(errs...)
}

// Direct sends r privately to user.
func (h *Hub) Direct(ctx context.Context, user ID, r Reply) error {
	a, err := h.adapter(user)
	if err != nil {
		return err
	}
	r.Ephemeral = false
	return a.Direct(ctx, user, SafeReply(r))
}

func (h *Hub) mark(ch ID, err error) {
	h.statusMu.Lock()
	defer h.statusMu.Unlock()
	st := ChannelStatus{OK: err == nil, At: h.now()}
	if err != nil {
		st.Problem = shortProblem(err.Error())
		// "Failing since" is when the trouble started, not the latest try.
		if prev, ok := h.status[ch]; ok && !prev.OK {
			st.At = prev.At
		}
	}
	h.status[ch] = st
}

// shortProblem keeps an error readable in `room status`: the first line,
// at most 160 characters (platform errors can carry whole JSON bodies).
func shortProblem(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 160 {
		s = string(r[:159]) + "…"
	}
	return s
}

// Status returns the last outcome per channel.
func (h *Hub) Status() map[ID]ChannelStatus {
	h.statusMu.Lock()
	defer h.statusMu.Unlock()
	out := make(map[ID]ChannelStatus, len(h.status))
	for k, v := range h.status {
		out[k] = v
	}
	return out
}
