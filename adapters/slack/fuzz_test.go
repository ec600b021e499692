package slack

import (
	"net/url"
	"strings"
	"testing"

	"partnerbot/bot"
)

func fuzzAdapter(t testing.TB) *Adapter {
	a, err := New(bot.SlackConfig{Mode: "http", SigningSecret: "s"}, Options{Clock: bot.NewFakeClock(t0), Log: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// checkRequest checks the invariants of any request built from a payload.
func checkRequest(t *testing.T, req *bot.Request) {
	t.Helper()
	for _, id := range []bot.ID{req.User, req.Channel} {
		if id == "" {
			continue
		}
		if _, err := bot.ParseID(string(id)); err != nil || id.Platform() != "slack" || strings.Count(string(id), ":") != 2 {
			t.Fatalf("bad id %q", id)
		}
	}
}

func FuzzSlashCommand(f *testing.F) {
	f.Add(url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U2"}, "user_name": {"sam"}, "command": {"/sip"},
		"text": {`poll "Which first?" "Food bank" "Warm spaces" --ranked --closes "next Friday at 17:00"`}, "response_url": {"https://hooks.slack.com/commands/T1/1/x"}}.Encode())
	f.Add(url.Values{"team_id": {"T1"}, "channel_id": {"D1"}, "user_id": {"U2"}, "text": {"who <#C1|sip-general> &amp; <@U3|bo> <https://x.org|x> <!channel>"}}.Encode())
	f.Add("team_id=T1&channel_id=C1&user_id=U2&text=%ZZ")
	f.Add("team_id=T1:x&channel_id=C1&user_id=U2&text=help")
	f.Add("")
	f.Add("text=" + strings.Repeat("%3C", 100))
	a := fuzzAdapter(f)
	f.Fuzz(func(t *testing.T, body string) {
		sc, err := decodeSlash([]byte(body))
		if err != nil {
			return
		}
		req := a.slashRequest(sc)
		checkRequest(t, req)
		if req.User == "" || req.Channel == "" {
			t.Fatalf("accepted a command without user or channel: %+v", sc)
		}
		_ = wantsPollModal(req.Text)
	})
}

func FuzzInteraction(f *testing.F) {
	f.Add(url.Values{"payload": {`{"type":"block_actions","team":{"id":"T1"},"user":{"id":"U2"},"channel":{"id":"C1"},"response_url":"https://hooks.slack.com/actions/x",
		"actions":[{"type":"button","block_id":"choices:0","action_id":"cmd:0","value":"vote 3 A"}]}`}}.Encode())
	f.Add(url.Values{"payload": {`{"type":"view_submission","team":{"id":"T1"},"user":{"id":"U2"},"view":{"callback_id":"partnerbot_poll","private_metadata":"C1",
		"state":{"values":{"question":{"value":{"type":"plain_text_input","value":"Q?"}},"options":{"value":{"type":"plain_text_input","value":"A\nB"}},
		"kind":{"value":{"type":"static_select","selected_option":{"value":"dots"}}},"points":{"value":{"type":"plain_text_input","value":"5"}}}}}}`}}.Encode())
	f.Add(url.Values{"payload": {`{"type":"block_actions","user":{"id":"U2"},"actions":[{"action_id":"cmd:0"}]}`}}.Encode())
	f.Add(url.Values{"payload": {`{"type":"block_actions","state":{"values":[]},"actions":{}}`}}.Encode())
	f.Add("payload=null")
	f.Add("payload=%7B")
	a := fuzzAdapter(f)
	f.Fuzz(func(t *testing.T, body string) {
		ic, err := decodeInteraction([]byte(body))
		if err != nil {
			return
		}
		team, user, err := presser(ic)
		if err != nil {
			return
		}
		if !validID(team) || !validID(user) {
			t.Fatalf("presser accepted %q %q", team, user)
		}
		if cmd := commandAction(ic); len(cmd) > maxButtonValue {
			t.Fatalf("command of %d bytes accepted", len(cmd))
		}
		text, errs := pollCommand(ic)
		if len(errs) == 0 && !strings.HasPrefix(text, "poll ") {
			t.Fatalf("poll form made %q", text)
		}
		_ = a
	})
}

func FuzzEvent(f *testing.F) {
	f.Add(`{"type":"event_callback","team_id":"T1","event_id":"Ev1","event_time":1,"event":{"type":"app_mention","user":"U2","text":"<@UBOT> who?","channel":"C1"}}`)
	f.Add(`{"type":"event_callback","team_id":"T1","event":{"type":"message","user":"U2","text":"<@UBOT|x","channel":"D1","channel_type":"im"}}`)
	f.Add(`{"type":"url_verification","challenge":"c"}`)
	f.Add(`[]`)
	a := fuzzAdapter(f)
	f.Fuzz(func(t *testing.T, raw string) {
		env, err := decodeEnvelope([]byte(raw))
		if err != nil {
			return
		}
		if req, ok := a.eventRequest(env); ok {
			checkRequest(t, req)
			if !req.Mention && !req.DM {
				t.Fatal("an event request that is neither a mention nor a DM")
			}
		}
	})
}

func FuzzRender(f *testing.F) {
	f.Add("Title", "Text & <!channel>", "ctx")
	f.Add("", strings.Repeat("&", 3001), "")
	f.Add("€€€", strings.Repeat("é\n", 2000), "<@U1>")
	f.Fuzz(func(t *testing.T, title, text, ctx string) {
		m := render(bot.Reply{Title: title, Text: text, Context: []string{ctx}, Fields: []bot.Field{{Name: title, Value: text}}, Choices: []bot.Choice{{Label: title, Command: "x"}}})
		checkLimits(t, m)
		if strings.ContainsAny(m.Text, "<>") {
			t.Fatalf("unescaped fallback %q", m.Text)
		}
	})
}
