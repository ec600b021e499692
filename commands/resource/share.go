package resource

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"partnerbot/bot"
	"partnerbot/storage"
)

const (
	maxTitle       = 200
	maxDescription = 1000
)

// shareRequest is a parsed `resource share`.
type shareRequest struct {
	url, title, description, room string
	tags                          []string
}

// parseShare reads `URL "Title" [#theme ...] ["description"] [--room ROOM]`.
// The title is the first quoted phrase (or the plain words) after the link;
// anything else that is not a tag is the description. Tags may come
// anywhere after the link.
func parseShare(text string) (*shareRequest, error) {
	cs := commandRest(text, "resource", "share")
	s := &shareRequest{}
	var rest []chunk
	for i := 0; i < len(cs); i++ {
		c := cs[i]
		if !c.quoted && !c.tag && strings.HasPrefix(strings.ToLower(c.text), "--room") {
			if v, ok := strings.CutPrefix(c.text, "--room="); ok {
				s.room = v
			} else if i+1 < len(cs) {
				i++
				s.room = cs[i].text
			}
			continue
		}
		rest = append(rest, c)
	}
	if len(rest) == 0 || rest[0].tag {
		return nil, bot.Refuse(shareExample, "Tell me the link to share, then its title in quotes.")
	}
	s.url = rest[0].text
	rest = rest[1:]
	var parts []string
	var words []string
	flush := func() {
		if len(words) > 0 {
			parts = append(parts, strings.Join(words, " "))
			words = nil
		}
	}
	for _, c := range rest {
		switch {
		case c.tag:
			flush()
			s.tags = append(s.tags, c.text)
		case c.quoted:
			flush()
			if t := strings.TrimSpace(c.text); t != "" {
				parts = append(parts, t)
			}
		default:
			words = append(words, c.text)
		}
	}
	flush()
	if len(parts) == 0 {
		return nil, bot.Refuse(shareExample, "Give the link a title in quotes, so people can find it again.")
	}
	// One line each: typed line breaks can't fake extra lines in a card.
	s.title = bot.OneLine(parts[0])
	s.description = bot.OneLine(strings.Join(parts[1:], " "))
	if s.title == "" {
		return nil, bot.Refuse(shareExample, "Give the link a title in quotes, so people can find it again.")
	}
	if n := utf8.RuneCountInString(s.title); n > maxTitle {
		return nil, bot.Refuse(shareExample, "That title is too long (%d characters; the most is %d). Put the detail in the description.", n, maxTitle)
	}
	if n := utf8.RuneCountInString(s.description); n > maxDescription {
		return nil, bot.Refuse(shareExample, "That description is too long (%d characters; the most is %d).", n, maxDescription)
	}
	return s, nil
}

func (l *Library) share(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	s, err := parseShare(commandText(req))
	if err != nil {
		return bot.Reply{}, err
	}
	link, err := CheckURL(s.url)
	if err != nil {
		return bot.Reply{}, err
	}
	themes, err := l.resolveTags(s.tags, shareExample)
	if err != nil {
		return bot.Reply{}, err
	}
	// Where to post it: --room, else this channel's room, else this channel
	// (not a direct message).
	target, where := "", ""
	switch {
	case s.room != "":
		room := bot.NormaliseRoom(s.room)
		if l.env.Rooms == nil {
			return bot.Reply{}, bot.Errorf("There's no room called %q.", s.room)
		}
		if err := l.env.Rooms.Check(room); err != nil {
			return bot.Reply{}, err
		}
		target, where = room, "#"+room
	case req.Room != "":
		target, where = req.Room, "#"+req.Room
	case !req.DM && req.Channel != "":
		target, where = string(req.Channel), "this channel"
	}
	r := &Resource{
		URL: link, Norm: NormaliseURL(link), Title: s.title, Description: s.description,
		Themes: themes, By: req.Person, ByName: req.UserName, At: l.env.Clock.Now().UTC(), Room: bot.NormaliseRoom(target),
	}
	if r.By == "" {
		r.By = req.User
	}
	if strings.Contains(target, ":") {
		r.Room = ""
	}
	var prev *Resource
	added := false
	err = l.env.DB.Update(func(tx *storage.Tx) error {
		var err error
		prev, added, err = add(tx, r)
		return err
	})
	if err != nil {
		return bot.Reply{}, fmt.Errorf("saving resource: %w", err)
	}
	if !added {
		return bot.Reply{}, bot.Refuse("resource search "+firstWords(prev.Title), "Already shared by %s on %s: resource %d (%s).",
			l.sharerName(prev), l.shortDate(prev.At), prev.ID, quoted(prev.Title))
	}
	card := l.card(r)
	data := map[string]any{"id": r.ID}
	if target == "" {
		card.Ephemeral = true
		card.Text += "\n\nIt's in the library. It wasn't posted anywhere: share it in a channel, or add --room ROOM, to post it."
		card.Key = ""
		card.Data = data
		return card, nil
	}
	if _, err := l.env.Pub.Publish(ctx, target, bot.SafeReply(card)); err != nil {
		l.log("posting a resource failed", "id", r.ID, "target", target, "err", err)
		return bot.Reply{Text: fmt.Sprintf("Saved %s as resource %d, but I couldn't post it to %s just now. People can still find it with `resource search`.", quoted(r.Title), r.ID, where), Ephemeral: true, Data: data}, nil
	}
	return bot.Reply{Text: fmt.Sprintf("Shared %s as resource %d in %s.", quoted(r.Title), r.ID, where), Ephemeral: true, Data: data}, nil
}

// firstWords is up to three words of s, for an example search.
func firstWords(s string) string {
	f := strings.Fields(s)
	if len(f) > 3 {
		f = f[:3]
	}
	return strings.Join(f, " ")
}
