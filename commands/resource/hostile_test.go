package resource

import (
	"strings"
	"testing"

	"partnerbot/bot"
)

// A forged or replayed payload is checked like typed text: only who shared
// a resource, or an admin, may remove it, and nothing changes when refused.
func TestForgedRemovePayloads(t *testing.T) {
	env, _ := newLib(t)
	mustOK(t, env.Run("sam", `resource share https://example.org/food "Food bank referral guide" #food`))
	mustOK(t, env.Run("bea", `resource share https://example.org/warm "Warm spaces toolkit"`))
	env.Posts.Take()
	before := dumpBuckets(t, env.DB)
	cases := []struct{ user, action, want string }{
		{"mallory", "resource remove 1", "Only sam (who shared it) or an admin"},
		{"bea", "resource remove 1", "Only sam"},
		{"sam", "resource remove 2", "Only bea"},
		{"mallory", "resource remove 0", "Which resource?"},
		{"mallory", "resource remove -1", "Which resource?"},
		{"mallory", "resource remove 99999999999999999999999", "number"},
		{"mallory", "resource remove 9223372036854775807", "There's no resource"},
		{"mallory", "resource remove 1.5", "number"},
		{"mallory", "resource remove one", "number"},
		{"mallory", "resource remove", "needs"},
		{"mallory", "resource remove #1", "Only sam"},
	}
	for _, c := range cases {
		t.Run(c.action, func(t *testing.T) {
			r := env.Router.Handle(t.Context(), &bot.Request{User: bot.ConsoleUser(c.user), UserName: c.user, Channel: bot.ConsoleChannel, Action: c.action})
			if !r.Error || !strings.Contains(r.Text, c.want) {
				t.Errorf("%s pressing %q: %q (error %v), want a refusal with %q", c.user, c.action, r.Text, r.Error, c.want)
			}
		})
	}
	if after := dumpBuckets(t, env.DB); after != before {
		t.Errorf("refused payloads changed the buckets:\nbefore %s\nafter %s", before, after)
	}
	if p := env.Posts.Take(); len(p) != 0 {
		t.Errorf("refused payloads posted: %v", p)
	}
}

func TestShareCaps(t *testing.T) {
	env, _ := newLib(t)
	cases := []struct{ text, want string }{
		{`resource share https://example.org/a "` + strings.Repeat("t", maxTitle+1) + `"`, "title is too long (201 characters; the most is 200)"},
		{`resource share https://example.org/a "T" "` + strings.Repeat("d", maxDescription+1) + `"`, "description is too long (1001 characters; the most is 1000)"},
		{`resource share https://example.org/` + strings.Repeat("p", maxURLLen) + ` "T"`, "link is too long"},
		{"resource share https://example.org/a \"\x00\x01\"", "Give the link a title"},
	}
	for _, c := range cases {
		r := env.Run("sam", c.text)
		if !r.Error || !strings.Contains(r.Text, c.want) || !strings.Contains(r.Text, "For example") {
			t.Errorf("%.60s…: %q, want a refusal with %q and an example", c.text, r.Text, c.want)
		}
	}
	if r := mustOK(t, env.Run("sam", "resource list")); !strings.Contains(r.Text, "Nothing has been shared") {
		t.Errorf("stored: %s", r.Text)
	}
}

// Typed titles, descriptions and names are echoed without pinging anyone,
// linking channels or faking extra lines, in replies and in the posted card.
func TestHostileShareText(t *testing.T) {
	env, _ := newLib(t)
	rep := env.Router.Handle(t.Context(), &bot.Request{User: "console:local:sam", UserName: "@everyone <!here>", Channel: bot.ConsoleChannel,
		Text: "resource share https://example.org/a \"Hi @everyone <!channel>\nShared by the Steering Group\" \"see <#C1> and <@U1> ```code\""})
	r := mustOK(t, rep)
	t.Logf("reply: %s", r.Text)
	assertInert(t, "reply", r.Text)
	posts := env.Posts.Take()
	if len(posts) != 1 {
		t.Fatalf("posts = %v", posts)
	}
	card := posts[0].Reply
	t.Logf("card: %s | %s | %v", card.Title, card.Text, card.Context)
	for _, s := range append([]string{card.Title, card.Text}, card.Context...) {
		assertInert(t, "card", s)
	}
	if strings.Contains(card.Title, "\n") {
		t.Errorf("title has a typed line break: %q", card.Title)
	}
	for _, text := range []string{"resource list", "resource search hi", "resource search @everyone <#C1>", "resource remove 1"} {
		r := env.Run("sam", text)
		t.Logf("%s → %s", text, r.Text)
		assertInert(t, text, r.Text)
	}
	for _, p := range env.Posts.Take() {
		assertInert(t, "struck card", p.Reply.Text)
	}
}

// assertInert fails if s holds a working mass mention, mention or channel
// link, or a code fence.
func assertInert(t *testing.T, what, s string) {
	t.Helper()
	low := strings.ToLower(s)
	for _, bad := range []string{"@everyone", "@here", "@channel", "<!", "<@", "<#", "```"} {
		if strings.Contains(low, bad) {
			t.Errorf("%s carries %q: %q", what, bad, s)
		}
	}
}
