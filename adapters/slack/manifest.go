package slack

import (
	"fmt"
	"strings"
)

// Manifest returns a Slack app manifest (YAML) for partnerbot: the slash
// command, the bot scopes, the events (app_mention, message.im),
// interactivity and Socket Mode. With a baseURL (https://bot.example.org)
// the request URLs for HTTP mode are filled in too and Socket Mode is
// left off; without one the app uses Socket Mode and needs no public URL.
// Paste it at https://api.slack.com/apps → Create New App → From a manifest.
func Manifest(command, baseURL string) string {
	command = strings.TrimPrefix(strings.TrimSpace(command), "/")
	if command == "" {
		command = "sip"
	}
	baseURL = strings.TrimRight(strings.TrimSpace(baseURL), "/")
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("# Slack app manifest for partnerbot. Paste it at https://api.slack.com/apps")
	w("# (Create New App → From a manifest), install the app, then put the bot token")
	w("# (xoxb-…) in slack.bot_token and, for Socket Mode, an app-level token with")
	w("# connections:write (xapp-…) in slack.app_token; for HTTP mode the signing")
	w("# secret in slack.signing_secret.")
	w("display_information:")
	w("  name: partnerbot")
	w("  description: Polls, meetings, RSVPs, the partner directory and reminders for the partnership.")
	w("  background_color: \"#2c4a6e\"")
	w("features:")
	w("  app_home:")
	w("    home_tab_enabled: false")
	w("    messages_tab_enabled: true")
	w("    messages_tab_read_only_enabled: false")
	w("  bot_user:")
	w("    display_name: partnerbot")
	w("    always_online: true")
	w("  slash_commands:")
	w("    - command: /%s", command)
	w("      description: Polls, meetings, RSVPs, the directory and reminders")
	w("      usage_hint: \"help · who supports older people in Bedwell? · poll \\\"Question?\\\" \\\"A\\\" \\\"B\\\"\"")
	w("      should_escape: true")
	if baseURL != "" {
		w("      url: %s/slack/commands", baseURL)
	}
	w("oauth_config:")
	w("  scopes:")
	w("    bot:")
	for _, s := range []string{"commands", "chat:write", "chat:write.public", "app_mentions:read", "im:history", "im:read", "im:write", "users:read", "usergroups:read", "files:write"} {
		w("      - %s", s)
	}
	w("settings:")
	w("  event_subscriptions:")
	if baseURL != "" {
		w("    request_url: %s/slack/events", baseURL)
	}
	w("    bot_events:")
	w("      - app_mention")
	w("      - message.im")
	w("  interactivity:")
	w("    is_enabled: true")
	if baseURL != "" {
		w("    request_url: %s/slack/interactions", baseURL)
	}
	w("  org_deploy_enabled: false")
	w("  socket_mode_enabled: %t", baseURL == "")
	w("  token_rotation_enabled: false")
	return b.String()
}
