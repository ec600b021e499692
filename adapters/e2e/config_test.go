package e2e

import (
	"strings"
	"testing"

	"partnerbot/bot"
)

// TestConfigWarnsAboutChannelsNoAdapterCanReach: Discord channel and guild
// ids are snowflakes (digits). A room bound to "discord:G1:C2" (the
// placeholder in DESIGN.md's example) still loads, so an example config
// starts, but serve warns about it at start, naming the room and channel.
func TestConfigWarnsAboutChannelsNoAdapterCanReach(t *testing.T) {
	for _, ch := range []string{"discord:G1:C2", "discord:1001:general"} {
		toml := "[discord]\nenabled = true\ntoken = \"x\"\n[[rooms]]\nname = \"sip-general\"\nchannels = [\"slack:T1:C1\", \"" + ch + "\"]\n"
		cfg, err := bot.ParseConfig("partnerbot.toml", []byte(toml), nil)
		if err != nil {
			t.Fatalf("%s: %v", ch, err)
		}
		warn := strings.Join(cfg.Warnings(), "\n")
		if !strings.Contains(warn, ch) || !strings.Contains(warn, "sip-general") || !strings.Contains(warn, "numbers") {
			t.Errorf("no warning naming %s and its room: %q", ch, warn)
		}
	}
	cfg, err := bot.ParseConfig("partnerbot.toml", []byte("[discord]\nenabled = true\ntoken = \"x\"\n[[rooms]]\nname = \"r\"\nchannels = [\"discord:1001:2002\"]\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := cfg.Warnings(); len(w) != 0 {
		t.Errorf("a good Discord channel was warned about: %v", w)
	}
}
