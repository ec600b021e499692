package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"partnerbot/bot"
)

// TestSocketMode drives the adapter over a fake Socket Mode WebSocket: a
// mention (events_api), its retry, and a slash command, each acked, the
// slash command with its reply in the ack.
func TestSocketMode(t *testing.T) {
	h := newHarness(t) // for the fake, router and database; its HTTP adapter is unused
	acks := make(chan map[string]any, 10)
	event := fmt.Sprintf(`{"type":"event_callback","team_id":"T1","event_id":"EvS1","event_time":%d,
		"event":{"type":"app_mention","user":"U2","text":"<@UBOT> echo over the socket","channel":"C1","ts":"3.1"}}`, t0.Unix())
	slash := `{"team_id":"T1","channel_id":"C1","user_id":"U2","user_name":"sam","command":"/sip","text":"echo quick","response_url":"https://hooks.slack.com/x","trigger_id":"tr"}`
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	h.fake.ws = func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		send := func(s string) { _ = conn.WriteMessage(websocket.TextMessage, []byte(s)) }
		send(`{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"}}`)
		send(`{"type":"events_api","envelope_id":"env1","payload":` + event + `,"retry_attempt":0}`)
		send(`{"type":"events_api","envelope_id":"env2","payload":` + event + `,"retry_attempt":1,"retry_reason":"timeout"}`)
		send(`{"type":"slash_commands","envelope_id":"env3","payload":` + slash + `,"accepts_response_payload":true}`)
		for {
			_, msg, err := conn.ReadMessage()
			if err != nil {
				return
			}
			var m map[string]any
			if json.Unmarshal(msg, &m) == nil {
				acks <- m
			}
		}
	}
	a, err := New(bot.SlackConfig{Mode: "socket", BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: h.fake.apiURL()},
		Options{Clock: h.clock, Log: quietLog(), DB: h.db, People: h.people})
	if err != nil {
		t.Fatal(err)
	}
	a.inlineWait = 10 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Start(ctx, h.h) }()
	got := map[string]map[string]any{}
	timeout := time.After(20 * time.Second)
	for len(got) < 3 {
		select {
		case m := <-acks:
			got[m["envelope_id"].(string)] = m
		case <-timeout:
			t.Fatalf("acks so far: %v", got)
		}
	}
	if !a.Connected() {
		t.Error("not Connected while the socket is up")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if p, ok := got["env3"]["payload"].(map[string]any); !ok || p["text"] != "you said: quick" || p["response_type"] != "in_channel" {
		t.Errorf("slash ack = %v", got["env3"])
	}
	if _, ok := got["env1"]["payload"]; ok {
		t.Errorf("event ack has a payload: %v", got["env1"])
	}
	if n := h.h.n.Load(); n != 2 {
		t.Errorf("handled %d requests, want 2 (the retried event once)", n)
	}
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Params["text"] != "you said: over the socket" {
		t.Errorf("posts = %+v", posts)
	}
	if len(h.fake.Calls("apps.connections.open")) == 0 {
		t.Error("apps.connections.open not called")
	}
}
