package directory

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"partnerbot/bot"
)

// Echoing typed text safely. Questions, organisation and service names and
// every field of the directory are echoed in answers. The adapters keep
// messages from pinging anyone, and the router and hub neutralise mass
// mentions in every reply and post (bot.SafeReply); this is the third
// line, over everything this package answers: it also covers channel links
// (<#…>) and code fences, which bot.Neutralise leaves. The same function is
// in the remind and resource packages; it belongs in bot/ (as an extension
// of bot.Neutralise).

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

// safeReply neutralises every shown part of r: not its Data (for programs),
// its image, or the commands its buttons carry.
func safeReply(r bot.Reply) bot.Reply {
	r.Title = neutralise(r.Title)
	r.Text = neutralise(r.Text)
	if r.Fields != nil {
		fs := make([]bot.Field, len(r.Fields))
		for i, f := range r.Fields {
			f.Name, f.Value = neutralise(f.Name), neutralise(f.Value)
			fs[i] = f
		}
		r.Fields = fs
	}
	if r.Context != nil {
		cs := make([]string, len(r.Context))
		for i, c := range r.Context {
			cs[i] = neutralise(c)
		}
		r.Context = cs
	}
	if r.Choices != nil {
		cs := make([]bot.Choice, len(r.Choices))
		for i, c := range r.Choices {
			c.Label = neutralise(c.Label)
			cs[i] = c
		}
		r.Choices = cs
	}
	return r
}

// safe wraps a handler so its replies and refusals are neutralised. (Not
// `directory export`, whose CSV in a code block is meant to be copied as
// it is.)
func safe(h func(context.Context, *bot.Request) (bot.Reply, error)) func(context.Context, *bot.Request) (bot.Reply, error) {
	return func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		r, err := h(ctx, req)
		var ue *bot.UserError
		if errors.As(err, &ue) {
			return r, &bot.UserError{Msg: neutralise(ue.Msg), Example: neutralise(ue.Example)}
		}
		if err != nil {
			return r, err
		}
		return safeReply(r), nil
	}
}
