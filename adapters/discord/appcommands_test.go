package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

var update = flag.Bool("update", false, "rewrite testdata/commands.golden")

func TestRegisteredCommandsGolden(t *testing.T) {
	h := newHarness(t, "gateway", testSpecs(&recorder{})...)
	if err := h.a.Register(context.Background()); err != nil {
		t.Fatal(err)
	}
	put := h.fake.wait("PUT /api/v9/applications/555/guilds/100/commands")
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, put.Raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	golden := filepath.Join("testdata", "commands.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update to create it)", err)
	}
	if !bytes.Equal(want, pretty.Bytes()) {
		t.Errorf("registered commands differ from %s (go test -run Golden -update to accept):\n%s", golden, pretty.String())
	}

	// Registering again is the same bulk overwrite: idempotent.
	if err := h.a.Register(context.Background()); err != nil {
		t.Fatal(err)
	}
	again := h.fake.wait("PUT /api/v9/applications/555/guilds/100/commands")
	if !bytes.Equal(again.Raw, put.Raw) {
		t.Error("a second Register sent different commands")
	}
}

func TestRegisterGloballyWithoutGuild(t *testing.T) {
	h := newHarness(t, "http", testSpecs(&recorder{})...)
	h.a.cfg.GuildID = ""
	h.a.appID = ""
	if err := h.a.Register(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.fake.wait("GET /api/v9/users/@me")
	h.fake.wait("PUT /api/v9/applications/555/commands")
}

var validName = regexp.MustCompile(`^[-_a-z0-9]{1,32}$`)

// TestCommandsWithinDiscordLimits checks every rule Discord enforces on
// registration, so a bad spec fails here rather than at start.
func TestCommandsWithinDiscordLimits(t *testing.T) {
	cmds := ApplicationCommands(testSpecs(&recorder{}))
	names := map[string]bool{}
	for _, c := range cmds {
		names[c.Name] = true
	}
	for _, want := range []string{"poll", "vote", "rsvp", "who", "directory", "remind", "help"} {
		if !names[want] {
			t.Errorf("/%s not registered", want)
		}
	}
	if names["debug-dump"] {
		t.Error("a hidden command was registered")
	}
	var check func(where string, opts []*discordgo.ApplicationCommandOption)
	check = func(where string, opts []*discordgo.ApplicationCommandOption) {
		if len(opts) > 25 {
			t.Errorf("%s has %d options", where, len(opts))
		}
		seen := map[string]bool{}
		optional := false
		for _, o := range opts {
			if !validName.MatchString(o.Name) || seen[o.Name] {
				t.Errorf("%s: bad or repeated option name %q", where, o.Name)
			}
			seen[o.Name] = true
			if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
				t.Errorf("%s %s: description of %d characters", where, o.Name, n)
			}
			if o.Type == discordgo.ApplicationCommandOptionSubCommand {
				check(where+" "+o.Name, o.Options)
				continue
			}
			if o.Required && optional {
				t.Errorf("%s: required option %s after an optional one", where, o.Name)
			}
			optional = optional || !o.Required
			if len(o.Choices) > 0 && o.Autocomplete {
				t.Errorf("%s %s: choices and autocomplete both set", where, o.Name)
			}
		}
	}
	for _, c := range cmds {
		if !validName.MatchString(c.Name) {
			t.Errorf("bad command name %q", c.Name)
		}
		if n := utf8.RuneCountInString(c.Description); n < 1 || n > 100 {
			t.Errorf("/%s: description of %d characters", c.Name, n)
		}
		check("/"+c.Name, c.Options)
	}
	// /who takes exactly one string option named question.
	for _, c := range cmds {
		if c.Name == "who" {
			if len(c.Options) != 1 || c.Options[0].Name != "question" || c.Options[0].Type != discordgo.ApplicationCommandOptionString || !c.Options[0].Required {
				t.Errorf("/who options %+v", c.Options)
			}
		}
	}
}

func TestOptionName(t *testing.T) {
	for in, want := range map[string]string{
		"per-org":                              "per-org",
		"Per Org":                              "per-org",
		"naïve!":                               "nave",
		"a_b":                                  "a_b",
		"--closes":                             "closes",
		"abcdefghijklmnopqrstuvwxyz0123456789": "abcdefghijklmnopqrstuvwxyz012345",
	} {
		if got := optionName(in); got != want {
			t.Errorf("optionName(%q) = %q, want %q", in, got, want)
		}
	}
}
