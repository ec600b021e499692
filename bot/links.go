package bot

import (
	"crypto/rand"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"time"

	"partnerbot/storage"
)

// Buckets of identity links: LinksBucket maps a user id to the person it
// belongs to; LinkCodesBucket holds one-time codes (code → user, expiry).
const (
	LinksBucket     = "links"
	LinkCodesBucket = "link_codes"
)

func init() { storage.Declare(LinksBucket, LinkCodesBucket) }

// LinkCodeTTL is how long a `whoami link` code stays valid.
const LinkCodeTTL = 15 * time.Minute

// Links joins a person's identities across platforms, so that a person
// counts once and their organisation carries over. The person is the
// identity that asked for the code.
type Links struct {
	// Log receives failures to merge a linked account's data; nil means
	// slog.Default().
	Log *slog.Logger

	db       *storage.DB
	mu       sync.RWMutex
	cache    map[ID]ID
	rekeyers []Rekeyer
}

type linkCode struct {
	User    ID        `json:"user"`
	Expires time.Time `json:"expires"`
}

// NewLinks loads the links from db.
func NewLinks(db *storage.DB) (*Links, error) {
	l := &Links{db: db, cache: map[ID]ID{}}
	err := db.View(func(tx *storage.Tx) error {
		return storage.Bucket(tx, LinksBucket).ForEach(func(k, v []byte) error {
			l.cache[ID(k)] = ID(v)
			return nil
		})
	})
	return l, err
}

// Resolve returns the person an identity belongs to.
func (l *Links) Resolve(id ID) ID {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if p, ok := l.cache[id]; ok {
		return p
	}
	return id
}

// Identities returns every identity linked to person, person first.
func (l *Links) Identities(person ID) []ID {
	l.mu.RLock()
	defer l.mu.RUnlock()
	out := []ID{person}
	for id, p := range l.cache {
		if p == person && id != person {
			out = append(out, id)
		}
	}
	return out
}

const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewCode makes a one-time code for user, valid for LinkCodeTTL.
func (l *Links) NewCode(user ID, now time.Time) (string, error) {
	var b strings.Builder
	for i := 0; i < 8; i++ {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		if err != nil {
			return "", err
		}
		if i == 4 {
			b.WriteByte('-')
		}
		b.WriteByte(codeAlphabet[n.Int64()])
	}
	code := b.String()
	err := l.db.Update(func(tx *storage.Tx) error {
		// Drop expired codes while we are here.
		c := storage.Bucket(tx, LinkCodesBucket).Cursor()
		var stale [][]byte
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			var lc linkCode
			if ok, _ := storage.Get(tx, LinkCodesBucket, string(k), &lc); ok && now.After(lc.Expires) {
				stale = append(stale, append([]byte(nil), k...))
			}
		}
		for _, k := range stale {
			_ = storage.Bucket(tx, LinkCodesBucket).Delete(k)
		}
		return storage.Put(tx, LinkCodesBucket, code, linkCode{User: l.Resolve(user), Expires: now.Add(LinkCodeTTL)})
	})
	return code, err
}

// Redeem links user to the person who made code. It returns that person.
// Once the link is committed, every registered Rekeyer merges what user
// (and any account that was following user) holds into the person, so the
// person counts once.
func (l *Links) Redeem(user ID, code string, now time.Time) (ID, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) == 8 && !strings.Contains(code, "-") {
		code = code[:4] + "-" + code[4:]
	}
	var (
		person ID
		froms  []ID // user and the accounts following it
	)
	err := l.db.Update(func(tx *storage.Tx) error {
		froms = nil
		var lc linkCode
		ok, err := storage.Get(tx, LinkCodesBucket, code, &lc)
		if err != nil {
			return err
		}
		if !ok {
			return Refuse("whoami link ABCD-EFGH", "I don't know the code %q. Codes are made with `whoami link` on your other account and last %d minutes.", code, int(LinkCodeTTL.Minutes()))
		}
		if now.After(lc.Expires) {
			_ = storage.Delete(tx, LinkCodesBucket, code)
			return Errorf("That code ran out at %s. Make a new one with `whoami link` on your other account.", lc.Expires.Format("15:04 MST"))
		}
		if lc.User == user || l.Resolve(user) == lc.User {
			return Errorf("That code was made by this same account — use it on your *other* platform.")
		}
		if lc.User.Platform() == user.Platform() && lc.User.Team() == user.Team() {
			return Errorf("Both accounts are on the same %s workspace; links join accounts on different platforms.", user.Platform())
		}
		person = lc.User
		if err := storage.Delete(tx, LinkCodesBucket, code); err != nil {
			return err
		}
		b := storage.Bucket(tx, LinksBucket)
		// Anyone already linked to user now follows the new person too.
		var follow [][]byte
		_ = b.ForEach(func(k, v []byte) error {
			if ID(v) == user {
				follow = append(follow, append([]byte(nil), k...))
			}
			return nil
		})
		froms = append(froms, user)
		for _, k := range follow {
			if err := b.Put(k, []byte(person)); err != nil {
				return err
			}
			froms = append(froms, ID(k))
		}
		return b.Put([]byte(user), []byte(person))
	})
	if err != nil {
		return "", err
	}
	l.mu.Lock()
	for k, v := range l.cache {
		if v == user {
			l.cache[k] = person
		}
	}
	l.cache[user] = person
	l.mu.Unlock()
	l.rekey(froms, person, now)
	return person, nil
}

// Unlink separates user from whoever it was linked to.
func (l *Links) Unlink(user ID) error {
	l.mu.RLock()
	_, linked := l.cache[user]
	l.mu.RUnlock()
	if !linked {
		return Errorf("This account isn't linked to another one.")
	}
	err := l.db.Update(func(tx *storage.Tx) error {
		return storage.Bucket(tx, LinksBucket).Delete([]byte(user))
	})
	if err == nil {
		l.mu.Lock()
		delete(l.cache, user)
		l.mu.Unlock()
	}
	return err
}

// String is for logs.
func (l *Links) String() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return fmt.Sprintf("%d linked identities", len(l.cache))
}
