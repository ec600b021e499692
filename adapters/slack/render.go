package slack

import (
	"strconv"
	"strings"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"partnerbot/bot"
)

// Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks).
const (
	maxBlocks        = 50
	maxSectionText   = 3000
	maxHeaderText    = 150
	maxFieldText     = 2000
	maxFieldsPerSect = 10
	maxContextElems  = 10
	maxButtonLabel   = 75
	maxButtonValue   = 2000
	buttonsPerRow    = 5
	maxFallbackText  = 3000
)

// message is a rendered reply: the Block Kit blocks and a plain fallback
// text for notifications. Marshalled as JSON it is the body of a slash
// command response or a response_url post.
type message struct {
	// ResponseType is "ephemeral" or "in_channel" for slash command and
	// response_url replies; empty for chat.postMessage.
	ResponseType string `json:"response_type,omitempty"`
	// ReplaceOriginal is sent with response_url replies to buttons: false,
	// so the presser's confirmation never replaces the shared poll message.
	ReplaceOriginal *bool            `json:"replace_original,omitempty"`
	Text            string           `json:"text"`
	Blocks          []slackapi.Block `json:"blocks"`
}

// render turns a reply into Block Kit. All text from the reply is escaped
// in mrkdwn (so user text never pings anyone); plain_text objects (header,
// button labels) are never parsed for mentions by Slack and are left as is.
// The image, if any, is not part of the blocks: Post uploads it beside the
// message.
func render(r bot.Reply) message {
	var blocks []slackapi.Block
	if t := strings.TrimSpace(r.Title); t != "" {
		blocks = append(blocks, slackapi.NewHeaderBlock(plain(truncate(oneLine(t), maxHeaderText))))
	}
	body := strings.TrimRight(r.Text, "\n ")
	if r.Error && body != "" {
		body = ":warning: " + body
	}
	for _, part := range splitText(escape(body), maxSectionText) {
		blocks = append(blocks, slackapi.NewSectionBlock(mrkdwn(part), nil, nil))
	}
	for i := 0; i < len(r.Fields); i += maxFieldsPerSect {
		end := min(i+maxFieldsPerSect, len(r.Fields))
		var fields []*slackapi.TextBlockObject
		for _, f := range r.Fields[i:end] {
			text := "*" + escape(oneLine(f.Name)) + "*\n" + escape(f.Value)
			if strings.TrimSpace(f.Name) == "" {
				text = escape(f.Value)
			}
			fields = append(fields, mrkdwn(truncateEscaped(text, maxFieldText)))
		}
		blocks = append(blocks, slackapi.NewSectionBlock(nil, fields, nil))
	}
	for i := 0; i < len(r.Context); i += maxContextElems {
		end := min(i+maxContextElems, len(r.Context))
		var elems []slackapi.MixedElement
		for _, c := range r.Context[i:end] {
			if strings.TrimSpace(c) == "" {
				continue
			}
			elems = append(elems, mrkdwn(truncateEscaped(escape(c), maxSectionText)))
		}
		if len(elems) > 0 {
			blocks = append(blocks, slackapi.NewContextBlock("", elems...))
		}
	}
	var row []slackapi.BlockElement
	rows := 0
	flush := func() {
		if len(row) > 0 {
			blocks = append(blocks, slackapi.NewActionBlock("choices:"+strconv.Itoa(rows), row...))
			rows++
			row = nil
		}
	}
	for n, c := range r.Choices {
		if c.Command == "" || len(c.Command) > maxButtonValue {
			continue // a button Slack would refuse; the text fallback still works
		}
		label := truncate(oneLine(c.Label), maxButtonLabel)
		if label == "" {
			label = truncate(c.Command, maxButtonLabel)
		}
		b := slackapi.NewButtonBlockElement(actionPrefix+strconv.Itoa(n), c.Command, plain(label))
		switch c.Style {
		case "primary":
			b = b.WithStyle(slackapi.StylePrimary)
		case "danger":
			b = b.WithStyle(slackapi.StyleDanger)
		}
		row = append(row, b)
		if len(row) == buttonsPerRow {
			flush()
		}
	}
	flush()
	if len(blocks) > maxBlocks {
		blocks = append(blocks[:maxBlocks-1], slackapi.NewContextBlock("", mrkdwn("_(cut short: this reply is too long for one Slack message)_")))
	}
	return message{Text: fallback(r), Blocks: blocks}
}

// actionPrefix starts the action_id of every command button.
const actionPrefix = "cmd:"

// fallback is the message's plain text for notifications and clients
// without Block Kit: the title and the text, escaped.
func fallback(r bot.Reply) string {
	s := strings.TrimSpace(r.Title)
	if t := strings.TrimSpace(r.Text); t != "" {
		if s != "" {
			s += "\n"
		}
		s += t
	}
	if s == "" && len(r.Fields) > 0 {
		s = r.Fields[0].Name + ": " + r.Fields[0].Value
	}
	if s == "" {
		s = "…"
	}
	return truncateEscaped(escape(s), maxFallbackText)
}

func plain(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.PlainTextType, s, true, false)
}

func mrkdwn(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.MarkdownType, s, false, false)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// truncate cuts s to at most n runes, ending with "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// truncateEscaped is truncate for escaped text: it never cuts an entity
// (&amp; &lt; &gt;) in half.
func truncateEscaped(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := safeCut(r, n-1)
	return string(r[:cut]) + "…"
}

// safeCut moves a cut position back so it doesn't fall inside an entity.
func safeCut(r []rune, cut int) int {
	for i := cut - 1; i >= 0 && i >= cut-5; i-- {
		if r[i] == ';' {
			break
		}
		if r[i] == '&' {
			return i
		}
	}
	return cut
}

// splitText splits s into parts of at most n runes, at line ends where it
// can, at spaces next, and never inside an entity.
func splitText(s string, n int) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var parts []string
	r := []rune(s)
	for len(r) > n {
		cut := -1
		for i := n; i > n/2; i-- {
			if r[i] == '\n' {
				cut = i
				break
			}
		}
		if cut < 0 {
			for i := n; i > n/2; i-- {
				if r[i] == ' ' {
					cut = i
					break
				}
			}
		}
		if cut < 0 {
			cut = safeCut(r, n)
		}
		if part := strings.TrimRight(string(r[:cut]), "\n "); part != "" {
			parts = append(parts, part)
		}
		r = []rune(strings.TrimLeft(string(r[cut:]), "\n "))
	}
	if rest := strings.TrimRight(string(r), "\n "); rest != "" {
		parts = append(parts, rest)
	}
	return parts
}
