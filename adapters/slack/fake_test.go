package slack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// fakeSlack is a fake of Slack's Web API (under /api/), response URLs
// (under /response/) and file uploads, recording every call.
type fakeSlack struct {
	t   testing.TB
	srv *httptest.Server

	mu        sync.Mutex
	calls     []apiCall
	responses []apiCall // posts to response URLs
	ts        int
	// limit makes the next n calls of a method answer 429 Retry-After: 1.
	limit map[string]int
	// names are display names by user id, for users.info.
	names map[string]string
	// groups are user group members, for usergroups.users.list.
	groups map[string][]string
	// ws, if set, serves /ws (Socket Mode).
	ws http.HandlerFunc
}

// apiCall is one recorded request: the method (or path) and its
// parameters, form or JSON, flattened to strings.
type apiCall struct {
	Method string
	Params map[string]string
}

func newFakeSlack(t testing.TB) *fakeSlack {
	f := &fakeSlack{t: t, limit: map[string]int{}, names: map[string]string{}, groups: map[string][]string{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSlack) apiURL() string { return f.srv.URL + "/api/" }

func (f *fakeSlack) responseURL(n int) string { return fmt.Sprintf("%s/response/%d", f.srv.URL, n) }

func params(r *http.Request) map[string]string {
	out := map[string]string{}
	body, _ := io.ReadAll(r.Body)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		for k, v := range m {
			if s, ok := v.(string); ok {
				out[k] = s
			} else {
				b, _ := json.Marshal(v)
				out[k] = string(b)
			}
		}
		out["_json"] = string(body)
		return out
	}
	form, _ := url.ParseQuery(string(body))
	for k := range form {
		out[k] = form.Get(k)
	}
	for k := range r.URL.Query() {
		out[k] = r.URL.Query().Get(k)
	}
	return out
}

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/ws" && f.ws != nil:
		f.ws(w, r)
		return
	case strings.HasPrefix(r.URL.Path, "/response/"):
		p := params(r)
		f.mu.Lock()
		f.responses = append(f.responses, apiCall{Method: r.URL.Path, Params: p})
		f.mu.Unlock()
		w.WriteHeader(http.StatusOK)
		return
	case strings.HasPrefix(r.URL.Path, "/upload/"):
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = w.Write([]byte("OK"))
		return
	case !strings.HasPrefix(r.URL.Path, "/api/"):
		http.NotFound(w, r)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	p := params(r)
	f.mu.Lock()
	f.calls = append(f.calls, apiCall{Method: method, Params: p})
	if f.limit[method] > 0 {
		f.limit[method]--
		f.mu.Unlock()
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	f.ts++
	ts := fmt.Sprintf("1764583200.%06d", f.ts)
	f.mu.Unlock()
	var resp map[string]any
	switch method {
	case "auth.test":
		resp = map[string]any{"user_id": "UBOT", "team_id": "T1", "bot_id": "BBOT", "user": "partnerbot"}
	case "chat.postMessage", "chat.update":
		resp = map[string]any{"channel": p["channel"], "ts": ts}
		if method == "chat.update" {
			resp["ts"] = p["ts"]
		}
	case "chat.postEphemeral":
		resp = map[string]any{"message_ts": ts}
	case "conversations.open":
		resp = map[string]any{"channel": map[string]any{"id": "D" + p["users"]}}
	case "users.info":
		name := f.names[p["user"]]
		resp = map[string]any{"user": map[string]any{"id": p["user"], "name": strings.ToLower(name), "profile": map[string]any{"display_name": name}}}
	case "usergroups.users.list":
		resp = map[string]any{"users": f.groups[p["usergroup"]]}
	case "views.open":
		resp = map[string]any{"view": map[string]any{"id": "V1"}}
	case "files.getUploadURLExternal":
		resp = map[string]any{"upload_url": f.srv.URL + "/upload/F1", "file_id": "F1"}
	case "files.completeUploadExternal":
		resp = map[string]any{"files": []map[string]any{{"id": "F1", "title": "chart"}}}
	case "apps.connections.open":
		resp = map[string]any{"url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/ws"}
	default:
		resp = map[string]any{"ok": false, "error": "unknown_method"}
	}
	if _, set := resp["ok"]; !set {
		resp["ok"] = true
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// Calls returns the recorded calls of a method ("" for all).
func (f *fakeSlack) Calls(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Responses returns what was posted to response URLs.
func (f *fakeSlack) Responses() []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]apiCall(nil), f.responses...)
}

func (f *fakeSlack) rateLimit(method string, n int) {
	f.mu.Lock()
	f.limit[method] = n
	f.mu.Unlock()
}
