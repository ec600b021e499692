package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

func whoCommand(rec *recorder) *bot.Command {
	return &bot.Command{
		Name:    "who",
		Summary: "find partner services",
		Args:    []bot.Arg{{Name: "question", Kind: bot.Text, Required: true}},
		Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			rec.add(req)
			return bot.Reply{
				Title:  "Who supports older people in Bedwell",
				Text:   "2 services match. *Age UK Stevenage* runs a lunch club.",
				Fields: []bot.Field{{Name: "Age UK Stevenage", Value: "Lunch club, Tuesdays", Inline: true}, {Name: "Bedwell Community Centre", Value: "Coffee morning"}},
				Data:   map[string]any{"count": 2},
			}, nil
		},
	}
}

func TestSignedWhoAnsweredInline(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, "http", whoCommand(rec))
	body := interaction(2, `{"id":"1","name":"who","type":1,"options":[{"name":"question","type":3,"value":"who supports older people in Bedwell? @everyone"}]}`, memberJSON(adminID, "Priya", []string{adminRl}))
	code, out := h.post(h.signed(body))
	if code != 200 {
		t.Fatalf("status %d", code)
	}
	if got := dig(out, "type"); got != 4.0 {
		t.Fatalf("response type %v, want 4 (inline): %v", got, out)
	}
	if got := dig(out, "data", "embeds", 0, "title"); got != "Who supports older people in Bedwell" {
		t.Errorf("embed title %v", got)
	}
	if got := dig(out, "data", "embeds", 0, "description"); got != "2 services match. **Age UK Stevenage** runs a lunch club." {
		t.Errorf("description %q", got)
	}
	if got := dig(out, "data", "embeds", 0, "fields", 0, "name"); got != "Age UK Stevenage" {
		t.Errorf("field %v", got)
	}
	if p, ok := dig(out, "data", "allowed_mentions", "parse").([]any); !ok || len(p) != 0 {
		t.Errorf("allowed_mentions.parse = %v, want []", dig(out, "data", "allowed_mentions"))
	}
	if f := dig(out, "data", "flags"); f != nil {
		t.Errorf("a public answer has flags %v", f)
	}
	req := rec.last()
	if req.Text != "who who supports older people in Bedwell? @everyone" || req.Args.String("question") != "who supports older people in Bedwell? @everyone" {
		t.Errorf("text %q question %q", req.Text, req.Args.String("question"))
	}
	if req.User != "discord:100:201" || req.Channel != "discord:100:300" || req.UserName != "Priya" || !req.Admin || req.Room != "sip-general" {
		t.Errorf("request %+v", req)
	}
	if got := h.env.People.Name("discord:100:201"); got != "Priya" {
		t.Errorf("remembered name %q", got)
	}
}

func TestPingPong(t *testing.T) {
	h := newHarness(t, "http")
	code, out := h.post(h.signed(`{"id":"1","application_id":"555","type":1,"token":"t","version":1}`))
	if code != 200 || dig(out, "type") != 1.0 {
		t.Fatalf("PING answered %d %v, want 200 {type:1}", code, out)
	}
}

func TestForgedRequestsRefused(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, "http", whoCommand(rec))
	counter := &handlerCounter{h: h.router}
	h.a.setHandler(context.Background(), counter)
	body := interaction(2, `{"id":"1","name":"who","type":1,"options":[{"name":"question","type":3,"value":"food banks"}]}`, "")
	_, otherKey, _ := ed25519.GenerateKey(strings.NewReader(strings.Repeat("x", 64)))

	cases := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"no signature headers", func() *http.Request {
			r := h.signed(body)
			r.Header.Del("X-Signature-Ed25519")
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, 401},
		{"no timestamp", func() *http.Request { r := h.signed(body); r.Header.Del("X-Signature-Timestamp"); return r }, 401},
		{"signed by another key", func() *http.Request {
			r := h.signed(body)
			r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(otherKey, []byte("1764000000"+body))))
			return r
		}, 401},
		{"tampered body", func() *http.Request {
			r := h.signed(body)
			forged := strings.Replace(body, `"id":"200"`, `"id":"201"`, 1)
			r2 := httptest.NewRequest("POST", InteractionsPath, strings.NewReader(forged))
			r2.Header = r.Header
			return r2
		}, 401},
		{"tampered timestamp", func() *http.Request {
			r := h.signed(body)
			r.Header.Set("X-Signature-Timestamp", "1764000001")
			return r
		}, 401},
		{"signature not hex", func() *http.Request {
			r := h.signed(body)
			r.Header.Set("X-Signature-Ed25519", strings.Repeat("zz", 64))
			return r
		}, 401},
		{"body over 1 MB", func() *http.Request {
			return h.signed(`{"type":2,"pad":"` + strings.Repeat("a", MaxBody) + `"}`)
		}, 413},
		{"GET", func() *http.Request { return httptest.NewRequest("GET", InteractionsPath, nil) }, 405},
		{"signed but not JSON", func() *http.Request { return h.signed(`{"type":`) }, 400},
		{"signed but no user", func() *http.Request {
			return h.signed(`{"id":"1","type":2,"token":"t","channel_id":"300","data":{"name":"who","options":[]}}`)
		}, 400},
		{"signed but bad channel id", func() *http.Request {
			return h.signed(strings.Replace(body, `"channel_id":"300"`, `"channel_id":"../../x"`, 1))
		}, 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _ := h.post(c.req())
			if code != c.want {
				t.Errorf("status %d, want %d", code, c.want)
			}
		})
	}
	if n := counter.calls(); n != 0 {
		t.Errorf("the handler ran %d times for refused requests", n)
	}
	if n := len(h.fake.all()); n != 0 {
		t.Errorf("the fake Discord saw %d calls", n)
	}
}

func TestButtonVoteCountedAndMessageEdited(t *testing.T) {
	h := newHarness(t, "http")
	h.router.Register(voteCommand(h.env.DB, h.hub))
	ctx := context.Background()

	// The poll is posted to the room; the hub remembers the copy.
	n, err := h.hub.Publish(ctx, "sip-general", pollReply(h.env.DB))
	if err != nil || n != 1 {
		t.Fatalf("publish: %d %v", n, err)
	}
	post := h.fake.wait("POST /api/v9/channels/300/messages")
	if got := dig(post.Body, "components", 0, "components", 0, "custom_id"); got != "vote 1 A" {
		t.Fatalf("button custom_id %v", got)
	}
	if p, ok := dig(post.Body, "allowed_mentions", "parse").([]any); !ok || len(p) != 0 {
		t.Errorf("posted without allowed_mentions none: %v", dig(post.Body, "allowed_mentions"))
	}
	copies, _ := h.hub.Copies("poll:1")
	msgID := copies["discord:100:300"]
	if msgID == "" {
		t.Fatalf("hub did not remember the copy: %v", copies)
	}

	press := interaction(3, `{"custom_id":"vote 1 A","component_type":2}`, memberJSON(userID, "Sam", nil))
	code, out := h.post(h.signed(press))
	if code != 200 || dig(out, "type") != 4.0 {
		t.Fatalf("button answered %d %v", code, out)
	}
	if got := dig(out, "data", "content"); got != "Vote recorded: A" {
		t.Errorf("confirmation %q", got)
	}
	if got := dig(out, "data", "flags"); got != 64.0 {
		t.Errorf("confirmation flags %v, want 64 (ephemeral)", got)
	}
	edit := h.fake.wait("PATCH /api/v9/channels/300/messages/" + msgID)
	if got, _ := dig(edit.Body, "embeds", 0, "description").(string); !strings.Contains(got, "**A**: 1") || !strings.Contains(got, "**B**: 0") {
		t.Errorf("edited tally %q", got)
	}
	if p, ok := dig(edit.Body, "allowed_mentions", "parse").([]any); !ok || len(p) != 0 {
		t.Errorf("edited without allowed_mentions none")
	}
	if got := dig(edit.Body, "components", 0, "components", 1, "custom_id"); got != "vote 1 B" {
		t.Errorf("edited message lost its buttons: %v", got)
	}
	var stored string
	_ = h.env.DB.View(func(tx *storage.Tx) error {
		stored = string(tx.Bucket([]byte(testVotes)).Get([]byte("1|discord:100:200")))
		return nil
	})
	if stored != "A" {
		t.Errorf("vote stored as %q", stored)
	}

	// A forged payload naming another poll is only a command: refused by it.
	forged := interaction(3, `{"custom_id":"vote 2 B","component_type":2}`, memberJSON(userID, "Sam", nil))
	_, out = h.post(h.signed(forged))
	if got, _ := dig(out, "data", "content").(string); !strings.Contains(got, "There's no poll 2") || dig(out, "data", "flags") != 64.0 {
		t.Errorf("forged vote answered %v", out)
	}
	// An unknown stored id is refused politely.
	_, out = h.post(h.signed(interaction(3, `{"custom_id":"c:0123456789abcdef","component_type":2}`, "")))
	if got, _ := dig(out, "data", "content").(string); !strings.Contains(got, "expired") {
		t.Errorf("unknown stored button answered %v", out)
	}
}

func TestSlowCommandDeferredAndFollowedUp(t *testing.T) {
	release := make(chan struct{})
	slow := &bot.Command{
		Name: "gaps", Summary: "the provision map",
		Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			<-release
			return bot.Reply{Title: "Gaps", Text: "No provider for *young people* in Shephall."}, nil
		},
	}
	private := &bot.Command{
		Name: "reminders", Summary: "your reminders",
		Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			<-release
			return bot.Private("You have no reminders."), nil
		},
	}
	h := newHarness(t, "http", slow, private)
	h.a.inlineWait = 5 * time.Millisecond // the commands block until released, so they always defer

	code, out := h.post(h.signed(interaction(2, `{"id":"1","name":"gaps","type":1}`, "")))
	if code != 200 || dig(out, "type") != 5.0 {
		t.Fatalf("slow command answered %d %v, want type 5", code, out)
	}
	if dig(out, "data", "flags") != nil {
		t.Errorf("public deferral has flags %v", dig(out, "data", "flags"))
	}
	code, out = h.post(h.signed(strings.Replace(interaction(2, `{"id":"2","name":"reminders","type":1}`, ""), "tok-1", "tok-2", 1)))
	if code != 200 || dig(out, "type") != 5.0 {
		t.Fatalf("second slow command answered %d %v", code, out)
	}
	close(release)

	edit := h.fake.wait("PATCH /api/v9/webhooks/555/tok-1/messages/@original")
	if got := dig(edit.Body, "embeds", 0, "description"); got != "No provider for **young people** in Shephall." {
		t.Errorf("follow-up %v", edit.Body)
	}
	// An ephemeral reply after a public deferral replaces it privately.
	h.fake.wait("DELETE /api/v9/webhooks/555/tok-2/messages/@original")
	fu := h.fake.wait("POST /api/v9/webhooks/555/tok-2")
	if dig(fu.Body, "flags") != 64.0 || dig(fu.Body, "content") != "You have no reminders." {
		t.Errorf("private follow-up %v", fu.Body)
	}
}

func TestRateLimitWaitedOut(t *testing.T) {
	h := newHarness(t, "http")
	h.fake.rateLimit("POST /api/v9/channels/300/messages", 1)
	ref, err := h.a.Post(context.Background(), "discord:100:300", bot.Say("Meeting tomorrow at 10:00"))
	if err != nil || ref == "" {
		t.Fatalf("post after one 429: %q %v", ref, err)
	}
	if n := h.fake.count("POST /api/v9/channels/300/messages"); n != 2 {
		t.Errorf("fake saw %d posts, want 2 (429, then the retry)", n)
	}
	if len(*h.waits) != 1 || (*h.waits)[0] != 50*time.Millisecond {
		t.Errorf("waits %v, want [50ms] from retry_after", *h.waits)
	}
	if h.a.RateLimitWaits() != 1 {
		t.Errorf("RateLimitWaits = %d", h.a.RateLimitWaits())
	}

	// Retries are bounded: a channel that stays limited gives an error.
	*h.waits = nil
	h.fake.rateLimit("POST /api/v9/channels/300/messages", 100)
	before := h.fake.count("POST /api/v9/channels/300/messages")
	_, err = h.a.Post(context.Background(), "discord:100:300", bot.Say("again"))
	if err == nil {
		t.Fatal("no error when every attempt is rate-limited")
	}
	if n := h.fake.count("POST /api/v9/channels/300/messages") - before; n != 1+MaxRetries {
		t.Errorf("%d attempts, want %d", n, 1+MaxRetries)
	}
	if len(*h.waits) != MaxRetries {
		t.Errorf("%d waits, want %d", len(*h.waits), MaxRetries)
	}
}

func TestSlashOptionsRebuildCommandText(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, "http", testSpecs(rec)...)
	cases := []struct {
		name, data, want string
	}{
		{"bare poll form with flags",
			`{"name":"poll","options":[{"name":"create","type":1,"options":[{"name":"question","type":3,"value":"Which first?"},{"name":"options","type":3,"value":"Cost of living, Older people"},{"name":"ranked","type":5,"value":true},{"name":"multi","type":5,"value":false},{"name":"quorum","type":4,"value":40},{"name":"closes","type":3,"value":"next Friday at 5pm"}]}]}`,
			`poll "Which first?" "Cost of living" "Older people" --ranked --quorum 40 --closes "next Friday at 5pm"`},
		{"subcommand with int", `{"name":"poll","options":[{"name":"results","type":1,"options":[{"name":"id","type":4,"value":3}]}]}`, `poll results 3`},
		{"subcommand without options", `{"name":"poll","options":[{"name":"list","type":1,"options":[]}]}`, `poll list`},
		{"ranked vote list", `{"name":"vote","options":[{"name":"id","type":4,"value":3},{"name":"choice","type":3,"value":"C A B"}]}`, `vote 3 C A B`},
		{"choice arg", `{"name":"rsvp","options":[{"name":"event","type":3,"value":"e7"},{"name":"answer","type":3,"value":"yes"},{"name":"guests","type":3,"value":"+2"}]}`, `rsvp e7 yes +2`},
		{"flag smuggled in a word is quoted", `{"name":"rsvp","options":[{"name":"event","type":3,"value":"--admin"},{"name":"answer","type":3,"value":"yes"}]}`, `rsvp "--admin" yes`},
		{"text arg", `{"name":"remind","options":[{"name":"who","type":3,"value":"me"},{"name":"what","type":3,"value":"to call the food bank tomorrow at 9am"}]}`, `remind me to call the food bank tomorrow at 9am`},
		{"admin sub", `{"name":"directory","options":[{"name":"show","type":1,"options":[{"name":"org","type":3,"value":"Age UK Stevenage"}]}]}`, `directory show "Age UK Stevenage"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out := h.post(h.signed(interaction(2, c.data, "")))
			if code != 200 {
				t.Fatalf("status %d", code)
			}
			if got := rec.last().Text; got != c.want {
				t.Errorf("text %q\nwant %q (reply %v)", got, c.want, dig(out, "data", "content"))
			}
		})
	}
	// An admin-only subcommand is refused for a member, by the router.
	_, out := h.post(h.signed(interaction(2, `{"name":"directory","options":[{"name":"remove","type":1,"options":[{"name":"service","type":3,"value":"x"}]}]}`, "")))
	if got, _ := dig(out, "data", "content").(string); !strings.Contains(got, "Only admins") || dig(out, "data", "flags") != 64.0 {
		t.Errorf("member ran an admin command: %v", out)
	}
	// An unknown command is refused privately.
	_, out = h.post(h.signed(interaction(2, `{"name":"nope","options":[]}`, "")))
	if got, _ := dig(out, "data", "content").(string); !strings.Contains(got, "/nope") {
		t.Errorf("unknown command answered %v", out)
	}
}

func TestPollModal(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, "http", testSpecs(rec)...)
	code, out := h.post(h.signed(interaction(2, `{"name":"poll","options":[{"name":"create","type":1,"options":[]}]}`, "")))
	if code != 200 || dig(out, "type") != 9.0 || dig(out, "data", "custom_id") != pollModalID {
		t.Fatalf("/poll create alone answered %d %v, want the modal", code, out)
	}
	if got := dig(out, "data", "components", 1, "components", 0, "custom_id"); got != "options" {
		t.Errorf("modal inputs %v", dig(out, "data", "components"))
	}
	submit := `{"custom_id":"modal:poll","components":[
		{"type":1,"components":[{"type":4,"custom_id":"question","value":"Which priority first?"}]},
		{"type":1,"components":[{"type":4,"custom_id":"options","value":"Cost of living\n\n- Older people\nYoung people"}]},
		{"type":1,"components":[{"type":4,"custom_id":"kind","value":"Ranked, anonymous"}]},
		{"type":1,"components":[{"type":4,"custom_id":"closes","value":"next Friday at 5pm"}]}]}`
	code, out = h.post(h.signed(interaction(5, submit, "")))
	if code != 200 || dig(out, "type") != 4.0 {
		t.Fatalf("modal submit answered %d %v", code, out)
	}
	want := `poll "Which priority first?" "Cost of living" "Older people" "Young people" --ranked --anonymous --closes "next Friday at 5pm"`
	if got := rec.last().Text; got != want {
		t.Errorf("modal made %q\nwant %q", got, want)
	}
	if rec.last().User != "discord:100:200" {
		t.Errorf("ran as %q", rec.last().User)
	}
}

func TestPollText(t *testing.T) {
	cases := []struct {
		fields  map[string]string
		want    string
		wantErr string
	}{
		{map[string]string{"question": "Q?", "options": "A\nB"}, `poll Q? A B`, ""},
		{map[string]string{"question": "Q?", "options": "A\nB", "kind": "dots 5"}, `poll Q? A B --dots 5`, ""},
		{map[string]string{"question": "Q?", "options": "A\nB", "kind": "single"}, `poll Q? A B`, ""},
		{map[string]string{"question": "", "options": "A\nB"}, "", "needs a question"},
		{map[string]string{"question": "Q?", "options": "A"}, "", "at least two"},
		{map[string]string{"question": "Q?", "options": strings.Repeat("x\n", 21)}, "", "at most 20"},
		{map[string]string{"question": "Q?", "options": "A\nB", "kind": "rm -rf /"}, "", "don't understand"},
	}
	for _, c := range cases {
		got, err := pollText(c.fields)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%v: error %v, want %q", c.fields, err, c.wantErr)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%v: %q %v, want %q", c.fields, got, err, c.want)
		}
	}
}

func TestAutocomplete(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, "http", testSpecs(rec)...)
	code, out := h.post(h.signed(interaction(4, `{"name":"rsvp","options":[{"name":"event","type":3,"value":"e","focused":true}]}`, "")))
	if code != 200 || dig(out, "type") != 8.0 {
		t.Fatalf("autocomplete answered %d %v", code, out)
	}
	if got := dig(out, "data", "choices", 1, "value"); got != "e8 Summer fair" {
		t.Errorf("choices %v", dig(out, "data", "choices"))
	}
	if len(rec.texts()) != 0 {
		t.Errorf("autocomplete ran a command")
	}
}

func TestNotStartedIsUnavailable(t *testing.T) {
	h := newHarness(t, "http")
	h.a.setHandler(context.Background(), nil)
	code, _ := h.post(h.signed(interaction(2, `{"name":"who","options":[]}`, "")))
	if code != http.StatusServiceUnavailable {
		t.Errorf("status %d before Start, want 503", code)
	}
}

func TestStartRegistersAndServes(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, "http", testSpecs(rec)...)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.a.Start(ctx, h.router) }()
	<-h.a.Ready()
	put := h.fake.wait("PUT /api/v9/applications/555/guilds/100/commands")
	if cmds, ok := put.Body.([]any); !ok || len(cmds) != 7 {
		t.Errorf("registered %v, want the 7 visible commands", put.Body)
	}
	code, out := h.post(h.signed(interaction(2, `{"name":"poll","options":[{"name":"list","type":1}]}`, "")))
	if code != 200 || dig(out, "data", "content") != "ran: poll list" {
		t.Errorf("after Start: %d %v", code, out)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestInlineReplyWithKeyRemembered(t *testing.T) {
	show := &bot.Command{Name: "poll", Summary: "polls", Subs: []*bot.Command{{
		Name: "show", Summary: "show a poll",
		Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			return bot.Reply{Title: "Poll 9", Text: "A: 0", Key: "poll:9", Choices: []bot.Choice{{Label: "A", Command: "vote 9 A"}}}, nil
		},
	}}}
	h := newHarness(t, "http", show)
	code, out := h.post(h.signed(interaction(2, `{"name":"poll","options":[{"name":"show","type":1}]}`, "")))
	if code != 200 || dig(out, "type") != 4.0 {
		t.Fatalf("answered %d %v", code, out)
	}
	h.fake.wait("GET /api/v9/webhooks/555/tok-1/messages/@original")
	h.a.Wait()
	copies, _ := h.hub.Copies("poll:9")
	if copies["discord:100:300"] != "7777" {
		t.Errorf("copies %v: the hub can't update the reply", copies)
	}
	if !h.a.Connected() {
		t.Error("not Connected with a handler in http mode")
	}
}
