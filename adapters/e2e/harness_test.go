package e2e

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"partnerbot/adapters/discord"
	"partnerbot/adapters/slack"
	"partnerbot/bot"
	"partnerbot/commands"
	"partnerbot/storage"
)

// The partnership in these tests: one Slack workspace, one Discord server,
// and the room sip-general binding a channel in each.
const (
	slackTeam    = "T1"
	slackChannel = "C1"
	guild        = "1001"
	dChannel     = "2002"
	appID        = "555"
	signingKey   = "e2e-signing-secret"

	roomChannelSlack   = "slack:" + slackTeam + ":" + slackChannel
	roomChannelDiscord = "discord:" + guild + ":" + dChannel
)

// People, by platform id. Sam is an admin on Slack and also has a Discord
// account; Ola is on Discord only; Kim on Slack only.
const (
	samSlack   = "U1"
	kimSlack   = "U2"
	olaDiscord = "3001"
	samDiscord = "3002"
)

var slackNames = map[string]string{samSlack: "Sam", kimSlack: "Kim"}

var discordNames = map[string]string{olaDiscord: "Ola", samDiscord: "Sam D"}

// start is Tuesday 24 November 2026, 10:00 in London.
var start = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// world is partnerbot serving Slack and Discord over HTTP, as `serve` runs
// it, against fakes of both platforms.
type world struct {
	t       *testing.T
	clock   *bot.FakeClock
	app     *commands.App
	slack   *fakeSlack
	discord *fakeDiscord
	srv     *httptest.Server // partnerbot's own HTTP server
	key     ed25519.PrivateKey
	logs    *syncBuffer

	seq atomic.Int64 // response URLs, interaction ids and tokens
}

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newWorld builds the App from a TOML config, creates the adapters exactly
// as cmd/partnerbot does, adds them to the hub, mounts their routes and
// starts them with the router.
func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, clock: bot.NewFakeClock(start), logs: &syncBuffer{}}
	w.slack = newFakeSlack(t, slackNames)
	w.discord = newFakeDiscord(t)
	w.key = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{42}, ed25519.SeedSize))
	pub := w.key.Public().(ed25519.PublicKey)

	toml := fmt.Sprintf(`
[bot]
admins = ["slack:%[1]s:%[2]s"]
default_room = "sip-general"

[storage]
path = %[3]q

[slack]
enabled = true
mode = "http"
bot_token = "xoxb-e2e"
signing_secret = %[4]q
api_url = %[5]q

[discord]
enabled = true
mode = "http"
token = "e2e-token"
application_id = %[6]q
public_key = %[7]q
guild_id = %[8]q
api_url = %[9]q

[[rooms]]
name = "sip-general"
channels = [%[10]q, %[11]q]
`, slackTeam, samSlack, filepath.Join(t.TempDir(), "e2e.db"), signingKey, w.slack.APIURL(),
		appID, hex.EncodeToString(pub), guild, w.discord.URL(), roomChannelSlack, roomChannelDiscord)
	cfg, err := bot.ParseConfig("e2e.toml", []byte(toml), func(string) string { return "" })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	db, err := storage.Open(cfg.Storage.Path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	log := slog.New(slog.NewTextHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	app, err := commands.Build(cfg, db, w.clock, log)
	if err != nil {
		t.Fatalf("commands.Build: %v", err)
	}
	w.app = app
	// The console user is an admin, as in `partnerbot exec`.
	app.Router.Admins[bot.ConsoleUser("you")] = true

	// As cmd/partnerbot/adapters.go builds them.
	sl, err := slack.New(cfg.Slack, slack.Options{
		Command: cfg.Bot.Command,
		Clock:   app.Env.Clock,
		Log:     log.With("platform", "slack"),
		DB:      app.Env.DB,
		People:  app.Env.People,
	})
	if err != nil {
		t.Fatalf("slack.New: %v", err)
	}
	dc, err := discord.New(cfg.Discord, discord.Options{
		Clock:        app.Env.Clock,
		Log:          log.With("platform", "discord"),
		DB:           app.Env.DB,
		People:       app.Env.People,
		Commands:     app.Router.Commands,
		Autocomplete: app.Autocomplete,
	})
	if err != nil {
		t.Fatalf("discord.New: %v", err)
	}

	// As cmd/partnerbot/serve.go serves them.
	mux := http.NewServeMux()
	for path, h := range app.Routes {
		mux.Handle(path, h)
	}
	for _, a := range []interface {
		bot.Adapter
		Routes() map[string]http.Handler
	}{sl, dc} {
		app.Hub.AddAdapter(a)
		for path, h := range a.Routes() {
			mux.Handle(path, h)
		}
	}
	w.srv = httptest.NewServer(mux)
	t.Cleanup(w.srv.Close)

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, a := range []bot.Adapter{sl, dc} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := a.Start(ctx, app.Router); err != nil {
				t.Errorf("%s adapter stopped: %v", a.Platform(), err)
			}
		}()
	}
	// Cleanups run last first: the adapters finish their work in flight
	// before the servers and the database close.
	t.Cleanup(func() { cancel(); wg.Wait() })
	for _, ready := range []<-chan struct{}{sl.Ready(), dc.Ready()} {
		select {
		case <-ready:
		case <-time.After(10 * time.Second):
			t.Fatal("an adapter never became ready")
		}
	}
	if n := len(w.discord.Calls(func(c call) bool { return c.Method == "PUT" })); n != 1 {
		t.Fatalf("Discord application commands registered %d times, want once at start", n)
	}
	return w
}

// eventually polls cond every few milliseconds until it holds, failing the
// test after a generous guard against deadlock.
func (w *world) eventually(what string, cond func() bool) {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			w.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// within polls cond for up to a few seconds and reports whether it held.
func (w *world) within(cond func() bool) bool {
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
	return true
}

// ---- Slack ----

// slackRequest is a signed form for one of the Slack routes.
func (w *world) slackRequest(path string, form url.Values) *http.Request {
	body := []byte(form.Encode())
	stamp, sig := slack.Signature(signingKey, w.clock.Now(), body)
	req := httptest.NewRequest(http.MethodPost, w.srv.URL+path, bytes.NewReader(body))
	req.RequestURI = "" // a client request
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", stamp)
	req.Header.Set("X-Slack-Signature", sig)
	return req
}

// send sends req to partnerbot and returns the answer, or an error for a
// transport failure or a status other than 200. Safe from any goroutine.
func send(req *http.Request) ([]byte, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %s answered %s: %s", req.Method, req.URL.Path, resp.Status, raw)
	}
	return raw, nil
}

// slackPost sends a signed form to one of the Slack routes.
func (w *world) slackPost(path string, form url.Values) []byte {
	w.t.Helper()
	raw, err := send(w.slackRequest(path, form))
	if err != nil {
		w.t.Fatal(err)
	}
	return raw
}

// responseURL is a fresh response URL on the Slack fake.
func (w *world) responseURL() string {
	return fmt.Sprintf("%s/response/%d", w.slack.URL(), w.seq.Add(1))
}

// awaitResponse returns what the bot posted to a response URL.
func (w *world) awaitResponse(responseURL string) call {
	w.t.Helper()
	path := strings.TrimPrefix(responseURL, w.slack.URL())
	var got []call
	w.eventually("a reply at "+path, func() bool {
		got = w.slack.Calls(func(c call) bool { return c.Path == path })
		return len(got) > 0
	})
	return got[0]
}

// slash runs `/sip TEXT` as a Slack user in the room's Slack channel and
// returns the reply as Slack received it: the slash command's answer, or,
// for a slow command, what followed through response_url.
func (w *world) slash(user, text string) slackMessage {
	w.t.Helper()
	ru := w.responseURL()
	mark := w.slack.Mark()
	raw := w.slackPost("/slack/commands", url.Values{
		"team_id": {slackTeam}, "team_domain": {"sip"}, "channel_id": {slackChannel}, "channel_name": {"sip-general"},
		"user_id": {user}, "user_name": {strings.ToLower(slackNames[user])}, "command": {"/sip"}, "text": {text},
		"response_url": {ru}, "api_app_id": {"A1"},
	})
	if len(bytes.TrimSpace(raw)) == 0 {
		// A slow reply follows through response_url; a public reply with
		// a chart is posted to the channel instead, beside its upload.
		path := strings.TrimPrefix(ru, w.slack.URL())
		var got []call
		w.eventually("a reply at "+path+" or in the channel", func() bool {
			got = w.slack.Calls(func(c call) bool { return c.Path == path })
			if len(got) == 0 {
				got = w.slack.Since(mark, slackMethod("chat.postMessage"))
			}
			return len(got) > 0
		})
		if got[0].Path != path {
			var blocks []any
			_ = json.Unmarshal([]byte(got[0].Params["blocks"]), &blocks)
			return slackMessage{ResponseType: "in_channel", Text: got[0].Params["text"], Blocks: blocks, raw: got[0].Raw}
		}
		raw = []byte(got[0].Raw)
	}
	var m slackMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		w.t.Fatalf("slash command answer is not JSON: %v: %s", err, raw)
	}
	m.raw = string(raw)
	return m
}

// slackMessage is a Slack reply: fallback text and Block Kit.
type slackMessage struct {
	ResponseType string `json:"response_type"`
	Text         string `json:"text"`
	Blocks       []any  `json:"blocks"`
	raw          string
}

// All is every piece of text in the message, one per line.
func (m slackMessage) All() string { return strings.Join(texts(m.Blocks), "\n") + "\n" + m.Text }

// press presses a Block Kit button as a Slack user (a signed block_actions
// interaction) and returns the ephemeral reply the presser sees.
func (w *world) press(user string, button slackButton) slackMessage {
	w.t.Helper()
	req, ru := w.pressRequest(user, button)
	if _, err := send(req); err != nil {
		w.t.Fatal(err)
	}
	return w.pressReply(ru)
}

// pressRequest is the signed block_actions request for a button press, and
// the response URL its reply will go to.
func (w *world) pressRequest(user string, button slackButton) (*http.Request, string) {
	ru := w.responseURL()
	payload := map[string]any{
		"type":         "block_actions",
		"team":         map[string]any{"id": slackTeam, "domain": "sip"},
		"user":         map[string]any{"id": user, "name": strings.ToLower(slackNames[user]), "team_id": slackTeam},
		"api_app_id":   "A1",
		"channel":      map[string]any{"id": slackChannel, "name": "sip-general"},
		"container":    map[string]any{"type": "message", "channel_id": slackChannel, "message_ts": button.TS},
		"trigger_id":   "1.2.3",
		"response_url": ru,
		"actions": []any{map[string]any{
			"type": "button", "action_id": button.ActionID, "block_id": button.BlockID, "value": button.Value,
			"text": map[string]any{"type": "plain_text", "text": button.Label}, "action_ts": "1764583300.000001",
		}},
	}
	b, _ := json.Marshal(payload)
	return w.slackRequest("/slack/interactions", url.Values{"payload": {string(b)}}), ru
}

// pressReply waits for a button's reply at its response URL.
func (w *world) pressReply(ru string) slackMessage {
	w.t.Helper()
	var m slackMessage
	got := w.awaitResponse(ru)
	if err := json.Unmarshal([]byte(got.Raw), &m); err != nil {
		w.t.Fatalf("button reply is not JSON: %v: %s", err, got.Raw)
	}
	m.raw = got.Raw
	return m
}

// slackButton is a button as it appears in a posted Block Kit message.
type slackButton struct {
	Label, ActionID, BlockID, Value, TS string
}

// slackButtons finds the buttons in a chat.postMessage or chat.update call.
func slackButtons(c call, ts string) []slackButton {
	var blocks []any
	_ = json.Unmarshal([]byte(c.Params["blocks"]), &blocks)
	var out []slackButton
	for _, b := range blocks {
		bm, _ := b.(map[string]any)
		if bm["type"] != "actions" {
			continue
		}
		els, _ := bm["elements"].([]any)
		for _, e := range els {
			em, _ := e.(map[string]any)
			if em["type"] != "button" {
				continue
			}
			label, _ := dig(em, "text", "text").(string)
			aid, _ := em["action_id"].(string)
			bid, _ := bm["block_id"].(string)
			val, _ := em["value"].(string)
			out = append(out, slackButton{Label: label, ActionID: aid, BlockID: bid, Value: val, TS: ts})
		}
	}
	return out
}

// slackText is every piece of text in a chat.postMessage or chat.update.
func slackText(c call) string {
	var blocks []any
	_ = json.Unmarshal([]byte(c.Params["blocks"]), &blocks)
	return strings.Join(texts(blocks), "\n") + "\n" + c.Params["text"]
}

// ---- Discord ----

// interact posts a signed interaction to /discord/interactions and returns
// the response as the user sees it: the inline answer, or, when the bot
// deferred, the edit of the original response that followed.
func (w *world) interact(user string, data string, typ int) discordMessage {
	w.t.Helper()
	req, token := w.interactionRequest(user, data, typ)
	raw, err := send(req)
	if err != nil {
		w.t.Fatal(err)
	}
	return w.interactionReply(raw, token)
}

// interactionRequest is a signed interaction and its token.
func (w *world) interactionRequest(user string, data string, typ int) (*http.Request, string) {
	n := w.seq.Add(1)
	token := fmt.Sprintf("tok-%d", n)
	member := fmt.Sprintf(`{"nick":%q,"roles":[],"user":{"id":%q,"username":"user%s","global_name":%q}}`,
		discordNames[user], user, user, discordNames[user])
	body := fmt.Sprintf(`{"id":"%d","application_id":%q,"type":%d,"token":%q,"version":1,"guild_id":%q,"channel_id":%q,"member":%s,"data":%s}`,
		40000+n, appID, typ, token, guild, dChannel, member, data)
	ts := fmt.Sprint(w.clock.Now().Unix())
	sig := ed25519.Sign(w.key, []byte(ts+body))
	req := httptest.NewRequest(http.MethodPost, w.srv.URL+discord.InteractionsPath, strings.NewReader(body))
	req.RequestURI = "" // a client request
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", ts)
	return req, token
}

// interactionReply decodes an interaction's answer, following a deferred
// one to the edit of its original response.
func (w *world) interactionReply(raw []byte, token string) discordMessage {
	w.t.Helper()
	var out struct {
		Type int            `json:"type"`
		Data discordMessage `json:"data"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		w.t.Fatalf("interaction answer is not JSON: %v: %s", err, raw)
	}
	if out.Type == 5 || out.Type == 6 { // deferred: the reply follows as an edit
		path := "/api/v9/webhooks/" + appID + "/" + token + "/messages/@original"
		var got []call
		w.eventually("the deferred reply", func() bool {
			got = w.discord.Calls(func(c call) bool { return c.Method == "PATCH" && c.Path == path })
			return len(got) > 0
		})
		var m discordMessage
		_ = json.Unmarshal([]byte(got[0].Raw), &m)
		return m
	}
	return out.Data
}

// pressDiscord presses a Discord button (a signed component interaction).
func (w *world) pressDiscord(user, customID string) discordMessage {
	w.t.Helper()
	return w.interact(user, fmt.Sprintf(`{"custom_id":%q,"component_type":2}`, customID), 3)
}

// discordMessage is a message or interaction response body.
type discordMessage struct {
	Content    string `json:"content"`
	Embeds     []any  `json:"embeds"`
	Components []any  `json:"components"`
	Flags      int    `json:"flags"`
}

// All is every piece of text in the message, one per line.
func (m discordMessage) All() string {
	return m.Content + "\n" + strings.Join(texts(m.Embeds), "\n")
}

// discordBody decodes a posted or edited channel message.
func discordBody(c call) discordMessage {
	var m discordMessage
	_ = json.Unmarshal([]byte(c.Raw), &m)
	return m
}

// discordButtons maps button labels to custom_ids in a message.
func discordButtons(m discordMessage) map[string]string {
	out := map[string]string{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if label, ok := x["label"].(string); ok {
				if id, ok := x["custom_id"].(string); ok {
					out[label] = id
				}
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(m.Components)
	return out
}

// ---- JSON helpers ----

// texts gathers the string values under "text", "title", "description",
// "name", "value" and "content" keys, depth first.
func texts(v any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				switch k {
				case "text", "title", "description", "name", "value", "content":
					if s, ok := x[k].(string); ok {
						out = append(out, s)
						continue
					}
				}
				walk(x[k])
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(v)
	return out
}

// dig walks decoded JSON by keys and indexes.
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

// linkCode finds a `whoami link` code in text.
var linkCode = regexp.MustCompile(`\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b`)

// asAdmin runs text through the router as the console admin, the way
// `partnerbot exec --json` does, for the reply's Data.
func (w *world) asAdmin(text string) bot.Reply {
	w.t.Helper()
	user := bot.ConsoleUser("you")
	return w.app.Router.Handle(context.Background(), &bot.Request{User: user, UserName: "you", Channel: bot.ConsoleChannel, Text: text})
}
