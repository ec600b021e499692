package remind

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/storage"
)

// Buckets. Reminders are stored by id; the due index is keyed by
// storage.Key(time, id) so the scheduler seeks only what is due; the who
// index lets `reminders` find a person's or a room's reminders without a
// scan.
const (
	Bucket    = "reminders"
	DueBucket = "reminders_due"
	WhoBucket = "reminders_who"
)

func init() { storage.Declare(Bucket, DueBucket, WhoBucket) }

// Kinds of due index entry (the entry's value).
const (
	dueFire   = "f" // the reminder's next firing (Next)
	dueSnooze = "s" // a snoozed firing (Snooze)
	duePurge  = "p" // forget a delivered one-off (Purge)
)

// keepDelivered is how long a delivered one-off is kept so its "Mark done"
// and "Snooze 1h" buttons still work.
const keepDelivered = 7 * 24 * time.Hour

// Target kinds.
const (
	ToMe      = "me"
	ToUser    = "user"
	ToRoom    = "room"
	ToChannel = "channel"
)

// A Target is who or where a reminder is delivered.
type Target struct {
	Kind    string `json:"kind"`
	User    bot.ID `json:"user,omitempty"`    // me, user: delivered privately
	Room    string `json:"room,omitempty"`    // room: posted to every bound channel
	Channel bot.ID `json:"channel,omitempty"` // channel: posted there
}

// String is the target for Data and lists: "#sip-general", a channel id, or
// the user id of the person reminded.
func (t Target) String() string {
	switch t.Kind {
	case ToRoom:
		return "#" + t.Room
	case ToChannel:
		return string(t.Channel)
	}
	return string(t.User)
}

// A Reminder is one reminder, one-off or recurring.
type Reminder struct {
	ID   uint64 `json:"id"`
	What string `json:"what"`
	// Next is the next firing in UTC; for a delivered one-off, when it fired.
	Next   time.Time  `json:"next"`
	Rule   *when.Rule `json:"rule,omitempty"`
	Target Target     `json:"target"`
	// By is the person who set it, ByUser their platform identity.
	By      bot.ID    `json:"by"`
	ByUser  bot.ID    `json:"by_user"`
	ByName  string    `json:"by_name,omitempty"`
	Created time.Time `json:"created"`
	// Delivered marks a one-off that has fired; it is kept until Purge.
	Delivered bool      `json:"delivered,omitempty"`
	Purge     time.Time `json:"purge,omitzero"`
	// Snooze is a snoozed firing, on top of the schedule.
	Snooze time.Time `json:"snooze,omitzero"`
}

// Recurring reports whether the reminder repeats.
func (r *Reminder) Recurring() bool { return r.Rule != nil }

// Pending reports whether the reminder will fire again.
func (r *Reminder) Pending() bool { return !r.Delivered || !r.Snooze.IsZero() }

func idKey(id uint64) string { return storage.Key(id) }

func dueKey(t time.Time, id uint64) []byte { return []byte(storage.Key(t, id)) }

// parseDueKey splits a due key into its time part (still formatted) and id.
func parseDueKey(k []byte) (string, uint64, error) {
	s := string(k)
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return "", 0, fmt.Errorf("due key %q has no id", s)
	}
	id, err := strconv.ParseUint(s[i+1:], 10, 64)
	return s[:i], id, err
}

// whoKeys are the who index entries of r: its creator, the person reminded,
// its room or channel.
func whoKeys(r *Reminder) []string {
	id := idKey(r.ID)
	keys := []string{"by:" + string(r.By) + "|" + id}
	if r.ByUser != "" && r.ByUser != r.By {
		keys = append(keys, "by:"+string(r.ByUser)+"|"+id)
	}
	switch r.Target.Kind {
	case ToUser:
		keys = append(keys, "to:"+string(r.Target.User)+"|"+id)
	case ToRoom:
		keys = append(keys, "room:"+r.Target.Room+"|"+id)
	case ToChannel:
		keys = append(keys, "chan:"+string(r.Target.Channel)+"|"+id)
	}
	return keys
}

func get(tx *storage.Tx, id uint64) (*Reminder, bool, error) {
	var r Reminder
	ok, err := storage.Get(tx, Bucket, idKey(id), &r)
	if err != nil || !ok {
		return nil, false, err
	}
	return &r, true, nil
}

// unindex removes r's due entries (not the who entries).
func unindex(tx *storage.Tx, r *Reminder) error {
	due := storage.Bucket(tx, DueBucket)
	if !r.Delivered {
		if err := due.Delete(dueKey(r.Next, r.ID)); err != nil {
			return err
		}
	}
	if !r.Snooze.IsZero() {
		if err := due.Delete(dueKey(r.Snooze, r.ID)); err != nil {
			return err
		}
	}
	if !r.Purge.IsZero() {
		if err := due.Delete(dueKey(r.Purge, r.ID)); err != nil {
			return err
		}
	}
	return nil
}

// index writes r's due entries.
func index(tx *storage.Tx, r *Reminder) error {
	due := storage.Bucket(tx, DueBucket)
	if !r.Delivered {
		if err := due.Put(dueKey(r.Next, r.ID), []byte(dueFire)); err != nil {
			return err
		}
	}
	if !r.Snooze.IsZero() {
		if err := due.Put(dueKey(r.Snooze, r.ID), []byte(dueSnooze)); err != nil {
			return err
		}
	}
	if !r.Purge.IsZero() {
		if err := due.Put(dueKey(r.Purge, r.ID), []byte(duePurge)); err != nil {
			return err
		}
	}
	return nil
}

// save replaces r, moving its due entries from how old was indexed.
func save(tx *storage.Tx, old, r *Reminder) error {
	if old != nil {
		if err := unindex(tx, old); err != nil {
			return err
		}
	}
	if err := index(tx, r); err != nil {
		return err
	}
	return storage.Put(tx, Bucket, idKey(r.ID), r)
}

// insert stores a new reminder with a fresh id.
func insert(tx *storage.Tx, r *Reminder) error {
	id, err := storage.NextID(tx, Bucket)
	if err != nil {
		return err
	}
	r.ID = id
	// Ids only grow, so new reminders append: fill pages fully.
	storage.Bucket(tx, Bucket).FillPercent = 0.9
	who := storage.Bucket(tx, WhoBucket)
	for _, k := range whoKeys(r) {
		if err := who.Put([]byte(k), []byte("1")); err != nil {
			return err
		}
	}
	return save(tx, nil, r)
}

// drop deletes r and every index entry.
func drop(tx *storage.Tx, r *Reminder) error {
	if err := unindex(tx, r); err != nil {
		return err
	}
	who := storage.Bucket(tx, WhoBucket)
	for _, k := range whoKeys(r) {
		if err := who.Delete([]byte(k)); err != nil {
			return err
		}
	}
	return storage.Delete(tx, Bucket, idKey(r.ID))
}

// idsWith returns the ids in the who index under prefix ("by:ID").
func idsWith(tx *storage.Tx, who string) []uint64 {
	var out []uint64
	c := storage.Bucket(tx, WhoBucket).Cursor()
	p := []byte(who + "|")
	for k, _ := c.Seek(p); k != nil && strings.HasPrefix(string(k), string(p)); k, _ = c.Next() {
		if id, err := strconv.ParseUint(string(k[len(p):]), 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}
