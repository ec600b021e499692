// Package console is the terminal chat: it reads lines from standard input
// (with or without a terminal), hands each to the bot as the console user,
// and prints replies as plain text with numbered choices. It is the embedded
// default front end and the driver of end-to-end tests.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"partnerbot/bot"
)

// Adapter is the console front end.
type Adapter struct {
	in      io.Reader
	out     io.Writer
	user    bot.ID
	prompt  bool
	mu      sync.Mutex // guards out, choices and refs
	choices []bot.Choice
	refs    int
	// Welcome is printed once at start.
	Welcome string
}

// Options configure the console.
type Options struct {
	// User is who types: console:local:NAME.
	User bot.ID
	// Prompt prints "> " before each line (for a terminal).
	Prompt bool
}

// New returns a console reading in and writing out.
func New(in io.Reader, out io.Writer, opt Options) *Adapter {
	if opt.User == "" {
		opt.User = bot.ConsoleUser("you")
	}
	return &Adapter{in: in, out: out, user: opt.User, prompt: opt.Prompt}
}

// Platform is "console".
func (a *Adapter) Platform() string { return "console" }

// Start reads lines until end of input, "quit" or "exit", or ctx is done.
func (a *Adapter) Start(ctx context.Context, h bot.Handler) error {
	if a.Welcome != "" {
		a.write(a.Welcome + "\n")
	}
	lines := make(chan string)
	errc := make(chan error, 1)
	done := make(chan struct{}) // closed when Start returns, so the reader can stop
	defer close(done)
	go func() {
		sc := bufio.NewScanner(a.in)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			case <-done:
				return
			}
		}
		errc <- sc.Err()
		close(lines)
	}()
	for {
		a.showPrompt()
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				return <-errc
			}
			line = strings.TrimSpace(line)
			switch strings.ToLower(line) {
			case "":
				continue
			case "quit", "exit", "bye":
				a.write("Bye for now.\n")
				return nil
			}
			req := &bot.Request{User: a.user, UserName: a.user.Local(), Channel: bot.ConsoleChannel}
			if cmd, ok := a.choice(line); ok {
				req.Action = cmd
			} else {
				req.Text = line
			}
			a.Show(h.Handle(ctx, req))
		}
	}
}

// choice maps a typed number to the command of the last reply's choice.
func (a *Adapter) choice(line string) (string, bool) {
	n, err := strconv.Atoi(line)
	if err != nil {
		return "", false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if n < 1 || n > len(a.choices) {
		return "", false
	}
	return a.choices[n-1].Command, true
}

func (a *Adapter) showPrompt() {
	if a.prompt {
		a.write("> ")
	}
}

// Show prints a reply and remembers its choices for a numbered answer.
func (a *Adapter) Show(r bot.Reply) {
	a.mu.Lock()
	if len(r.Choices) > 0 {
		a.choices = r.Choices
	}
	a.mu.Unlock()
	a.write(Render(r))
}

func (a *Adapter) write(s string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	io.WriteString(a.out, s)
}

// Post prints a message posted to a channel.
func (a *Adapter) Post(ctx context.Context, channel bot.ID, r bot.Reply) (string, error) {
	a.mu.Lock()
	a.refs++
	ref := strconv.Itoa(a.refs)
	if len(r.Choices) > 0 {
		a.choices = r.Choices
	}
	a.mu.Unlock()
	a.write(indent("[posted to "+channelName(channel)+"]", Render(r)))
	return ref, nil
}

// Update prints the new version of a posted message.
func (a *Adapter) Update(ctx context.Context, channel bot.ID, ref string, r bot.Reply) error {
	a.write(indent("[updated in "+channelName(channel)+"]", Render(r)))
	return nil
}

// Direct prints a private message to a console user.
func (a *Adapter) Direct(ctx context.Context, user bot.ID, r bot.Reply) error {
	a.mu.Lock()
	if len(r.Choices) > 0 && user == a.user {
		a.choices = r.Choices
	}
	a.mu.Unlock()
	who := "you"
	if user != a.user {
		who = user.Local()
	}
	a.write(indent("[private message to "+who+"]", Render(r)))
	return nil
}

func channelName(ch bot.ID) string {
	if ch == bot.ConsoleChannel {
		return "this chat"
	}
	return string(ch)
}

func indent(head, body string) string {
	var b strings.Builder
	b.WriteString(head + "\n")
	for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

// Render turns a reply into plain text: the title, the body, fields as
// "Name: value" lines, context in brackets and choices numbered on one line.
func Render(r bot.Reply) string {
	var b strings.Builder
	if r.Title != "" {
		b.WriteString(r.Title + "\n")
	}
	if r.Text != "" {
		b.WriteString(strings.TrimRight(r.Text, "\n") + "\n")
	}
	for _, f := range r.Fields {
		fmt.Fprintf(&b, "%s: %s\n", f.Name, f.Value)
	}
	for _, c := range r.Context {
		fmt.Fprintf(&b, "(%s)\n", c)
	}
	if r.ImageName != "" {
		fmt.Fprintf(&b, "(picture: %s — use `exec --chart FILE` to save it)\n", r.ImageName)
	}
	if len(r.Choices) > 0 {
		parts := make([]string, len(r.Choices))
		for i, c := range r.Choices {
			parts[i] = fmt.Sprintf("%d) %s", i+1, c.Label)
		}
		b.WriteString(strings.Join(parts, "  ") + "   (answer with the number)\n")
	}
	return b.String()
}
