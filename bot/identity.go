package bot

import (
	"fmt"
	"strings"
)

// An ID names a user or a channel as platform:team:local, for example
// "slack:T01:U02", "discord:G01:C02" or "console:local:you".
type ID string

// ParseID checks that s has the platform:team:local shape.
func ParseID(s string) (ID, error) {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", fmt.Errorf("%q is not an id of the form platform:team:id (for example slack:T01:U02)", s)
	}
	return ID(s), nil
}

// Platform is the first part of the id: "slack", "discord" or "console".
func (id ID) Platform() string { p, _, _ := id.split(); return p }

// Team is the Slack workspace, Discord guild or "local".
func (id ID) Team() string { _, t, _ := id.split(); return t }

// Local is the platform's own id of the user or channel.
func (id ID) Local() string { _, _, l := id.split(); return l }

func (id ID) split() (string, string, string) {
	parts := strings.SplitN(string(id), ":", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	return parts[0], parts[1], parts[2]
}

// ConsoleUser is the id of a console or exec user called name.
func ConsoleUser(name string) ID { return ID("console:local:" + name) }

// ConsoleChannel is the one channel of the console.
const ConsoleChannel ID = "console:local:console"
