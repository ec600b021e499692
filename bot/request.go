package bot

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// A Request is one thing a person asked of the bot, from any front end, or a
// post the scheduler wants made.
type Request struct {
	// User is who asked, as platform:team:user.
	User ID
	// Person is the canonical identity of the user: User itself unless the
	// user linked identities across platforms (see whoami link).
	Person ID
	// UserName is the display name, where the adapter knows it.
	UserName string
	// Channel is where the request came from, as platform:team:channel.
	Channel ID
	// Room is the name of the room the channel is bound to, if any.
	Room string
	// Text is the command text as typed (without the slash command or mention).
	Text string
	// Command and Sub are the command word and subcommand the router matched.
	Command, Sub string
	// Args holds the parsed arguments and flags.
	Args Args
	// Action is set when the request came from a button or menu, and holds
	// the command text the button carries.
	Action string
	// Admin is true for Steering Group members (from config, or a Slack user
	// group or Discord role the adapter checked).
	Admin bool
	// DM is true when the request came from a direct message with the bot.
	DM bool
	// Mention is true when the request came from a message mentioning the bot.
	Mention bool
	// Time is when the request was made, from the bot's clock.
	Time time.Time
	// Attachment holds the bytes of a file attached to the request (a CSV to
	// import), where the platform allows it.
	Attachment []byte
}

// A Handler answers requests. The Router is the one every adapter uses.
type Handler interface {
	Handle(ctx context.Context, req *Request) Reply
}

// Args holds a request's parsed positional arguments and flags.
type Args struct {
	values map[string][]string
	flags  map[string]string
}

func (a *Args) set(name string, v ...string) {
	if a.values == nil {
		a.values = map[string][]string{}
	}
	a.values[name] = append(a.values[name], v...)
}

func (a *Args) setFlag(name, v string) {
	if a.flags == nil {
		a.flags = map[string]string{}
	}
	a.flags[name] = v
}

// String returns the named argument ("" if absent). A list argument's values
// are joined with spaces.
func (a Args) String(name string) string { return strings.Join(a.values[name], " ") }

// List returns every value of a list argument.
func (a Args) List(name string) []string { return a.values[name] }

// Has reports whether the named argument or flag was given.
func (a Args) Has(name string) bool {
	_, ok := a.values[name]
	if ok {
		return true
	}
	_, ok = a.flags[name]
	return ok
}

// Int returns an integer argument or flag, and whether it was given.
func (a Args) Int(name string) (int, bool) {
	s, ok := a.flags[name]
	if !ok {
		if v := a.values[name]; len(v) > 0 {
			s, ok = v[0], true
		}
	}
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, "%"))
	return n, err == nil
}

// Flag returns a flag's value ("" for a boolean flag that was set, or absent).
func (a Args) Flag(name string) string { return a.flags[name] }

// Bool reports whether a boolean flag was set.
func (a Args) Bool(name string) bool { _, ok := a.flags[name]; return ok }

// NewArgs builds Args directly, for tests and for adapters that receive typed
// options.
func NewArgs(values map[string][]string, flags map[string]string) Args {
	return Args{values: values, flags: flags}
}
