package remind

import (
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
)

// press sends text as a button payload (req.Action), as an adapter does
// when someone presses a button, or forges one.
func (f *fixture) press(user, action string) bot.Reply {
	id := bot.ConsoleUser(user)
	return f.Router.Handle(bgctx, &bot.Request{User: id, UserName: user, Channel: "console:local:elsewhere", Action: action})
}

// A forged or replayed button payload is checked like typed text: only who
// set a reminder, who it is for, or an admin may stop it, and nothing
// changes when they are refused.
func TestForgedButtonPayloads(t *testing.T) {
	f := newFixture(t, now)
	ok(t, f.Run("alice", "remind me to call the food bank tomorrow at 9am"))   // 1
	ok(t, f.Run("alice", "remind @bob to send the minutes tomorrow at 10:00")) // 2
	before := dumpBuckets(t, f.DB)
	cases := []struct {
		user, action, want string
	}{
		{"mallory", "reminder delete 1", "Only who set it"},
		{"mallory", "reminder done 1", "Only who set it"},
		{"mallory", "reminder snooze 1 1h", "Only who set it"},
		{"mallory", "reminder delete 2", "Only who set it"},
		{"mallory", "reminder delete 0", "Which reminder?"},
		{"mallory", "reminder delete -1", "Which reminder?"},
		{"mallory", "reminder delete 99999999999999999999999", "number"},
		{"mallory", "reminder delete 1e3", "number"},
		{"mallory", "reminder delete one", "number"},
		{"mallory", "reminder delete 18446744073709551615", "number"},
		{"mallory", "reminder delete 9223372036854775807", "no reminder"},
		{"mallory", "reminder delete", "needs the reminder's number"},
		{"mallory", "reminder snooze 1", "needs how long"},
		{"mallory", "reminders all", "Only admins"},
		{"mallory", "reminders sip-general", "Only admins"},
		{"bob", "reminder delete 1", "Only who set it"},
	}
	for _, c := range cases {
		t.Run(c.action, func(t *testing.T) {
			r := f.press(c.user, c.action)
			if !r.Error || !strings.Contains(r.Text, c.want) {
				t.Errorf("%s pressing %q: %q (error %v), want a refusal with %q", c.user, c.action, r.Text, r.Error, c.want)
			}
		})
	}
	if after := dumpBuckets(t, f.DB); after != before {
		t.Errorf("refused payloads changed the buckets:\nbefore %s\nafter %s", before, after)
	}
	if p := f.Posts.Take(); len(p) != 0 {
		t.Errorf("refused payloads posted: %v", p)
	}
	// The real buttons still work for the right people.
	ok(t, f.press("bob", "reminder delete 2"))
	ok(t, f.press("admin", "reminder snooze 1 1h"))
}

// Text people type is echoed in confirmations and deliveries without
// pinging anyone or faking extra lines.
func TestHostileReminderText(t *testing.T) {
	f := newFixture(t, now)
	r := ok(t, f.Run("alice", "remind #sip-general to tell @everyone and @here and <!channel> and <@U123> about <#C1> tomorrow at 9am"))
	t.Logf("%s", r.Text)
	assertInert(t, "confirmation", r.Text)
	r = ok(t, f.Run("alice", "remind me to line one\nSet by the Steering Group\n```\nline three tomorrow at 9am"))
	if what := data(t, r)["what"].(string); strings.Contains(what, "\n") {
		t.Errorf("stored a line break: %q", what)
	}
	f.Fake.Set(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	posts := f.tick(t)
	if len(posts) != 2 {
		t.Fatalf("posts = %v", posts)
	}
	for _, p := range posts {
		t.Logf("%s", p)
		assertInert(t, "delivery", p.Reply.Text)
		if strings.Contains(p.Reply.Text, "\n") {
			t.Errorf("delivery has a typed line break: %q", p.Reply.Text)
		}
	}
	r = ok(t, f.Run("carol", "reminder done 1")) // strikes the room post
	assertInert(t, "done", r.Text)
	for _, p := range f.Posts.Take() {
		assertInert(t, "struck post", p.Reply.Text)
	}
	r = ok(t, f.Run("alice", "reminders"))
	assertInert(t, "list", r.Text)
}

func TestMassMentionTargetsRefused(t *testing.T) {
	f := newFixture(t, now)
	for _, who := range []string{"@everyone", "@here", "@channel", "@Everyone", "<!channel>", "<!here>", "<!subteam^S123|team>", "<@&123456789012345678>"} {
		r := f.Run("alice", "remind "+who+" to send the agenda tomorrow at 9am")
		if !r.Error || !strings.Contains(r.Text, "don't remind everyone at once") {
			t.Errorf("remind %s: %q", who, r.Text)
		}
		assertInert(t, who, r.Text)
	}
	if r := ok(t, f.Run("admin", "reminders all")); len(data(t, r)["reminders"].([]any)) != 0 {
		t.Errorf("stored: %s", r.Text)
	}
}

// assertInert fails if s holds a working mass mention or mention syntax.
func assertInert(t *testing.T, what, s string) {
	t.Helper()
	low := strings.ToLower(s)
	for _, bad := range []string{"@everyone", "@here", "@channel", "<!", "<@", "<#"} {
		if strings.Contains(low, bad) {
			t.Errorf("%s carries %q: %q", what, bad, s)
		}
	}
}
