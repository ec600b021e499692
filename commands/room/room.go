// Package room is the cross-platform part of the partnership: the rooms
// that bind Slack and Discord channels together (`room list`, `room status`
// for admins) and the linking of one person's identities across platforms
// (`whoami link`).
package room

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"partnerbot/bot"
)

// Status is what the hub knows about deliveries.
type Status interface {
	Status() map[bot.ID]bot.ChannelStatus
	Pending() map[bot.ID]int
}

// Room is the rooms capability.
type Room struct {
	env    *bot.Env
	status Status
	links  *bot.Links
}

// New builds the rooms capability.
func New(env *bot.Env, status Status, links *bot.Links) *Room {
	return &Room{env: env, status: status, links: links}
}

// Commands are `room list` and `room status`.
func (r *Room) Commands() []*bot.Command {
	return []*bot.Command{{
		Name:    "room",
		Summary: "the rooms that join Slack and Discord channels into one place",
		Subs: []*bot.Command{
			{Name: "list", Summary: "the rooms and the channels bound to each", Examples: []string{"room list"}, Handle: r.list},
			{Name: "status", Summary: "whether posts to each channel are getting through", Admin: true, Examples: []string{"room status"}, Handle: r.statusCmd},
		},
	}}
}

func (r *Room) list(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	names := r.env.Rooms.Names()
	if len(names) == 0 {
		return bot.Private("There are no rooms yet. An admin adds them under `[[rooms]]` in the config."), nil
	}
	var b strings.Builder
	rooms := map[string]any{}
	for _, n := range names {
		chans, _ := r.env.Rooms.Channels(n)
		def := ""
		if n == r.env.Rooms.Default {
			def = " (default)"
		}
		fmt.Fprintf(&b, "• *#%s*%s — %s\n", n, def, describeChannels(chans))
		ids := make([]string, len(chans))
		for i, c := range chans {
			ids[i] = string(c)
		}
		rooms[n] = ids
	}
	return bot.Reply{Title: "Rooms", Text: strings.TrimRight(b.String(), "\n"), Ephemeral: true, Data: map[string]any{"rooms": rooms}}, nil
}

func describeChannels(chans []bot.ID) string {
	if len(chans) == 0 {
		return "no channels yet"
	}
	count := map[string]int{}
	for _, c := range chans {
		count[platformName(c.Platform())]++
	}
	var parts []string
	for _, p := range bot.SortedKeys(count) {
		s := "s"
		if count[p] == 1 {
			s = ""
		}
		parts = append(parts, fmt.Sprintf("%d %s channel%s", count[p], p, s))
	}
	return strings.Join(parts, ", ")
}

func platformName(p string) string {
	switch p {
	case "slack":
		return "Slack"
	case "discord":
		return "Discord"
	}
	return p
}

func (r *Room) statusCmd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	st := r.status.Status()
	pend := r.status.Pending()
	var b strings.Builder
	var rows []map[string]any
	for _, n := range r.env.Rooms.Names() {
		chans, _ := r.env.Rooms.Channels(n)
		fmt.Fprintf(&b, "*#%s*\n", n)
		for _, c := range chans {
			s, seen := st[c]
			line := "not used yet"
			ok := true
			switch {
			case seen && s.OK:
				line = "✅ working (last post " + s.At.In(r.env.Loc).Format("Mon 2 Jan 15:04") + ")"
			case seen:
				ok = false
				line = "⚠️ failing since " + s.At.In(r.env.Loc).Format("Mon 2 Jan 15:04") + ": " + s.Problem
			}
			if n := pend[c]; n > 0 {
				line += fmt.Sprintf(" — %d waiting to be retried", n)
				ok = false
			}
			fmt.Fprintf(&b, "  %s %s: %s\n", platformName(c.Platform()), c.Local(), line)
			rows = append(rows, map[string]any{"room": n, "channel": string(c), "ok": ok, "pending": pend[c]})
		}
	}
	// Channels outside rooms that have pending deliveries (DMs, direct channels).
	var others []string
	for c, n := range pend {
		if r.env.Rooms.RoomOf(c) == "" {
			others = append(others, fmt.Sprintf("  %s: %d waiting to be retried", c, n))
		}
	}
	sort.Strings(others)
	if len(others) > 0 {
		b.WriteString("*Other channels*\n" + strings.Join(others, "\n") + "\n")
	}
	if b.Len() == 0 {
		b.WriteString("There are no rooms yet.")
	}
	return bot.Reply{Title: "Room status", Text: strings.TrimRight(b.String(), "\n"), Ephemeral: true, Data: map[string]any{"channels": rows}}, nil
}

// LinkCommands are the `whoami link` and `whoami unlink` subcommands, to be
// added to the whoami command.
func (r *Room) LinkCommands() []*bot.Command {
	return []*bot.Command{
		{
			Name:     "link",
			Summary:  "join your Slack and Discord accounts so you count once: run it on one, repeat the code on the other",
			Args:     []bot.Arg{{Name: "code", Kind: bot.Word, Help: "the code `whoami link` gave you on your other account"}},
			Examples: []string{"whoami link", "whoami link ABCD-EFGH"},
			Handle:   r.link,
		},
		{Name: "unlink", Summary: "separate this account from the one it is linked to", Examples: []string{"whoami unlink"}, Handle: r.unlink},
	}
}

func (r *Room) link(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	code := req.Args.String("code")
	if code == "" {
		c, err := r.links.NewCode(req.User, req.Time)
		if err != nil {
			return bot.Reply{}, err
		}
		return bot.Reply{
			Text:      fmt.Sprintf("Your link code is *%s*. On your other account (Slack or Discord), send `whoami link %s` within %d minutes. Then your votes, RSVPs and organisation count once, wherever you use them.", c, c, int(bot.LinkCodeTTL.Minutes())),
			Ephemeral: true,
			Data:      map[string]any{"code": c, "expires": req.Time.Add(bot.LinkCodeTTL).UTC().Format("2006-01-02T15:04:05Z07:00")},
		}, nil
	}
	person, err := r.links.Redeem(req.User, code, req.Time)
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Reply{
		Text:      fmt.Sprintf("Linked: this account and %s are now one person to me. A vote or RSVP from either replaces the other's.", r.env.People.Label(person)),
		Ephemeral: true,
		Data:      map[string]any{"person": string(person), "user": string(req.User)},
	}, nil
}

func (r *Room) unlink(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	if err := r.links.Unlink(req.User); err != nil {
		return bot.Reply{}, err
	}
	return bot.Private("Done: this account is separate again."), nil
}
