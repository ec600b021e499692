package e2e

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// postedCard is an event or meeting card as posted to both platforms.
type postedCard struct {
	key            string
	slackTS        string
	slackButtons   map[string]slackButton
	discordMsg     string
	discordButtons map[string]string
}

// cardPosted finds the one card posted to each platform since the marks.
func (w *world) cardPosted(key string, smark, dmark int) postedCard {
	w.t.Helper()
	posts := w.slack.Since(smark, slackMethod("chat.postMessage"))
	dposts := w.discord.Since(dmark, discordPost(dChannel))
	if len(posts) != 1 || len(dposts) != 1 {
		w.t.Fatalf("the card was posted %d times to Slack and %d to Discord, want once each", len(posts), len(dposts))
	}
	c := postedCard{key: key, slackTS: posts[0].Answer, slackButtons: map[string]slackButton{}, discordMsg: dposts[0].Answer, discordButtons: discordButtons(discordBody(dposts[0]))}
	for _, b := range slackButtons(posts[0], c.slackTS) {
		c.slackButtons[b.Label] = b
	}
	for _, label := range []string{"Going", "Apologies", "Maybe"} {
		if c.slackButtons[label].Value == "" || c.discordButtons[label] == "" {
			w.t.Fatalf("the card lacks the %s button: Slack %v, Discord %v", label, c.slackButtons, c.discordButtons)
		}
	}
	copies, err := w.app.Hub.Copies(key)
	if err != nil || copies[bot.ID(roomChannelSlack)] != slackChannel+"|"+c.slackTS || copies[bot.ID(roomChannelDiscord)] != c.discordMsg {
		w.t.Fatalf("the hub remembers copies %v of %s (err %v)", copies, key, err)
	}
	return c
}

// expectCardCounts waits until both copies show the counts line.
func (w *world) expectCardCounts(c postedCard, counts string) {
	w.t.Helper()
	var s, d string
	ok := w.within(func() bool {
		ups := w.slack.Calls(func(x call) bool { return x.Path == "/api/chat.update" && x.Params["ts"] == c.slackTS })
		dps := w.discord.Calls(discordPatch(dChannel, c.discordMsg))
		if len(ups) == 0 || len(dps) == 0 {
			return false
		}
		s, d = slackText(ups[len(ups)-1]), discordBody(dps[len(dps)-1]).All()
		return strings.Contains(s, counts) && strings.Contains(d, counts)
	})
	if !ok {
		w.t.Fatalf("the copies don't both show %q:\nSlack:\n%s\nDiscord:\n%s", counts, s, d)
	}
}

// rsvpFromBoth answers a card from both platforms and checks one list.
func (w *world) rsvpFromBoth(c postedCard, ref string) {
	t := w.t
	t.Helper()
	if r := w.press(samSlack, c.slackButtons["Going"]); !strings.Contains(r.All(), "You're going") {
		t.Fatalf("Sam's RSVP on Slack answered %s", r.raw)
	}
	w.expectCardCounts(c, "Going 1 · Maybe 0 · Apologies 0")
	if r := w.pressDiscord(olaDiscord, c.discordButtons["Going"]); !strings.Contains(r.All(), "You're going") {
		t.Fatalf("Ola's RSVP on Discord answered %q", r.All())
	}
	w.expectCardCounts(c, "Going 2 · Maybe 0 · Apologies 0")
	if r := w.press(kimSlack, c.slackButtons["Apologies"]); !strings.Contains(r.All(), "apologies noted") {
		t.Fatalf("Kim's apologies on Slack answered %s", r.raw)
	}
	w.expectCardCounts(c, "Going 2 · Maybe 0 · Apologies 1")
	// Ola changes their mind: the answer is replaced, not added.
	if r := w.pressDiscord(olaDiscord, c.discordButtons["Maybe"]); !strings.Contains(r.All(), "maybe") {
		t.Fatalf("Ola's change on Discord answered %q", r.All())
	}
	w.expectCardCounts(c, "Going 1 · Maybe 1 · Apologies 1")

	list := w.asAdmin("rsvp list " + ref)
	if list.Error {
		t.Fatalf("rsvp list %s: %s", ref, list.Text)
	}
	counts, _ := list.Data["counts"].(map[string]int)
	if counts["going"] != 1 || counts["maybe"] != 1 || counts["apologies"] != 1 {
		t.Errorf("rsvp list %s counts %v, want going 1, maybe 1, apologies 1:\n%s", ref, counts, list.Text)
	}
	for key, want := range map[string][]string{"going": {"Sam"}, "maybe": {"Ola"}, "apologies": {"Kim"}} {
		if got, _ := list.Data[key].([]string); !slices.Equal(got, want) {
			t.Errorf("rsvp list %s %s = %v, want %v", ref, key, got, want)
		}
	}
	// The same list, asked for on Discord.
	dl := w.interact(olaDiscord, fmt.Sprintf(`{"id":"9","name":"rsvp","type":1,"options":[{"name":"list","type":1,"options":[{"name":"event","type":3,"value":%q}]}]}`, ref), 2)
	for _, want := range []string{"Going (1): Sam", "Maybe (1): Ola", "Apologies (1): Kim"} {
		if !strings.Contains(dl.All(), want) {
			t.Errorf("rsvp list on Discord lacks %q:\n%s", want, dl.All())
		}
	}
	t.Logf("rsvp list %s on Discord:\n%s", ref, dl.All())
}

// TestEventRSVPsFromBothPlatforms: an event created on Discord for the
// two-platform room is posted to both with RSVP buttons; answers from both
// count in one list and both copies are updated.
func TestEventRSVPsFromBothPlatforms(t *testing.T) {
	w := newWorld(t)
	sm, dm := w.slack.Mark(), w.discord.Mark()
	created := w.interact(olaDiscord, `{"id":"3","name":"event","type":1,"options":[{"name":"create","type":1,"options":[{"name":"what","type":3,"value":"\"Winter warmth fair\" on 12/12/2026 at 11:00 in sip-general"}]}]}`, 2)
	ref := regexp.MustCompile(`\be\d+\b`).FindString(created.All())
	if !strings.Contains(created.All(), "Posted in #sip-general") || ref == "" {
		t.Fatalf("event create on Discord answered %q", created.All())
	}
	c := w.cardPosted("event:"+ref, sm, dm)
	w.rsvpFromBoth(c, ref)
}

// TestMeetingNudgeRSVPsFromBothPlatforms: the scheduler's nudge before a
// monthly meeting is posted to both platforms; RSVPs from both count once
// each and both copies are updated.
func TestMeetingNudgeRSVPsFromBothPlatforms(t *testing.T) {
	w := newWorld(t)
	rep := w.slash(samSlack, `meeting schedule "Partnership meeting" every first Tuesday at 10:00 in sip-general nudge 1d`)
	if !strings.Contains(rep.All(), "Partnership meeting") || strings.Contains(rep.All(), ":warning:") {
		t.Fatalf("meeting schedule answered:\n%s", rep.All())
	}
	// Nothing is due yet; the nudge is a day before Tue 1 Dec 10:00.
	sm, dm := w.slack.Mark(), w.discord.Mark()
	w.app.Scheduler.Tick(t.Context())
	if n := len(w.slack.Since(sm, slackMethod("chat.postMessage"))) + len(w.discord.Since(dm, discordPost(dChannel))); n != 0 {
		t.Fatalf("a nudge was posted %d times before it was due", n)
	}
	w.clock.Set(time.Date(2026, 11, 30, 10, 0, 30, 0, time.UTC))
	w.app.Scheduler.Tick(t.Context())
	posts := w.slack.Since(sm, slackMethod("chat.postMessage"))
	if len(posts) != 1 {
		t.Fatalf("the nudge was posted %d times to Slack", len(posts))
	}
	var key string
	for k := range w.copiesWithPrefix("occ:") {
		key = k
	}
	if key == "" {
		t.Fatal("the hub remembers no posted meeting card")
	}
	c := w.cardPosted(key, sm, dm)
	w.rsvpFromBoth(c, strings.TrimPrefix(key, "occ:"))
	// A second tick posts nothing more.
	sm, dm = w.slack.Mark(), w.discord.Mark()
	w.app.Scheduler.Tick(t.Context())
	if n := len(w.slack.Since(sm, slackMethod("chat.postMessage"))) + len(w.discord.Since(dm, discordPost(dChannel))); n != 0 {
		t.Fatalf("the nudge was posted again (%d)", n)
	}
}

// copiesWithPrefix lists the keys of posted objects starting with prefix.
func (w *world) copiesWithPrefix(prefix string) map[string]bool {
	out := map[string]bool{}
	err := w.app.Env.DB.View(func(tx *storage.Tx) error {
		return storage.Bucket(tx, bot.PostsBucket).ForEach(func(k, _ []byte) error {
			if key, _, ok := strings.Cut(string(k), "|"); ok && strings.HasPrefix(key, prefix) {
				out[key] = true
			}
			return nil
		})
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}
