package org

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"unicode"

	"partnerbot/bot"
)

// Echoing user text safely.
//
// Text people type (a question, an option, a title, a note) is echoed in
// replies and posts. The adapters already keep messages from pinging anyone
// (Slack text is escaped, Discord messages allow no mentions); this is the
// second line: what this package sends never carries a working mass mention
// or a code fence that swallows the rest of the message, whatever the
// front end. The same small functions are in the poll, org and meeting
// packages; they belong in bot/ and are kept identical so they can move
// there as they are.

// mentionish matches what could ping or reformat: @everyone, @here,
// @channel, Slack's <!…> and <@…> (and Discord's <@&role>), and ```.
var mentionish = regexp.MustCompile("(?i)@(everyone|here|channel)\\b|<[!@]|```")

// neutralise puts a zero-width space inside anything in s that could ping
// many people or break the message's formatting; it reads the same.
// Idempotent.
func neutralise(s string) string {
	if !strings.ContainsAny(s, "@<`") {
		return s
	}
	return mentionish.ReplaceAllStringFunc(s, func(m string) string {
		return m[:1] + "\u200b" + m[1:]
	})
}

// oneLine turns line breaks, tabs and other control characters in a
// one-line field (a title, an option) into spaces, and runs of spaces into
// one, so typed text can't fake extra lines in a card.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// safeReply neutralises every shown part of r (not its Data, which is for
// programs, nor the commands its buttons carry).
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

// safeError neutralises a refusal's message (it often quotes what was typed).
func safeError(err error) error {
	var ue *bot.UserError
	if err == nil || !errors.As(err, &ue) {
		return err
	}
	return &bot.UserError{Msg: neutralise(ue.Msg), Example: neutralise(ue.Example)}
}

// safeCommands wraps every handler of cmds (and their subcommands) so that
// replies and refusals are neutralised.
func safeCommands(cmds []*bot.Command) []*bot.Command {
	for _, c := range cmds {
		if h := c.Handle; h != nil {
			c.Handle = func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
				r, err := h(ctx, req)
				if err != nil {
					return r, safeError(err)
				}
				return safeReply(r), nil
			}
		}
		safeCommands(c.Subs)
	}
	return cmds
}

// safePub is a bot.Publisher that neutralises what it sends.
type safePub struct{ bot.Publisher }

func (p safePub) Publish(ctx context.Context, target string, r bot.Reply) (int, error) {
	return p.Publisher.Publish(ctx, target, safeReply(r))
}

func (p safePub) Update(ctx context.Context, r bot.Reply) error {
	return p.Publisher.Update(ctx, safeReply(r))
}

func (p safePub) Direct(ctx context.Context, user bot.ID, r bot.Reply) error {
	return p.Publisher.Direct(ctx, user, safeReply(r))
}
