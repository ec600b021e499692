package resource

import "partnerbot/bot"

// Echoing typed text safely: what people type is put into messages through
// bot.Neutralise (mass mentions, mention and channel-link syntax, code
// fences), on top of the router and hub's bot.SafeReply.

// neutralise puts a zero-width space inside anything in s that could ping
// people, link a channel or break a message's formatting; it reads the
// same. Idempotent.
func neutralise(s string) string { return bot.Neutralise(s) }

// quoted is typed text on one line, neutralised, in double quotes (%q would
// show the zero-width space as \u200b).
func quoted(s string) string { return `"` + neutralise(bot.OneLine(s)) + `"` }

// shown is a one-line field (a title, a name) as shown in a message.
func shown(s string) string { return neutralise(bot.OneLine(s)) }
