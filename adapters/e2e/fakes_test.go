package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Mode is how a fake platform behaves.
type Mode int

const (
	// Up answers every call.
	Up Mode = iota
	// Failing answers every call with 500 Internal Server Error.
	Failing
	// Refusing closes the listening socket: connections are refused.
	Refusing
)

func (m Mode) String() string {
	return [...]string{"up", "failing (500)", "refusing connections"}[m]
}

// switchable is an HTTP server on a fixed loopback address that can be
// switched between up, answering 500, and refusing connections (its
// listener closed, and opened again on the same address when it comes back).
type switchable struct {
	t       testing.TB
	handler http.Handler
	addr    string

	mu   sync.Mutex
	mode Mode
	srv  *http.Server
	done chan struct{}
}

func newSwitchable(t testing.TB, h http.Handler) *switchable {
	t.Helper()
	s := &switchable{t: t, handler: h}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.stop()
	})
	return s
}

// URL is the server's base address, http://127.0.0.1:PORT.
func (s *switchable) URL() string { return "http://" + s.addr }

func (s *switchable) serve(ln net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(s.route), ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	s.srv, s.done = srv, done
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.t.Errorf("fake server on %s stopped: %v", s.addr, err)
		}
	}()
}

// stop closes the listener and every connection; mu must be held.
func (s *switchable) stop() {
	if s.srv == nil {
		return
	}
	_ = s.srv.Close()
	<-s.done
	s.srv = nil
}

func (s *switchable) route(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	mode := s.mode
	s.mu.Unlock()
	if mode == Failing {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `{"ok":false,"error":"internal_error","message":"500: Internal Server Error","code":0}`)
		return
	}
	s.handler.ServeHTTP(w, r)
}

// Set switches the server to mode m.
func (s *switchable) Set(m Mode) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if m == s.mode {
		return
	}
	if m == Refusing {
		s.stop()
	} else if s.srv == nil {
		ln, err := net.Listen("tcp", s.addr)
		if err != nil {
			s.t.Fatalf("re-opening the fake on %s: %v", s.addr, err)
		}
		s.serve(ln)
	}
	s.mode = m
}

// A call is one request a fake received and answered.
type call struct {
	Method string
	Path   string
	// Params are a form's fields, or the top-level fields of a JSON body
	// (non-strings re-encoded as JSON).
	Params map[string]string
	// Body is the decoded JSON body, if any.
	Body any
	Raw  string
	// Answer is what the fake answered: a Slack message's ts, a Discord
	// message's id.
	Answer string
}

func (c call) String() string { return c.Method + " " + c.Path }

// recorder keeps the calls a fake answered, in order.
type recorder struct {
	mu    sync.Mutex
	calls []call
}

func (rec *recorder) add(c call) {
	rec.mu.Lock()
	rec.calls = append(rec.calls, c)
	rec.mu.Unlock()
}

// Calls returns the calls for which match is true (all when nil).
func (rec *recorder) Calls(match func(call) bool) []call {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out []call
	for _, c := range rec.calls {
		if match == nil || match(c) {
			out = append(out, c)
		}
	}
	return out
}

// Mark is how many calls have been recorded, to look only at later ones.
func (rec *recorder) Mark() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.calls)
}

// Since returns the calls after mark for which match is true.
func (rec *recorder) Since(mark int, match func(call) bool) []call {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out []call
	for _, c := range rec.calls[mark:] {
		if match == nil || match(c) {
			out = append(out, c)
		}
	}
	return out
}

// readCall reads a request into a call.
func readCall(r *http.Request) call {
	raw, _ := io.ReadAll(r.Body)
	c := call{Method: r.Method, Path: r.URL.Path, Params: map[string]string{}, Raw: string(raw)}
	// A Discord message with a file (a chart) is multipart: its JSON is the
	// payload_json part; the files are named in Params["files"].
	if mt, ps, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "multipart/form-data" {
		mr := multipart.NewReader(bytes.NewReader(raw), ps["boundary"])
		var files []string
		for {
			part, err := mr.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(part)
			if part.FormName() == "payload_json" {
				raw = b
				c.Raw = string(b)
			} else if part.FileName() != "" {
				files = append(files, part.FileName())
			}
		}
		c.Params["files"] = strings.Join(files, ",")
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || (len(raw) > 0 && (raw[0] == '{' || raw[0] == '[')) {
		_ = json.Unmarshal(raw, &c.Body)
		if m, ok := c.Body.(map[string]any); ok {
			for k, v := range m {
				if s, ok := v.(string); ok {
					c.Params[k] = s
				} else {
					b, _ := json.Marshal(v)
					c.Params[k] = string(b)
				}
			}
		}
	} else if form, err := url.ParseQuery(string(raw)); err == nil {
		for k := range form {
			c.Params[k] = form.Get(k)
		}
	}
	for k := range r.URL.Query() {
		c.Params[k] = r.URL.Query().Get(k)
	}
	return c
}

// fakeSlack is Slack's Web API (under /api/) and response URLs (under
// /response/N) on a switchable server.
type fakeSlack struct {
	*switchable
	recorder
	names map[string]string // display names by user id, for users.info

	mu sync.Mutex
	ts int
}

func newFakeSlack(t testing.TB, names map[string]string) *fakeSlack {
	f := &fakeSlack{names: names}
	f.switchable = newSwitchable(t, http.HandlerFunc(f.serve))
	return f
}

func (f *fakeSlack) APIURL() string { return f.URL() + "/api/" }

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	c := readCall(r)
	if strings.HasPrefix(r.URL.Path, "/response/") {
		f.add(c)
		w.WriteHeader(http.StatusOK)
		return
	}
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok {
		f.add(c)
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	f.ts++
	ts := fmt.Sprintf("1764583200.%06d", f.ts)
	f.mu.Unlock()
	p := c.Params
	var resp map[string]any
	switch method {
	case "auth.test":
		resp = map[string]any{"user_id": "UBOT", "team_id": "T1", "bot_id": "BBOT", "user": "partnerbot"}
	case "chat.postMessage":
		resp = map[string]any{"channel": p["channel"], "ts": ts}
		c.Answer = ts
	case "chat.update":
		resp = map[string]any{"channel": p["channel"], "ts": p["ts"]}
	case "chat.postEphemeral":
		resp = map[string]any{"message_ts": ts}
	case "conversations.open":
		resp = map[string]any{"channel": map[string]any{"id": "D" + p["users"]}}
	case "users.info":
		name, known := f.names[p["user"]]
		if !known {
			resp = map[string]any{"ok": false, "error": "user_not_found"}
			break
		}
		resp = map[string]any{"user": map[string]any{"id": p["user"], "name": strings.ToLower(name), "profile": map[string]any{"display_name": name}}}
	default:
		resp = map[string]any{"ok": false, "error": "unknown_method"}
	}
	if _, set := resp["ok"]; !set {
		resp["ok"] = true
	}
	f.add(c)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// Method returns a matcher for calls of a Web API method.
func slackMethod(method string) func(call) bool {
	return func(c call) bool { return c.Path == "/api/"+method }
}

// fakeDiscord is Discord's REST API (under /api/v9/) on a switchable server.
type fakeDiscord struct {
	*switchable
	recorder

	mu     sync.Mutex
	nextID int
}

func newFakeDiscord(t testing.TB) *fakeDiscord {
	f := &fakeDiscord{nextID: 9000}
	f.switchable = newSwitchable(t, http.HandlerFunc(f.serve))
	return f
}

func (f *fakeDiscord) serve(w http.ResponseWriter, r *http.Request) {
	c := readCall(r)
	f.mu.Lock()
	f.nextID++
	id := fmt.Sprint(f.nextID)
	f.mu.Unlock()
	if r.Method == "POST" {
		c.Answer = id
	}
	f.add(c)
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/v9/"), "/")
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == "GET" && r.URL.Path == "/api/v9/users/@me":
		fmt.Fprint(w, `{"id":"555","username":"partnerbot","bot":true}`)
	case r.Method == "POST" && r.URL.Path == "/api/v9/users/@me/channels":
		fmt.Fprint(w, `{"id":"8000","type":1}`)
	case r.Method == "POST" && len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages":
		fmt.Fprintf(w, `{"id":%q,"channel_id":%q}`, id, parts[1])
	case r.Method == "PATCH" && len(parts) == 4 && parts[0] == "channels" && parts[2] == "messages":
		fmt.Fprintf(w, `{"id":%q,"channel_id":%q}`, parts[3], parts[1])
	case r.Method == "PUT" && parts[0] == "applications":
		var cmds []map[string]any
		_ = json.Unmarshal([]byte(c.Raw), &cmds)
		for i := range cmds {
			cmds[i]["id"] = fmt.Sprint(5000 + i)
		}
		_ = json.NewEncoder(w).Encode(cmds)
	case parts[0] == "interactions": // the callback of a gateway interaction
		w.WriteHeader(http.StatusNoContent)
	case parts[0] == "webhooks" && r.Method == "DELETE":
		w.WriteHeader(http.StatusNoContent)
	case parts[0] == "webhooks": // the original response and follow-ups
		fmt.Fprintf(w, `{"id":%q,"channel_id":"2002"}`, id)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"Unknown route","code":0}`)
	}
}

// discordPost and discordPatch match channel messages posted and edited.
func discordPost(channel string) func(call) bool {
	return func(c call) bool { return c.Method == "POST" && c.Path == "/api/v9/channels/"+channel+"/messages" }
}

func discordPatch(channel, msg string) func(call) bool {
	return func(c call) bool {
		return c.Method == "PATCH" && c.Path == "/api/v9/channels/"+channel+"/messages/"+msg
	}
}
