package remind

import (
	"regexp"
	"strings"
	"unicode"

	"partnerbot/bot"
)

var (
	// <@U123>, <@U123|sam>, <@!123> (Slack and Discord mentions).
	reUserMention = regexp.MustCompile(`^<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>$`)
	// <#C123|general>, <#123> (channel mentions).
	reChanMention = regexp.MustCompile(`^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$`)
	// A Slack user id (U…/W…) or a Discord snowflake.
	reUserID = regexp.MustCompile(`^(?:[UW][A-Z0-9]{6,}|[0-9]{15,21})$`)
	// Names people may use for a console user.
	reName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
)

const createExample = "remind me to call the food bank tomorrow at 9am"

// parseTarget reads the first word of a remind command: me, here, a room,
// a channel or a person. It returns the target and the rest of the text.
func (s *Reminders) parseTarget(req *bot.Request, text string) (Target, string, error) {
	text = strings.TrimSpace(text)
	word, rest := text, ""
	if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
		word, rest = text[:i], strings.TrimSpace(text[i:])
	}
	lw := strings.ToLower(word)
	me := Target{Kind: ToMe, User: req.User}
	plat, team := req.User.Platform(), req.User.Team()
	switch {
	case word == "":
		return Target{}, "", bot.Refuse(createExample, "Who should I remind, what about, and when?")
	case massMention(lw):
		return Target{}, "", bot.Refuse("remind #"+s.defaultRoom()+" to send the agenda on Friday at 10:00",
			"I don't remind everyone at once. To reach a room, name it with #; to reach a person, name them with @.")
	case lw == "me" || lw == "myself":
		return me, rest, nil
	case lw == "here" || lw == "us":
		if req.Room != "" {
			return Target{Kind: ToRoom, Room: req.Room}, rest, nil
		}
		if req.DM || req.Channel == "" {
			return me, rest, nil
		}
		return Target{Kind: ToChannel, Channel: req.Channel}, rest, nil
	case reUserMention.MatchString(word):
		id := bot.ID(plat + ":" + team + ":" + reUserMention.FindStringSubmatch(word)[1])
		t, err := s.personTarget(req, id, word)
		return t, rest, err
	case reChanMention.MatchString(word):
		ch := bot.ID(plat + ":" + team + ":" + reChanMention.FindStringSubmatch(word)[1])
		if s.env.Rooms != nil {
			if room := s.env.Rooms.RoomOf(ch); room != "" {
				return Target{Kind: ToRoom, Room: room}, rest, nil
			}
		}
		return Target{Kind: ToChannel, Channel: ch}, rest, nil
	case strings.HasPrefix(word, "@") && len(word) > 1:
		name := word[1:]
		if full, err := bot.ParseID(name); err == nil {
			t, err := s.personTarget(req, full, word)
			return t, rest, err
		}
		if plat != "console" && !reUserID.MatchString(name) {
			return Target{}, "", bot.Refuse("remind <@U0123ABC> to send the minutes on Friday at 10:00",
				"I can't tell who %s is from the name alone. Pick them from the list as you type @, so the message carries who they are.", word)
		}
		if !reName.MatchString(name) {
			return Target{}, "", bot.Refuse("remind @sam to send the minutes on Friday at 10:00", "%s isn't a name I can read.", quoted(word))
		}
		t, err := s.personTarget(req, bot.ID(plat+":"+team+":"+name), word)
		return t, rest, err
	case strings.HasPrefix(word, "#"):
		room := bot.NormaliseRoom(word)
		if s.env.Rooms == nil || !s.env.Rooms.Known(room) {
			if s.env.Rooms == nil {
				return Target{}, "", bot.Errorf("There's no room called %q.", room)
			}
			return Target{}, "", s.env.Rooms.Check(room)
		}
		return Target{Kind: ToRoom, Room: room}, rest, nil
	case s.env.Rooms != nil && s.env.Rooms.Known(lw):
		return Target{Kind: ToRoom, Room: bot.NormaliseRoom(lw)}, rest, nil
	}
	return Target{}, "", bot.Refuse(createExample,
		"Who should I remind? Start with `me`, a room (like #%s) or a person (like @sam), not %s.", s.defaultRoom(), quoted(word))
}

func (s *Reminders) defaultRoom() string {
	if s.env.Rooms != nil && s.env.Rooms.Default != "" {
		return s.env.Rooms.Default
	}
	return "sip-general"
}

// massMention reports whether a (lower-cased) first word addresses many
// people at once: @everyone, @here, @channel, Slack's <!here> or
// <!subteam^…>, a Discord role <@&…>.
func massMention(w string) bool {
	switch strings.TrimPrefix(w, "@") {
	case "everyone", "here", "channel":
		return strings.HasPrefix(w, "@")
	}
	return strings.HasPrefix(w, "<!") || strings.HasPrefix(w, "<@&")
}

// personTarget checks that req may remind id. Reminding someone else is
// allowed only where the two could share a channel: the same platform and
// workspace (Slack team, Discord guild), and not from a private message on
// Slack or Discord, where the other person is not present.
func (s *Reminders) personTarget(req *bot.Request, id bot.ID, said string) (Target, error) {
	if id == req.User || id == req.Person {
		return Target{Kind: ToMe, User: req.User}, nil
	}
	if id.Platform() != req.User.Platform() || id.Team() != req.User.Team() {
		return Target{}, bot.Errorf("I can only remind people who share a channel with you, and %s isn't in your workspace.", said)
	}
	if req.DM && req.User.Platform() != "console" {
		return Target{}, bot.Refuse("remind me to call the food bank tomorrow at 9am",
			"To remind someone else, ask in a channel you both belong to, not in a private message with me.")
	}
	return Target{Kind: ToUser, User: id}, nil
}

// label is how a target reads in a sentence, from the point of view of the
// person who set it: "you", "#sip-general", "@sam" or a mention.
func (s *Reminders) label(t Target, viewer bot.ID) string {
	switch t.Kind {
	case ToMe:
		if viewer == "" || viewer == t.User {
			return "you"
		}
		return s.personLabel(t.User)
	case ToUser:
		if viewer == t.User {
			return "you"
		}
		return s.personLabel(t.User)
	case ToRoom:
		return "#" + t.Room
	case ToChannel:
		switch t.Channel.Platform() {
		case "slack", "discord":
			return "<#" + t.Channel.Local() + ">"
		}
		return string(t.Channel)
	}
	return "?"
}

func (s *Reminders) personLabel(id bot.ID) string {
	switch id.Platform() {
	case "slack", "discord":
		return "<@" + id.Local() + ">"
	}
	if s.env.People != nil {
		return "@" + s.env.People.Name(id)
	}
	return "@" + id.Local()
}

// reminded reports whether req comes from the person a reminder is for.
func reminded(req *bot.Request, r *Reminder) bool {
	u := r.Target.User
	return (r.Target.Kind == ToUser || r.Target.Kind == ToMe) && u != "" && (u == req.User || u == req.Person)
}

func creator(req *bot.Request, r *Reminder) bool {
	return r.By == req.Person || r.By == req.User || r.ByUser == req.User
}

// canDelete: the creator, the person reminded, or an admin.
func canDelete(req *bot.Request, r *Reminder) bool {
	return req.Admin || creator(req, r) || reminded(req, r)
}

// canHandle is who may mark done or snooze (the buttons): as canDelete, and
// for a room or channel reminder anyone in that room or channel.
func canHandle(req *bot.Request, r *Reminder) bool {
	if canDelete(req, r) {
		return true
	}
	switch r.Target.Kind {
	case ToRoom:
		return req.Room != "" && req.Room == r.Target.Room
	case ToChannel:
		return req.Channel == r.Target.Channel
	}
	return false
}
