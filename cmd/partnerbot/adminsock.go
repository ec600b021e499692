package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// The admin socket sits next to the database (PATH.sock), owner-only. A
// running server answers "backup" on it with a consistent snapshot, so
// `partnerbot backup` works while bbolt's lock keeps a second process out.

func adminSocketPath(dbPath string) string { return dbPath + ".sock" }

// listenAdmin serves the admin socket for db.
func listenAdmin(db *storage.DB, log *slog.Logger) (net.Listener, error) {
	path := adminSocketPath(db.Path())
	_ = os.Remove(path) // a stale socket from a crash
	old := umask(0o177)
	ln, err := net.Listen("unix", path)
	umask(old)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serveAdmin(conn, db, log)
		}
	}()
	return &removingListener{Listener: ln, path: path}, nil
}

type removingListener struct {
	net.Listener
	path string
}

func (l *removingListener) Close() error {
	err := l.Listener.Close()
	os.Remove(l.path)
	return err
}

func serveAdmin(conn net.Conn, db *storage.DB, log *slog.Logger) {
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return
	}
	_ = conn.SetReadDeadline(time.Time{})
	switch strings.TrimSpace(line) {
	case "backup":
		io.WriteString(conn, "OK\n")
		if _, err := db.WriteBackup(conn); err != nil {
			log.Error("admin backup failed", "err", err)
		}
	default:
		io.WriteString(conn, "ERR unknown request\n")
	}
}

// backupViaServer asks a running server for a snapshot over its admin socket.
func backupViaServer(dbPath, out string) (int64, error) {
	conn, err := net.DialTimeout("unix", adminSocketPath(dbPath), 5*time.Second)
	if err != nil {
		return 0, fmt.Errorf("the database is in use by a running partnerbot, and its admin socket %s did not answer: %v", adminSocketPath(dbPath), err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "backup\n"); err != nil {
		return 0, err
	}
	r := bufio.NewReader(conn)
	status, err := r.ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("the running partnerbot did not answer the backup request: %v", err)
	}
	if strings.TrimSpace(status) != "OK" {
		return 0, fmt.Errorf("the running partnerbot refused the backup: %s", strings.TrimSpace(status))
	}
	var n int64
	err = writeFileAtomic(out, func(w io.Writer) error {
		var err error
		n, err = io.Copy(w, r)
		return err
	})
	if err != nil {
		return 0, err
	}
	// Check the copy opens as a database.
	check, err := storage.Open(out, storage.Options{ReadOnly: true})
	if err != nil {
		os.Remove(out)
		return 0, fmt.Errorf("the snapshot from the running server is not a valid database: %v", err)
	}
	check.Close()
	return n, nil
}

// startBackups runs scheduled backups with retention, if configured.
func startBackups(ctx context.Context, cfg *bot.Config, db *storage.DB, log *slog.Logger) {
	if cfg.Backup.Dir == "" || cfg.Backup.Every == "" {
		return
	}
	every, err := time.ParseDuration(cfg.Backup.Every)
	if err != nil || every <= 0 {
		return
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := scheduledBackup(cfg.Backup.Dir, cfg.Backup.Keep, db, time.Now().UTC()); err != nil {
					log.Error("scheduled backup failed", "err", err)
				}
			}
		}
	}()
}

// scheduledBackup writes one backup into dir and keeps the newest keep.
func scheduledBackup(dir string, keep int, db *storage.DB, now time.Time) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	name := filepath.Join(dir, "partnerbot-"+now.Format("20060102T150405Z")+".db")
	if err := writeFileAtomic(name, func(w io.Writer) error { _, err := db.WriteBackup(w); return err }); err != nil {
		return err
	}
	matches, err := filepath.Glob(filepath.Join(dir, "partnerbot-*.db"))
	if err != nil {
		return err
	}
	sort.Strings(matches)
	var errs []error
	for keep > 0 && len(matches) > keep {
		errs = append(errs, os.Remove(matches[0]))
		matches = matches[1:]
	}
	return errors.Join(errs...)
}
