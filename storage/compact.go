package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CompactFile rewrites the database at path into a fresh file and puts it
// in place. bbolt never wipes the pages it frees, so deleted values (a
// forgotten person's data) stay in the file until it is rewritten; this is
// how `privacy forget` makes the removal real. The database must not be
// open anywhere.
func CompactFile(path string) error {
	src, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 200 * time.Millisecond, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("opening %s to compact it: %w", path, err)
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".compact")
	_ = os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		src.Close()
		return err
	}
	err = bolt.Compact(dst, src, 64<<20)
	src.Close()
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("compacting %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
