package discord

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"partnerbot/bot"
)

// Limits on what an interaction may carry.
const (
	maxCustomID    = 100
	maxOptionCount = 25
	maxValueLen    = bot.MaxTextLen
)

// errBadPayload marks an interaction that is not well formed.
var errBadPayload = errors.New("malformed interaction")

// decodeInteraction parses the body of an HTTP interaction.
func decodeInteraction(body []byte) (*discordgo.Interaction, error) {
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		return nil, fmt.Errorf("%w: %v", errBadPayload, err)
	}
	return &i, nil
}

// isSnowflake reports whether s looks like a Discord id.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// team is the team part of ids for an interaction or message in guild
// (empty for a direct message).
func (a *Adapter) team(guild string) string {
	if guild != "" {
		return guild
	}
	if a.cfg.GuildID != "" {
		return a.cfg.GuildID
	}
	return "@me"
}

// UserID is the bot id of a Discord user seen in guild ("" for a DM).
func (a *Adapter) UserID(guild, user string) bot.ID {
	return bot.ID("discord:" + a.team(guild) + ":" + user)
}

// ChannelID is the bot id of a Discord channel in guild ("" for a DM).
func (a *Adapter) ChannelID(guild, channel string) bot.ID {
	return bot.ID("discord:" + a.team(guild) + ":" + channel)
}

// baseRequest fills who and where from an interaction.
func (a *Adapter) baseRequest(i *discordgo.Interaction) (*bot.Request, error) {
	var u *discordgo.User
	var roles []string
	var nick string
	if i.Member != nil {
		u = i.Member.User
		roles = i.Member.Roles
		nick = i.Member.Nick
	}
	if u == nil {
		u = i.User
	}
	if u == nil || !isSnowflake(u.ID) {
		return nil, fmt.Errorf("%w: no user", errBadPayload)
	}
	if !isSnowflake(i.ChannelID) {
		return nil, fmt.Errorf("%w: no channel", errBadPayload)
	}
	if i.GuildID != "" && !isSnowflake(i.GuildID) {
		return nil, fmt.Errorf("%w: bad guild id", errBadPayload)
	}
	req := &bot.Request{
		User:     a.UserID(i.GuildID, u.ID),
		UserName: displayName(nick, u),
		Channel:  a.ChannelID(i.GuildID, i.ChannelID),
		DM:       i.GuildID == "",
		Admin:    a.hasAdminRole(roles),
		Time:     a.now(),
	}
	a.remember(req)
	return req, nil
}

func displayName(nick string, u *discordgo.User) string {
	name := nick
	if name == "" && u != nil {
		name = u.GlobalName
	}
	if name == "" && u != nil {
		name = u.Username
	}
	return cleanLine(truncate(name, 80))
}

func (a *Adapter) hasAdminRole(roles []string) bool {
	for _, r := range roles {
		for _, admin := range a.cfg.AdminRoles {
			if r != "" && r == admin {
				return true
			}
		}
	}
	return false
}

func (a *Adapter) remember(req *bot.Request) {
	if a.opts.People == nil || req.UserName == "" {
		return
	}
	if err := a.opts.People.Remember(req.User, req.UserName); err != nil {
		a.log.Warn("remembering a name failed", "user", string(req.User), "err", err)
	}
}

// cleanLine drops control characters.
func cleanLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// commandText rebuilds the command text from a slash command's options:
// the command word, the subcommand, the positional arguments in spec order
// and the flags, so the router parses it as if typed. It also returns the
// schema it used (nil for a command the router doesn't know).
func (a *Adapter) commandText(data discordgo.ApplicationCommandInteractionData) (string, *schema, error) {
	_, idx := build(a.specs())
	name := data.Name
	opts := data.Options
	path := name
	if len(opts) == 1 && opts[0] != nil && (opts[0].Type == discordgo.ApplicationCommandOptionSubCommand || opts[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
		path = name + " " + opts[0].Name
		opts = opts[0].Options
	}
	sc := idx[path]
	if sc == nil {
		return "", nil, bot.Refuse("help", "I don't know the command /%s. Type /help to see what I can do.", cleanLine(truncate(path, 40)))
	}
	if len(opts) > maxOptionCount {
		return "", nil, bot.Errorf("That command has too many options (%d).", len(opts))
	}
	given := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, o := range opts {
		if o == nil {
			continue
		}
		given[o.Name] = o
	}
	parts := []string{sc.word}
	if sc.sub != "" {
		parts = append(parts, sc.sub)
	}
	if strings.EqualFold(sc.word, "who") && sc.sub == "" {
		q, _ := optionString(given["question"])
		return strings.TrimSpace("who " + cleanLine(q)), sc, nil
	}
	for _, o := range sc.opts {
		if o.arg == nil {
			continue
		}
		v, ok := optionString(given[o.name])
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		v = cleanLine(v)
		switch o.arg.Kind {
		case bot.Text:
			parts = append(parts, v)
		case bot.List:
			parts = append(parts, listTokens(v)...)
		default:
			parts = append(parts, quoteArg(v))
		}
	}
	for _, o := range sc.opts {
		if o.flag == nil {
			continue
		}
		opt := given[o.name]
		if opt == nil {
			continue
		}
		switch o.flag.Kind {
		case bot.Bool:
			if b, ok := opt.Value.(bool); ok && b {
				parts = append(parts, "--"+o.flag.Name)
			}
		default:
			v, ok := optionString(opt)
			if !ok || strings.TrimSpace(v) == "" {
				continue
			}
			if o.flag.Kind == bot.StringFlag {
				v = quoteArg(cleanLine(v))
			}
			parts = append(parts, "--"+o.flag.Name, v)
		}
	}
	return strings.Join(parts, " "), sc, nil
}

// quoteArg quotes v as one token of the command language; a value that
// looks like a flag is quoted too, so an option can't smuggle one in.
func quoteArg(v string) string {
	v = strings.TrimSpace(v)
	q := bot.Quote(v)
	if q == v && strings.HasPrefix(v, "--") {
		return `"` + v + `"`
	}
	return q
}

// optionString reads an option's value as text: strings as given, numbers
// as whole numbers.
func optionString(o *discordgo.ApplicationCommandInteractionDataOption) (string, bool) {
	if o == nil {
		return "", false
	}
	switch v := o.Value.(type) {
	case string:
		if utf8.RuneCountInString(v) > maxValueLen {
			v = string([]rune(v)[:maxValueLen])
		}
		return v, true
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) || v != math.Trunc(v) || math.Abs(v) > 1e15 {
			return "", false
		}
		return strconv.FormatInt(int64(v), 10), true
	case bool:
		return strconv.FormatBool(v), true
	case json.Number:
		return v.String(), true
	}
	return "", false
}

// listTokens splits a list option typed into one text box. Quoted phrases
// are kept as typed; otherwise commas, semicolons or new lines separate
// items (each quoted if it has spaces), and failing those, spaces do.
func listTokens(v string) []string {
	v = strings.TrimSpace(v)
	if strings.ContainsAny(v, "\"“”„") {
		return []string{v}
	}
	if strings.ContainsAny(v, ",;\n") {
		var out []string
		for _, item := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, quoteArg(item))
			}
		}
		return out
	}
	return []string{v}
}

// commandRequest turns a slash command into a request. modal is true when
// the command should open the poll form instead.
func (a *Adapter) commandRequest(i *discordgo.Interaction) (req *bot.Request, modal bool, err error) {
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return nil, false, fmt.Errorf("%w: no command data", errBadPayload)
	}
	req, err = a.baseRequest(i)
	if err != nil {
		return nil, false, err
	}
	text, sc, err := a.commandText(data)
	if err != nil {
		return req, false, err
	}
	if sc != nil && strings.EqualFold(sc.word, "poll") && sc.sub == "" && len(sc.spec.Args) > 0 {
		first := optionName(sc.spec.Args[0].Name)
		if !hasOption(data, first) {
			return req, true, nil
		}
	}
	req.Text = text
	return req, false, nil
}

func hasOption(data discordgo.ApplicationCommandInteractionData, name string) bool {
	opts := data.Options
	if len(opts) == 1 && opts[0] != nil && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		opts = opts[0].Options
	}
	for _, o := range opts {
		if o != nil && o.Name == name {
			if s, ok := o.Value.(string); ok && strings.TrimSpace(s) == "" {
				return false
			}
			return true
		}
	}
	return false
}

// componentRequest turns a button press or menu choice into a request
// whose Action is the command the button carries. A forged payload is just
// a command run as the presser, through the router's permission checks.
func (a *Adapter) componentRequest(i *discordgo.Interaction) (*bot.Request, error) {
	data, ok := i.Data.(discordgo.MessageComponentInteractionData)
	if !ok {
		return nil, fmt.Errorf("%w: no component data", errBadPayload)
	}
	req, err := a.baseRequest(i)
	if err != nil {
		return nil, err
	}
	id := data.CustomID
	if len(data.Values) > 0 {
		if len(data.Values) > maxChoices {
			return nil, fmt.Errorf("%w: too many values", errBadPayload)
		}
		id = data.Values[0]
	}
	cmd, err := a.resolveCustomID(id)
	if err != nil {
		return req, err
	}
	req.Action = cmd
	req.Text = cmd
	return req, nil
}

// resolveCustomID returns the command a custom_id (or select value)
// stands for.
func (a *Adapter) resolveCustomID(id string) (string, error) {
	if id == "" || len(id) > maxCustomID || !utf8.ValidString(id) {
		return "", bot.Errorf("That button isn't one I recognise.")
	}
	for _, r := range id {
		if unicode.IsControl(r) {
			return "", bot.Errorf("That button isn't one I recognise.")
		}
	}
	if strings.HasPrefix(id, storedPrefix) {
		cmd, ok := a.lookupAction(strings.TrimPrefix(id, storedPrefix))
		if !ok {
			return "", bot.Errorf("That button has expired. Type the command instead, or ask for the message again.")
		}
		return cmd, nil
	}
	if strings.HasPrefix(id, menuPrefix) {
		return "", bot.Errorf("Pick an option from the menu.")
	}
	return id, nil
}
