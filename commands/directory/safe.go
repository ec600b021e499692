package directory

import (
	"context"

	"partnerbot/bot"
)

// Echoing typed text safely: what people type is put into messages through
// bot.Neutralise (mass mentions, mention and channel-link syntax, code
// fences), on top of the router and hub's bot.SafeReply.

// neutralise puts a zero-width space inside anything in s that could ping
// people, link a channel or break a message's formatting; it reads the
// same. Idempotent.
func neutralise(s string) string { return bot.Neutralise(s) }

// safeReply neutralises every shown part of r (bot.StrictReply).
func safeReply(r bot.Reply) bot.Reply { return bot.StrictReply(r) }

// safe wraps a handler so its replies and refusals are neutralised. (Not
// `directory export`, whose CSV in a code block is meant to be copied as
// it is.)
func safe(h func(context.Context, *bot.Request) (bot.Reply, error)) func(context.Context, *bot.Request) (bot.Reply, error) {
	return func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		r, err := h(ctx, req)
		if err != nil {
			return r, bot.StrictError(err)
		}
		return safeReply(r), nil
	}
}
