package room

import (
	"context"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
)

type fakeStatus struct {
	st   map[bot.ID]bot.ChannelStatus
	pend map[bot.ID]int
}

func (f fakeStatus) Status() map[bot.ID]bot.ChannelStatus { return f.st }
func (f fakeStatus) Pending() map[bot.ID]int              { return f.pend }

func setup(t *testing.T) (*bottest.Env, *bot.Links) {
	t.Helper()
	env := bottest.NewEnv(t, time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	if err := env.Rooms.Bind("sip-general", "slack:T1:C1", "discord:G1:C2"); err != nil {
		t.Fatal(err)
	}
	links, err := bot.NewLinks(env.DB)
	if err != nil {
		t.Fatal(err)
	}
	env.Router.Identities = links
	st := fakeStatus{
		st: map[bot.ID]bot.ChannelStatus{
			"slack:T1:C1":   {OK: true, At: env.Now()},
			"discord:G1:C2": {OK: false, At: env.Now(), Problem: "503 Service Unavailable"},
		},
		pend: map[bot.ID]int{"discord:G1:C2": 2},
	}
	r := New(env.Env, st, links)
	env.Router.Register(r.Commands()...)
	env.Router.Register(&bot.Command{Name: "whoami", Summary: "who", Handle: func(_ context.Context, req *bot.Request) (bot.Reply, error) {
		return bot.Private("you are %s, person %s", req.User, req.Person), nil
	}, Subs: r.LinkCommands()})
	return env, links
}

func TestRoomCommands(t *testing.T) {
	env, _ := setup(t)
	tests := []struct {
		user, text string
		err        bool
		want       []string
	}{
		{"sam", "room list", false, []string{"#sip-general", "1 Slack channel", "1 Discord channel"}},
		{"sam", "room status", true, []string{"Only admins"}},
		{"admin", "room status", false, []string{"Slack C1: ✅ working", "Discord C2: ⚠️ failing", "503", "2 waiting to be retried"}},
	}
	for _, tt := range tests {
		r := env.Run(tt.user, tt.text)
		if r.Error != tt.err {
			t.Errorf("%q: error=%v: %s", tt.text, r.Error, r.Text)
		}
		for _, w := range tt.want {
			if !strings.Contains(r.Text, w) {
				t.Errorf("%q: %q lacks %q", tt.text, r.Text, w)
			}
		}
	}
}

func TestWhoamiLink(t *testing.T) {
	env, links := setup(t)
	slackUser, discordUser := "slack:T1:U1", "discord:G1:U9"
	r := env.Run(slackUser, "whoami link")
	code, _ := r.Data["code"].(string)
	if r.Error || len(code) != 9 {
		t.Fatalf("link code: %q %v", r.Text, r.Data)
	}
	bad := []struct{ user, text, want string }{
		{slackUser, "whoami link " + code, "same account"},
		{"slack:T1:U2", "whoami link " + code, "same slack workspace"},
		{discordUser, "whoami link ZZZZ-ZZZZ", "don't know the code"},
	}
	for _, b := range bad {
		if r := env.Run(b.user, b.text); !r.Error || !strings.Contains(r.Text, b.want) {
			t.Errorf("%s %q: %q, want refusal with %q", b.user, b.text, r.Text, b.want)
		}
	}
	// Lower case and without the dash works too.
	r = env.Run(discordUser, "whoami link "+strings.ToLower(strings.ReplaceAll(code, "-", "")))
	if r.Error {
		t.Fatalf("redeem: %s", r.Text)
	}
	if got := links.Resolve(bot.ID(discordUser)); got != bot.ID(slackUser) {
		t.Errorf("Resolve(discord) = %s, want the Slack person", got)
	}
	if r := env.Run(discordUser, "whoami"); !strings.Contains(r.Text, "person "+slackUser) {
		t.Errorf("router did not resolve the person: %q", r.Text)
	}
	// A used code can't be used again; an expired one is refused.
	if r := env.Run("discord:G2:U3", "whoami link "+code); !r.Error {
		t.Errorf("code reused: %q", r.Text)
	}
	code2, _ := env.Run(slackUser, "whoami link").Data["code"].(string)
	env.Fake.Advance(bot.LinkCodeTTL + time.Minute)
	if r := env.Run("discord:G2:U3", "whoami link "+code2); !r.Error || !strings.Contains(r.Text, "ran out") {
		t.Errorf("expired code: %q", r.Text)
	}
	// Links survive a restart.
	again, err := bot.NewLinks(env.DB)
	if err != nil {
		t.Fatal(err)
	}
	if again.Resolve(bot.ID(discordUser)) != bot.ID(slackUser) {
		t.Error("link lost on reload")
	}
	// Unlink separates them.
	if r := env.Run(discordUser, "whoami unlink"); r.Error {
		t.Fatal(r.Text)
	}
	if links.Resolve(bot.ID(discordUser)) != bot.ID(discordUser) {
		t.Error("still linked after unlink")
	}
	if r := env.Run(discordUser, "whoami unlink"); !r.Error {
		t.Errorf("unlink twice: %q", r.Text)
	}
}
