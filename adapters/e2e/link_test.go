package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// TestLinkAfterVotingOnBoth: Sam votes on Slack and, with their Discord
// account, on Discord, before linking the two. Once linked they are one
// person (the issue: "so a person counts once"), so the poll should count
// one vote for Sam — the latest — not two.
func TestLinkAfterVotingOnBoth(t *testing.T) {
	w := newWorld(t)
	p := w.createPoll(t, samSlack, `poll "Which priority?" "Food" "Warmth" --room sip-general`)
	w.press(samSlack, p.slackButtons["A: Food"])
	w.pressDiscord(samDiscord, p.discordButtons["B: Warmth"])
	w.pressDiscord(olaDiscord, p.discordButtons["B: Warmth"])
	w.expectResults(map[string]int{"Food": 1, "Warmth": 2}, 3, "")

	code := linkCode.FindString(w.slash(samSlack, "whoami link").All())
	linked := w.interact(samDiscord, fmt.Sprintf(`{"id":"7","name":"whoami","type":1,"options":[{"name":"link","type":1,"options":[{"name":"code","type":3,"value":%q}]}]}`, code), 2)
	if !strings.Contains(linked.All(), "Linked") {
		t.Fatalf("link answered %q", linked.All())
	}

	// Sam votes again from Discord: this must replace Sam's vote, whichever
	// account cast it, and Sam must count once.
	w.pressDiscord(samDiscord, p.discordButtons["B: Warmth"])
	tally, voters, text := w.results()
	if voters != 2 || tally["Food"]+tally["Warmth"] != 2 {
		t.Errorf("after linking, Sam counts more than once: tally %v from %d voters, want 2 voters (Sam once, Ola):\n%s", tally, voters, text)
	}
	if strings.Count(text, "Sam") > 1 {
		t.Errorf("Sam is named twice among the voters:\n%s", text)
	}
}

// TestLinkAfterRSVPOnBoth is the same for RSVPs: answered on both accounts
// before linking, Sam must still count once as going.
func TestLinkAfterRSVPOnBoth(t *testing.T) {
	w := newWorld(t)
	sm, dm := w.slack.Mark(), w.discord.Mark()
	created := w.slash(samSlack, `event create "Winter warmth fair" on 12/12/2026 at 11:00 in sip-general`)
	if !strings.Contains(created.All(), "Posted in #sip-general") {
		t.Fatalf("event create answered:\n%s", created.All())
	}
	c := w.cardPosted("event:e1", sm, dm)
	w.press(samSlack, c.slackButtons["Going"])
	w.pressDiscord(samDiscord, c.discordButtons["Going"])
	code := linkCode.FindString(w.slash(samSlack, "whoami link").All())
	w.interact(samDiscord, fmt.Sprintf(`{"id":"7","name":"whoami","type":1,"options":[{"name":"link","type":1,"options":[{"name":"code","type":3,"value":%q}]}]}`, code), 2)
	w.pressDiscord(samDiscord, c.discordButtons["Going"])
	list := w.asAdmin("rsvp list e1")
	if counts, _ := list.Data["counts"].(map[string]int); counts["going"] != 1 {
		t.Errorf("after linking, Sam counts %d times as going, want once:\n%s", counts["going"], list.Text)
	}
}
