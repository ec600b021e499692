package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// Resolver maps a user id to the person it belongs to (identities linked
// across platforms). The default resolver returns the id itself.
type Resolver interface {
	Resolve(id ID) ID
}

// Observer is told about every command handled, for metrics.
type Observer func(command, outcome string, took time.Duration)

// A Router matches command text against the registered command specs and
// hands each request to one command.
type Router struct {
	commands map[string]*Command
	order    []string
	// Fallback is the command a question is handed to when it doesn't start
	// with a command word and mentions the bot ("who").
	Fallback string
	// Admins are the user ids that are admins whatever the platform says.
	Admins map[ID]bool
	// Rooms binds channels to rooms.
	Rooms *Rooms
	// Identities resolves linked identities; nil means none are linked.
	Identities Resolver
	// Clock stamps requests that arrive without a time.
	Clock Clock
	// Log receives errors that are not the user's.
	Log *slog.Logger
	// Observe, if set, is called after every command.
	Observe Observer
}

// NewRouter returns an empty router.
func NewRouter() *Router {
	return &Router{commands: map[string]*Command{}, Admins: map[ID]bool{}, Clock: SystemClock{}, Log: slog.Default()}
}

// Register adds commands. A name registered twice panics: that is a
// programming error found at start.
func (r *Router) Register(cmds ...*Command) {
	for _, c := range cmds {
		name := strings.ToLower(c.Name)
		if _, dup := r.commands[name]; dup {
			panic("bot: command registered twice: " + name)
		}
		r.commands[name] = c
		r.order = append(r.order, name)
	}
}

// Commands returns the registered commands in registration order.
func (r *Router) Commands() []*Command {
	out := make([]*Command, 0, len(r.order))
	for _, n := range r.order {
		out = append(out, r.commands[n])
	}
	return out
}

// Command returns the named command, or nil.
func (r *Router) Command(name string) *Command { return r.commands[strings.ToLower(name)] }

// IsCommand reports whether word is a registered command word.
func (r *Router) IsCommand(word string) bool {
	_, ok := r.commands[strings.ToLower(word)]
	return ok
}

// Handle answers one request. It never panics: a command that panics is
// logged and the user gets an apology.
func (r *Router) Handle(ctx context.Context, req *Request) (reply Reply) {
	start := time.Now()
	outcome := "ok"
	cmdName := "unknown"
	defer func() {
		if p := recover(); p != nil {
			r.Log.Error("command panicked", "command", cmdName, "text", req.Text, "user", string(req.User), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			reply = ErrorReply(fmt.Errorf("panic: %v", p))
			outcome = "panic"
		}
		// Nothing the bot answers carries a working mass mention.
		reply = SafeReply(reply)
		if r.Observe != nil {
			r.Observe(cmdName, outcome, time.Since(start))
		}
	}()
	r.prepare(req)
	text := req.Text
	if req.Action != "" {
		text = req.Action
	}
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > MaxTextLen {
		outcome = "refused"
		return ErrorReply(Errorf("That message is too long for me (%d characters; the most I read is %d).", utf8.RuneCountInString(text), MaxTextLen))
	}
	if text == "" {
		return Reply{Text: "Hello! Type `help` to see what I can do, or ask me something like `who supports older people in Bedwell?`", Ephemeral: true}
	}
	cmd, sub, path, toks, err := r.match(req, text)
	if err != nil {
		outcome = "refused"
		return ErrorReply(err)
	}
	cmdName = path
	req.Command = cmd.Name
	if sub != nil {
		req.Sub = sub.Name
		cmd = sub
	}
	args, err := parseArgs(cmd, text, toks, path)
	if err != nil {
		outcome = "refused"
		return ErrorReply(err)
	}
	req.Args = args
	if cmd.Admin && !req.Admin {
		outcome = "refused"
		return ErrorReply(Errorf("Only admins (the Steering Group) can use `%s`.", path))
	}
	reply, err = cmd.Handle(ctx, req)
	if err != nil {
		if !isUserError(err) {
			r.Log.Error("command failed", "command", path, "user", string(req.User), "err", err)
			outcome = "error"
		} else {
			outcome = "refused"
		}
		return ErrorReply(err)
	}
	return reply
}

// prepare fills in the request's person, room, admin flag and time.
func (r *Router) prepare(req *Request) {
	if req.Time.IsZero() {
		req.Time = r.Clock.Now()
	}
	if req.Person == "" {
		req.Person = req.User
		if r.Identities != nil {
			req.Person = r.Identities.Resolve(req.User)
		}
	}
	if r.Admins[req.User] || r.Admins[req.Person] {
		req.Admin = true
	}
	if req.Room == "" && r.Rooms != nil {
		req.Room = r.Rooms.RoomOf(req.Channel)
	}
}

// match finds the command for text.
func (r *Router) match(req *Request, text string) (cmd, sub *Command, path string, rest []token, err error) {
	toks := tokenize(text)
	word := strings.ToLower(strings.TrimLeft(toks[0].text, "/!"))
	cmd = r.commands[word]
	if cmd == nil || toks[0].quoted {
		if r.Fallback != "" && (req.Mention || req.DM || strings.HasSuffix(text, "?")) {
			if fb := r.commands[r.Fallback]; fb != nil {
				return fb, nil, fb.Name, tokenize(text), nil
			}
		}
		return nil, nil, "", nil, r.unknown(toks[0].text)
	}
	path = cmd.Name
	rest = toks[1:]
	if len(cmd.Subs) > 0 && len(rest) > 0 && !rest[0].quoted {
		if s := cmd.Sub(strings.ToLower(rest[0].text)); s != nil {
			return cmd, s, path + " " + s.Name, rest[1:], nil
		}
	}
	if cmd.Handle == nil {
		var names []string
		for _, s := range cmd.Subs {
			names = append(names, "`"+cmd.Name+" "+s.Name+"`")
		}
		what := "what to do"
		if len(rest) > 0 {
			what = fmt.Sprintf("%q", rest[0].text)
			return nil, nil, "", nil, Refuse(exampleOf(cmd), "I don't know `%s %s`. Try %s.", cmd.Name, rest[0].text, strings.Join(names, ", "))
		}
		return nil, nil, "", nil, Refuse(exampleOf(cmd), "`%s` needs to know %s: %s.", cmd.Name, what, strings.Join(names, ", "))
	}
	return cmd, nil, path, rest, nil
}

func exampleOf(c *Command) string {
	if len(c.Examples) > 0 {
		return c.Examples[0]
	}
	for _, s := range c.Subs {
		if len(s.Examples) > 0 {
			return s.Examples[0]
		}
	}
	return "help " + c.Name
}

func (r *Router) unknown(word string) error {
	best, bestD := "", 3
	for name, c := range r.commands {
		if c.Hidden {
			continue
		}
		if d := levenshtein.ComputeDistance(strings.ToLower(word), name); d < bestD {
			best, bestD = name, d
		}
	}
	if best != "" {
		return Refuse("help "+best, "I don't know the command %q. Did you mean `%s`?", word, best)
	}
	return Refuse("help", "I don't know the command %q. Type `help` to see what I can do.", word)
}

// isUserError reports whether err is (or wraps, or joins) a UserError: the
// same test ErrorReply uses to decide what the user sees.
func isUserError(err error) bool {
	var ue *UserError
	if errors.As(err, &ue) {
		return true
	}
	var uf userFacing
	return errors.As(err, &uf) && uf.UserFacing()
}

// HelpCommand returns the `help` command, generated from the router's specs.
func (r *Router) HelpCommand() *Command {
	return &Command{
		Name:     "help",
		Summary:  "what I can do, and how to ask",
		Examples: []string{"help", "help poll"},
		Args:     []Arg{{Name: "command", Kind: List, Help: "a command to explain"}},
		Handle: func(ctx context.Context, req *Request) (Reply, error) {
			words := req.Args.List("command")
			if len(words) == 0 {
				return r.helpAll(), nil
			}
			c := r.Command(strings.TrimLeft(words[0], "/"))
			if c == nil || c.Hidden {
				return Reply{}, r.unknown(words[0])
			}
			if len(words) > 1 {
				if s := c.Sub(strings.ToLower(words[1])); s != nil {
					return helpFor(s, c.Name+" "+s.Name), nil
				}
			}
			return helpFor(c, c.Name), nil
		},
	}
}

func (r *Router) helpAll() Reply {
	var b strings.Builder
	b.WriteString("Here's what I can do. Type `help COMMAND` for more on one.\n")
	var names []string
	for _, c := range r.Commands() {
		if c.Hidden {
			continue
		}
		names = append(names, c.Name)
		fmt.Fprintf(&b, "• `%s` — %s\n", c.Name, c.Summary)
	}
	b.WriteString("\nAsk a question too: `who supports older people in Bedwell?`")
	return Reply{Title: "partnerbot help", Text: b.String(), Ephemeral: true, Data: map[string]any{"commands": names}}
}

func helpFor(c *Command, path string) Reply {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s* — %s\n", path, c.Summary)
	if c.Handle != nil {
		fmt.Fprintf(&b, "Usage: `%s`\n", usageLine(c, path))
	}
	for _, a := range c.Args {
		if a.Help != "" {
			fmt.Fprintf(&b, "  %s: %s\n", strings.ToUpper(a.Name), a.Help)
		}
	}
	for _, f := range c.Flags {
		fmt.Fprintf(&b, "  --%s: %s\n", f.Name, f.Help)
	}
	if len(c.Subs) > 0 {
		b.WriteString("\n")
		for _, s := range c.Subs {
			admin := ""
			if s.Admin {
				admin = " (admins)"
			}
			fmt.Fprintf(&b, "• `%s` — %s%s\n", usageLine(s, path+" "+s.Name), s.Summary, admin)
		}
	}
	var ex []string
	ex = append(ex, c.Examples...)
	for _, s := range c.Subs {
		ex = append(ex, s.Examples...)
	}
	if len(ex) > 0 {
		b.WriteString("\nExamples:\n")
		for _, e := range ex {
			fmt.Fprintf(&b, "  `%s`\n", e)
		}
	}
	if c.Admin {
		b.WriteString("\nOnly admins can use this.")
	}
	return Reply{Text: strings.TrimRight(b.String(), "\n"), Ephemeral: true, Data: map[string]any{"command": path}}
}

// SortedKeys is a small helper for deterministic output of map keys.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Itoa is strconv.Itoa, for brevity in replies.
func Itoa(n int) string { return strconv.Itoa(n) }
