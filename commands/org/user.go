package org

import (
	"strings"

	"partnerbot/bot"
)

// ResolveUser turns what an admin typed for USER into a user id on the
// requester's platform and team: a Slack mention (<@U123> or <@U123|sam>),
// a Discord mention (<@123> or <@!123>), a full id (slack:T1:U2), or on the
// console a plain name, which means console:local:NAME (the name given to
// `exec --as`).
func ResolveUser(requester bot.ID, typed string) (bot.ID, error) {
	s := strings.TrimSpace(typed)
	example := "org add-member <@U123> \"Sample Riverside Trust\""
	if requester.Platform() == "console" {
		example = "org add-member sam \"Sample Riverside Trust\""
	}
	if s == "" {
		return "", bot.Refuse(example, "Tell me who: mention them, or give their full id.")
	}
	if strings.HasPrefix(s, "<@") && strings.HasSuffix(s, ">") {
		inner := strings.TrimSuffix(strings.TrimPrefix(s, "<@"), ">")
		if strings.HasPrefix(inner, "&") {
			return "", bot.Refuse(example, "%s is a role, not a person: mention one person.", s)
		}
		inner = strings.TrimPrefix(inner, "!")
		if i := strings.IndexByte(inner, '|'); i >= 0 {
			inner = inner[:i]
		}
		if inner == "" || strings.ContainsAny(inner, " :<>@") {
			return "", bot.Refuse(example, "I couldn't read %q as a mention.", s)
		}
		switch requester.Platform() {
		case "slack", "discord":
			return bot.ID(requester.Platform() + ":" + requester.Team() + ":" + inner), nil
		default:
			return "", bot.Refuse(example, "A mention like %s only works in Slack or Discord; here, give the person's full id (slack:T01:U02) or a console name.", s)
		}
	}
	if strings.Count(s, ":") >= 2 {
		id, err := bot.ParseID(s)
		if err != nil {
			return "", bot.Refuse(example, "%s", err.Error())
		}
		return id, nil
	}
	s = strings.TrimPrefix(s, "@")
	if requester.Platform() == "console" || requester.Platform() == "" {
		if s == "" || strings.ContainsAny(s, " :<>") {
			return "", bot.Refuse(example, "%q isn't a name I can use: give one word, the name used with --as.", typed)
		}
		return bot.ConsoleUser(s), nil
	}
	return "", bot.Refuse(example, "I can't tell who %q is: @-mention them so I get their id.", typed)
}
