package poll

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"partnerbot/bot"
	"partnerbot/storage"
)

// recentClosed is how many closed polls `poll list` shows.
const recentClosed = 5

// list handles `poll list`: open polls, then the most recently closed.
func (ps *Polls) list(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	type row struct {
		p      Poll
		voters int
	}
	var open, closed []row
	err := ps.env.DB.View(func(tx *storage.Tx) error {
		return storage.Each(tx, PollsBucket, "", func(k string, p *Poll) error {
			r := row{p: *p, voters: len(ballotKeys(tx, p.ID))}
			if p.IsOpen() {
				open = append(open, r)
			} else {
				closed = append(closed, r)
			}
			return nil
		})
	})
	if err != nil {
		return bot.Reply{}, err
	}
	sort.Slice(closed, func(i, j int) bool { return closed[i].p.Closed.After(*closed[j].p.Closed) })
	if len(closed) > recentClosed {
		closed = closed[:recentClosed]
	}
	var data []map[string]any
	line := func(b *strings.Builder, r row) {
		p := &r.p
		fmt.Fprintf(b, "• *%d* %s — %s, %s\n", p.ID, clip(p.Question, 70), strings.Join(ps.features(p), " · "), plural(r.voters, "vote", "votes"))
		data = append(data, map[string]any{"id": p.ID, "question": p.Question, "kind": string(p.Kind), "closed": !p.IsOpen(), "voters": r.voters, "room": p.Room})
	}
	var b strings.Builder
	if len(open) == 0 {
		b.WriteString("No polls are open. Start one with `poll \"Question?\" \"A\" \"B\"`.\n")
	} else {
		b.WriteString("*Open*\n")
		for _, r := range open {
			line(&b, r)
		}
	}
	if len(closed) > 0 {
		b.WriteString("\n*Recently closed*\n")
		for _, r := range closed {
			line(&b, r)
		}
	}
	if data == nil {
		data = []map[string]any{}
	}
	return bot.Reply{Title: "Polls", Text: strings.TrimRight(b.String(), "\n"), Context: []string{"`poll results ID` for a count · `vote ID CHOICE` to vote"}, Data: map[string]any{"polls": data}}, nil
}
