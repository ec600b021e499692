package poll

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"partnerbot/bot"
)

// Forged button payloads, typed or sent as req.Action: permissions and ids
// are checked on the server, refusals are clear, and nothing changes.
func TestForgedActions(t *testing.T) {
	f := newFixture(t)
	f.members("Riverside Trust", "alice", "bob")
	f.ok("alice", `poll "Which priority?" "Food" "Housing"`) // 1, open, alice's
	f.ok("alice", `poll "Old question?" "Yes" "No"`)         // 2, closed
	f.ok("alice", `poll "Secret?" "Yes" "No" --anonymous`)   // 3, anonymous, alice's
	f.ok("alice", "vote 1 A")
	f.ok("alice", "vote 2 A")
	f.ok("alice", "poll close 2")
	f.Posts.Take()
	before := rawPollData(t, f.DB)

	long := strings.Repeat("x", MaxQuestionLen+1)
	var many []string
	for i := range MaxOptions + 1 {
		many = append(many, fmt.Sprintf("%q", fmt.Sprint("Option ", i)))
	}
	cases := []struct {
		user, action, want string
	}{
		{"bob", "vote 99 A", "There's no poll 99"},
		{"bob", "vote 0 A", "from 1"},
		{"bob", "vote -1 A", "from 1"},
		{"bob", "vote abc A", "should be a number"},
		{"bob", "vote 99999999999999999999 A", "should be a number"},
		{"bob", "vote 1 Z", "Z"},
		{"bob", "vote 1", "needs"},
		{"bob", "vote 2 B", "Poll 2 is closed"},
		{"bob", "poll close 1", "Only the person who started poll 1"},
		{"bob", "poll close 3", "Only the person who started poll 3"},
		{"bob", "poll nudge 1", "Only the person who started poll 1"},
		{"bob", "poll close 99", "There's no poll 99"},
		{"bob", "poll close -3", "from 1"},
		{"bob", "poll results 18446744073709551616", "should be a number"},
		{"bob", `poll "` + long + `" "A" "B"`, fmt.Sprintf("please keep it to %d", MaxQuestionLen)},
		{"bob", `poll "Q?" "` + strings.Repeat("o", MaxOptionLen+1) + `" "B"`, fmt.Sprintf("to %d characters", MaxOptionLen)},
		{"bob", `poll "Q?" ` + strings.Join(many, " "), "at most 20 options (I got 21)"},
		{"bob", `poll "Q?" "A" "a"`, "given twice"},
		{"bob", `poll "Q?" "@everyone" "@Everyone"`, "@\u200bEveryone\" is given twice"},
		{"bob", `poll "Q?" "A" "B" --room "<!channel>"`, "<\u200b!channel>"},
		{"bob", `poll "Q?" "A" "B" --quorum 500%`, "from 0 to 100"},
		{"bob", `poll "Q?" "A" "B" --dots 100000`, "--dots"},
	}
	for _, c := range cases {
		r := f.Router.Handle(context.Background(), &bot.Request{User: bot.ConsoleUser(c.user), Channel: bot.ConsoleChannel, Action: c.action})
		if !r.Error || !strings.Contains(r.Text, c.want) {
			t.Errorf("%s %q:\n  %q (error %v)\n  want a refusal containing %q", c.user, c.action, r.Text, r.Error, c.want)
		}
		if strings.Contains(r.Text, "something went wrong") {
			t.Errorf("%q: internal error", c.action)
		}
	}
	if after := rawPollData(t, f.DB); after != before {
		t.Fatalf("a refused action changed the data:\n%s\n---\n%s", before, after)
	}
	if posts := f.Posts.Take(); len(posts) != 0 {
		t.Fatalf("a refused action posted: %v", posts)
	}
	// A consent reason over the cap.
	f.ok("admin", `poll "Adopt?" --consent`)
	f.refused("bob", `vote 4 block "`+strings.Repeat("r", MaxReasonLen+1)+`"`, fmt.Sprintf("keep it to %d", MaxReasonLen))
}

// Text people type is echoed without mass mentions and can't fake lines.
func TestHostileText(t *testing.T) {
	f := newFixture(t)
	r := f.ok("alice", "poll \"@everyone vote now!\n*FAKE RESULT*\" \"<!channel>\" \"<@U123>\" \"a```b\"")
	id := r.Data["id"].(uint64)
	v := f.ok("bob", fmt.Sprintf("vote %d A", id))
	res := f.ok("bob", fmt.Sprintf("poll results %d", id))
	f.ok("admin", fmt.Sprintf("poll close %d", id))
	shown := []string{r.Title, r.Text, v.Text, res.Title, res.Text}
	for _, p := range f.Posts.Take() {
		shown = append(shown, p.Reply.Title, p.Reply.Text, strings.Join(p.Reply.Context, " "))
		for _, c := range p.Reply.Choices {
			shown = append(shown, c.Label)
		}
	}
	all := strings.Join(shown, "\n")
	for _, bad := range []string{"@everyone", "<!", "<@", "```", "\n*FAKE"} {
		if strings.Contains(all, bad) {
			t.Errorf("%q reached a reply or post:\n%s", bad, all)
		}
	}
	if q := r.Data["question"]; q != "@everyone vote now! *FAKE RESULT*" {
		t.Errorf("question stored as %q (Data keeps the text as typed, on one line)", q)
	}
}
