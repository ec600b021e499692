package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"

	"partnerbot/bot"
	"partnerbot/commands"
	"partnerbot/storage"
)

// defaultDBPath is $XDG_DATA_HOME/partnerbot/partnerbot.db, else
// ~/.local/share/partnerbot/partnerbot.db.
func defaultDBPath() (string, error) {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "partnerbot", "partnerbot.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("can't find your home folder for the database (%v); give one with --db PATH", err)
	}
	return filepath.Join(home, ".local", "share", "partnerbot", "partnerbot.db"), nil
}

// loadConfig reads path, or returns the defaults when path is empty.
func loadConfig(path string) (*bot.Config, error) {
	if path == "" {
		return bot.DefaultConfig(), nil
	}
	return bot.LoadConfig(path)
}

// newLogger builds the process logger from config.
func newLogger(cfg *bot.Config, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// local is a bot run on this machine: the console and exec.
type local struct {
	db  *storage.DB
	app *commands.App
}

// openLocal opens the database (the default one if dbPath is empty), builds
// the bot with the console channel in the default room, makes user an admin
// when asAdmin, and seeds the demo directory into a new default database.
func openLocal(dbPath, configPath string, clock bot.Clock, user bot.ID, asAdmin bool, log *slog.Logger) (*local, error) {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return nil, err
	}
	seed := false
	if dbPath == "" {
		if dbPath, err = defaultDBPath(); err != nil {
			return nil, err
		}
		seed = true
	}
	db, err := storage.Open(dbPath, storage.Options{})
	if err != nil {
		return nil, err
	}
	app, err := commands.Build(cfg, db, clock, log)
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := app.Env.Rooms.Bind(cfg.Bot.DefaultRoom, bot.ConsoleChannel); err != nil {
		log.Warn("console channel not bound to the default room", "err", err)
	}
	if asAdmin {
		app.Router.Admins[user] = true
	}
	if seed && db.IsNew() {
		if err := app.SeedDemo(); err != nil {
			db.Close()
			return nil, fmt.Errorf("loading the demo directory: %w", err)
		}
	}
	return &local{db: db, app: app}, nil
}

func (l *local) close() { l.db.Close() }

// tick delivers what is due, as the console's scheduler would.
func (l *local) tick() { l.app.Scheduler.Tick(context.Background()) }

func versionString() string {
	v := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 7 {
				v += " " + s.Value[:7]
			}
		}
		return "partnerbot " + v + " (" + bi.GoVersion + ")"
	}
	return "partnerbot " + v
}

// scratchApp builds the bot on a throwaway database, for commands that only
// need the specs (discord-register). cleanup removes it.
func scratchApp(cfg *bot.Config) (app *commands.App, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "partnerbot-specs-")
	if err != nil {
		return nil, nil, err
	}
	db, err := storage.Open(filepath.Join(dir, "specs.db"), storage.Options{NoSync: true})
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	cleanup = func() { db.Close(); os.RemoveAll(dir) }
	app, err = commands.Build(cfg, db, bot.SystemClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	return app, cleanup, nil
}
