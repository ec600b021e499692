package bot

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"unicode"
)

// Echoing user text safely.
//
// Text people type (a question, an option, a title, a note) is echoed in
// replies and posts. The adapters keep messages from pinging anyone (Slack
// text is escaped, Discord messages allow no mentions); this is the second
// line, applied to every reply the router returns and every post the hub
// makes: nothing the bot sends carries a working mass mention, whatever the
// front end.

// mentions matches what could ping or link: @everyone, @here, @channel,
// Slack's <!…>, <@…> and channel links <#…>, Discord's <@…> and <@&role>.
var mentions = regexp.MustCompile(`(?i)@(everyone|here|channel)\b|<[!@#]`)

// fences also matches ``` (a code fence that would swallow the rest of a
// message when a user's text is put inside one).
var mentionsAndFences = regexp.MustCompile("(?i)@(everyone|here|channel)\\b|<[!@#]|```")

func insertZWSP(m string) string { return m[:1] + "\u200b" + m[1:] }

// Neutralise puts a zero-width space inside anything in user-typed text s
// that could ping many people or break a message's formatting (mass
// mentions, mention syntax, code fences); it reads the same. Idempotent.
func Neutralise(s string) string {
	if !strings.ContainsAny(s, "@<`") {
		return s
	}
	return mentionsAndFences.ReplaceAllStringFunc(s, insertZWSP)
}

// neutraliseMentions is Neutralise without the fences, for whole replies
// that format with code blocks of their own.
func neutraliseMentions(s string) string {
	if !strings.ContainsAny(s, "@<") {
		return s
	}
	return mentions.ReplaceAllStringFunc(s, insertZWSP)
}

// OneLine turns line breaks, tabs and other control characters in a
// one-line field (a title, an option) into spaces, and runs of spaces into
// one, so typed text can't fake extra lines in a card.
func OneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// SafeReply neutralises mentions in every shown part of r (not its Data,
// which is for programs, nor the commands its buttons carry). The router
// and the hub apply it to everything.
func SafeReply(r Reply) Reply { return cleanReply(r, neutraliseMentions) }

// StrictReply is SafeReply that also breaks code fences: for capabilities
// whose replies echo user text and format with no code blocks of their own.
func StrictReply(r Reply) Reply { return cleanReply(r, Neutralise) }

func cleanReply(r Reply, neutraliseMentions func(string) string) Reply {
	r.Title = neutraliseMentions(r.Title)
	r.Text = neutraliseMentions(r.Text)
	if r.Fields != nil {
		fs := make([]Field, len(r.Fields))
		for i, f := range r.Fields {
			f.Name, f.Value = neutraliseMentions(f.Name), neutraliseMentions(f.Value)
			fs[i] = f
		}
		r.Fields = fs
	}
	if r.Context != nil {
		cs := make([]string, len(r.Context))
		for i, c := range r.Context {
			cs[i] = neutraliseMentions(c)
		}
		r.Context = cs
	}
	if r.Choices != nil {
		cs := make([]Choice, len(r.Choices))
		for i, c := range r.Choices {
			c.Label = neutraliseMentions(c.Label)
			cs[i] = c
		}
		r.Choices = cs
	}
	return r
}

// StrictError neutralises a refusal's message (it often quotes what was
// typed).
func StrictError(err error) error {
	var ue *UserError
	if err == nil || !errors.As(err, &ue) {
		return err
	}
	return &UserError{Msg: Neutralise(ue.Msg), Example: Neutralise(ue.Example)}
}

// StrictCommands wraps every handler of cmds (and their subcommands) so
// that their replies and refusals pass through StrictReply and StrictError.
func StrictCommands(cmds []*Command) []*Command {
	for _, c := range cmds {
		if h := c.Handle; h != nil {
			c.Handle = func(ctx context.Context, req *Request) (Reply, error) {
				r, err := h(ctx, req)
				if err != nil {
					return r, StrictError(err)
				}
				return StrictReply(r), nil
			}
		}
		StrictCommands(c.Subs)
	}
	return cmds
}

// StrictPublisher is a Publisher that passes what it sends through
// StrictReply.
type StrictPublisher struct{ Publisher }

// Publish posts a neutralised r.
func (p StrictPublisher) Publish(ctx context.Context, target string, r Reply) (int, error) {
	return p.Publisher.Publish(ctx, target, StrictReply(r))
}

// Update updates with a neutralised r.
func (p StrictPublisher) Update(ctx context.Context, r Reply) error {
	return p.Publisher.Update(ctx, StrictReply(r))
}

// Direct sends a neutralised r.
func (p StrictPublisher) Direct(ctx context.Context, user ID, r Reply) error {
	return p.Publisher.Direct(ctx, user, StrictReply(r))
}
