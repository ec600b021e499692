package bot

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
)

var (
	admin  = ConsoleUser("admin")
	member = ConsoleUser("sam")
	t0     = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
)

// observed records what the router told its Observer.
type observed struct {
	mu  sync.Mutex
	got []string
}

func (o *observed) observe(command, outcome string, _ time.Duration) {
	o.mu.Lock()
	o.got = append(o.got, command+"="+outcome)
	o.mu.Unlock()
}

func (o *observed) last() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.got) == 0 {
		return ""
	}
	return o.got[len(o.got)-1]
}

// echo answers with what the router parsed, so tests can check it.
func echo(ctx context.Context, req *Request) (Reply, error) {
	var parts []string
	parts = append(parts, "cmd="+req.Command, "sub="+req.Sub)
	for _, k := range SortedKeys(req.Args.values) {
		parts = append(parts, k+"="+strings.Join(req.Args.values[k], ","))
	}
	for _, k := range SortedKeys(req.Args.flags) {
		parts = append(parts, "--"+k+"="+req.Args.flags[k])
	}
	return Reply{Text: strings.Join(parts, " ")}, nil
}

// testRouter has a command with subcommands and its own handler (poll), a
// command with only subcommands (meeting), an admin command, a fallback
// (who), commands that fail and one that panics.
func testRouter(t testing.TB) (*Router, *observed, *bytes.Buffer) {
	r := NewRouter()
	logs := &bytes.Buffer{}
	var logMu sync.Mutex
	r.Log = slog.New(slog.NewTextHandler(lockedWriter{&logMu, logs}, nil))
	r.Clock = NewFakeClock(t0)
	r.Admins[admin] = true
	r.Fallback = "who"
	r.Rooms = NewRooms("sip-general")
	if err := r.Rooms.Bind("sip-general", ConsoleChannel); err != nil {
		t.Fatal(err)
	}
	obs := &observed{}
	r.Observe = obs.observe
	r.Register(
		&Command{
			Name: "poll", Summary: "ask a question", Examples: []string{`poll "Q?" "A" "B"`},
			Args:   []Arg{{Name: "question", Kind: Word, Required: true, Help: "a question"}, {Name: "options", Kind: List}},
			Flags:  []Flag{{Name: "multi", Kind: Bool, Help: "pick several"}},
			Handle: echo,
			Subs: []*Command{
				{Name: "list", Summary: "open polls", Examples: []string{"poll list"}, Handle: echo},
				{Name: "close", Summary: "close a poll", Admin: true, Examples: []string{"poll close 3"},
					Args: []Arg{{Name: "id", Kind: Int, Required: true, Help: "the poll number"}}, Handle: echo},
			},
		},
		&Command{
			Name: "meeting", Summary: "monthly meetings",
			Subs: []*Command{
				{Name: "list", Summary: "meetings", Examples: []string{"meeting list"}, Handle: echo},
				{Name: "next", Summary: "the next one", Handle: echo},
			},
		},
		&Command{Name: "who", Summary: "find a service", Args: []Arg{{Name: "question", Kind: Text, Required: true, Help: "a question"}}, Handle: echo},
		&Command{Name: "purge", Summary: "wipe", Admin: true, Handle: echo},
		&Command{Name: "boom", Summary: "panics", Hidden: true, Handle: func(ctx context.Context, req *Request) (Reply, error) {
			var m map[string]int
			m["x"] = 1 // nil map write
			return Reply{}, nil
		}},
		&Command{Name: "fail", Summary: "fails", Hidden: true, Handle: func(ctx context.Context, req *Request) (Reply, error) {
			return Reply{}, errors.New("bolt: disk on fire at /var/lib/secret")
		}},
		&Command{Name: "refuse", Summary: "refuses", Hidden: true, Handle: func(ctx context.Context, req *Request) (Reply, error) {
			return Reply{}, fmt.Errorf("wrapped: %w", Refuse("refuse now", "Not today."))
		}},
		&Command{Name: "joined", Summary: "refuses with a joined error", Hidden: true, Handle: func(ctx context.Context, req *Request) (Reply, error) {
			return Reply{}, errors.Join(Errorf("Not that one."), Errorf("Nor that."))
		}},
		&Command{Name: "whoami", Summary: "who you are", Handle: func(ctx context.Context, req *Request) (Reply, error) {
			return Reply{Text: fmt.Sprintf("user=%s person=%s admin=%v room=%s time=%s", req.User, req.Person, req.Admin, req.Room, req.Time.Format(time.RFC3339))}, nil
		}},
	)
	r.Register(r.HelpCommand())
	return r, obs, logs
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestRouter(t *testing.T) {
	tests := []struct {
		name    string
		req     Request
		want    string // substring of the reply text
		err     bool   // Reply.Error
		outcome string // what Observe heard: "command=outcome"
	}{
		{name: "command", req: Request{User: member, Text: `poll "Q?" A B`}, want: "cmd=poll sub= options=A,B question=Q?", outcome: "poll=ok"},
		{name: "command upper case", req: Request{User: member, Text: `POLL "Q?"`}, want: "cmd=poll sub= question=Q?", outcome: "poll=ok"},
		{name: "leading slash", req: Request{User: member, Text: `/poll list`}, want: "cmd=poll sub=list", outcome: "poll list=ok"},
		{name: "leading bang", req: Request{User: member, Text: `!poll list`}, want: "cmd=poll sub=list", outcome: "poll list=ok"},
		{name: "subcommand case-insensitive", req: Request{User: member, Text: `poll LIST`}, want: "cmd=poll sub=list", outcome: "poll list=ok"},
		{name: "surrounding space", req: Request{User: member, Text: "  poll list \n"}, want: "cmd=poll sub=list"},
		{name: "command with subs uses its own handler", req: Request{User: member, Text: `poll "list"`}, want: "cmd=poll sub= question=list", outcome: "poll=ok"},
		{name: "flags anywhere", req: Request{User: member, Text: `poll --multi "Q?" A`}, want: "--multi=", outcome: "poll=ok"},
		{name: "subcommand args", req: Request{User: admin, Text: `poll close #3`}, want: "cmd=poll sub=close id=3", outcome: "poll close=ok"},
		{name: "subs only, no sub given", req: Request{User: member, Text: `meeting`}, want: "`meeting` needs to know what to do: `meeting list`, `meeting next`.", err: true, outcome: "unknown=refused"},
		{name: "subs only, unknown sub", req: Request{User: member, Text: `meeting later`}, want: "I don't know `meeting later`. Try `meeting list`, `meeting next`.\nFor example: `meeting list`", err: true},
		{name: "unknown command suggests", req: Request{User: member, Text: `pol list`}, want: "I don't know the command \"pol\". Did you mean `poll`?\nFor example: `help poll`", err: true, outcome: "unknown=refused"},
		{name: "unknown command far from any", req: Request{User: member, Text: `xyzzyplugh`}, want: "Type `help` to see what I can do.", err: true},
		{name: "hidden commands are not suggested", req: Request{User: member, Text: `bom`}, want: "Type `help`", err: true},
		{name: "question falls back to who", req: Request{User: member, Text: `food banks in Shephall?`}, want: "cmd=who sub= question=food banks in Shephall?", outcome: "who=ok"},
		{name: "mention falls back to who", req: Request{User: member, Mention: true, Text: `youth clubs near Pin Green`}, want: "cmd=who sub= question=youth clubs near Pin Green"},
		{name: "DM falls back to who", req: Request{User: member, DM: true, Text: `lunch clubs`}, want: "cmd=who sub= question=lunch clubs"},
		{name: "mention starting with a command word runs the command", req: Request{User: member, Mention: true, Text: `poll list`}, want: "cmd=poll sub=list"},
		{name: "quoted first word is not a command", req: Request{User: member, Mention: true, Text: `"poll" list`}, want: `cmd=who sub= question="poll" list`},
		{name: "no fallback without a question or mention", req: Request{User: member, Text: `food banks`}, want: "I don't know the command \"food\"", err: true},
		{name: "admin-only refused for a member", req: Request{User: member, Text: `purge`}, want: "Only admins (the Steering Group) can use `purge`.", err: true, outcome: "purge=refused"},
		{name: "admin-only allowed for an admin", req: Request{User: admin, Text: `purge`}, want: "cmd=purge", outcome: "purge=ok"},
		{name: "admin flag from the adapter", req: Request{User: member, Admin: true, Text: `purge`}, want: "cmd=purge"},
		{name: "admin-only sub refused", req: Request{User: member, Text: `poll close 3`}, want: "Only admins (the Steering Group) can use `poll close`.", err: true},
		{name: "panic becomes an apology", req: Request{User: member, Text: `boom`}, want: "Sorry, something went wrong on my side", err: true, outcome: "boom=panic"},
		{name: "internal error hidden", req: Request{User: member, Text: `fail`}, want: "Sorry, something went wrong on my side", err: true, outcome: "fail=error"},
		{name: "wrapped user error shown", req: Request{User: member, Text: `refuse`}, want: "Not today.\nFor example: `refuse now`", err: true, outcome: "refuse=refused"},
		{name: "joined user errors shown", req: Request{User: member, Text: `joined`}, want: "Not that one.", err: true, outcome: "joined=refused"},
		{name: "too long", req: Request{User: member, Text: "who " + strings.Repeat("é", MaxTextLen)}, want: "That message is too long for me (4004 characters; the most I read is 4000).", err: true, outcome: "unknown=refused"},
		{name: "just long enough", req: Request{User: member, Text: "who " + strings.Repeat("é", MaxTextLen-4)}, want: "cmd=who"},
		{name: "empty text greets", req: Request{User: member, Text: "   "}, want: "Hello! Type `help`"},
		{name: "action replaces text", req: Request{User: member, Text: "ignored words", Action: "poll list"}, want: "cmd=poll sub=list"},
		{name: "action is checked like text", req: Request{User: member, Action: "purge"}, want: "Only admins", err: true},
		{name: "parse error", req: Request{User: member, Text: `poll "Q?" --nope`}, want: "`poll` doesn't know --nope. It takes --multi.", err: true, outcome: "poll=refused"},
		{name: "missing arg", req: Request{User: admin, Text: `poll close`}, want: "`poll close` needs the poll number.\nFor example: `poll close 3`", err: true},
		{name: "request filled in", req: Request{User: admin, Channel: ConsoleChannel, Text: `whoami`}, want: "user=console:local:admin person=console:local:admin admin=true room=sip-general time=2026-12-01T10:00:00Z"},
		{name: "time kept if set", req: Request{User: member, Time: t0.Add(time.Hour), Text: `whoami`}, want: "admin=false room= time=2026-12-01T11:00:00Z"},
	}
	r, obs, _ := testRouter(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := tt.req
			got := r.Handle(context.Background(), &req)
			if !strings.Contains(got.Text, tt.want) {
				t.Errorf("Handle(%q):\n got  %q\n want %q", tt.req.Text, got.Text, tt.want)
			}
			if got.Error != tt.err {
				t.Errorf("Handle(%q): Error = %v, want %v", tt.req.Text, got.Error, tt.err)
			}
			if tt.err && !got.Ephemeral {
				t.Errorf("Handle(%q): a refusal should be private", tt.req.Text)
			}
			if tt.outcome != "" && obs.last() != tt.outcome {
				t.Errorf("Handle(%q): observed %q, want %q", tt.req.Text, obs.last(), tt.outcome)
			}
		})
	}
}

func TestRouterLogsInternalErrorsNotUserOnes(t *testing.T) {
	r, _, logs := testRouter(t)
	ctx := context.Background()
	rep := r.Handle(ctx, &Request{User: member, Text: "fail"})
	if strings.Contains(rep.Text, "disk on fire") {
		t.Errorf("internal error leaked to the user: %q", rep.Text)
	}
	if !strings.Contains(logs.String(), "disk on fire") {
		t.Errorf("internal error not logged: %q", logs.String())
	}
	logs.Reset()
	r.Handle(ctx, &Request{User: member, Text: "boom"})
	if !strings.Contains(logs.String(), "command panicked") || !strings.Contains(logs.String(), "nil map") {
		t.Errorf("panic not logged: %q", logs.String())
	}
	logs.Reset()
	r.Handle(ctx, &Request{User: member, Text: "refuse"})
	r.Handle(ctx, &Request{User: member, Text: "joined"})
	if logs.Len() != 0 {
		t.Errorf("user errors should not be logged as failures: %q", logs.String())
	}
}

func TestRouterRegisterTwicePanics(t *testing.T) {
	r := NewRouter()
	r.Register(&Command{Name: "x", Handle: echo})
	defer func() {
		if recover() == nil {
			t.Fatal("registering x twice did not panic")
		}
	}()
	r.Register(&Command{Name: "X", Handle: echo})
}

func TestRouterLookups(t *testing.T) {
	r, _, _ := testRouter(t)
	if !r.IsCommand("POLL") || r.IsCommand("nope") {
		t.Error("IsCommand wrong")
	}
	if r.Command("Meeting") == nil || r.Command("nope") != nil {
		t.Error("Command wrong")
	}
	var names []string
	for _, c := range r.Commands() {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, " "); got != "poll meeting who purge boom fail refuse joined whoami help" {
		t.Errorf("Commands() in order = %q", got)
	}
}

type fakeResolver map[ID]ID

func (f fakeResolver) Resolve(id ID) ID {
	if p, ok := f[id]; ok {
		return p
	}
	return id
}

func TestRouterIdentities(t *testing.T) {
	r, _, _ := testRouter(t)
	slackSam := ID("slack:T1:U9")
	r.Identities = fakeResolver{slackSam: admin}
	rep := r.Handle(context.Background(), &Request{User: slackSam, Text: "whoami"})
	if !strings.Contains(rep.Text, "user=slack:T1:U9 person=console:local:admin admin=true") {
		t.Errorf("a linked identity should carry its person's admin role: %q", rep.Text)
	}
}

func TestHelp(t *testing.T) {
	r, _, _ := testRouter(t)
	tests := []struct {
		text    string
		want    []string
		notWant []string
		err     bool
	}{
		{text: "help", want: []string{"Here's what I can do.", "• `poll` — ask a question", "• `meeting` — monthly meetings", "• `help` — what I can do"}, notWant: []string{"boom", "fail"}},
		{text: "help poll", want: []string{"*poll* — ask a question", "Usage: `poll QUESTION [OPTIONS...] [--multi]`", "QUESTION: a question", "--multi: pick several", "• `poll list` — open polls", "• `poll close ID` — close a poll (admins)", "Examples:", "`poll \"Q?\" \"A\" \"B\"`", "`poll close 3`"}},
		{text: "help /POLL", want: []string{"*poll* — ask a question"}},
		{text: "help poll list", want: []string{"*poll list* — open polls", "Usage: `poll list`", "`poll list`"}, notWant: []string{"close"}},
		{text: "help poll nothing", want: []string{"*poll* — ask a question"}},
		{text: "help meeting", want: []string{"*meeting* — monthly meetings", "• `meeting list`"}, notWant: []string{"Usage:"}},
		{text: "help purge", want: []string{"Only admins can use this."}},
		{text: "help pol", want: []string{"Did you mean `poll`?"}, err: true},
		{text: "help boom", want: []string{"I don't know the command \"boom\""}, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			rep := r.Handle(context.Background(), &Request{User: member, Text: tt.text})
			if rep.Error != tt.err {
				t.Errorf("Error = %v, want %v: %q", rep.Error, tt.err, rep.Text)
			}
			for _, w := range tt.want {
				if !strings.Contains(rep.Text, w) {
					t.Errorf("%q: missing %q in\n%s", tt.text, w, rep.Text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(rep.Text, w) {
					t.Errorf("%q: should not show %q in\n%s", tt.text, w, rep.Text)
				}
			}
			if testing.Verbose() {
				t.Logf("%s\n%s", tt.text, rep.Text)
			}
		})
	}
	// Data lists the commands a person can see, and nothing hidden.
	rep := r.Handle(context.Background(), &Request{User: member, Text: "help"})
	cmds, _ := rep.Data["commands"].([]string)
	if got := strings.Join(cmds, " "); got != "poll meeting who purge whoami help" {
		t.Errorf("help data commands = %q", got)
	}
}

// Every registered command has help, and every example in it parses.
func TestHelpExamplesParse(t *testing.T) {
	r, _, _ := testRouter(t)
	for _, c := range r.Commands() {
		if c.Hidden {
			continue
		}
		rep := r.Handle(context.Background(), &Request{User: admin, Text: "help " + c.Name})
		if rep.Error || !strings.Contains(rep.Text, "*"+c.Name+"*") {
			t.Errorf("help %s: %q", c.Name, rep.Text)
		}
		var ex []string
		ex = append(ex, c.Examples...)
		for _, s := range c.Subs {
			ex = append(ex, s.Examples...)
		}
		for _, e := range ex {
			if rep := r.Handle(context.Background(), &Request{User: admin, Text: e}); rep.Error {
				t.Errorf("example %q of %s fails: %q", e, c.Name, rep.Text)
			}
		}
	}
}

func TestRouterConcurrent(t *testing.T) {
	r, _, _ := testRouter(t)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				text := []string{"poll list", "boom", "help", "pol", "who food?"}[(i+j)%5]
				if rep := r.Handle(context.Background(), &Request{User: member, Text: text}); rep.Text == "" {
					t.Errorf("%q: empty reply", text)
				}
			}
		}()
	}
	wg.Wait()
}

func TestErrorReply(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{Errorf("No poll %d.", 7), "No poll 7."},
		{Refuse("vote 3 A", "Pick an option."), "Pick an option.\nFor example: `vote 3 A`"},
		{fmt.Errorf("ctx: %w", Errorf("Inner.")), "Inner."},
		{errors.New("secret internals"), "Sorry, something went wrong on my side and nothing was changed. Please try again in a moment."},
	}
	for _, tt := range tests {
		rep := ErrorReply(tt.err)
		if rep.Text != tt.want || !rep.Error || !rep.Ephemeral {
			t.Errorf("ErrorReply(%v) = %+v, want text %q, Error and Ephemeral", tt.err, rep, tt.want)
		}
	}
	if rep := Say("Poll %d is open.", 3); rep.Text != "Poll 3 is open." || rep.Ephemeral {
		t.Errorf("Say = %+v", rep)
	}
	if rep := Private("Only %s.", "you"); rep.Text != "Only you." || !rep.Ephemeral {
		t.Errorf("Private = %+v", rep)
	}
}
