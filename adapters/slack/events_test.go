package slack

import (
	"fmt"
	"testing"

	"partnerbot/bot"
)

func envelopeJSON(event string) string {
	return fmt.Sprintf(`{"type":"event_callback","team_id":"T1","event_id":"Ev9","event_time":1796119200,
		"authorizations":[{"user_id":"UBOT","is_bot":true}],"event":%s}`, event)
}

// TestEventTranslation covers the event-to-request translation shared by
// the HTTP route and Socket Mode.
func TestEventTranslation(t *testing.T) {
	a, err := New(bot.SlackConfig{Mode: "socket", AppToken: "xapp"}, Options{Clock: bot.NewFakeClock(t0), Log: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, event string
		ok          bool
		want        bot.Request
	}{
		{"mention", `{"type":"app_mention","user":"U2","text":"<@UBOT> who supports older people in Bedwell?","channel":"C1","ts":"1.2"}`,
			true, bot.Request{User: "slack:T1:U2", Channel: "slack:T1:C1", Text: "who supports older people in Bedwell?", Mention: true}},
		{"dm", `{"type":"message","user":"U2","text":"poll list","channel":"D9","channel_type":"im","ts":"1.3"}`,
			true, bot.Request{User: "slack:T1:U2", Channel: "slack:T1:D9", Text: "poll list", DM: true}},
		{"dm with mention", `{"type":"message","user":"U2","text":"<@UBOT> help","channel":"D9","channel_type":"im"}`,
			true, bot.Request{User: "slack:T1:U2", Channel: "slack:T1:D9", Text: "help", DM: true}},
		{"mention in a dm (message.im answers)", `{"type":"app_mention","user":"U2","text":"<@UBOT> help","channel":"D9"}`, false, bot.Request{}},
		{"own message", `{"type":"message","user":"UBOT","text":"Poll 3 is open","channel":"D9","channel_type":"im"}`, false, bot.Request{}},
		{"bot message", `{"type":"message","bot_id":"B7","text":"beep","channel":"D9","channel_type":"im"}`, false, bot.Request{}},
		{"edit", `{"type":"message","subtype":"message_changed","channel":"D9","channel_type":"im"}`, false, bot.Request{}},
		{"channel message", `{"type":"message","user":"U2","text":"hello all","channel":"C1","channel_type":"channel"}`, false, bot.Request{}},
		{"reaction", `{"type":"reaction_added","user":"U2","reaction":"+1"}`, false, bot.Request{}},
		{"no user", `{"type":"app_mention","text":"<@UBOT> help","channel":"C1"}`, false, bot.Request{}},
		{"bad channel", `{"type":"app_mention","user":"U2","text":"<@UBOT> help","channel":"C1:evil"}`, false, bot.Request{}},
	} {
		env, err := decodeEnvelope([]byte(envelopeJSON(tc.event)))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		req, ok := a.eventRequest(env)
		if ok != tc.ok {
			t.Errorf("%s: ok = %v, want %v", tc.name, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		tc.want.Time = t0
		if req.User != tc.want.User || req.Channel != tc.want.Channel || req.Text != tc.want.Text || req.Mention != tc.want.Mention || req.DM != tc.want.DM || !req.Time.Equal(tc.want.Time) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, *req, tc.want)
		}
	}
	if _, ok := a.eventRequest(&envelope{Type: "url_verification"}); ok {
		t.Error("url_verification made a request")
	}
}

func TestDMAnsweredInTheConversation(t *testing.T) {
	h := newHarness(t)
	for i, text := range []string{"echo hi", "nonsense"} {
		body := fmt.Sprintf(`{"type":"event_callback","team_id":"T1","event_id":"EvDM%d","event_time":%d,
			"event":{"type":"message","user":"U2","text":%q,"channel":"D9","channel_type":"im","ts":"1.%d"}}`, i, t0.Unix(), text, i)
		if w := h.send("/slack/events", body, nil); w.Code != 200 {
			t.Fatal(w.Code)
		}
		h.a.Wait()
	}
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 2 || posts[0].Params["channel"] != "D9" || posts[0].Params["text"] != "you said: hi" {
		t.Fatalf("posts = %+v", posts)
	}
	// Mentions in a channel get errors privately.
	body := fmt.Sprintf(`{"type":"event_callback","team_id":"T1","event_id":"EvM","event_time":%d,
		"event":{"type":"app_mention","user":"U2","text":"<@UBOT> nonsense","channel":"C1","ts":"2.1","thread_ts":"2.0"}}`, t0.Unix())
	h.send("/slack/events", body, nil)
	h.a.Wait()
	eph := h.fake.Calls("chat.postEphemeral")
	if len(eph) != 1 || eph[0].Params["channel"] != "C1" || eph[0].Params["user"] != "U2" {
		t.Fatalf("ephemeral = %+v", eph)
	}
}
