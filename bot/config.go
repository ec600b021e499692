package bot

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	toml "github.com/pelletier/go-toml/v2"
)

// Config is partnerbot's configuration, read from TOML. Every key but the
// secrets has a default; secrets may come from the environment instead.
type Config struct {
	Bot       BotConfig       `toml:"bot"`
	Storage   StorageConfig   `toml:"storage"`
	HTTP      HTTPConfig      `toml:"http"`
	Log       LogConfig       `toml:"log"`
	Slack     SlackConfig     `toml:"slack"`
	Discord   DiscordConfig   `toml:"discord"`
	Rooms     []RoomConfig    `toml:"rooms"`
	Directory DirectoryConfig `toml:"directory"`
	Web       WebConfig       `toml:"web"`
	Backup    BackupConfig    `toml:"backup"`
}

// BotConfig is the [bot] section.
type BotConfig struct {
	Timezone    string   `toml:"timezone"`
	Command     string   `toml:"command"`
	Admins      []string `toml:"admins"`
	DefaultRoom string   `toml:"default_room"`
}

// StorageConfig is the [storage] section.
type StorageConfig struct {
	Path string `toml:"path"`
}

// HTTPConfig is the [http] section.
type HTTPConfig struct {
	Listen string `toml:"listen"`
	// BaseURL is the address people reach the server at, for calendar links.
	BaseURL string `toml:"base_url"`
}

// LogConfig is the [log] section.
type LogConfig struct {
	Format string `toml:"format"` // "text" or "json"
	Level  string `toml:"level"`  // "debug", "info", "warn", "error"
}

// SlackConfig is the [slack] section.
type SlackConfig struct {
	Enabled       bool     `toml:"enabled"`
	Mode          string   `toml:"mode"` // "socket" or "http"
	BotToken      string   `toml:"bot_token"`
	AppToken      string   `toml:"app_token"`
	SigningSecret string   `toml:"signing_secret"`
	APIURL        string   `toml:"api_url"`
	AdminGroups   []string `toml:"admin_groups"`
}

// DiscordConfig is the [discord] section.
type DiscordConfig struct {
	Enabled       bool     `toml:"enabled"`
	Mode          string   `toml:"mode"` // "gateway" or "http"
	Token         string   `toml:"token"`
	ApplicationID string   `toml:"application_id"`
	PublicKey     string   `toml:"public_key"`
	GuildID       string   `toml:"guild_id"`
	APIURL        string   `toml:"api_url"`
	AdminRoles    []string `toml:"admin_roles"`
}

// RoomConfig is one [[rooms]] entry.
type RoomConfig struct {
	Name     string   `toml:"name"`
	Channels []string `toml:"channels"`
}

// DirectoryConfig is the [directory] section: vocabulary overrides.
type DirectoryConfig struct {
	// Vocabulary is a path to a vocabulary file in the format of
	// shared/data/vocabulary.md; empty means the built-in defaults.
	Vocabulary string `toml:"vocabulary"`
	// ExtraSynonyms adds synonyms to themes: theme = ["word", …].
	ExtraSynonyms map[string][]string `toml:"extra_synonyms"`
	// ExtraAliases adds names for areas: "name people say" = "area".
	ExtraAliases map[string]string `toml:"extra_aliases"`
}

// WebConfig is the [web] section: the read-only /map and /directory pages,
// on unless enabled = false.
type WebConfig struct {
	Enabled bool   `toml:"enabled"`
	Token   string `toml:"token"` // empty: public
}

// BackupConfig is the [backup] section: scheduled backups.
type BackupConfig struct {
	Dir   string `toml:"dir"`
	Every string `toml:"every"` // e.g. "24h"; empty: off
	Keep  int    `toml:"keep"`
}

// DefaultConfig returns the configuration with every default filled in.
func DefaultConfig() *Config {
	c := newConfig()
	c.applyDefaults()
	return c
}

// newConfig is a Config with the defaults a zero value can't express (bools
// that are on unless the file turns them off), ready to decode into.
func newConfig() *Config {
	c := &Config{}
	c.Web.Enabled = true
	return c
}

func (c *Config) applyDefaults() {
	if c.Bot.Timezone == "" {
		c.Bot.Timezone = "Europe/London"
	}
	if c.Bot.Command == "" {
		c.Bot.Command = "sip"
	}
	c.Bot.Command = strings.TrimPrefix(c.Bot.Command, "/")
	if c.Bot.DefaultRoom == "" {
		c.Bot.DefaultRoom = "sip-general"
	}
	if c.Storage.Path == "" {
		c.Storage.Path = "/var/lib/partnerbot/partnerbot.db"
	}
	if c.HTTP.Listen == "" {
		c.HTTP.Listen = "127.0.0.1:8080"
	}
	if c.Log.Format == "" {
		c.Log.Format = "text"
	}
	if c.Log.Level == "" {
		c.Log.Level = "info"
	}
	if c.Slack.Mode == "" {
		c.Slack.Mode = "socket"
	}
	if c.Discord.Mode == "" {
		c.Discord.Mode = "gateway"
	}
	if c.Backup.Keep == 0 {
		c.Backup.Keep = 7
	}
}

// secretsFromEnv fills secrets left empty in the file from the environment.
func (c *Config) secretsFromEnv(getenv func(string) string) {
	set := func(dst *string, name string) {
		if *dst == "" {
			*dst = getenv(name)
		}
	}
	set(&c.Slack.BotToken, "SLACK_BOT_TOKEN")
	set(&c.Slack.AppToken, "SLACK_APP_TOKEN")
	set(&c.Slack.SigningSecret, "SLACK_SIGNING_SECRET")
	set(&c.Discord.Token, "DISCORD_TOKEN")
	set(&c.Discord.PublicKey, "DISCORD_PUBLIC_KEY")
	set(&c.Web.Token, "PARTNERBOT_WEB_TOKEN")
}

// LoadConfig reads and checks a config file. Errors name the file, line and
// key at fault.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return ParseConfig(path, data, os.Getenv)
}

// ParseConfig reads config from data; name is used in errors.
func ParseConfig(name string, data []byte, getenv func(string) string) (*Config, error) {
	c := newConfig()
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) && len(strict.Errors) > 0 {
			var msgs []string
			for _, e := range strict.Errors {
				row, _ := e.Position()
				msgs = append(msgs, fmt.Sprintf("%s:%d: unknown key %q", name, row, strings.Join(e.Key(), ".")))
			}
			return nil, errors.New(strings.Join(msgs, "\n"))
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, _ := de.Position()
			key := strings.Join(de.Key(), ".")
			if key != "" {
				return nil, fmt.Errorf("%s:%d: key %q: %s", name, row, key, de.Error())
			}
			return nil, fmt.Errorf("%s:%d: %s", name, row, de.Error())
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c.applyDefaults()
	if getenv != nil {
		c.secretsFromEnv(getenv)
	}
	if err := c.Validate(); err != nil {
		var ke *keyError
		if errors.As(err, &ke) {
			if line := keyLine(data, ke.key, ke.index); line > 0 {
				return nil, fmt.Errorf("%s:%d: %w", name, line, err)
			}
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

// keyError is a Validate error about one key ("bot.timezone"; for
// "rooms.channels" index says which [[rooms]]), so ParseConfig can name
// the line.
type keyError struct {
	key   string
	index int
	err   error
}

func (e *keyError) Error() string { return e.err.Error() }
func (e *keyError) Unwrap() error { return e.err }

func badKey(key string, index int, format string, args ...any) error {
	return &keyError{key: key, index: index, err: fmt.Errorf(format, args...)}
}

// keyLine finds the line of key ("section.name") in a TOML file: in the
// index-th [[section]] for arrays of tables. It returns 0 if the key isn't
// written there (a default, or a secret from the environment).
func keyLine(data []byte, key string, index int) int {
	section, name, ok := strings.Cut(key, ".")
	if !ok {
		return 0
	}
	current, seen := "", -1
	for i, line := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(l, "[["):
			current = strings.TrimSpace(strings.Trim(l, "[] \t"))
			if current == section {
				seen++
			}
		case strings.HasPrefix(l, "["):
			current, seen = strings.TrimSpace(strings.Trim(l, "[] \t")), 0
		default:
			k, _, found := strings.Cut(l, "=")
			if found && current == section && seen == index && strings.TrimSpace(k) == name {
				return i + 1
			}
		}
	}
	return 0
}

// Validate checks values the types can't.
func (c *Config) Validate() error {
	if _, err := time.LoadLocation(c.Bot.Timezone); err != nil {
		return badKey("bot.timezone", 0, "bot.timezone %q is not a time zone (for example Europe/London)", c.Bot.Timezone)
	}
	for _, a := range c.Bot.Admins {
		if _, err := ParseID(a); err != nil {
			return badKey("bot.admins", 0, "bot.admins: %v", err)
		}
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return badKey("log.format", 0, "log.format %q must be \"text\" or \"json\"", c.Log.Format)
	}
	switch c.Slack.Mode {
	case "socket", "http":
	default:
		return badKey("slack.mode", 0, "slack.mode %q must be \"socket\" or \"http\"", c.Slack.Mode)
	}
	switch c.Discord.Mode {
	case "gateway", "http":
	default:
		return badKey("discord.mode", 0, "discord.mode %q must be \"gateway\" or \"http\"", c.Discord.Mode)
	}
	if c.Slack.Enabled {
		if c.Slack.BotToken == "" {
			return badKey("slack.enabled", 0, "slack is enabled but slack.bot_token (or SLACK_BOT_TOKEN) is not set")
		}
		if c.Slack.Mode == "socket" && c.Slack.AppToken == "" {
			return badKey("slack.enabled", 0, "slack.mode is \"socket\" but slack.app_token (or SLACK_APP_TOKEN) is not set")
		}
		if c.Slack.Mode == "http" && c.Slack.SigningSecret == "" {
			return badKey("slack.mode", 0, "slack.mode is \"http\" but slack.signing_secret (or SLACK_SIGNING_SECRET) is not set")
		}
	}
	if c.Discord.Enabled {
		if c.Discord.Mode == "gateway" && c.Discord.Token == "" {
			return badKey("discord.enabled", 0, "discord is enabled but discord.token (or DISCORD_TOKEN) is not set")
		}
		if c.Discord.Mode == "http" && c.Discord.PublicKey == "" {
			return badKey("discord.mode", 0, "discord.mode is \"http\" but discord.public_key (or DISCORD_PUBLIC_KEY) is not set")
		}
	}
	seen := map[string]bool{}
	bound := map[string]string{} // channel -> room
	for i, r := range c.Rooms {
		if r.Name == "" {
			return fmt.Errorf("rooms[%d] has no name", i)
		}
		if seen[NormaliseRoom(r.Name)] {
			return badKey("rooms.name", i, "room %q is defined twice", r.Name)
		}
		seen[NormaliseRoom(r.Name)] = true
		for _, ch := range r.Channels {
			if _, err := ParseID(ch); err != nil {
				return badKey("rooms.channels", i, "room %q: %v", r.Name, err)
			}
			if other, ok := bound[ch]; ok {
				return badKey("rooms.channels", i, "channel %s is in both room %q and room %q; a channel belongs to one room", ch, other, r.Name)
			}
			bound[ch] = r.Name
		}
	}
	if c.Backup.Every != "" {
		if _, err := time.ParseDuration(c.Backup.Every); err != nil {
			return badKey("backup.every", 0, "backup.every %q is not a duration (for example \"24h\")", c.Backup.Every)
		}
	}
	return nil
}

// Location is the partnership's time zone.
func (c *Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.Bot.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// BuildRooms makes the Rooms from config.
func (c *Config) BuildRooms() (*Rooms, error) {
	r := NewRooms(NormaliseRoom(c.Bot.DefaultRoom))
	// The default room always exists, even before channels are bound to it,
	// so commands that name no room have somewhere to go.
	if err := r.Bind(c.Bot.DefaultRoom); err != nil {
		return nil, err
	}
	for _, rc := range c.Rooms {
		ids := make([]ID, 0, len(rc.Channels))
		for _, ch := range rc.Channels {
			ids = append(ids, ID(ch))
		}
		if err := r.Bind(rc.Name, ids...); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// AdminSet is the configured admins.
func (c *Config) AdminSet() map[ID]bool {
	m := map[ID]bool{}
	for _, a := range c.Bot.Admins {
		m[ID(a)] = true
	}
	return m
}

// Warnings lists settings that load but look wrong: room channels whose ids
// no platform could reach (Discord ids are numbers; Slack's start with a
// capital letter), or bound to a platform that is not enabled.
func (c *Config) Warnings() []string {
	var out []string
	numeric := func(s string) bool {
		if s == "" {
			return false
		}
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
		return true
	}
	for _, r := range c.Rooms {
		for _, ch := range r.Channels {
			id := ID(ch)
			switch id.Platform() {
			case "discord":
				if !numeric(id.Team()) || !numeric(id.Local()) {
					out = append(out, fmt.Sprintf("room %q: %s doesn't look like a Discord channel (guild and channel ids are numbers, e.g. discord:111111111111111111:333333333333333333)", r.Name, ch))
				}
				if !c.Discord.Enabled {
					out = append(out, fmt.Sprintf("room %q: %s is on Discord, but [discord] is not enabled; posts there will wait", r.Name, ch))
				}
			case "slack":
				if !c.Slack.Enabled {
					out = append(out, fmt.Sprintf("room %q: %s is on Slack, but [slack] is not enabled; posts there will wait", r.Name, ch))
				}
			case "console":
			default:
				out = append(out, fmt.Sprintf("room %q: %s is on an unknown platform %q (slack or discord)", r.Name, ch, id.Platform()))
			}
		}
	}
	return out
}
