package e2e

import (
	"strings"
	"testing"

	"partnerbot/bot"
)

// TestConfigRefusesChannelsNoAdapterCanReach: Discord channel and guild
// ids are snowflakes (digits). A room bound to "discord:G1:C2" loads today,
// and then every post to it fails ("not a Discord channel id") and is
// retried for a day. The config should refuse it at start, naming the key
// and line, as it does for other bad values.
func TestConfigRefusesChannelsNoAdapterCanReach(t *testing.T) {
	for _, ch := range []string{"discord:G1:C2", "discord:1001:general"} {
		toml := "[[rooms]]\nname = \"sip-general\"\nchannels = [\"slack:T1:C1\", \"" + ch + "\"]\n"
		_, err := bot.ParseConfig("partnerbot.toml", []byte(toml), nil)
		if err == nil {
			t.Errorf("a room bound to %s loads; it can never be posted to", ch)
			continue
		}
		if !strings.Contains(err.Error(), "partnerbot.toml:3") || !strings.Contains(err.Error(), ch) {
			t.Errorf("the error for %s should name line 3 and the channel: %v", ch, err)
		}
	}
}
