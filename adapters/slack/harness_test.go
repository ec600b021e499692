package slack

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

const testSecret = "8f742231b10e8888abcd99yyyzzz85a5"

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// harness is a Slack adapter in HTTP mode against a fake Slack, with a
// router of fake commands and a hub for real message updates.
type harness struct {
	t      *testing.T
	fake   *fakeSlack
	a      *Adapter
	db     *storage.DB
	dbPath string
	clock  *bot.FakeClock
	router *bot.Router
	h      *countingHandler
	hub    *bot.Hub
	people *bot.People
	// release lets the "slow" command finish.
	release chan struct{}

	mu      sync.Mutex
	waits   []time.Duration
	tally   map[string]int
	lastReq bot.Request

	cancel context.CancelFunc
	done   chan struct{}
	seq    int
}

// countingHandler counts the requests handed to the router.
type countingHandler struct {
	r *bot.Router
	n atomic.Int32
}

func (c *countingHandler) Handle(ctx context.Context, req *bot.Request) bot.Reply {
	c.n.Add(1)
	return c.r.Handle(ctx, req)
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, fake: newFakeSlack(t), clock: bot.NewFakeClock(t0), release: make(chan struct{}), tally: map[string]int{}}
	h.dbPath = filepath.Join(t.TempDir(), "test.db")
	db, err := storage.Open(h.dbPath, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h.db = db
	t.Cleanup(func() { h.stop(); _ = h.db.Close() })
	h.people = bot.NewPeople(db)
	h.fake.names["U2"] = "Sam Patel"
	h.fake.names["UADMIN"] = "Alex"
	h.fake.groups["SADMINS"] = []string{"UADMIN"}
	h.router = bot.NewRouter()
	h.router.Clock = h.clock
	h.router.Log = quietLog()
	h.router.Register(h.commands()...)
	h.h = &countingHandler{r: h.router}
	h.hub = bot.NewHub(db, nil, quietLog())
	h.a = h.newAdapter()
	h.hub.AddAdapter(h.a)
	h.start()
	return h
}

func (h *harness) newAdapter() *Adapter {
	h.t.Helper()
	a, err := New(bot.SlackConfig{Mode: "http", BotToken: "xoxb-test", SigningSecret: testSecret, APIURL: h.fake.apiURL(), AdminGroups: []string{"SADMINS"}},
		Options{Clock: h.clock, Log: quietLog(), DB: h.db, People: h.people})
	if err != nil {
		h.t.Fatal(err)
	}
	a.inlineWait = 10 * time.Second // a fast command is always answered inline
	a.sleep = func(ctx context.Context, d time.Duration) error {
		h.mu.Lock()
		h.waits = append(h.waits, d)
		h.mu.Unlock()
		return nil
	}
	return a
}

func (h *harness) start() {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan struct{})
	a := h.a
	go func() {
		defer close(h.done)
		_ = a.Start(ctx, h.h)
	}()
	<-a.Ready()
}

func (h *harness) stop() {
	if h.cancel != nil {
		h.cancel()
		<-h.done
		h.cancel = nil
	}
}

// restart stops the adapter, closes and reopens the database, and starts a
// new adapter on it.
func (h *harness) restart() {
	h.stop()
	if err := h.db.Close(); err != nil {
		h.t.Fatal(err)
	}
	db, err := storage.Open(h.dbPath, storage.Options{})
	if err != nil {
		h.t.Fatal(err)
	}
	h.db = db
	h.people = bot.NewPeople(db)
	h.a = h.newAdapter()
	h.start()
}

func (h *harness) commands() []*bot.Command {
	return []*bot.Command{
		{Name: "echo", Args: []bot.Arg{{Name: "text", Kind: bot.Text}}, Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			h.mu.Lock()
			h.lastReq = *req
			h.mu.Unlock()
			return bot.Say("you said: %s", req.Args.String("text")), nil
		}},
		{Name: "private", Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			return bot.Private("only you can see this"), nil
		}},
		{Name: "slow", Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			<-h.release
			return bot.Say("done, slowly"), nil
		}},
		{Name: "secret", Admin: true, Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			return bot.Private("admin things done"), nil
		}},
		{Name: "vote", Args: []bot.Arg{{Name: "id", Kind: bot.Int, Required: true}, {Name: "choice", Kind: bot.List, Required: true}}, Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			id, _ := req.Args.Int("id")
			if id != 1 {
				return bot.Reply{}, bot.Refuse("vote 1 A", "There's no poll %d.", id)
			}
			choice := req.Args.String("choice")
			h.mu.Lock()
			h.tally[choice]++
			msg := pollMessage(h.tally)
			h.mu.Unlock()
			if err := h.hub.Update(ctx, msg); err != nil {
				return bot.Reply{}, err
			}
			return bot.Private("Vote recorded: %s", choice), nil
		}},
		{Name: "poll", Args: []bot.Arg{{Name: "question", Kind: bot.List}}, Flags: []bot.Flag{
			{Name: "multi", Kind: bot.Bool}, {Name: "ranked", Kind: bot.Bool}, {Name: "consent", Kind: bot.Bool},
			{Name: "dots", Kind: bot.IntFlag}, {Name: "closes", Kind: bot.StringFlag},
		}, Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			h.mu.Lock()
			h.lastReq = *req
			h.mu.Unlock()
			if c := req.Args.Flag("closes"); strings.Contains(c, "blue moon") {
				return bot.Reply{}, bot.Refuse(`poll "Q?" "A" "B" --closes "next Friday at 17:00"`, "I couldn't read the closing time %q.", c)
			}
			qs := req.Args.List("question")
			if len(qs) == 0 {
				return bot.Reply{}, bot.Refuse(`poll "Q?" "A" "B"`, "A poll needs a question and options.")
			}
			return bot.Private("Poll 1 is open: %s", qs[0]), nil
		}},
	}
}

// pollMessage is the shared poll message with its tally and buttons.
func pollMessage(tally map[string]int) bot.Reply {
	return bot.Reply{
		Key:   "poll:1",
		Title: "Poll 1: Which priority first?",
		Text:  fmt.Sprintf("A: %d · B: %d", tally["A"], tally["B"]),
		Choices: []bot.Choice{
			{Label: "A", Command: "vote 1 A", Style: "primary"},
			{Label: "B", Command: "vote 1 B"},
		},
	}
}

// send posts a signed request to one of the adapter's routes.
func (h *harness) send(path, body string, mutate func(r *http.Request)) *httptest.ResponseRecorder {
	h.t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	stamp, sig := Signature(testSecret, h.clock.Now(), []byte(body))
	r.Header.Set("X-Slack-Request-Timestamp", stamp)
	r.Header.Set("X-Slack-Signature", sig)
	if mutate != nil {
		mutate(r)
	}
	w := httptest.NewRecorder()
	handler, ok := h.a.Routes()[path]
	if !ok {
		h.t.Fatalf("no route %s", path)
	}
	handler.ServeHTTP(w, r)
	return w
}

// slashBody is a slash command's form body.
func (h *harness) slashBody(user, text string) string {
	h.seq++
	return url.Values{
		"token": {"ignored"}, "team_id": {"T1"}, "team_domain": {"sip"}, "channel_id": {"C1"}, "channel_name": {"sip-general"},
		"user_id": {user}, "user_name": {strings.ToLower(user)}, "command": {"/sip"}, "text": {text},
		"response_url": {h.fake.responseURL(h.seq)}, "trigger_id": {"trig-" + fmt.Sprint(h.seq)}, "api_app_id": {"A1"},
	}.Encode()
}

// interactionBody is an interaction's form body.
func interactionBody(payload string) string {
	return url.Values{"payload": {payload}}.Encode()
}

func (h *harness) waits_() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Duration(nil), h.waits...)
}
