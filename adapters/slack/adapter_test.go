package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
)

func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return m
}

func TestSlashCommandAnsweredInline(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		text, wantType, wantText string
	}{
		{"echo hello <!channel> &amp; friends", "in_channel", "you said: hello &lt;\u200b!channel&gt; &amp; friends"},
		{"private", "ephemeral", "only you can see this"},
		{"nonsense", "ephemeral", "I don&#39;t know"},
	} {
		w := h.send("/slack/commands", h.slashBody("U2", tc.text), nil)
		if w.Code != http.StatusOK {
			t.Fatalf("%q: status %d: %s", tc.text, w.Code, w.Body)
		}
		m := decodeJSON(t, w.Body.String())
		if m["response_type"] != tc.wantType {
			t.Errorf("%q: response_type %v, want %s", tc.text, m["response_type"], tc.wantType)
		}
		want := strings.ReplaceAll(tc.wantText, "&#39;", "'")
		if !strings.Contains(m["text"].(string), want) {
			t.Errorf("%q: text %q, want it to contain %q", tc.text, m["text"], want)
		}
	}
	h.mu.Lock()
	req := h.lastReq
	h.mu.Unlock()
	if req.User != "slack:T1:U2" || req.Channel != "slack:T1:C1" || req.UserName != "Sam Patel" || !req.Time.Equal(t0) {
		t.Errorf("request = user %q channel %q name %q time %v", req.User, req.Channel, req.UserName, req.Time)
	}
	if got := h.people.Name("slack:T1:U2"); got != "Sam Patel" {
		t.Errorf("people remembered %q", got)
	}
	if n := len(h.fake.Calls("users.info")); n != 1 {
		t.Errorf("users.info called %d times, want 1 (cached)", n)
	}
	if len(h.fake.Responses()) != 0 {
		t.Errorf("inline replies also went to response_url: %v", h.fake.Responses())
	}
}

func TestSlowCommandAnsweredThroughResponseURL(t *testing.T) {
	h := newHarness(t)
	h.a.inlineWait = time.Millisecond
	w := h.send("/slack/commands", h.slashBody("U2", "slow"), nil)
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("ack = %d %q, want an empty 200", w.Code, w.Body)
	}
	close(h.release)
	h.a.Wait()
	rs := h.fake.Responses()
	if len(rs) != 1 {
		t.Fatalf("response_url posts = %v", rs)
	}
	if rs[0].Method != "/response/1" || rs[0].Params["response_type"] != "in_channel" || rs[0].Params["text"] != "done, slowly" {
		t.Errorf("response_url post = %+v", rs[0])
	}
}

func TestUntrustedResponseURLIsNotCalled(t *testing.T) {
	h := newHarness(t)
	h.a.inlineWait = time.Millisecond
	body := strings.Replace(h.slashBody("U2", "slow"), "response_url=http", "response_url=http%3A%2F%2Fevil.example%2Fx%3Fhttp", 1)
	if w := h.send("/slack/commands", body, nil); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	close(h.release)
	h.a.Wait()
	if rs := h.fake.Responses(); len(rs) != 0 {
		t.Fatalf("posted to response_url: %v", rs)
	}
	// The reply went to the channel instead.
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Params["channel"] != "C1" || posts[0].Params["text"] != "done, slowly" {
		t.Fatalf("postMessage = %+v", posts)
	}
	for _, u := range []string{"https://hooks.slack.com/commands/T1/1/abc", h.fake.responseURL(3)} {
		if !h.a.trustedResponseURL(u) {
			t.Errorf("%s not trusted", u)
		}
	}
	for _, u := range []string{"http://hooks.slack.com/x", "https://hooks.slack.com.evil.example/x", "https://user@hooks.slack.com/x", "http://169.254.169.254/latest", "file:///etc/passwd", ""} {
		if h.a.trustedResponseURL(u) {
			t.Errorf("%s trusted", u)
		}
	}
}

func TestButtonVoteCountedAndMessageUpdated(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	if _, err := h.hub.Publish(ctx, "slack:T1:C1", pollMessage(h.tally)); err != nil {
		t.Fatal(err)
	}
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("postMessage calls = %v", posts)
	}
	copies, err := h.hub.Copies("poll:1")
	if err != nil || len(copies) != 1 {
		t.Fatal(copies, err)
	}
	_, ts, _ := strings.Cut(copies["slack:T1:C1"], "|")
	if !strings.Contains(posts[0].Params["blocks"], `"action_id":"cmd:0"`) || !strings.Contains(posts[0].Params["blocks"], `"value":"vote 1 A"`) {
		t.Fatalf("poll message has no vote buttons: %s", posts[0].Params["blocks"])
	}
	payload := fmt.Sprintf(`{"type":"block_actions","team":{"id":"T1"},"user":{"id":"U2","name":"sam","team_id":"T1"},
		"channel":{"id":"C1"},"container":{"type":"message","message_ts":%q,"channel_id":"C1"},
		"response_url":%q,"trigger_id":"t1",
		"actions":[{"type":"button","action_id":"cmd:0","block_id":"choices:0","value":"vote 1 A","text":{"type":"plain_text","text":"A"}}]}`,
		ts, h.fake.responseURL(9))
	w := h.send("/slack/interactions", interactionBody(payload), nil)
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("ack = %d %q", w.Code, w.Body)
	}
	h.a.Wait()
	if h.tally["A"] != 1 {
		t.Fatalf("tally = %v", h.tally)
	}
	ups := h.fake.Calls("chat.update")
	if len(ups) != 1 || ups[0].Params["channel"] != "C1" || ups[0].Params["ts"] != ts || !strings.Contains(ups[0].Params["text"], "A: 1 · B: 0") {
		t.Fatalf("chat.update = %+v", ups)
	}
	rs := h.fake.Responses()
	if len(rs) != 1 || rs[0].Params["response_type"] != "ephemeral" || rs[0].Params["replace_original"] != "false" || rs[0].Params["text"] != "Vote recorded: A" {
		t.Fatalf("presser's reply = %+v", rs)
	}
}

func TestForgedButtonIsJustACommandOfThePresser(t *testing.T) {
	h := newHarness(t)
	press := func(user, value string) {
		payload := fmt.Sprintf(`{"type":"block_actions","team":{"id":"T1"},"user":{"id":%q},"channel":{"id":"C1"},"response_url":%q,
			"actions":[{"type":"button","block_id":"choices:0","action_id":"cmd:0","value":%q}]}`, user, h.fake.responseURL(1), value)
		if w := h.send("/slack/interactions", interactionBody(payload), nil); w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
		h.a.Wait()
	}
	press("U2", "secret")
	press("UADMIN", "secret")
	press("U2", "vote 99 A")
	rs := h.fake.Responses()
	if len(rs) != 3 {
		t.Fatalf("replies = %v", rs)
	}
	for i, want := range []string{"Only admins", "admin things done", "There's no poll 99"} {
		if !strings.Contains(rs[i].Params["text"], strings.ReplaceAll(want, "'", "'")) {
			t.Errorf("reply %d = %q, want %q", i, rs[i].Params["text"], want)
		}
	}
	// Payloads that no real Slack request carries are refused outright.
	before := h.h.n.Load()
	for _, payload := range []string{
		`{"type":"block_actions","user":{"id":"U2"},"actions":[{"block_id":"b","action_id":"cmd:0","value":"secret"}]}`,
		`{"type":"block_actions","team":{"id":"T1"},"user":{},"actions":[{"block_id":"b","action_id":"cmd:0","value":"secret"}]}`,
		`{"type":"block_actions","team":{"id":"T1:X"},"user":{"id":"U2"},"actions":[{"block_id":"b","action_id":"cmd:0","value":"secret"}]}`,
		`not json`,
	} {
		if w := h.send("/slack/interactions", interactionBody(payload), nil); w.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", payload, w.Code)
		}
	}
	h.a.Wait()
	if n := h.h.n.Load(); n != before {
		t.Errorf("handler called %d more times for refused payloads", n-before)
	}
}

func TestEventRetryHandledOnceAcrossRestart(t *testing.T) {
	h := newHarness(t)
	event := `{"type":"event_callback","team_id":"T1","event_id":"Ev1","event_time":1764583200,
		"event":{"type":"app_mention","user":"U2","text":"<@UBOT> echo hi there","channel":"C1","ts":"1764583200.000100"}}`
	send := func(retry string) {
		w := h.send("/slack/events", event, func(r *http.Request) {
			r.Header.Set("Content-Type", "application/json")
			if retry != "" {
				r.Header.Set("X-Slack-Retry-Num", retry)
				r.Header.Set("X-Slack-Retry-Reason", "http_timeout")
			}
		})
		if w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		h.a.Wait()
	}
	send("")
	send("1")
	if n := h.h.n.Load(); n != 1 {
		t.Fatalf("handled %d times, want 1", n)
	}
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Params["text"] != "you said: hi there" || posts[0].Params["channel"] != "C1" {
		t.Fatalf("posts = %+v", posts)
	}
	h.mu.Lock()
	if !h.lastReq.Mention || h.lastReq.Text != "echo hi there" {
		t.Errorf("request = %+v", h.lastReq)
	}
	h.mu.Unlock()
	h.restart()
	h.clock.Advance(2 * time.Minute)
	send("2")
	if n := h.h.n.Load(); n != 1 {
		t.Fatalf("after a restart: handled %d times, want 1", n)
	}
	// An hour on, old ids are pruned.
	h.clock.Advance(2 * time.Hour)
	if fresh, err := h.a.dedupe.claim("Ev2", h.clock.Now(), h.clock.Now()); err != nil || !fresh {
		t.Fatal(fresh, err)
	}
	if fresh, _ := h.a.dedupe.claim("Ev1", t0, h.clock.Now()); !fresh {
		t.Error("Ev1 was not pruned after two hours")
	}
}

func TestURLVerification(t *testing.T) {
	h := newHarness(t)
	w := h.send("/slack/events", `{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`, nil)
	if w.Code != http.StatusOK || decodeJSON(t, w.Body.String())["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}

func TestForgedRequestsRefused(t *testing.T) {
	h := newHarness(t)
	body := h.slashBody("U2", "echo hi")
	cases := []struct {
		name   string
		mutate func(r *http.Request)
		body   string
	}{
		{"no signature", func(r *http.Request) { r.Header.Del("X-Slack-Signature") }, body},
		{"no timestamp", func(r *http.Request) { r.Header.Del("X-Slack-Request-Timestamp") }, body},
		{"wrong signature", func(r *http.Request) {
			_, sig := Signature("another secret", t0, []byte(body))
			r.Header.Set("X-Slack-Signature", sig)
		}, body},
		{"malformed signature", func(r *http.Request) { r.Header.Set("X-Slack-Signature", "v0=zz") }, body},
		{"stale timestamp", func(r *http.Request) {
			stamp, sig := Signature(testSecret, t0.Add(-6*time.Minute), []byte(body))
			r.Header.Set("X-Slack-Request-Timestamp", stamp)
			r.Header.Set("X-Slack-Signature", sig)
		}, body},
		{"future timestamp", func(r *http.Request) {
			stamp, sig := Signature(testSecret, t0.Add(6*time.Minute), []byte(body))
			r.Header.Set("X-Slack-Request-Timestamp", stamp)
			r.Header.Set("X-Slack-Signature", sig)
		}, body},
		{"tampered body", func(r *http.Request) {
			_, sig := Signature(testSecret, t0, []byte(body))
			r.Header.Set("X-Slack-Signature", sig)
		}, strings.Replace(body, "U2", "UADMIN", 1)},
	}
	for _, path := range []string{"/slack/commands", "/slack/interactions", "/slack/events"} {
		for _, tc := range cases {
			// send signs tc.body; the mutation then breaks or replaces it.
			w := h.send(path, tc.body, func(r *http.Request) {
				if tc.name == "tampered body" {
					_, sig := Signature(testSecret, t0, []byte(body)) // signed the original
					r.Header.Set("X-Slack-Signature", sig)
					return
				}
				tc.mutate(r)
			})
			if w.Code != http.StatusUnauthorized {
				t.Errorf("%s %s: status %d, want 401", path, tc.name, w.Code)
			}
		}
	}
	// Within five minutes is fine.
	h.clock.Advance(4 * time.Minute)
	stamp, sig := Signature(testSecret, t0, []byte(body))
	w := h.send("/slack/commands", body, func(r *http.Request) {
		r.Header.Set("X-Slack-Request-Timestamp", stamp)
		r.Header.Set("X-Slack-Signature", sig)
	})
	if w.Code != http.StatusOK {
		t.Errorf("a request 4 minutes old: status %d", w.Code)
	}
	h.a.Wait()
	if n := h.h.n.Load(); n != 1 {
		t.Errorf("handler called %d times, want 1 (only the good request)", n)
	}
}

func TestBodyOverOneMegabyteRefused(t *testing.T) {
	h := newHarness(t)
	body := h.slashBody("U2", "echo "+strings.Repeat("x", MaxBody))
	for _, path := range []string{"/slack/commands", "/slack/interactions", "/slack/events"} {
		if w := h.send(path, body, nil); w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: status %d, want 413", path, w.Code)
		}
	}
	if n := h.h.n.Load(); n != 0 {
		t.Errorf("handler called %d times", n)
	}
	if w := h.send("/slack/commands", "", func(r *http.Request) { r.Method = http.MethodGet }); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d", w.Code)
	}
}

func TestRateLimitWaitedOut(t *testing.T) {
	h := newHarness(t)
	h.fake.rateLimit("chat.postMessage", 2)
	ref, err := h.a.Post(context.Background(), "slack:T1:C1", bot.Say("hello"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ref, "C1|1764583200.") {
		t.Errorf("ref = %q", ref)
	}
	if got := h.waits_(); len(got) != 2 || got[0] != time.Second || got[1] != time.Second {
		t.Errorf("waits = %v, want two of 1s", got)
	}
	if n := len(h.fake.Calls("chat.postMessage")); n != 3 {
		t.Errorf("postMessage tried %d times, want 3", n)
	}
	// More than MaxRetries 429s in a row: the error is returned.
	h.fake.rateLimit("chat.update", MaxRetries+1)
	if err := h.a.Update(context.Background(), "slack:T1:C1", ref, bot.Say("again")); err == nil || !strings.Contains(err.Error(), "rate limit") {
		t.Errorf("err = %v, want a rate limit error", err)
	}
	if n := len(h.fake.Calls("chat.update")); n != MaxRetries+1 {
		t.Errorf("chat.update tried %d times, want %d", n, MaxRetries+1)
	}
	if err := h.a.Update(context.Background(), "slack:T1:C1", "nonsense", bot.Say("x")); err == nil {
		t.Error("a bad ref was accepted")
	}
	if _, err := h.a.Post(context.Background(), "discord:G1:C1", bot.Say("x")); err == nil {
		t.Error("a Discord channel was accepted")
	}
}

func TestDirectMessage(t *testing.T) {
	h := newHarness(t)
	if err := h.a.Direct(context.Background(), "slack:T1:U2", bot.Say("Poll 3 closes in an hour.")); err != nil {
		t.Fatal(err)
	}
	opens := h.fake.Calls("conversations.open")
	posts := h.fake.Calls("chat.postMessage")
	if len(opens) != 1 || opens[0].Params["users"] != "U2" || len(posts) != 1 || posts[0].Params["channel"] != "DU2" {
		t.Fatalf("opens %+v posts %+v", opens, posts)
	}
}

func TestImageUploadedBesideThePost(t *testing.T) {
	h := newHarness(t)
	r := bot.Reply{Title: "Results", Text: "A wins", Image: []byte("\x89PNG fake"), ImageName: "poll-1.png"}
	if _, err := h.a.Post(context.Background(), "slack:T1:C1", r); err != nil {
		t.Fatal(err)
	}
	up := h.fake.Calls("files.getUploadURLExternal")
	done := h.fake.Calls("files.completeUploadExternal")
	if len(up) != 1 || up[0].Params["filename"] != "poll-1.png" || len(done) != 1 || done[0].Params["channel_id"] != "C1" {
		t.Fatalf("upload calls %+v / %+v", up, done)
	}
}

func TestAdminGroupsMakeAdmins(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct{ user, want string }{
		{"U2", "Only admins"}, {"UADMIN", "admin things done"}, {"UADMIN", "admin things done"},
	} {
		w := h.send("/slack/commands", h.slashBody(tc.user, "secret"), nil)
		if got := decodeJSON(t, w.Body.String())["text"].(string); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.user, got, tc.want)
		}
	}
	if n := len(h.fake.Calls("usergroups.users.list")); n != 1 {
		t.Errorf("usergroups.users.list called %d times, want 1 (cached)", n)
	}
	h.clock.Advance(AdminGroupTTL + time.Second)
	h.send("/slack/commands", h.slashBody("UADMIN", "secret"), nil)
	if n := len(h.fake.Calls("usergroups.users.list")); n != 2 {
		t.Errorf("after the TTL: usergroups.users.list called %d times, want 2", n)
	}
}

func TestPollModal(t *testing.T) {
	h := newHarness(t)
	w := h.send("/slack/commands", h.slashBody("U2", "poll"), nil)
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("ack = %d %q", w.Code, w.Body)
	}
	views := h.fake.Calls("views.open")
	if len(views) != 1 || views[0].Params["trigger_id"] != "trig-1" || !strings.Contains(views[0].Params["view"], pollModalID) || !strings.Contains(views[0].Params["view"], `"private_metadata":"C1"`) {
		t.Fatalf("views.open = %+v", views)
	}
	submit := func(q, opts, kind, points, closes string) map[string]any {
		t.Helper()
		values := map[string]any{
			blockQuestion: map[string]any{inputAction: map[string]any{"type": "plain_text_input", "value": q}},
			blockOptions:  map[string]any{inputAction: map[string]any{"type": "plain_text_input", "value": opts}},
			blockKind:     map[string]any{inputAction: map[string]any{"type": "static_select", "selected_option": map[string]any{"value": kind}}},
			blockPoints:   map[string]any{inputAction: map[string]any{"type": "plain_text_input", "value": points}},
			blockCloses:   map[string]any{inputAction: map[string]any{"type": "plain_text_input", "value": closes}},
		}
		payload, _ := json.Marshal(map[string]any{
			"type": "view_submission", "team": map[string]any{"id": "T1"}, "user": map[string]any{"id": "U2", "name": "sam"},
			"view": map[string]any{"callback_id": pollModalID, "private_metadata": "C1", "state": map[string]any{"values": values}},
		})
		w := h.send("/slack/interactions", interactionBody(string(payload)), nil)
		if w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
		h.a.Wait()
		if w.Body.Len() == 0 {
			return nil
		}
		return decodeJSON(t, w.Body.String())
	}
	if ack := submit("Which priority first?", "Food bank\n\n  Warm spaces \n--multi", "ranked", "", "next Friday at 17:00"); ack != nil {
		t.Fatalf("ack = %v", ack)
	}
	h.mu.Lock()
	got := h.lastReq.Text
	h.mu.Unlock()
	want := `poll "Which priority first?" "Food bank" "Warm spaces" "--multi" --ranked --closes "next Friday at 17:00"`
	if got != want {
		t.Errorf("command = %s\nwant      %s", got, want)
	}
	eph := h.fake.Calls("chat.postEphemeral")
	if len(eph) != 1 || eph[0].Params["user"] != "U2" || eph[0].Params["channel"] != "C1" || !strings.Contains(eph[0].Params["text"], "Poll 1 is open") {
		t.Errorf("postEphemeral = %+v", eph)
	}
	// Field errors: from the form's own checks, and from the command.
	for _, tc := range []struct{ q, opts, kind, points, closes, block, want string }{
		{"Q?", "Only one", "single", "", "", blockOptions, "at least two"},
		{"Q?", "A\nB", "dots", "lots", "", blockPoints, "whole number"},
		{"Q?", "A\nB", "single", "", "once in a blue moon", blockCloses, "closing time"},
	} {
		ack := submit(tc.q, tc.opts, tc.kind, tc.points, tc.closes)
		if ack == nil || ack["response_action"] != "errors" {
			t.Errorf("%+v: ack = %v", tc, ack)
			continue
		}
		errs := ack["errors"].(map[string]any)
		if msg, _ := errs[tc.block].(string); !strings.Contains(msg, tc.want) {
			t.Errorf("%+v: errors = %v", tc, errs)
		}
	}
	submit("Q?", "A\nB", "dots", "", "")
	h.mu.Lock()
	got = h.lastReq.Text
	h.mu.Unlock()
	if got != `poll "Q?" "A" "B" --dots 3` {
		t.Errorf("dots command = %s", got)
	}
}

func TestNewChecksConfig(t *testing.T) {
	for _, tc := range []struct {
		cfg  bot.SlackConfig
		want string
	}{
		{bot.SlackConfig{Mode: "socket"}, "app_token"},
		{bot.SlackConfig{Mode: "http"}, "signing_secret"},
		{bot.SlackConfig{Mode: "carrier-pigeon", AppToken: "x"}, "must be"},
		{bot.SlackConfig{Mode: "http", SigningSecret: "s", APIURL: "::nope"}, "not a URL"},
	} {
		if _, err := New(tc.cfg, Options{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.cfg, err, tc.want)
		}
	}
	a, err := New(bot.SlackConfig{Mode: "socket", AppToken: "xapp"}, Options{Command: "/partners"})
	if err != nil || a.command != "partners" || a.Platform() != "slack" {
		t.Fatal(a, err)
	}
	var _ bot.Adapter = a
}
