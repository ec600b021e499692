package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestVoteBurstFromBothPlatforms: twenty people press buttons at the same
// moment, half on Slack and half on Discord. Every vote counts once, and
// when the dust settles both copies show the full tally (the poll's
// redraws are coalesced, so the last one must include every vote).
func TestVoteBurstFromBothPlatforms(t *testing.T) {
	w := newWorld(t)
	p := w.createPoll(t, samSlack, `poll "Which priority?" "Food" "Warmth" --room sip-general`)
	const each = 10
	type pending struct {
		req   *http.Request
		slack string // response URL of a Slack press
		token string // token of a Discord press
	}
	var all []pending
	for i := 0; i < each; i++ {
		label := []string{"A: Food", "B: Warmth"}[i%2]
		req, ru := w.pressRequest(fmt.Sprintf("U%d", 100+i), p.slackButtons[label])
		all = append(all, pending{req: req, slack: ru})
		dreq, tok := w.interactionRequest(fmt.Sprint(4000+i), fmt.Sprintf(`{"custom_id":%q,"component_type":2}`, p.discordButtons[label]), 3)
		all = append(all, pending{req: dreq, token: tok})
	}
	answers := make([][]byte, len(all))
	errs := make([]error, len(all))
	var wg sync.WaitGroup
	for i, pr := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i], errs[i] = send(pr.req)
		}()
	}
	wg.Wait()
	for i, pr := range all {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		var text string
		if pr.slack != "" {
			text = w.pressReply(pr.slack).All()
		} else {
			text = w.interactionReply(answers[i], pr.token).All()
		}
		if !strings.Contains(text, "Vote recorded") {
			t.Errorf("press %d answered %q", i, text)
		}
	}
	want := map[string]int{"Food": each, "Warmth": each}
	w.expectResults(want, 2*each, "")
	w.expectCopies(p, want, 2*each)
}
