package resource

import (
	"regexp"
	"strings"

	"partnerbot/bot"
)

// Echoing typed text safely. What people type (a reminder's text, a name)
// is echoed in confirmations, lists and deliveries. The adapters keep
// messages from pinging anyone, and the router and hub neutralise mass
// mentions in every reply and post (bot.SafeReply); this is the third
// line, at the point where typed text is put into a message: it also
// covers channel links (<#…>) and code fences, which bot.Neutralise leaves.
// The same function is in the remind and directory packages; it belongs
// in bot/ (as an extension of bot.Neutralise).

// mentionish matches what could ping, link or reformat: @everyone, @here,
// @channel, Slack's <!…>, user and role mentions <@…>, channel links <#…>,
// and code fences.
var mentionish = regexp.MustCompile("(?i)@(everyone|here|channel)\\b|<[!@#]|```")

// neutralise puts a zero-width space inside anything in s that could ping
// people, link a channel or break a message's formatting; it reads the
// same. Idempotent.
func neutralise(s string) string {
	if !strings.ContainsAny(s, "@<`") {
		return s
	}
	return mentionish.ReplaceAllStringFunc(s, func(m string) string { return m[:1] + "\u200b" + m[1:] })
}

// quoted is typed text on one line, neutralised, in double quotes (%q would
// show the zero-width space as \u200b).
func quoted(s string) string { return `"` + neutralise(bot.OneLine(s)) + `"` }

// shown is a one-line field (a title, a name) as shown in a message.
func shown(s string) string { return neutralise(bot.OneLine(s)) }
