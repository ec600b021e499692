package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerbot/bot"
)

// testRouter has a few fake commands: one that asks a question with
// buttons, one the buttons run, and one that records the request.
func testRouter(t *testing.T) (*bot.Router, *[]bot.Request) {
	t.Helper()
	r := bot.NewRouter()
	r.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	r.Clock = bot.NewFakeClock(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	var mu sync.Mutex
	var seen []bot.Request
	r.Register(
		&bot.Command{Name: "ask", Summary: "asks a question", Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			return bot.Reply{Title: "Poll 3", Text: "Shall we meet in January?", Choices: []bot.Choice{
				{Label: "Yes", Command: "answer 3 yes", Style: "primary"}, {Label: "No", Command: "answer 3 no"},
			}}, nil
		}},
		&bot.Command{Name: "answer", Summary: "answers", Args: []bot.Arg{
			{Name: "id", Kind: bot.Int, Required: true}, {Name: "choice", Kind: bot.Word, Required: true, Choices: []string{"yes", "no"}},
		}, Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			mu.Lock()
			seen = append(seen, *req)
			mu.Unlock()
			return bot.Say("You said %s to poll %s.", req.Args.String("choice"), req.Args.String("id")), nil
		}},
	)
	r.Register(r.HelpCommand())
	return r, &seen
}

func run(t *testing.T, in string, opt Options) (string, []bot.Request, error) {
	t.Helper()
	r, seen := testRouter(t)
	var out bytes.Buffer
	a := New(strings.NewReader(in), &out, opt)
	a.Welcome = "Welcome to partnerbot. Type help, or quit to leave."
	err := a.Start(context.Background(), r)
	return out.String(), *seen, err
}

func TestScriptedSession(t *testing.T) {
	out, seen, err := run(t, "ask\n2\n\n   \nanswer 3 YES\nquit\nask\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `Welcome to partnerbot. Type help, or quit to leave.
Poll 3
Shall we meet in January?
1) Yes  2) No   (answer with the number)
You said no to poll 3.
You said yes to poll 3.
Bye for now.
`
	if out != want {
		t.Errorf("transcript:\n%s\nwant:\n%s", out, want)
	}
	if len(seen) != 2 {
		t.Fatalf("answer ran %d times", len(seen))
	}
	// "2" ran the second choice's command as a button press.
	if seen[0].Action != "answer 3 no" || seen[0].Text != "" {
		t.Errorf("a numbered answer: Action %q, Text %q", seen[0].Action, seen[0].Text)
	}
	if seen[1].Action != "" || seen[1].Text != "answer 3 YES" {
		t.Errorf("a typed answer: Action %q, Text %q", seen[1].Action, seen[1].Text)
	}
	for _, req := range seen {
		if req.User != "console:local:you" || req.Channel != bot.ConsoleChannel || req.UserName != "you" {
			t.Errorf("request from %q in %q (%q)", req.User, req.Channel, req.UserName)
		}
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // the end of the transcript
	}{
		{"number with no choices is text", "7\n", "I don't know the command \"7\". Type `help` to see what I can do.\nFor example: `help`\n"},
		{"number out of range is text", "ask\n3\n", "I don't know the command \"3\""},
		{"zero is text", "ask\n0\n", "I don't know the command \"0\""},
		{"choices stay until replaced", "ask\n1\n1\n", "You said yes to poll 3.\nYou said yes to poll 3.\n"},
		{"spaces round a number", "ask\n  2  \n", "You said no to poll 3.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := run(t, tt.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("transcript:\n%s\nwant it to hold:\n%s", out, tt.want)
			}
		})
	}
}

func TestEndings(t *testing.T) {
	for _, in := range []string{"quit\nask\n", "EXIT\nask\n", "bye\nask\n", "  Quit  \nask\n", "", "help"} {
		out, _, err := run(t, in, Options{})
		if err != nil {
			t.Errorf("%q: %v", in, err)
		}
		if strings.Contains(out, "Shall we meet") {
			t.Errorf("%q: kept reading after the end:\n%s", in, out)
		}
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(in)), "quit") && !strings.HasSuffix(out, "Bye for now.\n") {
			t.Errorf("%q: no goodbye:\n%s", in, out)
		}
	}
	// The last line needs no newline.
	if out, _, _ := run(t, "ask", Options{}); !strings.Contains(out, "Shall we meet") {
		t.Errorf("a last line without a newline was lost:\n%s", out)
	}
}

func TestPromptAndUser(t *testing.T) {
	r, seen := testRouter(t)
	var out bytes.Buffer
	a := New(strings.NewReader("answer 1 yes\n"), &out, Options{User: bot.ConsoleUser("sam"), Prompt: true})
	if err := a.Start(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "> You said yes to poll 1.\n> " {
		t.Errorf("with a prompt: %q", got)
	}
	if (*seen)[0].User != "console:local:sam" {
		t.Errorf("user = %q", (*seen)[0].User)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("terminal went away") }

func TestReadError(t *testing.T) {
	r, _ := testRouter(t)
	a := New(failingReader{}, io.Discard, Options{})
	if err := a.Start(context.Background(), r); err == nil || !strings.Contains(err.Error(), "terminal went away") {
		t.Errorf("Start = %v, want the read error", err)
	}
}

func TestCancelEndsStart(t *testing.T) {
	r, _ := testRouter(t)
	pr, pw := io.Pipe()
	defer pw.Close()
	a := New(pr, io.Discard, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- a.Start(ctx, r) }()
	fmt.Fprintln(pw, "ask")
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Start after cancel = %v", err)
	}
}

func TestPostUpdateDirect(t *testing.T) {
	var out bytes.Buffer
	a := New(strings.NewReader(""), &out, Options{})
	ctx := context.Background()
	if a.Platform() != "console" {
		t.Errorf("Platform = %q", a.Platform())
	}
	ref1, err := a.Post(ctx, bot.ConsoleChannel, bot.Reply{Text: "Poll 3: 0 votes", Choices: []bot.Choice{{Label: "Yes", Command: "vote 3 A"}}})
	if err != nil {
		t.Fatal(err)
	}
	ref2, _ := a.Post(ctx, "slack:T1:C1", bot.Reply{Text: "elsewhere"})
	if ref1 == ref2 || ref1 == "" {
		t.Errorf("refs %q and %q should differ", ref1, ref2)
	}
	_ = a.Update(ctx, bot.ConsoleChannel, ref1, bot.Reply{Text: "Poll 3: 1 vote\nA ▇ 1"})
	_ = a.Direct(ctx, bot.ConsoleUser("you"), bot.Reply{Text: "You have not voted in poll 3.", Choices: []bot.Choice{{Label: "Vote", Command: "poll results 3"}}})
	_ = a.Direct(ctx, bot.ConsoleUser("sam"), bot.Reply{Text: "psst"})
	want := `[posted to this chat]
  Poll 3: 0 votes
  1) Yes   (answer with the number)
[posted to slack:T1:C1]
  elsewhere
[updated in this chat]
  Poll 3: 1 vote
  A ▇ 1
[private message to you]
  You have not voted in poll 3.
  1) Vote   (answer with the number)
[private message to sam]
  psst
`
	if got := out.String(); got != want {
		t.Errorf("printed:\n%s\nwant:\n%s", got, want)
	}
	// The choices of the last message to this user are what a number picks.
	if cmd, ok := a.choice("1"); !ok || cmd != "poll results 3" {
		t.Errorf("choice(1) = %q, %v", cmd, ok)
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name string
		r    bot.Reply
		want string
	}{
		{"empty", bot.Reply{}, ""},
		{"text", bot.Reply{Text: "Hello.\n\n"}, "Hello.\n"},
		{"everything", bot.Reply{
			Title:     "Poll 3: Which day?",
			Text:      "Closes Fri 4 Dec 2026, 17:00",
			Fields:    []bot.Field{{Name: "Votes", Value: "12"}, {Name: "Quorum", Value: "60%", Inline: true}},
			Context:   []string{"asked by Sam (Slack)", "anonymous"},
			Choices:   []bot.Choice{{Label: "Mon", Command: "vote 3 A"}, {Label: "Tue", Command: "vote 3 B"}, {Label: "Wed", Command: "vote 3 C"}},
			ImageName: "poll-3.png", Image: []byte{1},
			Ephemeral: true, Error: true, Key: "poll:3", Data: map[string]any{"id": 3},
		}, `Poll 3: Which day?
Closes Fri 4 Dec 2026, 17:00
Votes: 12
Quorum: 60%
(asked by Sam (Slack))
(anonymous)
(picture: poll-3.png — use ` + "`exec --chart FILE`" + ` to save it)
1) Mon  2) Tue  3) Wed   (answer with the number)
`},
		{"title only", bot.Reply{Title: "Help"}, "Help\n"},
		{"choices only", bot.Reply{Choices: []bot.Choice{{Label: "OK"}}}, "1) OK   (answer with the number)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Render(tt.r); got != tt.want {
				t.Errorf("Render:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// Posts from the scheduler arrive while the console reads; run with -race.
func TestConcurrentPostWhileReading(t *testing.T) {
	r, seen := testRouter(t)
	pr, pw := io.Pipe()
	var out safeBuffer
	a := New(pr, &out, Options{Prompt: true})
	done := make(chan error)
	go func() { done <- a.Start(context.Background(), r) }()

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				ctx := context.Background()
				ref, _ := a.Post(ctx, bot.ConsoleChannel, bot.Reply{Text: fmt.Sprintf("post %d.%d", i, j), Choices: []bot.Choice{{Label: "Yes", Command: "answer 1 yes"}}})
				_ = a.Update(ctx, bot.ConsoleChannel, ref, bot.Reply{Text: "updated"})
				_ = a.Direct(ctx, bot.ConsoleUser("you"), bot.Reply{Text: "direct"})
			}
		}()
	}
	for range 20 {
		fmt.Fprintln(pw, "ask")
		fmt.Fprintln(pw, "1")
	}
	wg.Wait()
	fmt.Fprintln(pw, "quit")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	pw.Close()
	if n := len(*seen); n != 20 {
		t.Errorf("%d numbered answers ran, want 20", n)
	}
	if got := strings.Count(out.String(), "[posted to this chat]"); got != 80 {
		t.Errorf("%d posts printed, want 80", got)
	}
	// Every message is printed whole: no line is cut into by another.
	for _, l := range strings.Split(out.String(), "\n") {
		l = strings.TrimPrefix(l, "> ")
		switch {
		case l == "", strings.HasPrefix(l, "["), strings.HasPrefix(l, "  "), strings.HasPrefix(l, "Poll 3"),
			strings.HasPrefix(l, "Shall we"), strings.HasPrefix(l, "1) Yes"), strings.HasPrefix(l, "You said"), l == "Bye for now.":
		default:
			t.Errorf("a garbled line: %q", l)
		}
	}
}

type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
