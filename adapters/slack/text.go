package slack

import (
	"regexp"
	"strings"
)

// escaper escapes the three characters Slack's mrkdwn treats as markup, so
// that text from users (<!channel>, <!here>, <!everyone>, <@U…>,
// <!subteam^…>, <https://evil|innocent>) is shown, never acted on.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes s safe to put in a mrkdwn text object.
func escape(s string) string { return escaper.Replace(s) }

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// slackLink matches Slack's <…> markup in incoming text.
var slackLink = regexp.MustCompile(`<([^<>]*)>`)

// inbound turns the text of a slash command or message into command text:
// channel links become "#name" (or the channel's full id when Slack sends
// no name), URL links their URL, user mentions stay <@U…> (commands read
// them), special mentions are kept as typed, and &amp; &lt; &gt; are
// decoded.
func inbound(text, team string) string {
	out := slackLink.ReplaceAllStringFunc(text, func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, _ := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "#C"), strings.HasPrefix(target, "#G"):
			if label != "" {
				return "#" + label
			}
			return "slack:" + team + ":" + target[1:]
		case strings.HasPrefix(target, "@"):
			return "<" + target + ">"
		case strings.HasPrefix(target, "!"):
			return m
		case strings.HasPrefix(target, "mailto:"):
			return strings.TrimPrefix(target, "mailto:")
		case strings.Contains(target, "://"):
			return target
		}
		return m
	})
	return strings.TrimSpace(unescaper.Replace(out))
}

// stripMention removes the bot's own mention (<@UBOT> or <@UBOT|name>)
// from text. When the bot's id is unknown, a leading mention is removed
// (an app_mention always starts with, or contains, the bot's).
func stripMention(text, botID string) string {
	if botID != "" {
		text = strings.ReplaceAll(text, "<@"+botID+">", "")
		for {
			i := strings.Index(text, "<@"+botID+"|")
			if i < 0 {
				break
			}
			j := strings.IndexByte(text[i:], '>')
			if j < 0 {
				break
			}
			text = text[:i] + text[i+j+1:]
		}
		return strings.TrimSpace(text)
	}
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "<@") {
		if j := strings.IndexByte(t, '>'); j > 0 {
			t = t[j+1:]
		}
	}
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), ":"))
}
