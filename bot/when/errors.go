package when

import "fmt"

// ProblemPast is the Problem of an *Error for a time that has already passed.
const ProblemPast = "that's in the past"

// Examples shown in errors.
const (
	exampleDefault   = "tomorrow at 9am, on 3 March at 14:00, every Monday at 10:00"
	exampleRecurring = "every Monday at 10:00, every weekday at 9am, every first Tuesday at 10:00"
	exampleTime      = "at 9am, at 9.30pm, at 17:00, tonight at 8"
	exampleDuration  = "20 minutes, 2 hours, 1h30m, 3 days"
	exampleDate      = "on 3 March, on 2 April 2027, 30/4/2027, 2027-04-30"
)

// Error is a phrase that could not be read as a time. It says what was
// understood, what the problem is, and shows an example.
type Error struct {
	// Phrase is the text that was read.
	Phrase string
	// Understood is the part that made sense, if any (for a time in the past:
	// the phrase and the instant it named).
	Understood string
	// Problem is what went wrong, written to follow "but": `not "blursday"`,
	// ProblemPast, `April has only 30 days`.
	Problem string
	// Example lists phrases that would work.
	Example string

	progress int  // tokens understood, for Extract to pick the best error
	semantic bool // recognised as a time but wrong: Extract stops here
}

// Error renders the message shown to the user, e.g.
//
//	I couldn't read "next blursday" as a time: I understood "next" but not "blursday". Try: tomorrow at 9am, on 3 March at 14:00, every Monday at 10:00
func (e *Error) Error() string {
	var msg string
	switch {
	case e.Problem == ProblemPast && e.Understood != "":
		msg = fmt.Sprintf("%q means %s, which is in the past", e.Phrase, e.Understood)
	case e.Understood != "":
		msg = fmt.Sprintf("I couldn't read %q as a time: I understood %q but %s", e.Phrase, e.Understood, e.Problem)
	default:
		msg = fmt.Sprintf("I couldn't read %q as a time: %s", e.Phrase, e.Problem)
	}
	if e.Example != "" {
		msg += ". Try: " + e.Example
	}
	return msg
}

// UserFacing marks the error as one to show the user as it is: it says
// what was understood and gives an example.
func (e *Error) UserFacing() bool { return true }
