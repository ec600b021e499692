package bot

import (
	"errors"
	"fmt"
)

// A Reply is what a command answers, in a platform-neutral form. Adapters
// render it: Block Kit in Slack, embeds and components in Discord, plain text
// with numbered choices on the console.
type Reply struct {
	// Title is an optional heading.
	Title string `json:"title,omitempty"`
	// Text is the body: short lines, *bold* and `code` as in Slack mrkdwn.
	Text string `json:"text"`
	// Fields are label/value pairs shown side by side where the platform can.
	Fields []Field `json:"fields,omitempty"`
	// Context holds small print shown under the body (who shared it, when).
	Context []string `json:"context,omitempty"`
	// Choices are buttons. Each carries a command text that runs as the
	// person who pressed it.
	Choices []Choice `json:"choices,omitempty"`
	// Ephemeral replies are shown only to the person who asked.
	Ephemeral bool `json:"ephemeral,omitempty"`
	// Error marks a refusal; exec exits non-zero for it.
	Error bool `json:"error,omitempty"`
	// Data holds machine-readable facts for `exec --json`: ids, RFC 3339
	// times, tallies.
	Data map[string]any `json:"data,omitempty"`
	// Image is an optional PNG (a chart), with its file name.
	Image     []byte `json:"-"`
	ImageName string `json:"-"`
	// Key names the object this message shows ("poll:3", "event:7") so the hub
	// can update every posted copy when it changes.
	Key string `json:"key,omitempty"`
}

// A Field is a label and a value.
type Field struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// A Choice is a button: its Label is shown, its Command is run as the person
// who pressed it (for example "vote 3 A" or "rsvp 12 yes").
type Choice struct {
	Label   string `json:"label"`
	Command string `json:"command"`
	// Style is "primary", "danger" or "".
	Style string `json:"style,omitempty"`
}

// A UserError is a refusal to show the user: what was wrong and, where it
// helps, a correct example.
type UserError struct {
	Msg     string
	Example string
}

func (e *UserError) Error() string {
	if e.Example == "" {
		return e.Msg
	}
	return e.Msg + "\nFor example: `" + e.Example + "`"
}

// Errorf makes a UserError with a formatted message and no example.
func Errorf(format string, args ...any) error {
	return &UserError{Msg: fmt.Sprintf(format, args...)}
}

// Refuse makes a UserError with an example of correct use.
func Refuse(example, format string, args ...any) error {
	return &UserError{Msg: fmt.Sprintf(format, args...), Example: example}
}

// userFacing errors (such as the time language's) explain themselves to
// the user: their Error text is shown as it is.
type userFacing interface {
	error
	UserFacing() bool
}

// ErrorReply turns an error into a private reply for the user. Errors that
// are not UserErrors are hidden behind a generic apology; the caller logs them.
func ErrorReply(err error) Reply {
	var ue *UserError
	if errors.As(err, &ue) {
		return Reply{Text: ue.Error(), Ephemeral: true, Error: true}
	}
	var uf userFacing
	if errors.As(err, &uf) && uf.UserFacing() {
		return Reply{Text: err.Error(), Ephemeral: true, Error: true}
	}
	return Reply{Text: "Sorry, something went wrong on my side and nothing was changed. Please try again in a moment.", Ephemeral: true, Error: true}
}

// Say is a convenience for a plain public reply.
func Say(format string, args ...any) Reply {
	return Reply{Text: fmt.Sprintf(format, args...)}
}

// Private is a convenience for an ephemeral reply.
func Private(format string, args ...any) Reply {
	return Reply{Text: fmt.Sprintf(format, args...), Ephemeral: true}
}
