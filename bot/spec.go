package bot

import "context"

// HandlerFunc is a command's handler.
type HandlerFunc func(ctx context.Context, req *Request) (Reply, error)

// ArgKind is the type of a positional argument.
type ArgKind int

// Argument kinds.
const (
	// Word is one token (quoted tokens may contain spaces).
	Word ArgKind = iota
	// Int is one whole number.
	Int
	// List takes every remaining token (at least one if Required).
	List
	// Text takes the rest of the line as typed, quotes and all; the command
	// reads it with its own grammar (a question, a time phrase).
	Text
)

// FlagKind is the type of a --flag.
type FlagKind int

// Flag kinds.
const (
	// Bool flags take no value.
	Bool FlagKind = iota
	// IntFlag takes a whole number.
	IntFlag
	// Percent takes a number with an optional %.
	Percent
	// StringFlag takes one token; for --closes, the tokens up to the next flag.
	StringFlag
)

// An Arg is a positional argument.
type Arg struct {
	Name     string
	Kind     ArgKind
	Required bool
	Help     string
	// Choices, if set, are the only values allowed (Discord shows them as
	// choices; the router checks them).
	Choices []string
	// Autocomplete names a source of suggestions for Discord: "theme",
	// "area", "poll", "event", "room", "org".
	Autocomplete string
}

// A Flag is a --name option.
type Flag struct {
	Name string
	Kind FlagKind
	Help string
}

// A Command is a command word with its help, arguments and handler, or with
// subcommands. The same spec drives the text parser, `help`, and Discord's
// application commands.
type Command struct {
	Name     string
	Summary  string
	Usage    string
	Examples []string
	Args     []Arg
	Flags    []Flag
	// Admin restricts the command to admins, checked by the router.
	Admin bool
	// Subs are subcommands ("poll list"). A command with Subs may also have
	// its own Handle for the form without a subcommand ("poll "Q?" "A" "B"").
	Subs   []*Command
	Handle HandlerFunc
	// Hidden commands are left out of help and Discord registration.
	Hidden bool
}

// Sub finds a subcommand by name.
func (c *Command) Sub(name string) *Command {
	for _, s := range c.Subs {
		if s.Name == name {
			return s
		}
	}
	return nil
}
