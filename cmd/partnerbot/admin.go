package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"partnerbot/bot"
	"partnerbot/commands"
	"partnerbot/storage"
)

// openForAdmin opens an explicit database for a one-shot admin command.
func openForAdmin(name string, args []string, wantArgs string) (*storage.DB, *commands.App, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, nil, nil, err
	}
	if *dbPath == "" {
		p, err := defaultDBPath()
		if err != nil {
			return nil, nil, nil, usageError{name + " needs --db PATH"}
		}
		*dbPath = p
	}
	db, err := storage.Open(*dbPath, storage.Options{})
	if err != nil {
		return nil, nil, nil, err
	}
	app, err := commands.Build(bot.DefaultConfig(), db, bot.SystemClock{}, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	return db, app, rest, nil
}

func runImport(args []string, stdout io.Writer) error {
	db, app, rest, err := openForAdmin("import", args, "FILE.csv")
	if err != nil {
		return err
	}
	defer db.Close()
	if len(rest) != 1 {
		return usageError{"import needs one CSV file: partnerbot import --db PATH FILE.csv"}
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return err
	}
	defer f.Close()
	report, err := app.ImportDirectory(f)
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	fmt.Fprintln(stdout, report)
	return nil
}

func runExport(args []string, stdout io.Writer) error {
	db, app, rest, err := openForAdmin("export", args, "[FILE]")
	if err != nil {
		return err
	}
	defer db.Close()
	switch len(rest) {
	case 0:
		return app.ExportDirectory(stdout)
	case 1:
		return writeFileAtomic(rest[0], func(w io.Writer) error { return app.ExportDirectory(w) })
	default:
		return usageError{"export takes at most one file: partnerbot export --db PATH [FILE]"}
	}
}

// writeFileAtomic writes through a temporary file and renames it into place,
// so a failure never leaves half a file.
func writeFileAtomic(path string, fn func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".partnerbot-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func runBackup(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *dbPath == "" || len(rest) != 1 {
		return usageError{"backup needs the database and an output file: partnerbot backup --db PATH OUT"}
	}
	n, err := backup(*dbPath, rest[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (%d bytes).\n", *dbPath, rest[0], n)
	return nil
}

// backup writes a consistent copy of the database at dbPath to out: directly
// when no server holds it, otherwise by asking the server over its admin
// socket.
func backup(dbPath, out string) (int64, error) {
	db, err := storage.Open(dbPath, storage.Options{})
	if errors.Is(err, storage.ErrInUse) {
		return backupViaServer(dbPath, out)
	}
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int64
	err = writeFileAtomic(out, func(w io.Writer) error {
		var err error
		n, err = db.WriteBackup(w)
		return err
	})
	return n, err
}

func runRestore(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file to replace")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *dbPath == "" || len(rest) != 1 {
		return usageError{"restore needs the database and a backup file: partnerbot restore --db PATH BACKUP"}
	}
	in := rest[0]
	// Check the backup is a partnerbot database of a schema we know.
	check, err := storage.Open(in, storage.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("%s can't be restored: %w", in, err)
	}
	v, err := check.Version()
	check.Close()
	if err != nil {
		return err
	}
	if v < 1 {
		return fmt.Errorf("%s is a bbolt file but not a partnerbot database (no schema version)", in)
	}
	// Refuse while a server holds the target.
	target, err := storage.Open(*dbPath, storage.Options{})
	if err != nil {
		return err
	}
	target.Close()
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*dbPath, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored %s from %s (schema version %d).\n", *dbPath, in, v)
	return nil
}
