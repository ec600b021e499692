package e2e

import (
	"maps"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
)

// TestPollPostedDuringDiscordOutage: a poll created while Discord refuses
// connections is posted to Slack at once; Discord gets it when it comes
// back, showing the votes cast meanwhile, and its buttons then work.
func TestPollPostedDuringDiscordOutage(t *testing.T) {
	w := newWorld(t)
	w.discord.Set(Refusing)
	sm, dm := w.slack.Mark(), w.discord.Mark()
	rep := w.slash(samSlack, `poll "Which priority?" "Food" "Warmth" --room sip-general`)
	if !strings.Contains(rep.All(), "Poll 1 is open") || strings.Contains(rep.All(), "couldn't post") {
		t.Fatalf("creating the poll with Discord down answered:\n%s", rep.All())
	}
	posts := w.slack.Since(sm, slackMethod("chat.postMessage"))
	if len(posts) != 1 {
		t.Fatalf("Slack saw %d posts", len(posts))
	}
	p := postedPoll{id: "1", slackTS: posts[0].Answer, slackButtons: map[string]slackButton{}}
	for _, b := range slackButtons(posts[0], p.slackTS) {
		p.slackButtons[b.Label] = b
	}
	w.press(kimSlack, p.slackButtons["B: Warmth"])
	w.expectCopy("Slack", func() string { return w.lastSlackCopy(p) }, map[string]int{"Food": 0, "Warmth": 1}, 1)
	w.expectStatus(map[string]statusRow{roomChannelSlack: {ok: true}, roomChannelDiscord: {ok: false, pending: 1}})

	w.discord.Set(Up)
	w.clock.Advance(6 * time.Second)
	w.app.Scheduler.Tick(t.Context())
	dposts := w.discord.Since(dm, discordPost(dChannel))
	if len(dposts) != 1 {
		t.Fatalf("Discord saw %d posts after recovering, want the poll once", len(dposts))
	}
	p.discordMsg = dposts[0].Answer
	p.discordButtons = discordButtons(discordBody(dposts[0]))
	if got := tallyIn(discordBody(dposts[0]).All()); !maps.Equal(got, map[string]int{"Food": 0, "Warmth": 1}) {
		t.Fatalf("the late post to Discord shows %v, not the votes cast meanwhile", got)
	}
	copies, _ := w.app.Hub.Copies("poll:1")
	if copies[bot.ID(roomChannelDiscord)] != p.discordMsg {
		t.Fatalf("the hub doesn't remember the late Discord copy: %v", copies)
	}
	w.expectStatus(map[string]statusRow{roomChannelSlack: {ok: true}, roomChannelDiscord: {ok: true}})

	// The late copy's buttons vote, and both copies follow.
	w.pressDiscord(olaDiscord, p.discordButtons["A: Food"])
	w.expectCopies(p, map[string]int{"Food": 1, "Warmth": 1}, 2)
	w.app.Scheduler.Tick(t.Context())
	if n := len(w.discord.Since(dm, discordPost(dChannel))); n != 1 {
		t.Fatalf("the poll was posted to Discord %d times", n)
	}
}

// TestSlackOutageDiscordCarriesOn is the outage the other way round: Slack
// answers 500, Discord votes go through and update Discord's copy, and
// Slack's copy catches up when it recovers.
func TestSlackOutageDiscordCarriesOn(t *testing.T) {
	w := newWorld(t)
	p := w.createPoll(t, samSlack, `poll "Which priority?" "Food" "Warmth" --room sip-general`)
	w.slack.Set(Failing)
	sm := w.slack.Mark()
	if r := w.pressDiscord(olaDiscord, p.discordButtons["A: Food"]); !strings.Contains(r.All(), "Vote recorded") {
		t.Fatalf("Ola's vote during the Slack outage answered %q", r.All())
	}
	w.expectCopy("Discord", func() string { return w.lastDiscordCopy(p) }, map[string]int{"Food": 1, "Warmth": 0}, 1)
	w.pressDiscord(samDiscord, p.discordButtons["B: Warmth"])
	latest := map[string]int{"Food": 1, "Warmth": 1}
	w.expectCopy("Discord", func() string { return w.lastDiscordCopy(p) }, latest, 2)
	w.expectStatus(map[string]statusRow{roomChannelSlack: {ok: false, pending: 1}, roomChannelDiscord: {ok: true}})

	w.slack.Set(Up)
	w.clock.Advance(11 * time.Second)
	w.app.Scheduler.Tick(t.Context())
	if ups := w.slack.Since(sm, slackMethod("chat.update")); len(ups) != 1 {
		t.Fatalf("Slack saw %d chat.update after recovering, want 1", len(ups))
	}
	w.expectCopies(p, latest, 2)
	w.expectStatus(map[string]statusRow{roomChannelSlack: {ok: true}, roomChannelDiscord: {ok: true}})
}

// TestOutageOutlastsRetries: while Discord stays down, each retry fails and
// waits longer; nothing is lost, and the latest tally is delivered once
// Discord is back.
func TestOutageOutlastsRetries(t *testing.T) {
	w := newWorld(t)
	p := w.createPoll(t, samSlack, `poll "Which priority?" "Food" "Warmth" --room sip-general`)
	w.discord.Set(Failing)
	w.press(samSlack, p.slackButtons["A: Food"])
	firstFailure := w.clock.Now()
	dm := w.discord.Mark()
	for i := 0; i < 5; i++ {
		w.clock.Advance(2 * time.Minute)
		w.app.Scheduler.Tick(t.Context())
	}
	w.expectStatus(map[string]statusRow{roomChannelSlack: {ok: true}, roomChannelDiscord: {ok: false, pending: 1}})
	// room status says when the trouble started, not only the latest try.
	st := w.asAdmin("room status")
	since := "failing since " + firstFailure.In(w.app.Env.Loc).Format("Mon 2 Jan 15:04")
	if !strings.Contains(st.Text, since) {
		t.Errorf("room status after ten minutes of outage should say %q:\n%s", since, st.Text)
	}
	w.discord.Set(Up)
	w.clock.Advance(10 * time.Minute)
	w.app.Scheduler.Tick(t.Context())
	if n := len(w.discord.Since(dm, discordPatch(dChannel, p.discordMsg))); n != 1 {
		t.Fatalf("Discord saw %d edits after recovering, want 1", n)
	}
	w.expectCopies(p, map[string]int{"Food": 1, "Warmth": 0}, 1)
}
