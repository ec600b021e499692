package slack

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"partnerbot/bot"
)

// BenchmarkSlashCommand measures a signed slash command answered inline:
// signature check, decoding, the (cached) identity lookup, a trivial
// command and the Block Kit reply.
func BenchmarkSlashCommand(b *testing.B) {
	fake := newFakeSlack(b)
	fake.names["U2"] = "Sam"
	clock := bot.NewFakeClock(t0)
	a, err := New(bot.SlackConfig{Mode: "http", BotToken: "x", SigningSecret: testSecret, APIURL: fake.apiURL()}, Options{Clock: clock, Log: quietLog(), BotUserID: "UBOT"})
	if err != nil {
		b.Fatal(err)
	}
	r := bot.NewRouter()
	r.Clock, r.Log = clock, quietLog()
	r.Register(&bot.Command{Name: "echo", Args: []bot.Arg{{Name: "text", Kind: bot.Text}}, Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		return bot.Say("you said: %s", req.Args.String("text")), nil
	}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = a.Start(ctx, r) }()
	<-a.Ready()
	body := url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U2"}, "user_name": {"sam"}, "command": {"/sip"},
		"text": {"echo who supports older people in Bedwell?"}, "response_url": {"https://hooks.slack.com/commands/x"}}.Encode()
	stamp, sig := Signature(testSecret, t0, []byte(body))
	h := a.Routes()["/slack/commands"]
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
			req.Header.Set("X-Slack-Request-Timestamp", stamp)
			req.Header.Set("X-Slack-Signature", sig)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}

func BenchmarkRender(b *testing.B) {
	r := replyKinds[2].reply // choices
	b.ReportAllocs()
	for b.Loop() {
		_ = render(r)
	}
}
