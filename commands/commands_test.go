package commands

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"partnerbot/adapters/discord"
	"partnerbot/bot"
	"partnerbot/storage"
)

var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func newApp(t *testing.T) (*App, *bot.FakeClock) {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "app.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := bot.NewFakeClock(now)
	cfg := bot.DefaultConfig()
	cfg.Bot.Admins = []string{"console:local:admin"}
	app, err := Build(cfg, db, clock, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Env.Rooms.Bind("sip-general", bot.ConsoleChannel); err != nil {
		t.Fatal(err)
	}
	if err := app.SeedDemo(); err != nil {
		t.Fatal(err)
	}
	return app, clock
}

func run(app *App, user, text string) bot.Reply {
	id := bot.ConsoleUser(user)
	return app.Router.Handle(context.Background(), &bot.Request{User: id, UserName: user, Channel: bot.ConsoleChannel, Text: text})
}

const apology = "something went wrong"

// TestEveryHelpExampleAnswers runs every example the help shows, as an
// admin, on the demo data: none may end in the generic apology (an
// internal error), and `help CMD` works for every command.
func TestEveryHelpExampleAnswers(t *testing.T) {
	app, _ := newApp(t)
	for _, c := range app.Router.Commands() {
		if c.Hidden {
			continue
		}
		if r := run(app, "admin", "help "+c.Name); r.Error || r.Text == "" {
			t.Errorf("help %s: %q", c.Name, r.Text)
		}
		examples := append([]string(nil), c.Examples...)
		for _, s := range c.Subs {
			examples = append(examples, s.Examples...)
		}
		for _, ex := range examples {
			r := run(app, "admin", ex)
			if strings.Contains(r.Text, apology) {
				t.Errorf("example %q ended in an internal error: %q", ex, r.Text)
			}
			if r.Text == "" && len(r.Fields) == 0 {
				t.Errorf("example %q gave an empty reply", ex)
			}
		}
	}
}

// TestJourney walks a member's week through the assembled bot.
func TestJourney(t *testing.T) {
	app, clock := newApp(t)
	steps := []struct {
		user, text string
		wantErr    bool
		want       string
		data       string // a key that must be in Data
	}{
		{"sam", "who supports older people in Bedwell?", false, "Bedwell", "results"},
		{"sam", "gaps Bedwell", false, "Bedwell", "gaps"},
		{"sam", "who helps with food in Atlantis?", true, "Atlantis", ""},
		{"admin", `org add-member sam "Bedwell Good Neighbours"`, false, "Bedwell Good Neighbours", ""},
		{"sam", "whoami", false, "Bedwell Good Neighbours", "org"},
		{"admin", `poll "Which priority for 2027?" "Food" "Warm spaces" "Youth" --per-org --closes "on 4 December at 17:00"`, false, "Poll 1", "id"},
		{"sam", "vote 1 B", false, "Vote recorded", ""},
		{"ola", "vote 1 A", true, "organisation", ""},
		{"sam", "poll results 1", false, "Warm spaces", "tally"},
		{"sam", "remind me to call the food bank tomorrow at 9am", false, "Fri 27 Nov 2026", "next"},
		{"sam", "remind me to call the food bank at 25 o'clock", true, "", ""},
		{"admin", `meeting schedule "Partnership meeting" every first Tuesday at 10:00 where "Daneshill House"`, false, "every first Tuesday", ""},
		{"sam", "meeting next 2", false, "Tue 1 Dec 2026", "occurrences"},
		{"sam", "rsvp next yes", false, "going", ""},
		{"sam", `resource share https://example.org/toolkit "Warm spaces toolkit" #energy-and-warmth`, false, "", "id"},
		{"sam", "resource search warm hub", false, "Warm spaces toolkit", "results"},
		{"sam", "frobnicate", true, "help", ""},
	}
	for _, st := range steps {
		r := run(app, st.user, st.text)
		if r.Error != st.wantErr {
			t.Errorf("%s: %q: error=%v, want %v: %s", st.user, st.text, r.Error, st.wantErr, r.Text)
			continue
		}
		if strings.Contains(r.Text, apology) {
			t.Errorf("%q: internal error", st.text)
		}
		if !strings.Contains(r.Text, st.want) {
			t.Errorf("%q: reply %q lacks %q", st.text, r.Text, st.want)
		}
		if st.data != "" {
			if _, ok := r.Data[st.data]; !ok {
				t.Errorf("%q: Data lacks %q: %v", st.text, st.data, r.Data)
			}
		}
	}
	// The poll closes on time through the scheduler, and says so.
	clock.Set(time.Date(2026, 12, 4, 17, 0, 1, 0, time.UTC))
	app.Scheduler.Tick(context.Background())
	r := run(app, "sam", "vote 1 A")
	if !r.Error || !strings.Contains(r.Text, "closed") {
		t.Errorf("vote after closing: %q", r.Text)
	}
}

// TestPrivacyExportAndForget checks the App gathers every capability's
// personal data and forgets it.
func TestPrivacyExportAndForget(t *testing.T) {
	app, _ := newApp(t)
	run(app, "sam", "remind me to call the food bank tomorrow at 9am")
	run(app, "sam", "whoami")
	data, err := app.PersonalData(bot.ConsoleUser("sam"))
	if err != nil {
		t.Fatal(err)
	}
	if data["user"] != "console:local:sam" {
		t.Errorf("export: %v", data)
	}
	if err := app.Forget(bot.ConsoleUser("sam")); err != nil {
		t.Fatal(err)
	}
}

func TestAutocomplete(t *testing.T) {
	app, _ := newApp(t)
	for kind, want := range map[string]string{"theme": "older people", "area": "Bedwell", "room": "sip-general"} {
		got := app.Autocomplete(kind, strings.ToUpper(want[:3]))
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("Autocomplete(%s) = %v, want %q among them", kind, got, want)
		}
	}
}

func TestGapsPicture(t *testing.T) {
	app, _ := newApp(t)
	r := run(app, "sam", "gaps")
	if r.Error || len(r.Image) < 1000 || r.ImageName != "provision-map.png" {
		t.Fatalf("gaps: error=%v image=%d bytes name=%q", r.Error, len(r.Image), r.ImageName)
	}
	if !strings.Contains(r.Text, "gap") || !strings.HasPrefix(r.Text, "```\n") {
		t.Errorf("the text fallback (a code block) is missing or broken: %q", r.Text)
	}
}

// TestDiscordCommandsFromTheRealSpecs registers the assembled bot's specs
// as Discord application commands: one per command word, /who with one
// string option named question.
func TestDiscordCommandsFromTheRealSpecs(t *testing.T) {
	app, _ := newApp(t)
	cmds := discord.ApplicationCommands(app.Router.Commands())
	byName := map[string]*discordgo.ApplicationCommand{}
	for _, c := range cmds {
		byName[c.Name] = c
	}
	for _, want := range []string{"poll", "vote", "meeting", "event", "rsvp", "remind", "reminders", "resource", "who", "gaps", "directory", "org", "help"} {
		if byName[want] == nil {
			t.Errorf("no /%s registered", want)
		}
	}
	who := byName["who"]
	if who == nil || len(who.Options) != 1 || who.Options[0].Name != "question" || who.Options[0].Type != discordgo.ApplicationCommandOptionString {
		t.Fatalf("/who should take one string option named question: %+v", who)
	}
}
