// Package storage keeps partnerbot's state in one bbolt file. Each capability
// owns its buckets through a small typed store built on the helpers here;
// values are JSON. A schema version is stored and migrations run at open.
package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Tx is a bbolt transaction.
type Tx = bolt.Tx

// MetaBucket holds the schema version and other facts about the file.
const MetaBucket = "meta"

// ErrInUse is returned when another process holds the database.
var ErrInUse = errors.New("database is in use by another partnerbot")

// DB is the partnerbot database.
type DB struct {
	*bolt.DB
	path string
}

// Options tune Open.
type Options struct {
	// LockTimeout is how long to wait for another process to let go of the
	// file; the default is 200ms, so a second partnerbot fails at once.
	LockTimeout time.Duration
	// ReadOnly opens without taking the write lock.
	ReadOnly bool
	// NoSync skips fsync (benchmarks of the code path only; never in use).
	NoSync bool
}

// Open opens (creating if need be) the database at path, creates the
// buckets every capability declared, and runs pending migrations.
func Open(path string, opt Options) (*DB, error) {
	if opt.LockTimeout == 0 {
		opt.LockTimeout = 200 * time.Millisecond
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("creating the database folder: %w", err)
		}
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opt.LockTimeout, ReadOnly: opt.ReadOnly, NoSync: opt.NoSync})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			pid := "unknown"
			if b, rerr := os.ReadFile(pidPath(path)); rerr == nil {
				pid = strings.TrimSpace(string(b))
			}
			return nil, fmt.Errorf("%w (pid %s): %s", ErrInUse, pid, path)
		}
		if errors.Is(err, bolterrors.ErrInvalid) || errors.Is(err, bolterrors.ErrVersionMismatch) || errors.Is(err, bolterrors.ErrChecksum) {
			return nil, fmt.Errorf("%s is not a partnerbot database: %w", path, err)
		}
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	// Writes that arrive together share one commit and one fsync (DB.Batch).
	// bbolt waits up to 10 ms to gather them; a vote is answered only after
	// its commit, so that wait is the floor of its latency when traffic is
	// light. 3 ms still lets a burst share fsyncs (an fsync costs about 1 ms).
	bdb.MaxBatchDelay = 3 * time.Millisecond
	db := &DB{DB: bdb, path: path}
	if !opt.ReadOnly {
		_ = os.WriteFile(pidPath(path), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600)
		if err := db.migrate(); err != nil {
			_ = os.Remove(pidPath(path))
			bdb.Close()
			return nil, err
		}
	} else if err := db.checkVersion(); err != nil {
		bdb.Close()
		return nil, err
	}
	return db, nil
}

func pidPath(path string) string { return path + ".pid" }

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Close closes the database and removes the pid file.
func (db *DB) Close() error {
	if !db.IsReadOnly() {
		_ = os.Remove(pidPath(db.path))
	}
	return db.DB.Close()
}

// WriteBackup writes a consistent copy of the database to w.
func (db *DB) WriteBackup(w io.Writer) (int64, error) {
	var n int64
	err := db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// Bucket returns the named top-level bucket; it panics if the bucket was
// never declared, which is a programming error.
func Bucket(tx *Tx, name string) *bolt.Bucket {
	b := tx.Bucket([]byte(name))
	if b == nil {
		if tx.Writable() {
			nb, err := tx.CreateBucketIfNotExists([]byte(name))
			if err == nil {
				return nb
			}
		}
		panic("storage: bucket " + name + " was not declared with storage.Declare")
	}
	return b
}

// Get reads the JSON value at key into v. It reports whether the key exists.
func Get(tx *Tx, bucket, key string, v any) (bool, error) {
	b := tx.Bucket([]byte(bucket))
	if b == nil {
		return false, nil
	}
	data := b.Get([]byte(key))
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return true, fmt.Errorf("decoding %s/%s: %w", bucket, key, err)
	}
	return true, nil
}

// Put writes v as JSON at key.
func Put(tx *Tx, bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding %s/%s: %w", bucket, key, err)
	}
	return Bucket(tx, bucket).Put([]byte(key), data)
}

// Delete removes key.
func Delete(tx *Tx, bucket, key string) error {
	return Bucket(tx, bucket).Delete([]byte(key))
}

// NextID returns the bucket's next sequence number (1, 2, 3, …).
func NextID(tx *Tx, bucket string) (uint64, error) {
	return Bucket(tx, bucket).NextSequence()
}

// Each calls fn for every key with the given prefix, decoding into a fresh
// value made by newV. Returning ErrStop ends the walk early without error.
func Each[T any](tx *Tx, bucket, prefix string, fn func(key string, v *T) error) error {
	b := tx.Bucket([]byte(bucket))
	if b == nil {
		return nil
	}
	c := b.Cursor()
	p := []byte(prefix)
	for k, data := c.Seek(p); k != nil && strings.HasPrefix(string(k), prefix); k, data = c.Next() {
		if data == nil {
			continue // nested bucket
		}
		v := new(T)
		if err := json.Unmarshal(data, v); err != nil {
			return fmt.Errorf("decoding %s/%s: %w", bucket, k, err)
		}
		if err := fn(string(k), v); err != nil {
			if errors.Is(err, ErrStop) {
				return nil
			}
			return err
		}
	}
	return nil
}

// ErrStop ends an Each walk early.
var ErrStop = errors.New("stop")

// Key builds a sortable key from parts joined by "/": whole numbers are
// zero-padded to 20 digits so that they sort in order (negative numbers do
// not sort; ids never are), times are UTC to the nanosecond, anything else
// is printed as is.
func Key(parts ...any) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		switch v := p.(type) {
		case uint64, uint32, uint16, uint8, uint, int, int64, int32, int16, int8:
			s[i] = fmt.Sprintf("%020d", v)
		case time.Time:
			s[i] = v.UTC().Format("20060102T150405.000000000Z")
		default:
			s[i] = fmt.Sprint(v)
		}
	}
	return strings.Join(s, "/")
}
