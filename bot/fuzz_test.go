package bot

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzRouter has a few specs of every kind and no command that fails on
// purpose, so any panic or internal error is the router's own.
func fuzzRouter(outcome *string, mu *sync.Mutex) *Router {
	r := NewRouter()
	r.Log = discard()
	r.Clock = NewFakeClock(t0)
	r.Fallback = "who"
	r.Rooms = NewRooms("sip-general")
	r.Observe = func(command, o string, _ time.Duration) {
		mu.Lock()
		*outcome = o
		mu.Unlock()
	}
	r.Register(specPoll2(), specVote, specRSVP, specRemind, specNoFlags,
		&Command{Name: "meeting", Subs: []*Command{{Name: "list", Handle: echo}, {Name: "next", Args: []Arg{{Name: "n", Kind: Int}}, Handle: echo}}},
		&Command{Name: "who", Args: []Arg{{Name: "question", Kind: Text, Required: true}}, Handle: echo},
		&Command{Name: "purge", Admin: true, Handle: echo},
	)
	r.Register(r.HelpCommand())
	for _, c := range r.Commands() {
		if c.Handle == nil && len(c.Subs) == 0 {
			c.Handle = echo
		}
	}
	return r
}

func specPoll2() *Command {
	c := *specPoll
	c.Handle = echo
	c.Subs = []*Command{{Name: "list", Handle: echo}, {Name: "close", Admin: true, Args: []Arg{{Name: "id", Kind: Int, Required: true}}, Handle: echo}}
	return &c
}

// FuzzRouter sends random text through a router: it never panics (not even
// inside the router's recover), every reply has text, and refusals are
// private.
func FuzzRouter(f *testing.F) {
	seeds := []string{
		"", " ", "help", "help poll list", "help nothing", `poll "Which day?" "Mon" "Tue" --multi --quorum 60%`,
		`poll “Q?” A --closes next friday at 5pm --room sip-general`, `poll --room=#x "Q?"`, "poll close #3",
		"vote #3 A B", "vote three", "rsvp 7 maybe", "rsvp 7 perhaps", "meeting", "meeting later", "meeting next 2",
		"who supports older people in Bedwell?", `"poll" list?`, "/POLL LIST", "!who x", "remind me to x --quiet now",
		`poll "unclosed`, "poll --", "poll --=", "poll --ȺȺȺ=1", "--multi", `poll "" ""`, "purge",
		"who \u00a0 \u3000 ?", "\xff\xfe", "poll \"Q\" --quorum=999999999999999999999", "vote 99999999999999999999999 A",
		strings.Repeat("é", MaxTextLen+1), "whoami --x=\xff",
	}
	for _, s := range seeds {
		f.Add(s, false, "")
	}
	f.Add("food banks", true, "")
	f.Add("ignored", false, "rsvp 7 yes")
	var mu sync.Mutex
	var outcome string
	r := fuzzRouter(&outcome, &mu)
	f.Fuzz(func(t *testing.T, text string, mention bool, action string) {
		mu.Lock()
		outcome = ""
		mu.Unlock()
		rep := r.Handle(context.Background(), &Request{User: member, Text: text, Action: action, Mention: mention})
		mu.Lock()
		o := outcome
		mu.Unlock()
		if rep.Text == "" {
			t.Errorf("Handle(%q, %q) gave a reply with no text", text, action)
		}
		if o == "panic" || o == "error" {
			t.Errorf("Handle(%q, %q): outcome %s: %q", text, action, o, rep.Text)
		}
		if rep.Error && !rep.Ephemeral {
			t.Errorf("Handle(%q, %q): a refusal should be private", text, action)
		}
		if utf8.ValidString(text) && utf8.ValidString(action) && !utf8.ValidString(rep.Text) {
			t.Errorf("Handle(%q, %q): the reply is not valid UTF-8: %q", text, action, rep.Text)
		}
	})
}
