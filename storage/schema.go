package storage

import (
	"fmt"
	"sort"
	"strconv"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the version of the layout this build writes. A database
// with a higher version was written by a newer partnerbot and is refused.
const SchemaVersion = 1

// A Migration moves the database from Version-1 to Version.
type Migration struct {
	Version int
	Name    string
	Apply   func(tx *Tx) error
}

var (
	regMu      sync.Mutex
	buckets    = map[string]bool{MetaBucket: true}
	migrations []Migration
)

// Declare registers bucket names a capability uses; Open creates them.
// Call it from a package's init.
func Declare(names ...string) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, n := range names {
		buckets[n] = true
	}
}

// Declared returns every declared bucket name, sorted.
func Declared() []string {
	regMu.Lock()
	defer regMu.Unlock()
	out := make([]string, 0, len(buckets))
	for n := range buckets {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// RegisterMigration adds a migration. Versions must be unique and no higher
// than SchemaVersion.
func RegisterMigration(m Migration) {
	regMu.Lock()
	defer regMu.Unlock()
	migrations = append(migrations, m)
	sort.Slice(migrations, func(i, j int) bool { return migrations[i].Version < migrations[j].Version })
}

// Version returns the schema version stored in the database (0 for a new one).
func (db *DB) Version() (int, error) {
	v := 0
	err := db.View(func(tx *bolt.Tx) error {
		var err error
		v, err = readVersion(tx)
		return err
	})
	return v, err
}

func readVersion(tx *bolt.Tx) (int, error) {
	b := tx.Bucket([]byte(MetaBucket))
	if b == nil {
		return 0, nil
	}
	raw := b.Get([]byte("schema_version"))
	if raw == nil {
		return 0, nil
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil {
		return 0, fmt.Errorf("the stored schema version %q is not a number", raw)
	}
	return v, nil
}

func (db *DB) checkVersion() error {
	v, err := db.Version()
	if err != nil {
		return err
	}
	other := false
	_ = db.View(func(tx *bolt.Tx) error {
		other = tx.Bucket([]byte(MetaBucket)) == nil && hasBuckets(tx)
		return nil
	})
	if other {
		return fmt.Errorf("%s is not a partnerbot database: it is a bbolt file of another program (no %q bucket)", db.path, MetaBucket)
	}
	if v > SchemaVersion {
		return fmt.Errorf("%s has schema version %d, newer than this partnerbot knows (%d): upgrade partnerbot", db.path, v, SchemaVersion)
	}
	return nil
}

// migrate creates declared buckets and runs migrations above the stored
// version, all in one transaction with the version bump: either every
// pending migration lands or none does. A brand-new file has nothing to
// migrate and is stamped with SchemaVersion.
func (db *DB) migrate() error {
	return db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte(MetaBucket)) == nil && hasBuckets(tx) {
			return fmt.Errorf("%s is not a partnerbot database: it is a bbolt file of another program (no %q bucket)", db.path, MetaBucket)
		}
		fresh := tx.Bucket([]byte(MetaBucket)) == nil
		v, err := readVersion(tx)
		if err != nil {
			return err
		}
		if fresh {
			v = SchemaVersion
		}
		if v > SchemaVersion {
			return fmt.Errorf("%s has schema version %d, newer than this partnerbot knows (%d): upgrade partnerbot", db.path, v, SchemaVersion)
		}
		for _, n := range Declared() {
			if _, err := tx.CreateBucketIfNotExists([]byte(n)); err != nil {
				return fmt.Errorf("creating bucket %s: %w", n, err)
			}
		}
		regMu.Lock()
		ms := append([]Migration(nil), migrations...)
		regMu.Unlock()
		for _, m := range ms {
			if m.Version <= v || m.Version > SchemaVersion {
				continue
			}
			if err := m.Apply(tx); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
			}
			v = m.Version
		}
		if v < SchemaVersion {
			v = SchemaVersion
		}
		return tx.Bucket([]byte(MetaBucket)).Put([]byte("schema_version"), []byte(strconv.Itoa(v)))
	})
}

// IsNew reports whether the database has never been seeded (no "seeded" mark).
func (db *DB) IsNew() bool {
	seeded := false
	_ = db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte(MetaBucket)); b != nil {
			seeded = b.Get([]byte("seeded")) != nil
		}
		return nil
	})
	return !seeded
}

// MarkSeeded records that demo data was loaded.
func (db *DB) MarkSeeded() error {
	return db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(MetaBucket)).Put([]byte("seeded"), []byte("1"))
	})
}

// hasBuckets reports whether the file holds any top-level bucket.
func hasBuckets(tx *bolt.Tx) bool {
	k, _ := tx.Cursor().First()
	return k != nil
}
