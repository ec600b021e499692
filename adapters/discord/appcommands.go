package discord

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"partnerbot/bot"
)

// Discord's limits on application commands.
const (
	maxNameLen    = 32
	maxDescLen    = 100
	maxOptions    = 25
	maxChoices    = 25
	maxChoiceLen  = 100
	bareSubName   = "create"
	bareSubAltern = "run"
)

// A schema says how one invocable command (a command word, or a command
// word and subcommand) was registered, so its options can be turned back
// into command text.
type schema struct {
	spec *bot.Command
	word string // the command word as the router knows it
	sub  string // the subcommand as the router knows it; "" for the bare form
	opts []optSchema
}

// An optSchema ties a Discord option to a positional argument or a flag.
type optSchema struct {
	name string
	arg  *bot.Arg
	flag *bot.Flag
}

// schemas maps a Discord path ("poll", "poll list", "poll create") to the
// command it runs.
type schemas map[string]*schema

// ApplicationCommands turns the router's command specs into Discord
// application commands: one top-level command per visible command word,
// subcommands where the spec has them (plus a "create" subcommand for the
// bare form of a command that has both a handler and subcommands), and
// typed options from the arguments and flags.
func ApplicationCommands(specs []*bot.Command) []*discordgo.ApplicationCommand {
	cmds, _ := build(specs)
	return cmds
}

func build(specs []*bot.Command) ([]*discordgo.ApplicationCommand, schemas) {
	idx := schemas{}
	var out []*discordgo.ApplicationCommand
	seen := map[string]bool{}
	for _, c := range specs {
		if c == nil || c.Hidden {
			continue
		}
		name := optionName(c.Name)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		ac := &discordgo.ApplicationCommand{
			Type:        discordgo.ChatApplicationCommand,
			Name:        name,
			Description: describe(c.Summary, c.Name),
		}
		if len(visibleSubs(c)) == 0 {
			sc := commandSchema(c, c.Name, "", false)
			if strings.EqualFold(c.Name, "who") {
				// /who takes one question, whatever the spec says.
				sc.opts = []optSchema{{name: "question", arg: &bot.Arg{Name: "question", Kind: bot.Text, Required: true, Help: "what you're looking for, e.g. who supports older people in Bedwell?"}}}
			}
			ac.Options = options(sc)
			idx[name] = sc
		} else {
			subNames := map[string]bool{}
			for _, s := range visibleSubs(c) {
				subNames[optionName(s.Name)] = true
			}
			if c.Handle != nil {
				bare := bareSubName
				if subNames[bare] {
					bare = bareSubAltern
				}
				// Every option of the bare form of /poll is optional so
				// that /poll create alone opens the poll modal.
				sc := commandSchema(c, c.Name, "", strings.EqualFold(c.Name, "poll"))
				idx[name+" "+bare] = sc
				ac.Options = append(ac.Options, &discordgo.ApplicationCommandOption{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        bare,
					Description: describe(firstNonEmpty(c.Summary, "the "+c.Name+" command itself"), c.Name),
					Options:     options(sc),
				})
			}
			for _, s := range visibleSubs(c) {
				sn := optionName(s.Name)
				if sn == "" || idx[name+" "+sn] != nil {
					continue
				}
				sc := commandSchema(s, c.Name, s.Name, false)
				idx[name+" "+sn] = sc
				ac.Options = append(ac.Options, &discordgo.ApplicationCommandOption{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        sn,
					Description: describe(s.Summary, c.Name+" "+s.Name),
					Options:     options(sc),
				})
			}
			if len(ac.Options) > maxOptions {
				ac.Options = ac.Options[:maxOptions]
			}
		}
		out = append(out, ac)
	}
	return out, idx
}

func visibleSubs(c *bot.Command) []*bot.Command {
	var out []*bot.Command
	for _, s := range c.Subs {
		if s != nil && !s.Hidden {
			out = append(out, s)
		}
	}
	return out
}

// commandSchema lists a command's options: required arguments first (as
// Discord requires), then optional ones, then flags. optional makes every
// option optional.
func commandSchema(spec *bot.Command, word, sub string, optional bool) *schema {
	sc := &schema{spec: spec, word: word, sub: sub}
	used := map[string]bool{}
	add := func(o optSchema) {
		if o.name == "" || used[o.name] || len(sc.opts) >= maxOptions {
			return
		}
		used[o.name] = true
		sc.opts = append(sc.opts, o)
	}
	for pass := 0; pass < 2; pass++ {
		for i := range spec.Args {
			arg := &spec.Args[i]
			req := arg.Required && !optional
			if (pass == 0) != req {
				continue
			}
			if optional && arg.Required {
				a2 := *arg
				a2.Required = false
				arg = &a2
			}
			add(optSchema{name: optionName(arg.Name), arg: arg})
		}
	}
	for i := range spec.Flags {
		f := &spec.Flags[i]
		n := optionName(f.Name)
		if used[n] {
			n = optionName(f.Name + "-flag")
		}
		add(optSchema{name: n, flag: f})
	}
	return sc
}

func options(sc *schema) []*discordgo.ApplicationCommandOption {
	out := []*discordgo.ApplicationCommandOption{}
	for _, o := range sc.opts {
		opt := &discordgo.ApplicationCommandOption{Name: o.name}
		switch {
		case o.arg != nil:
			opt.Required = o.arg.Required
			opt.Description = describe(o.arg.Help, o.arg.Name)
			opt.Type = discordgo.ApplicationCommandOptionString
			if o.arg.Kind == bot.Int && len(o.arg.Choices) == 0 {
				opt.Type = discordgo.ApplicationCommandOptionInteger
			}
			switch {
			case len(o.arg.Choices) > 0:
				for _, ch := range o.arg.Choices {
					if len(opt.Choices) >= maxChoices {
						break
					}
					v := truncate(ch, maxChoiceLen)
					opt.Choices = append(opt.Choices, &discordgo.ApplicationCommandOptionChoice{Name: v, Value: v})
				}
			case o.arg.Autocomplete != "" && opt.Type == discordgo.ApplicationCommandOptionString:
				opt.Autocomplete = true
			}
		case o.flag != nil:
			opt.Description = describe(o.flag.Help, "--"+o.flag.Name)
			switch o.flag.Kind {
			case bot.Bool:
				opt.Type = discordgo.ApplicationCommandOptionBoolean
			case bot.IntFlag:
				opt.Type = discordgo.ApplicationCommandOptionInteger
				zero := 0.0
				opt.MinValue = &zero
			case bot.Percent:
				opt.Type = discordgo.ApplicationCommandOptionInteger
				zero := 0.0
				opt.MinValue = &zero
				opt.MaxValue = 100
			default:
				opt.Type = discordgo.ApplicationCommandOptionString
			}
		}
		out = append(out, opt)
	}
	return out
}

// optionName makes s a valid Discord command or option name: lower case,
// [-_a-z0-9], at most 32 characters.
func optionName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ' || r == '.':
			b.WriteByte('-')
		}
		if b.Len() >= maxNameLen {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// describe makes a description of 1 to 100 characters.
func describe(s, fallback string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\n", " "))
	if s == "" {
		s = strings.TrimSpace(fallback)
	}
	if s == "" {
		s = "partnerbot"
	}
	return truncate(s, maxDescLen)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// truncate cuts s to at most n characters, ending with … when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n-1]) + "…"
}

// truncateBytes cuts s to at most n bytes on a rune boundary.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func (a *Adapter) specs() []*bot.Command {
	if a.opts.Commands == nil {
		return nil
	}
	return a.opts.Commands()
}

// Register syncs the application commands with Discord: a bulk overwrite,
// so running it again changes nothing. Commands are registered in the guild
// discord.guild_id when it is set (they appear at once), globally
// otherwise.
func (a *Adapter) Register(ctx context.Context) error {
	specs := a.specs()
	if len(specs) == 0 {
		return fmt.Errorf("discord: no commands to register")
	}
	appID, err := a.applicationID(ctx)
	if err != nil {
		return err
	}
	cmds := ApplicationCommands(specs)
	got, err := a.session.ApplicationCommandBulkOverwrite(appID, a.cfg.GuildID, cmds, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: registering %d commands: %w", len(cmds), err)
	}
	where := "globally"
	if a.cfg.GuildID != "" {
		where = "in guild " + a.cfg.GuildID
	}
	a.log.Info("application commands registered", "count", len(got), "where", where)
	return nil
}
