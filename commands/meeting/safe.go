package meeting

import "partnerbot/bot"

// User text is echoed in replies and posts: what this package sends passes
// through bot's Strict* helpers, so it never carries a working mass mention
// or a code fence that swallows the rest of a message, whatever the front end.

func neutralise(s string) string { return bot.Neutralise(s) }

func oneLine(s string) string { return bot.OneLine(s) }

func safeCommands(cmds []*bot.Command) []*bot.Command { return bot.StrictCommands(cmds) }

// pub is the environment's publisher, neutralising what it sends.
func (m *Meetings) pub() bot.Publisher { return bot.StrictPublisher{Publisher: m.env.Pub} }
