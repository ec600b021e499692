package bot

import (
	"sync"

	"partnerbot/storage"
)

// PeopleBucket maps a user id to the display name last seen for it.
const PeopleBucket = "people"

func init() { storage.Declare(PeopleBucket) }

// People remembers display names, so results can name voters by name and
// platform.
type People struct {
	db    *storage.DB
	mu    sync.RWMutex
	names map[ID]string
}

// NewPeople returns the people store on db.
func NewPeople(db *storage.DB) *People {
	return &People{db: db, names: map[ID]string{}}
}

// Remember stores a display name if it changed.
func (p *People) Remember(id ID, name string) error {
	if name == "" || id == "" {
		return nil
	}
	p.mu.RLock()
	same := p.names[id] == name
	p.mu.RUnlock()
	if same {
		return nil
	}
	if p.db == nil {
		p.mu.Lock()
		p.names[id] = name
		p.mu.Unlock()
		return nil
	}
	// After a restart the cache is empty: a read is cheaper than a write.
	stored := ""
	_ = p.db.View(func(tx *storage.Tx) error {
		if b := tx.Bucket([]byte(PeopleBucket)); b != nil {
			stored = string(b.Get([]byte(id)))
		}
		return nil
	})
	if stored == name {
		p.mu.Lock()
		p.names[id] = name
		p.mu.Unlock()
		return nil
	}
	err := p.db.Batch(func(tx *storage.Tx) error {
		return storage.Bucket(tx, PeopleBucket).Put([]byte(id), []byte(name))
	})
	if err == nil {
		p.mu.Lock()
		p.names[id] = name
		p.mu.Unlock()
	}
	return err
}

// Name returns a display name for id: the remembered one, or the id's
// local part.
func (p *People) Name(id ID) string {
	p.mu.RLock()
	n, ok := p.names[id]
	p.mu.RUnlock()
	if ok {
		return n
	}
	if p.db != nil {
		_ = p.db.View(func(tx *storage.Tx) error {
			if b := tx.Bucket([]byte(PeopleBucket)); b != nil {
				if v := b.Get([]byte(id)); v != nil {
					n = string(v)
				}
			}
			return nil
		})
		if n != "" {
			p.mu.Lock()
			p.names[id] = n
			p.mu.Unlock()
		}
	}
	if n == "" {
		n = id.Local()
	}
	return n
}

// Label is the name with its platform, for results that span platforms:
// "Sam (Slack)".
func (p *People) Label(id ID) string {
	plat := id.Platform()
	switch plat {
	case "slack":
		plat = "Slack"
	case "discord":
		plat = "Discord"
	case "console":
		plat = "console"
	}
	return p.Name(id) + " (" + plat + ")"
}

// Forget removes what is held about id.
func (p *People) Forget(id ID) error {
	p.mu.Lock()
	delete(p.names, id)
	p.mu.Unlock()
	if p.db == nil {
		return nil
	}
	return p.db.Update(func(tx *storage.Tx) error {
		return storage.Bucket(tx, PeopleBucket).Delete([]byte(id))
	})
}
