package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
)

// A call is one request the fake Discord API received.
type call struct {
	Method string
	Path   string
	Query  string
	Body   any      // the JSON body (payload_json for multipart)
	Files  []string // names of attached files
	Raw    []byte
}

func (c call) String() string { return c.Method + " " + c.Path }

// fakeDiscord is Discord's REST API on httptest: it records every call and
// answers the endpoints the adapter uses.
type fakeDiscord struct {
	t   testing.TB
	srv *httptest.Server

	mu     sync.Mutex
	calls  []call
	nextID int
	// limited makes the next N calls whose "METHOD path" has this prefix
	// answer 429.
	limitPrefix string
	limitN      int
	retryAfter  string // seconds, as Discord sends it
	seen        chan call
	pending     []call // seen but not yet waited for
}

func newFakeDiscord(t testing.TB) *fakeDiscord {
	f := &fakeDiscord{t: t, nextID: 1000, seen: make(chan call, 256), retryAfter: "0.05"}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeDiscord) rateLimit(prefix string, n int) {
	f.mu.Lock()
	f.limitPrefix, f.limitN = prefix, n
	f.mu.Unlock()
}

func (f *fakeDiscord) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	c := call{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Raw: raw}
	if mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			data, _ := io.ReadAll(p)
			if p.FormName() == "payload_json" {
				_ = json.Unmarshal(data, &c.Body)
			} else {
				c.Files = append(c.Files, p.FileName())
			}
		}
	} else if len(raw) > 0 {
		_ = json.Unmarshal(raw, &c.Body)
	}
	f.mu.Lock()
	f.calls = append(f.calls, c)
	limited := f.limitN > 0 && strings.HasPrefix(c.Method+" "+c.Path, f.limitPrefix)
	if limited {
		f.limitN--
	}
	f.nextID++
	id := fmt.Sprint(f.nextID)
	ra := f.retryAfter
	f.mu.Unlock()
	f.seen <- c

	w.Header().Set("Content-Type", "application/json")
	if limited {
		w.Header().Set("Retry-After", ra)
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprintf(w, `{"message":"You are being rate limited.","retry_after":%s,"global":false}`, ra)
		return
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/v9/"), "/")
	switch {
	case r.Method == "GET" && r.URL.Path == "/api/v9/users/@me":
		fmt.Fprint(w, `{"id":"555","username":"partnerbot","bot":true}`)
	case r.Method == "POST" && r.URL.Path == "/api/v9/users/@me/channels":
		fmt.Fprint(w, `{"id":"800","type":1}`)
	case r.Method == "POST" && len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages":
		fmt.Fprintf(w, `{"id":%q,"channel_id":%q}`, id, parts[1])
	case r.Method == "PATCH" && len(parts) == 4 && parts[0] == "channels":
		fmt.Fprintf(w, `{"id":%q,"channel_id":%q}`, parts[3], parts[1])
	case r.Method == "PUT" && parts[0] == "applications":
		var cmds []map[string]any
		_ = json.Unmarshal(raw, &cmds)
		for i := range cmds {
			cmds[i]["id"] = fmt.Sprint(5000 + i)
		}
		_ = json.NewEncoder(w).Encode(cmds)
	case parts[0] == "interactions":
		w.WriteHeader(http.StatusNoContent)
	case parts[0] == "webhooks" && r.Method == "DELETE":
		w.WriteHeader(http.StatusNoContent)
	case parts[0] == "webhooks" && r.Method == "GET":
		fmt.Fprint(w, `{"id":"7777","channel_id":"300"}`)
	case parts[0] == "webhooks":
		fmt.Fprintf(w, `{"id":%q,"channel_id":"300"}`, id)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"Unknown route","code":0}`)
	}
}

// wait returns the next call whose "METHOD path" starts with prefix,
// skipping others; it fails the test after a generous deadlock guard.
func (f *fakeDiscord) wait(prefix string) call {
	f.t.Helper()
	for i, c := range f.pending {
		if strings.HasPrefix(c.Method+" "+c.Path, prefix) {
			f.pending = append(f.pending[:i:i], f.pending[i+1:]...)
			return c
		}
	}
	guard := time.NewTimer(10 * time.Second)
	defer guard.Stop()
	for {
		select {
		case c := <-f.seen:
			if strings.HasPrefix(c.Method+" "+c.Path, prefix) {
				return c
			}
			f.pending = append(f.pending, c)
		case <-guard.C:
			f.t.Fatalf("the fake Discord never saw %s; it saw %v", prefix, f.all())
			return call{}
		}
	}
}

func (f *fakeDiscord) all() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func (f *fakeDiscord) count(prefix string) int {
	n := 0
	for _, c := range f.all() {
		if strings.HasPrefix(c.Method+" "+c.Path, prefix) {
			n++
		}
	}
	return n
}

// harness is an adapter wired to a fake Discord, a router and a database.
type harness struct {
	t      *testing.T
	env    *bottest.Env
	fake   *fakeDiscord
	a      *Adapter
	key    ed25519.PrivateKey
	router *bot.Router
	hub    *bot.Hub
	rooms  *bot.Rooms
	waits  *[]time.Duration
}

const (
	guild   = "100"
	channel = "300"
	userID  = "200"
	adminID = "201"
	adminRl = "999"
)

var testNow = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func newHarness(t *testing.T, mode string, cmds ...*bot.Command) *harness {
	t.Helper()
	env := bottest.NewEnv(t, testNow)
	fake := newFakeDiscord(t)
	pub, priv, err := ed25519.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{7}, 64)))
	if err != nil {
		t.Fatal(err)
	}
	rooms := bot.NewRooms("sip-general")
	if err := rooms.Bind("sip-general", bot.ID("discord:"+guild+":"+channel)); err != nil {
		t.Fatal(err)
	}
	env.Router.Rooms = rooms
	env.Router.Register(cmds...)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := New(bot.DiscordConfig{
		Enabled:       true,
		Mode:          mode,
		Token:         "test-token",
		ApplicationID: "555",
		PublicKey:     hex.EncodeToString(pub),
		GuildID:       guild,
		APIURL:        fake.srv.URL,
		AdminRoles:    []string{adminRl},
	}, Options{
		Clock:    env.Clock,
		Log:      log,
		DB:       env.DB,
		People:   env.People,
		Commands: env.Router.Commands,
		Autocomplete: func(kind, prefix string) []string {
			if kind == "event" {
				return []string{"e7 Monthly meeting", "e8 Summer fair"}
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	var wmu sync.Mutex
	a.sleep = func(ctx context.Context, d time.Duration) error {
		wmu.Lock()
		waits = append(waits, d)
		wmu.Unlock()
		return nil
	}
	hub := bot.NewHub(env.DB, rooms, log)
	hub.AddAdapter(a)
	a.setHandler(context.Background(), env.Router)
	t.Cleanup(a.Wait)
	return &harness{t: t, env: env, fake: fake, a: a, key: priv, router: env.Router, hub: hub, rooms: rooms, waits: &waits}
}

// sign makes a signed interactions request.
func (h *harness) signed(body string) *http.Request {
	ts := "1764000000"
	sig := ed25519.Sign(h.key, []byte(ts+body))
	r := httptest.NewRequest("POST", InteractionsPath, strings.NewReader(body))
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	r.Header.Set("X-Signature-Timestamp", ts)
	r.Header.Set("Content-Type", "application/json")
	return r
}

// post sends a request to the interactions route and returns the status
// and decoded JSON answer.
func (h *harness) post(r *http.Request) (int, map[string]any) {
	h.t.Helper()
	w := httptest.NewRecorder()
	h.a.Routes()[InteractionsPath].ServeHTTP(w, r)
	var out map[string]any
	if strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			h.t.Fatalf("answer is not JSON: %v: %s", err, w.Body.String())
		}
	}
	return w.Code, out
}

// interaction builds an interaction body from a member and data.
func interaction(typ int, data string, member string) string {
	if member == "" {
		member = memberJSON(userID, "Sam", nil)
	}
	return fmt.Sprintf(`{"id":"4000","application_id":"555","type":%d,"token":"tok-1","version":1,"guild_id":%q,"channel_id":%q,"member":%s,"data":%s}`,
		typ, guild, channel, member, data)
}

func memberJSON(id, nick string, roles []string) string {
	rs, _ := json.Marshal(roles)
	if roles == nil {
		rs = []byte("[]")
	}
	return fmt.Sprintf(`{"nick":%q,"roles":%s,"user":{"id":%q,"username":"user%s","global_name":"Global %s"}}`, nick, rs, id, id, id)
}

// dig walks a decoded JSON value by keys and indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			s, ok := v.([]any)
			if !ok || k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

// handlerCounter wraps a handler and counts calls.
type handlerCounter struct {
	mu sync.Mutex
	n  int
	h  bot.Handler
}

func (c *handlerCounter) Handle(ctx context.Context, req *bot.Request) bot.Reply {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.h.Handle(ctx, req)
}

func (c *handlerCounter) calls() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
