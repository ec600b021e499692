package storage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

const testBucket = "storage_test_items"

func init() { Declare(testBucket) }

type item struct {
	Name string `json:"name"`
	N    int    `json:"n"`
}

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "dir", "test.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func TestOpenCreates(t *testing.T) {
	db, path := openTemp(t)
	if db.Path() != path {
		t.Errorf("Path = %q, want %q", db.Path(), path)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the database file was not made: %v", err)
	}
	pid, err := os.ReadFile(path + ".pid")
	if err != nil || strings.TrimSpace(string(pid)) != strconv.Itoa(os.Getpid()) {
		t.Errorf("pid file = %q, %v; want our pid", pid, err)
	}
	v, err := db.Version()
	if err != nil || v != SchemaVersion {
		t.Errorf("Version = %d, %v; want %d", v, err, SchemaVersion)
	}
	err = db.View(func(tx *Tx) error {
		for _, n := range Declared() {
			if tx.Bucket([]byte(n)) == nil {
				t.Errorf("declared bucket %s was not created", n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !db.IsNew() {
		t.Error("a new database should be new")
	}
	if err := db.MarkSeeded(); err != nil {
		t.Fatal(err)
	}
	if db.IsNew() {
		t.Error("a seeded database should not be new")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".pid"); !os.IsNotExist(err) {
		t.Errorf("Close should remove the pid file: %v", err)
	}
}

func TestDeclared(t *testing.T) {
	got := Declared()
	if !sort.StringsAreSorted(got) {
		t.Errorf("Declared() not sorted: %q", got)
	}
	for _, want := range []string{MetaBucket, testBucket} {
		found := false
		for _, n := range got {
			found = found || n == want
		}
		if !found {
			t.Errorf("Declared() lacks %s: %q", want, got)
		}
	}
}

func TestPutGetDeleteNextID(t *testing.T) {
	db, _ := openTemp(t)
	err := db.Update(func(tx *Tx) error {
		for i := 1; i <= 3; i++ {
			id, err := NextID(tx, testBucket)
			if err != nil {
				return err
			}
			if id != uint64(i) {
				t.Errorf("NextID = %d, want %d", id, i)
			}
			if err := Put(tx, testBucket, Key(id), item{Name: "item" + strconv.Itoa(i), N: i}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *Tx) error {
		var it item
		ok, err := Get(tx, testBucket, Key(2), &it)
		if err != nil || !ok || it != (item{"item2", 2}) {
			t.Errorf("Get 2 = %v %v %+v", ok, err, it)
		}
		ok, err = Get(tx, testBucket, Key(9), &it)
		if err != nil || ok {
			t.Errorf("Get of a missing key = %v %v", ok, err)
		}
		ok, err = Get(tx, "no-such-bucket", "x", &it)
		if err != nil || ok {
			t.Errorf("Get in a missing bucket = %v %v", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *Tx) error { return Delete(tx, testBucket, Key(2)) }); err != nil {
		t.Fatal(err)
	}
	_ = db.View(func(tx *Tx) error {
		var it item
		if ok, _ := Get(tx, testBucket, Key(2), &it); ok {
			t.Error("Delete did not delete")
		}
		return nil
	})
	// A value that isn't JSON of the right shape is an error naming the key.
	_ = db.Update(func(tx *Tx) error { return Bucket(tx, testBucket).Put([]byte("bad"), []byte("{not json")) })
	_ = db.View(func(tx *Tx) error {
		var it item
		ok, err := Get(tx, testBucket, "bad", &it)
		if !ok || err == nil || !strings.Contains(err.Error(), testBucket+"/bad") {
			t.Errorf("Get of bad JSON = %v, %v", ok, err)
		}
		return nil
	})
	// A value that can't be encoded is an error, and nothing is written.
	err = db.Update(func(tx *Tx) error { return Put(tx, testBucket, "chan", make(chan int)) })
	if err == nil || !strings.Contains(err.Error(), "encoding "+testBucket+"/chan") {
		t.Errorf("Put of a channel = %v", err)
	}
}

func TestBucketUndeclared(t *testing.T) {
	db, _ := openTemp(t)
	// In a write transaction an undeclared bucket is made on demand.
	if err := db.Update(func(tx *Tx) error { return Put(tx, "made_on_demand", "k", 1) }); err != nil {
		t.Fatal(err)
	}
	// In a read transaction a bucket that doesn't exist is a programming error.
	defer func() {
		if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "never_declared") {
			t.Errorf("recover() = %v, want a panic naming the bucket", p)
		}
	}()
	_ = db.View(func(tx *Tx) error { Bucket(tx, "never_declared"); return nil })
}

func TestEach(t *testing.T) {
	db, _ := openTemp(t)
	keys := []string{"a/1", "a/2", "a/3", "ab/1", "b/1"}
	err := db.Update(func(tx *Tx) error {
		for i, k := range keys {
			if err := Put(tx, testBucket, k, item{Name: k, N: i}); err != nil {
				return err
			}
		}
		_, err := Bucket(tx, testBucket).CreateBucket([]byte("a/nested"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	walk := func(prefix string, stopAfter int, fail error) ([]string, error) {
		var got []string
		err := db.View(func(tx *Tx) error {
			return Each(tx, testBucket, prefix, func(k string, v *item) error {
				if v.Name != k {
					t.Errorf("value for %s is %+v", k, v)
				}
				got = append(got, k)
				if fail != nil {
					return fail
				}
				if stopAfter > 0 && len(got) == stopAfter {
					return ErrStop
				}
				return nil
			})
		})
		return got, err
	}
	tests := []struct {
		name   string
		prefix string
		stop   int
		fail   error
		want   []string
		err    error
	}{
		{name: "all", prefix: "", want: keys},
		{name: "prefix skips nested bucket", prefix: "a/", want: []string{"a/1", "a/2", "a/3"}},
		{name: "prefix a", prefix: "a", want: []string{"a/1", "a/2", "a/3", "ab/1"}},
		{name: "no match", prefix: "c", want: nil},
		{name: "ErrStop ends early without error", prefix: "a/", stop: 2, want: []string{"a/1", "a/2"}},
		{name: "other errors end the walk and are returned", prefix: "", fail: errBoom, want: []string{"a/1"}, err: errBoom},
		{name: "wrapped ErrStop", prefix: "", fail: fmt.Errorf("enough: %w", ErrStop), want: []string{"a/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := walk(tt.prefix, tt.stop, tt.fail)
			if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Errorf("err = %v, want %v", err, tt.err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("keys = %q, want %q", got, tt.want)
			}
		})
	}
	// A missing bucket walks nothing.
	_ = db.View(func(tx *Tx) error {
		return Each(tx, "no-such-bucket", "", func(string, *item) error { t.Error("called"); return nil })
	})
}

var errBoom = errors.New("boom")

func TestKeySorts(t *testing.T) {
	lon, _ := time.LoadLocation("Europe/London")
	tests := []struct {
		name  string
		parts [][]any // in the order they must sort
	}{
		{"ints", [][]any{{1}, {2}, {10}, {100}, {1 << 40}}},
		{"uint64", [][]any{{uint64(9)}, {uint64(10)}, {uint64(1) << 63}}},
		{"int64 and smaller ints", [][]any{{int32(7)}, {int64(8)}, {uint32(9)}, {uint(10)}, {int8(11)}}},
		{"times", [][]any{
			{time.Date(2026, 3, 29, 0, 59, 59, 0, time.UTC)},
			{time.Date(2026, 3, 29, 2, 0, 0, 0, lon)}, // 01:00 UTC, just after the BST change
			{time.Date(2026, 3, 29, 1, 0, 0, 1, time.UTC)},
			{time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)},
			{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
		}},
		{"time then id", [][]any{
			{time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), 10},
			{time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), 11},
			{time.Date(2026, 12, 1, 10, 0, 1, 0, time.UTC), 2},
		}},
		{"word then number", [][]any{{"poll", 2}, {"poll", 10}, {"pollx", 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var keys []string
			for _, p := range tt.parts {
				keys = append(keys, Key(p...))
			}
			if !sort.StringsAreSorted(keys) {
				t.Errorf("keys do not sort in order: %q", keys)
			}
			for i := 1; i < len(keys); i++ {
				if keys[i] == keys[i-1] {
					t.Errorf("keys %d and %d are equal: %q", i-1, i, keys[i])
				}
			}
		})
	}
	if got := Key("poll", uint64(3)); got != "poll/00000000000000000003" {
		t.Errorf("Key(poll, 3) = %q", got)
	}
	if got := Key(time.Date(2026, 6, 1, 10, 0, 0, 0, lon)); got != "20260601T090000.000000000Z" {
		t.Errorf("Key(10:00 BST) = %q, want UTC", got)
	}
}

func TestReopenKeepsData(t *testing.T) {
	db, path := openTemp(t)
	if err := db.Update(func(tx *Tx) error { return Put(tx, testBucket, "k", item{"kept", 7}) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var it item
	_ = db2.View(func(tx *Tx) error { _, err = Get(tx, testBucket, "k", &it); return err })
	if err != nil || it != (item{"kept", 7}) {
		t.Errorf("after reopen: %+v, %v", it, err)
	}
	if v, _ := db2.Version(); v != SchemaVersion {
		t.Errorf("version after reopen = %d", v)
	}
}

func TestReadOnly(t *testing.T) {
	db, path := openTemp(t)
	_ = db.Update(func(tx *Tx) error { return Put(tx, testBucket, "k", item{"ro", 1}) })
	db.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.IsReadOnly() {
		t.Error("not read-only")
	}
	if err := ro.Update(func(tx *Tx) error { return nil }); err == nil {
		t.Error("a write on a read-only database succeeded")
	}
	var it item
	_ = ro.View(func(tx *Tx) error { _, err = Get(tx, testBucket, "k", &it); return err })
	if it.Name != "ro" {
		t.Errorf("read-only read = %+v, %v", it, err)
	}
}

// setVersion writes a schema version with raw bolt, as an older or newer
// partnerbot would have.
func setVersion(t *testing.T, path string, v int, extra func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Update(func(tx *bolt.Tx) error {
		m, err := tx.CreateBucketIfNotExists([]byte(MetaBucket))
		if err != nil {
			return err
		}
		if err := m.Put([]byte("schema_version"), []byte(strconv.Itoa(v))); err != nil {
			return err
		}
		if extra != nil {
			return extra(tx)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// migrationMarker is a bucket only TestMigrationRunsOnce's database has, so
// the test's migration (registered globally) does nothing to any other
// database opened by this package's tests.
const migrationMarker = "storage_test_migration_marker"

var (
	migMu    sync.Mutex
	migRuns  int
	migOnce  sync.Once
	migError error
)

func registerTestMigration() {
	migOnce.Do(func() {
		RegisterMigration(Migration{Version: SchemaVersion, Name: "test: count runs", Apply: func(tx *Tx) error {
			b := tx.Bucket([]byte(migrationMarker))
			if b == nil {
				return nil
			}
			migMu.Lock()
			defer migMu.Unlock()
			if migError != nil {
				return migError
			}
			migRuns++
			return b.Put([]byte("migrated"), []byte(strconv.Itoa(migRuns)))
		}})
	})
}

func TestMigrationRunsOnce(t *testing.T) {
	registerTestMigration()
	migMu.Lock()
	migRuns = 0 // for -count=N
	migMu.Unlock()
	db, path := openTemp(t)
	db.Close()
	// Pretend an older partnerbot wrote this file: version 0, with the marker.
	setVersion(t, path, 0, func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists([]byte(migrationMarker))
		return err
	})
	// A migration that fails leaves the file as it was.
	migMu.Lock()
	migError = errBoom
	migMu.Unlock()
	if _, err := Open(path, Options{}); !errors.Is(err, errBoom) || !strings.Contains(err.Error(), "migration 1 (test: count runs)") {
		t.Fatalf("a failing migration: err = %v", err)
	}
	migMu.Lock()
	migError = nil
	migMu.Unlock()

	for i := 0; i < 3; i++ {
		db, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		v, _ := db.Version()
		var mark string
		_ = db.View(func(tx *Tx) error {
			mark = string(tx.Bucket([]byte(migrationMarker)).Get([]byte("migrated")))
			return nil
		})
		db.Close()
		migMu.Lock()
		runs := migRuns
		migMu.Unlock()
		if runs != 1 || mark != "1" || v != SchemaVersion {
			t.Fatalf("open %d: migration ran %d times (mark %q), version %d; want once, version %d", i+1, runs, mark, v, SchemaVersion)
		}
	}
}

func TestFreshDatabaseIsStampedNotMigrated(t *testing.T) {
	registerTestMigration()
	path := filepath.Join(t.TempDir(), "fresh.db")
	// An empty bbolt file (no buckets at all) is a new database: it is
	// stamped with SchemaVersion and its migrations are skipped.
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _ := db.Version(); v != SchemaVersion {
		t.Errorf("fresh version = %d", v)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	db, path := openTemp(t)
	db.Close()
	setVersion(t, path, SchemaVersion+1, nil)
	for _, ro := range []bool{false, true} {
		_, err := Open(path, Options{ReadOnly: ro})
		want := fmt.Sprintf("has schema version %d, newer than this partnerbot knows (%d): upgrade partnerbot", SchemaVersion+1, SchemaVersion)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("read-only %v: err = %v, want %q", ro, err, want)
		}
	}
	// The refusal leaves the version alone.
	setVersion(t, path, SchemaVersion+1, nil)
	setVersion(t, path, SchemaVersion+1, func(tx *bolt.Tx) error {
		if got := string(tx.Bucket([]byte(MetaBucket)).Get([]byte("schema_version"))); got != strconv.Itoa(SchemaVersion+1) {
			t.Errorf("stored version changed to %s", got)
		}
		return nil
	})
	setVersion(t, path, 0, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(MetaBucket)).Put([]byte("schema_version"), []byte("one"))
	})
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), `stored schema version "one" is not a number`) {
		t.Errorf("a garbled version: err = %v", err)
	}
}

const childEnv = "PARTNERBOT_STORAGE_TEST_CHILD"

// TestSecondOpenFailsFast: a second Open of a held file fails in well under
// a second with ErrInUse and the holder's pid, in this process (bbolt's
// flock is per open file, so a second *DB conflicts) and in another one.
func TestSecondOpenFailsFast(t *testing.T) {
	if path := os.Getenv(childEnv); path != "" {
		_, err := Open(path, Options{})
		if err == nil {
			fmt.Println("CHILD: opened")
			os.Exit(0)
		}
		fmt.Println("CHILD:", err)
		os.Exit(3)
	}
	db, path := openTemp(t)
	pid := strconv.Itoa(os.Getpid())
	for _, ro := range []bool{false, true} {
		start := time.Now()
		db2, err := Open(path, Options{ReadOnly: ro})
		took := time.Since(start)
		if err == nil {
			db2.Close()
			t.Fatalf("read-only %v: a second open of a held database succeeded", ro)
		}
		if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "(pid "+pid+")") || !strings.Contains(err.Error(), path) {
			t.Errorf("read-only %v: err = %v; want ErrInUse naming pid %s and the file", ro, err, pid)
		}
		if took > 5*time.Second { // the timeout is 200ms; this only catches a hang
			t.Errorf("read-only %v: the second open took %v", ro, took)
		}
	}

	// The same from another process.
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	out, _ := runChild(t, exe, path)
	if !strings.Contains(out, "CHILD: database is in use by another partnerbot (pid "+pid+")") {
		t.Errorf("child process: %q", out)
	}
	// Once the first lets go, the file opens.
	db.Close()
	db3, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	db3.Close()
}

func TestNotADatabase(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		make func(path string) error
	}{
		{"text", func(p string) error {
			return os.WriteFile(p, []byte("organisation,service\nThe Food Bank,parcels\n"), 0o600)
		}},
		{"larger text", func(p string) error {
			return os.WriteFile(p, bytes.Repeat([]byte("not a database at all\n"), 2000), 0o600)
		}},
		{"another program's bbolt file", func(p string) error {
			b, err := bolt.Open(p, 0o600, nil)
			if err != nil {
				return err
			}
			defer b.Close()
			return b.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strconv.Itoa(i)+".db")
			if err := tt.make(path); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(path)
			for _, ro := range []bool{false, true} {
				db, err := Open(path, Options{ReadOnly: ro})
				if err == nil {
					db.Close()
					t.Fatalf("read-only %v: opened a file that is not a partnerbot database", ro)
				}
				if !strings.Contains(err.Error(), "is not a partnerbot database") || !strings.Contains(err.Error(), path) {
					t.Errorf("read-only %v: err = %v", ro, err)
				}
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Error("a refused file was changed")
			}
			if _, err := os.Stat(path + ".pid"); !os.IsNotExist(err) {
				t.Errorf("a refused file left a pid file behind: %v", err)
			}
		})
	}
}

func TestWriteBackup(t *testing.T) {
	db, _ := openTemp(t)
	_ = db.Update(func(tx *Tx) error {
		for i := range 100 {
			if err := Put(tx, testBucket, Key(i), item{Name: "n", N: i}); err != nil {
				return err
			}
		}
		return nil
	})
	var buf bytes.Buffer
	n, err := db.WriteBackup(&buf)
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Fatalf("WriteBackup = %d, %v (buffer %d)", n, err, buf.Len())
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	// The copy opens while the original is still open, with the same data.
	cp, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	count := 0
	_ = cp.View(func(tx *Tx) error {
		return Each(tx, testBucket, "", func(k string, v *item) error {
			if k != Key(v.N) {
				t.Errorf("backup key %s holds %+v", k, v)
			}
			count++
			return nil
		})
	})
	if count != 100 {
		t.Errorf("backup holds %d items, want 100", count)
	}
	if v, _ := cp.Version(); v != SchemaVersion {
		t.Errorf("backup version %d", v)
	}
}

func TestConcurrentBatch(t *testing.T) {
	db, _ := openTemp(t)
	const writers, each = 50, 20
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				errs <- db.Batch(func(tx *Tx) error {
					// Batch may run fn more than once: only assign.
					return Put(tx, testBucket, Key(w, i), item{Name: "vote", N: w*each + i})
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	seen := map[int]bool{}
	_ = db.View(func(tx *Tx) error {
		return Each(tx, testBucket, "", func(k string, v *item) error { seen[v.N] = true; return nil })
	})
	if len(seen) != writers*each {
		t.Errorf("%d of %d batched writes landed", len(seen), writers*each)
	}
}

// runChild re-runs this test binary as a child that tries to open path.
func runChild(t *testing.T, exe, path string) (string, error) {
	t.Helper()
	cmd := exec.Command(exe, "-test.run=^TestSecondOpenFailsFast$")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
