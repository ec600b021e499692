package org

import "partnerbot/bot"

// User text is echoed in replies and posts: what this package sends passes
// through bot's Strict* helpers, so it never carries a working mass mention
// or a code fence that swallows the rest of a message, whatever the front end.

func safeCommands(cmds []*bot.Command) []*bot.Command { return bot.StrictCommands(cmds) }
