package bot

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func noEnv(string) string { return "" }

func TestParseConfigDefaults(t *testing.T) {
	c, err := ParseConfig("empty.toml", nil, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultConfig()
	if !reflect.DeepEqual(c, want) {
		t.Errorf("an empty file:\n got  %+v\n want %+v", c, want)
	}
	checks := map[string]string{
		"timezone": c.Bot.Timezone, "command": c.Bot.Command, "default_room": c.Bot.DefaultRoom,
		"listen": c.HTTP.Listen, "slack.mode": c.Slack.Mode, "discord.mode": c.Discord.Mode, "log.format": c.Log.Format,
	}
	wantVals := map[string]string{
		"timezone": "Europe/London", "command": "sip", "default_room": "sip-general",
		"listen": "127.0.0.1:8080", "slack.mode": "socket", "discord.mode": "gateway", "log.format": "text",
	}
	for k, v := range wantVals {
		if checks[k] != v {
			t.Errorf("default %s = %q, want %q", k, checks[k], v)
		}
	}
	if c.Slack.Enabled || c.Discord.Enabled {
		t.Error("adapters should be off by default")
	}
	if c.Location().String() != "Europe/London" {
		t.Errorf("Location = %v", c.Location())
	}
}

const fullConfig = `
[bot]
timezone = "Europe/London"
command = "/partners"
admins = ["slack:T1:U1", "discord:G1:U2"]
default_room = "SIP-General"

[storage]
path = "/data/partnerbot.db"

[http]
listen = ":9090"
base_url = "https://bot.example.org"

[log]
format = "json"
level = "debug"

[slack]
enabled = true
mode = "http"
bot_token = "xoxb-file"
signing_secret = "shh"
api_url = "http://127.0.0.1:1/api/"
admin_groups = ["S01"]

[discord]
enabled = true
mode = "http"
application_id = "123"
public_key = "abcd"
guild_id = "G1"

[[rooms]]
name = "sip-general"
channels = ["slack:T1:C1", "discord:G1:C2"]

[[rooms]]
name = "#Steering"
channels = ["slack:T1:C9"]

[backup]
dir = "/backups"
every = "24h"
keep = 3
`

func TestParseConfigFull(t *testing.T) {
	c, err := ParseConfig("partnerbot.toml", []byte(fullConfig), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Bot.Command != "partners" {
		t.Errorf("command = %q, want the slash trimmed", c.Bot.Command)
	}
	if !reflect.DeepEqual(c.AdminSet(), map[ID]bool{"slack:T1:U1": true, "discord:G1:U2": true}) {
		t.Errorf("AdminSet = %v", c.AdminSet())
	}
	if c.Storage.Path != "/data/partnerbot.db" || c.HTTP.Listen != ":9090" || c.Log.Format != "json" || c.Backup.Keep != 3 {
		t.Errorf("values not read: %+v", c)
	}
	if !c.Slack.Enabled || c.Slack.Mode != "http" || c.Slack.BotToken != "xoxb-file" || c.Slack.AdminGroups[0] != "S01" {
		t.Errorf("slack = %+v", c.Slack)
	}
	if !c.Discord.Enabled || c.Discord.PublicKey != "abcd" {
		t.Errorf("discord = %+v", c.Discord)
	}
	rooms, err := c.BuildRooms()
	if err != nil {
		t.Fatal(err)
	}
	if got := rooms.Names(); !reflect.DeepEqual(got, []string{"sip-general", "steering"}) {
		t.Errorf("rooms = %q", got)
	}
	if rooms.Default != "sip-general" || rooms.RoomOf("discord:G1:C2") != "sip-general" || rooms.RoomOf("slack:T1:C9") != "steering" {
		t.Errorf("room bindings wrong: default %q", rooms.Default)
	}
}

func TestParseConfigEnvSecrets(t *testing.T) {
	env := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-env", "SLACK_APP_TOKEN": "xapp-env", "SLACK_SIGNING_SECRET": "sig-env",
		"DISCORD_TOKEN": "dtok-env", "DISCORD_PUBLIC_KEY": "pk-env",
	}
	getenv := func(k string) string { return env[k] }
	data := "[slack]\nenabled = true\nbot_token = \"xoxb-file\"\n[discord]\nenabled = true\n"
	c, err := ParseConfig("c.toml", []byte(data), getenv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Slack.BotToken != "xoxb-file" {
		t.Errorf("a secret in the file should win: %q", c.Slack.BotToken)
	}
	if c.Slack.AppToken != "xapp-env" || c.Slack.SigningSecret != "sig-env" || c.Discord.Token != "dtok-env" || c.Discord.PublicKey != "pk-env" {
		t.Errorf("secrets not filled from the environment: %+v %+v", c.Slack, c.Discord)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string // substrings of the error
	}{
		{"unknown key", "[bot]\ntimezone = \"Europe/London\"\ncomand = \"sip\"\n", []string{"bad.toml:3:", `unknown key "bot.comand"`}},
		{"unknown section", "\n\n[slak]\nenabled = true\n", []string{"bad.toml:", `"slak`}},
		{"unknown key in a room", "[[rooms]]\nname = \"a\"\nchanels = [\"slack:T1:C1\"]\n", []string{"bad.toml:3:", "chanels"}},
		{"bad value type", "[bot]\n\nadmins = \"slack:T1:U1\"\n", []string{"bad.toml:3:", "admins"}},
		{"bad bool", "[slack]\nenabled = \"yes\"\n", []string{"bad.toml:2:", "enabled"}},
		{"bad syntax", "[bot\ntimezone = 1\n", []string{"bad.toml:1"}},
		{"bad timezone", "[bot]\ntimezone = \"Europe/Stevenage\"\n", []string{"bad.toml:2: ", `bot.timezone "Europe/Stevenage" is not a time zone (for example Europe/London)`}},
		{"bad admin id", "[bot]\nadmins = [\"U1\"]\n", []string{"bot.admins", `"U1" is not an id`}},
		{"slack without token", "[slack]\nenabled = true\n", []string{"bad.toml:2: slack is enabled but slack.bot_token (or SLACK_BOT_TOKEN) is not set"}},
		{"slack socket without app token", "[slack]\nenabled = true\nbot_token = \"x\"\n", []string{"slack.app_token (or SLACK_APP_TOKEN)"}},
		{"slack http without secret", "[slack]\nenabled = true\nmode = \"http\"\nbot_token = \"x\"\n", []string{"slack.signing_secret"}},
		{"slack bad mode", "[slack]\nmode = \"rtm\"\n", []string{`slack.mode "rtm" must be "socket" or "http"`}},
		{"discord without token", "[discord]\nenabled = true\n", []string{"discord.token (or DISCORD_TOKEN)"}},
		{"discord http without key", "[discord]\nenabled = true\nmode = \"http\"\n", []string{"discord.public_key"}},
		{"bad room channel", "[[rooms]]\nname = \"sip-general\"\nchannels = [\"C0123\"]\n", []string{"bad.toml:3: ", `room "sip-general"`, `"C0123" is not an id of the form platform:team:id`}},
		{"room without a name", "[[rooms]]\nchannels = [\"slack:T1:C1\"]\n", []string{"rooms[0] has no name"}},
		{"room twice", "[[rooms]]\nname = \"a\"\n[[rooms]]\nname = \"#A\"\n", []string{`room "#A" is defined twice`}},
		{"channel in two rooms", "[[rooms]]\nname = \"a\"\nchannels = [\"slack:T1:C1\"]\n[[rooms]]\nname = \"b\"\nchannels = [\"slack:T1:C1\"]\n", []string{"bad.toml:6: channel slack:T1:C1 is in both room \"a\" and room \"b\""}},
		{"a default is not in the file, so no line", "[slack]\nmode = \"http\"\nenabled = true\nbot_token = \"x\"\n", []string{"bad.toml:2: slack.mode is \"http\" but slack.signing_secret"}},
		{"second room's channel", "[[rooms]]\nname = \"a\"\nchannels = [\"slack:T1:C1\"]\n\n[[rooms]]\nname = \"b\"\nchannels = [\"C2\"]\n", []string{"bad.toml:7: ", `room "b"`}},
		{"bad log format", "[log]\nformat = \"xml\"\n", []string{`log.format "xml"`}},
		{"bad backup interval", "[backup]\nevery = \"daily\"\n", []string{"bad.toml:2: ", `backup.every "daily" is not a duration`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseConfig("bad.toml", []byte(tt.data), noEnv)
			if err == nil {
				// Some problems only show when rooms are built.
				_, err = c.BuildRooms()
			}
			if err == nil {
				t.Fatalf("no error for\n%s", tt.data)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestLoadConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "partnerbot.toml")
	if err := os.WriteFile(path, []byte("[bot]\ntimzone = \"UTC\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadConfig(path)
	if err == nil || !strings.Contains(err.Error(), path+":2:") || !strings.Contains(err.Error(), "timzone") {
		t.Errorf("LoadConfig = %v, want the file, line and key", err)
	}
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "missing.toml")); err == nil || !strings.Contains(err.Error(), "reading config") {
		t.Errorf("LoadConfig of a missing file = %v", err)
	}
}

// The example config shipped in the repository must parse.
func TestExampleConfigParses(t *testing.T) {
	data, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Skip("no config.example.toml:", err)
	}
	env := func(k string) string { return "from-env-" + k }
	if _, err := ParseConfig("config.example.toml", data, env); err != nil {
		t.Errorf("config.example.toml: %v", err)
	}
}
