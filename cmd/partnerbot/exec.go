package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"partnerbot/adapters/console"
	"partnerbot/bot"
)

// execOutput is what `exec --json` prints.
type execOutput struct {
	Text string         `json:"text"`
	Data map[string]any `json:"data"`
}

// runExec runs one command as the console would and prints the reply.
func runExec(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("exec", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file (default: the console's)")
	as := fs.String("as", "", "who runs the command: a name (a member unless the config makes them admin)")
	now := fs.String("now", "", "the time to run at, RFC 3339 (e.g. 2026-12-01T09:00:00Z)")
	asJSON := fs.Bool("json", false, "print {\"text\": …, \"data\": {…}}")
	chart := fs.String("chart", "", "write the reply's chart (PNG) to this file")
	configPath := fs.String("config", "", "config file (admins, time zone, rooms)")
	mine, words := knownFlagsFirst(fs, args)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(mine); err != nil {
		fmt.Fprintf(stderr, "partnerbot exec: %v\n", err)
		return 2
	}
	text := strings.TrimSpace(joinText(words))
	if text == "" {
		fmt.Fprintln(stderr, `partnerbot exec: give the command to run, for example: partnerbot exec "who supports older people in Bedwell?"`)
		return 2
	}
	var clock bot.Clock = bot.SystemClock{}
	if *now != "" {
		t, err := time.Parse(time.RFC3339, *now)
		if err != nil {
			fmt.Fprintf(stderr, "partnerbot exec: --now %q is not an RFC 3339 time (for example 2026-12-01T09:00:00Z)\n", *now)
			return 2
		}
		clock = bot.NewFakeClock(t)
	}
	user, admin := bot.ConsoleUser("you"), true
	if *as != "" {
		id, err := bot.ParseID(*as)
		if err != nil {
			id = bot.ConsoleUser(*as)
		}
		user, admin = id, false
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		fmt.Fprintf(stderr, "partnerbot exec: %v\n", err)
		return 1
	}
	cfg.Log.Level = "error"
	l, err := openLocal(*dbPath, *configPath, clock, user, admin, newLogger(cfg, stderr))
	if err != nil {
		fmt.Fprintf(stderr, "partnerbot exec: %v\n", err)
		return 1
	}
	defer l.close()
	// Posts to rooms made by the command or by due jobs are not the reply:
	// they are stored and would appear in the chat; exec leaves them out.
	l.app.Hub.AddAdapter(console.New(strings.NewReader(""), io.Discard, console.Options{User: user}))
	l.tick()
	reply := l.app.Router.Handle(context.Background(), &bot.Request{User: user, UserName: user.Local(), Channel: bot.ConsoleChannel, Text: text})
	if *chart != "" {
		if len(reply.Image) == 0 {
			fmt.Fprintln(stderr, "partnerbot exec: this reply has no chart to write")
			return 1
		}
		if err := os.WriteFile(*chart, reply.Image, 0o644); err != nil {
			fmt.Fprintf(stderr, "partnerbot exec: %v\n", err)
			return 1
		}
	}
	if reply.Error {
		fmt.Fprintln(stderr, strings.TrimSpace(reply.Text))
		if *asJSON {
			writeJSON(stdout, reply)
		}
		return 1
	}
	if *asJSON {
		writeJSON(stdout, reply)
		return 0
	}
	fmt.Fprint(stdout, console.Render(reply))
	return 0
}

func writeJSON(w io.Writer, r bot.Reply) {
	out := execOutput{Text: r.Text, Data: r.Data}
	if out.Data == nil {
		out.Data = map[string]any{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
}
