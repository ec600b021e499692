package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"partnerbot/adapters/console"
	"partnerbot/bot"
)

func runConsole(args []string, stdin io.Reader, stdout, stderr io.Writer, bare bool) error {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file (default: under your data folder, with demo data)")
	as := fs.String("as", "", "who you are: a name (a member unless the config makes them admin)")
	configPath := fs.String("config", "", "config file (admins, time zone, rooms)")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("console takes no words (%q); to run one command use exec", rest[0])}
	}
	user, admin := bot.ConsoleUser("you"), true
	if *as != "" {
		user, admin = bot.ConsoleUser(*as), false
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	cfg.Log.Level = "warn"
	log := newLogger(cfg, stderr)
	l, err := openLocal(*dbPath, *configPath, bot.SystemClock{}, user, admin, log)
	if err != nil {
		return err
	}
	defer l.close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	c := console.New(stdin, stdout, console.Options{User: user, Prompt: isTerminal(stdin)})
	role := "a member"
	if admin || l.app.Router.Admins[user] {
		role = "an admin"
	}
	c.Welcome = fmt.Sprintf("partnerbot — you are %s, %s. Type `help` for what I can do, or ask `who supports older people in Bedwell?`. Type `quit` to leave.", user.Local(), role)
	l.app.Hub.AddAdapter(c)
	l.app.Scheduler.Start(ctx)
	return c.Start(ctx, l.app.Router)
}

// isTerminal reports whether r is a terminal, so the prompt is shown only
// to a person.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
