package e2e

import (
	"fmt"
	"maps"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
)

// poll is a poll as posted to the two-platform room: its Slack message
// (ts and buttons) and its Discord message (id and buttons).
type postedPoll struct {
	id             string
	slackTS        string
	slackButtons   map[string]slackButton // by label
	discordMsg     string
	discordButtons map[string]string // label → custom_id
}

// createPoll creates the priorities poll from Slack and checks it was
// posted once to each platform.
func (w *world) createPoll(t *testing.T, user, text string) postedPoll {
	t.Helper()
	sm, dm := w.slack.Mark(), w.discord.Mark()
	rep := w.slash(user, text)
	if !strings.Contains(rep.All(), "Poll 1 is open in #sip-general") {
		t.Fatalf("poll creation answered:\n%s", rep.All())
	}
	if rep.ResponseType != "ephemeral" {
		t.Errorf("the creator's confirmation is %q, want ephemeral (the poll itself is posted to the room)", rep.ResponseType)
	}
	posts := w.slack.Since(sm, slackMethod("chat.postMessage"))
	if len(posts) != 1 || posts[0].Params["channel"] != slackChannel {
		t.Fatalf("Slack saw %d chat.postMessage, want 1 to %s: %v", len(posts), slackChannel, posts)
	}
	dposts := w.discord.Since(dm, discordPost(dChannel))
	if len(dposts) != 1 {
		t.Fatalf("Discord saw %d channel messages, want 1: %v", len(dposts), w.discord.Since(dm, nil))
	}
	p := postedPoll{id: "1", slackButtons: map[string]slackButton{}}
	p.slackTS = posts[0].Answer
	for _, b := range slackButtons(posts[0], p.slackTS) {
		p.slackButtons[b.Label] = b
	}
	dmsg := discordBody(dposts[0])
	p.discordButtons = discordButtons(dmsg)
	p.discordMsg = dposts[0].Answer
	for _, text := range []string{slackText(posts[0]), dmsg.All()} {
		if !strings.Contains(text, "Which priority?") || !strings.Contains(text, "Food") || !strings.Contains(text, "Warmth") {
			t.Errorf("a posted copy lacks the question or options:\n%s", text)
		}
	}
	if len(p.slackButtons) != 2 || len(p.discordButtons) != 2 {
		t.Fatalf("buttons: Slack %v, Discord %v; want two each", p.slackButtons, p.discordButtons)
	}
	return p
}

// tallyLine is one option's line in a posted poll: "A  Food   ██░░ 1 (50%)".
var tallyLine = regexp.MustCompile(`([A-Z])  (\S+) +[█░]+ (\d+) \(`)

// tallyIn reads the counts shown in a posted copy of a poll.
func tallyIn(text string) map[string]int {
	out := map[string]int{}
	for _, m := range tallyLine.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[3])
		out[m[2]] = n
	}
	return out
}

// votesLine is the count of voters a posted copy shows.
func votesLine(n int) string {
	if n == 1 {
		return "1 vote"
	}
	return fmt.Sprintf("%d votes", n)
}

// lastSlackUpdate and lastDiscordEdit are the latest versions of the
// poll's copies (the first post when there has been no update).
func (w *world) lastSlackCopy(p postedPoll) string {
	ups := w.slack.Calls(func(c call) bool {
		return (c.Path == "/api/chat.update" && c.Params["ts"] == p.slackTS) ||
			(c.Path == "/api/chat.postMessage" && c.Answer == p.slackTS)
	})
	if len(ups) == 0 {
		return ""
	}
	return slackText(ups[len(ups)-1])
}

func (w *world) lastDiscordCopy(p postedPoll) string {
	ups := w.discord.Calls(func(c call) bool {
		return discordPatch(dChannel, p.discordMsg)(c) || (discordPost(dChannel)(c) && c.Answer == p.discordMsg)
	})
	if len(ups) == 0 {
		return ""
	}
	return discordBody(ups[len(ups)-1]).All()
}

// expectCopies waits until both posted copies show tally and voters.
func (w *world) expectCopies(p postedPoll, tally map[string]int, voters int) {
	w.t.Helper()
	w.expectCopy("Slack", func() string { return w.lastSlackCopy(p) }, tally, voters)
	w.expectCopy("Discord", func() string { return w.lastDiscordCopy(p) }, tally, voters)
}

func (w *world) expectCopy(platform string, last func() string, tally map[string]int, voters int) {
	w.t.Helper()
	var text string
	ok := w.within(func() bool {
		text = last()
		return maps.Equal(tallyIn(text), tally) && strings.Contains(text, votesLine(voters))
	})
	if !ok {
		w.t.Fatalf("%s's copy of the poll shows %v, want %v with %q:\n%s", platform, tallyIn(text), tally, votesLine(voters), text)
	}
}

// results runs `poll results 1` as an exec user would and returns the tally
// and the text.
func (w *world) results() (map[string]int, int, string) {
	w.t.Helper()
	rep := w.asAdmin("poll results 1")
	if rep.Error {
		w.t.Fatalf("poll results 1: %s", rep.Text)
	}
	tally, _ := rep.Data["tally"].(map[string]int)
	voters, _ := rep.Data["voters"].(int)
	return tally, voters, rep.Text
}

func (w *world) expectResults(tally map[string]int, voters int, names string) {
	w.t.Helper()
	got, n, text := w.results()
	if !maps.Equal(got, tally) || n != voters {
		w.t.Fatalf("poll results 1: tally %v from %d voters, want %v from %d:\n%s", got, n, tally, voters, text)
	}
	if names != "" && !strings.Contains(text, "Voted: "+names) {
		w.t.Fatalf("poll results 1 should say \"Voted: %s\":\n%s", names, text)
	}
}

func TestTwoPlatformPoll(t *testing.T) {
	for _, outage := range []Mode{Failing, Refusing} {
		t.Run("discord "+outage.String(), func(t *testing.T) { twoPlatformPoll(t, outage) })
	}
}

// twoPlatformPoll is the end-to-end story: a poll posted to a room
// that spans Slack and Discord, votes from both, one tally, both copies
// updated, identities linked, and an outage of Discord that Slack doesn't
// notice and Discord catches up on.
func twoPlatformPoll(t *testing.T, outage Mode) {
	w := newWorld(t)

	// 1. Sam creates the poll on Slack; it is posted to both platforms.
	p := w.createPoll(t, samSlack, `poll "Which priority?" "Food" "Warmth" --room sip-general`)
	w.expectCopies(p, map[string]int{"Food": 0, "Warmth": 0}, 0)

	// 2. Votes from both platforms: Sam presses Food on Slack, Ola presses
	// Warmth on Discord.
	if r := w.press(samSlack, p.slackButtons["A: Food"]); !strings.Contains(r.All(), "Vote recorded: A (Food)") || r.ResponseType != "ephemeral" {
		t.Fatalf("Sam's Slack vote answered %s", r.raw)
	}
	w.expectCopies(p, map[string]int{"Food": 1, "Warmth": 0}, 1)
	if r := w.pressDiscord(olaDiscord, p.discordButtons["B: Warmth"]); !strings.Contains(r.All(), "Vote recorded: B (Warmth)") || r.Flags&64 == 0 {
		t.Fatalf("Ola's Discord vote answered %+v (want an ephemeral confirmation)", r)
	}
	w.expectCopies(p, map[string]int{"Food": 1, "Warmth": 1}, 2)
	w.expectResults(map[string]int{"Food": 1, "Warmth": 1}, 2, "Ola (Discord), Sam (Slack)")

	// 3. Sam links their Discord account: a code on Slack, repeated on
	// Discord as /whoami link code:….
	rep := w.slash(samSlack, "whoami link")
	code := linkCode.FindString(rep.All())
	if code == "" || rep.ResponseType != "ephemeral" {
		t.Fatalf("whoami link on Slack gave no private code:\n%s", rep.raw)
	}
	linked := w.interact(samDiscord, fmt.Sprintf(`{"id":"7","name":"whoami","type":1,"options":[{"name":"link","type":1,"options":[{"name":"code","type":3,"value":%q}]}]}`, code), 2)
	if !strings.Contains(linked.All(), "Linked") || !strings.Contains(linked.All(), "Sam (Slack)") {
		t.Fatalf("/whoami link code:%s on Discord answered %+v", code, linked)
	}
	if got := w.app.Links.Resolve(bot.ID("discord:" + guild + ":" + samDiscord)); got != bot.ID("slack:"+slackTeam+":"+samSlack) {
		t.Fatalf("Sam's Discord account resolves to %s", got)
	}
	// A second vote, from Sam's Discord account, replaces the Slack one.
	r := w.pressDiscord(samDiscord, p.discordButtons["B: Warmth"])
	if !strings.Contains(r.All(), "This replaces your earlier vote") {
		t.Fatalf("Sam's vote from Discord should replace the Slack one; it answered %q", r.All())
	}
	w.expectCopies(p, map[string]int{"Food": 0, "Warmth": 2}, 2)
	w.expectResults(map[string]int{"Food": 0, "Warmth": 2}, 2, "Ola (Discord), Sam (Slack)")

	// 4. Discord goes down. Slack votes still go through and Slack's copy
	// is updated; Discord's updates wait in the outbox.
	w.discord.Set(outage)
	dmark := w.discord.Mark()
	if r := w.press(kimSlack, p.slackButtons["A: Food"]); !strings.Contains(r.All(), "Vote recorded: A (Food)") {
		t.Fatalf("Kim's vote during the Discord outage answered %s", r.raw)
	}
	w.expectCopy("Slack", func() string { return w.lastSlackCopy(p) }, map[string]int{"Food": 1, "Warmth": 2}, 3)
	if r := w.press(samSlack, p.slackButtons["A: Food"]); !strings.Contains(r.All(), "This replaces your earlier vote") {
		t.Fatalf("Sam's change of vote on Slack answered %s", r.raw)
	}
	latest := map[string]int{"Food": 2, "Warmth": 1}
	w.expectCopy("Slack", func() string { return w.lastSlackCopy(p) }, latest, 3)
	w.expectResults(latest, 3, "Kim (Slack), Ola (Discord), Sam (Slack)")
	if got := w.lastDiscordCopy(p); !maps.Equal(tallyIn(got), map[string]int{"Food": 0, "Warmth": 2}) {
		t.Fatalf("Discord's copy changed during the outage:\n%s", got)
	}
	if !strings.Contains(w.logs.String(), "update failed; will retry") {
		t.Errorf("the failed Discord update was not logged:\n%s", w.logs)
	}

	// An admin sees the failing channel and the retry waiting, on Slack.
	st := w.slash(samSlack, "room status")
	if !regexp.MustCompile(`Discord ` + dChannel + `: ⚠️ failing since .*— 1 waiting to be retried`).MatchString(st.All()) {
		t.Fatalf("room status during the outage:\n%s", st.All())
	}
	if !regexp.MustCompile(`Slack ` + slackChannel + `: ✅ working`).MatchString(st.All()) {
		t.Fatalf("room status should show Slack working:\n%s", st.All())
	}
	t.Logf("room status during the outage, as Slack shows it:\n%s", st.Text)
	w.expectStatus(map[string]statusRow{roomChannelSlack: {ok: true}, roomChannelDiscord: {ok: false, pending: 1}})
	// …and a member may not look.
	if st := w.slash(kimSlack, "room status"); strings.Contains(st.All(), "waiting to be retried") {
		t.Fatalf("a member saw room status:\n%s", st.All())
	}

	// 5. Discord comes back. Nothing is retried before the backoff has
	// passed; after it, the missed update arrives with the latest tally.
	w.discord.Set(Up)
	w.app.Scheduler.Tick(t.Context())
	if got := w.discord.Since(dmark, discordPatch(dChannel, p.discordMsg)); len(got) != 0 {
		t.Fatalf("retried before the backoff: %v", got)
	}
	w.clock.Advance(11 * time.Second)
	w.app.Scheduler.Tick(t.Context())
	edits := w.discord.Since(dmark, discordPatch(dChannel, p.discordMsg))
	if len(edits) != 1 {
		t.Fatalf("Discord saw %d edits after recovering, want 1 (the latest tally only): %v", len(edits), edits)
	}
	w.expectCopies(p, latest, 3)
	if !strings.Contains(w.logs.String(), "delivered after retry") {
		t.Errorf("the delivery after retry was not logged")
	}
	w.expectStatus(map[string]statusRow{roomChannelSlack: {ok: true}, roomChannelDiscord: {ok: true}})
	// Nothing more to retry.
	w.clock.Advance(time.Hour)
	w.app.Scheduler.Tick(t.Context())
	if n := len(w.discord.Since(dmark, discordPatch(dChannel, p.discordMsg))); n != 1 {
		t.Fatalf("the delivered update was sent again (%d edits)", n)
	}

	// 6. Results name voters by name and platform, on both platforms.
	sr := w.slash(samSlack, "poll results 1")
	dr := w.interact(olaDiscord, `{"id":"8","name":"poll","type":1,"options":[{"name":"results","type":1,"options":[{"name":"id","type":4,"value":1}]}]}`, 2)
	t.Logf("poll results 1 on Discord:\n%s", dr.All())
	for platform, text := range map[string]string{"Slack": sr.All(), "Discord": dr.All()} {
		if !strings.Contains(text, "Voted: Kim (Slack), Ola (Discord), Sam (Slack)") || !maps.Equal(tallyIn(text), latest) {
			t.Errorf("poll results 1 on %s:\n%s", platform, text)
		}
	}
}

type statusRow struct {
	ok      bool
	pending int
}

// expectStatus checks `room status`'s data for the room's channels.
func (w *world) expectStatus(want map[string]statusRow) {
	w.t.Helper()
	rep := w.asAdmin("room status")
	rows, _ := rep.Data["channels"].([]map[string]any)
	got := map[string]statusRow{}
	for _, r := range rows {
		ch, _ := r["channel"].(string)
		ok, _ := r["ok"].(bool)
		n, _ := r["pending"].(int)
		got[ch] = statusRow{ok: ok, pending: n}
	}
	if !maps.Equal(got, want) {
		w.t.Fatalf("room status data %v, want %v:\n%s", got, want, rep.Text)
	}
}
