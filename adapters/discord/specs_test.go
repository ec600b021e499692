package discord

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"partnerbot/bot"
	"partnerbot/storage"
)

// testVotes is the fake vote command's bucket: key "poll|person" → choice.
const testVotes = "discord_test_votes"

func init() { storage.Declare(testVotes) }

// recorder remembers the requests the fake commands saw.
type recorder struct {
	mu   sync.Mutex
	reqs []bot.Request
}

func (r *recorder) add(req *bot.Request) {
	r.mu.Lock()
	r.reqs = append(r.reqs, *req)
	r.mu.Unlock()
}

func (r *recorder) last() bot.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		return bot.Request{}
	}
	return r.reqs[len(r.reqs)-1]
}

func (r *recorder) texts() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, q := range r.reqs {
		t := q.Text
		if q.Action != "" {
			t = q.Action
		}
		out = append(out, t)
	}
	return out
}

// echo returns a handler that records the request and answers with its
// command text.
func echo(rec *recorder) bot.HandlerFunc {
	return func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		rec.add(req)
		return bot.Private("ran: %s", req.Text), nil
	}
}

// testSpecs is a representative set of command specs, shaped like the
// real ones: a command with a bare form and subcommands (poll), typed
// arguments, choices, autocomplete, every flag kind, admin and hidden
// commands.
func testSpecs(rec *recorder) []*bot.Command {
	h := echo(rec)
	return []*bot.Command{
		{
			Name:     "poll",
			Summary:  "ask the partnership a question and count the votes",
			Examples: []string{`poll "Which priority first?" "Cost of living" "Older people"`},
			Args: []bot.Arg{
				{Name: "question", Kind: bot.Word, Required: true, Help: "the question, in quotes"},
				{Name: "options", Kind: bot.List, Required: true, Help: "the options, comma-separated or in quotes"},
			},
			Flags: []bot.Flag{
				{Name: "multi", Kind: bot.Bool, Help: "people may pick several options"},
				{Name: "ranked", Kind: bot.Bool, Help: "people rank the options"},
				{Name: "dots", Kind: bot.IntFlag, Help: "people share N dots between options"},
				{Name: "consent", Kind: bot.Bool, Help: "agree / stand aside / object"},
				{Name: "anonymous", Kind: bot.Bool, Help: "don't show who voted for what"},
				{Name: "per-org", Kind: bot.Bool, Help: "one vote per member organisation"},
				{Name: "quorum", Kind: bot.Percent, Help: "share of members who must vote"},
				{Name: "closes", Kind: bot.StringFlag, Help: "when voting closes, e.g. next Friday at 5pm"},
				{Name: "room", Kind: bot.StringFlag, Help: "where to post the poll"},
			},
			Handle: h,
			Subs: []*bot.Command{
				{Name: "list", Summary: "open polls", Handle: h},
				{Name: "results", Summary: "a poll's results", Args: []bot.Arg{{Name: "id", Kind: bot.Int, Required: true, Help: "the poll number", Autocomplete: "poll"}}, Handle: h},
				{Name: "close", Summary: "close a poll now", Args: []bot.Arg{{Name: "id", Kind: bot.Int, Required: true, Help: "the poll number"}}, Handle: h},
				{Name: "purge", Summary: "internal", Hidden: true, Handle: h},
			},
		},
		{
			Name:    "vote",
			Summary: "vote in a poll (the buttons do this for you)",
			Args: []bot.Arg{
				{Name: "id", Kind: bot.Int, Required: true, Help: "the poll number", Autocomplete: "poll"},
				{Name: "choice", Kind: bot.List, Required: true, Help: "your choice: A, or C A B when ranked"},
			},
			Handle: h,
		},
		{
			Name:    "rsvp",
			Summary: "say whether you're coming to an event",
			Args: []bot.Arg{
				{Name: "event", Kind: bot.Word, Required: true, Help: "the event", Autocomplete: "event"},
				{Name: "answer", Kind: bot.Word, Required: true, Choices: []string{"yes", "no", "maybe"}},
				{Name: "guests", Kind: bot.Word, Help: "bringing others: +2"},
			},
			Handle: h,
		},
		{
			Name:    "who",
			Summary: "find partner services by theme and area",
			Args:    []bot.Arg{{Name: "question", Kind: bot.Text, Required: true, Help: "e.g. who supports older people in Bedwell?"}},
			Handle:  h,
		},
		{
			Name:    "directory",
			Summary: "the partner directory",
			Subs: []*bot.Command{
				{Name: "show", Summary: "one organisation's services", Args: []bot.Arg{{Name: "org", Kind: bot.Word, Required: true, Autocomplete: "org"}}, Handle: h},
				{Name: "remove", Summary: "remove a service", Admin: true, Args: []bot.Arg{{Name: "service", Kind: bot.Word, Required: true}}, Handle: h},
			},
		},
		{
			Name:    "remind",
			Summary: "set a reminder for you, a room or someone",
			Args: []bot.Arg{
				{Name: "who", Kind: bot.Word, Required: true, Help: "me, a room or @someone"},
				{Name: "what", Kind: bot.Text, Required: true, Help: "what and when: to call the food bank tomorrow at 9am"},
			},
			Handle: h,
		},
		{Name: "help", Summary: "what I can do, and how to ask", Args: []bot.Arg{{Name: "command", Kind: bot.List}}, Handle: h},
		{Name: "debug-dump", Summary: "internal", Hidden: true, Handle: h},
	}
}

// voteCommands is a fake poll capability on a Hub: "vote ID CHOICE"
// records the person's vote in bbolt and updates every posted copy.
func voteCommand(db *storage.DB, hub *bot.Hub) *bot.Command {
	return &bot.Command{
		Name:    "vote",
		Summary: "vote in a poll",
		Args: []bot.Arg{
			{Name: "id", Kind: bot.Int, Required: true},
			{Name: "choice", Kind: bot.Word, Required: true, Choices: []string{"a", "b"}},
		},
		Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			id, _ := req.Args.Int("id")
			if id != 1 {
				return bot.Reply{}, bot.Refuse("vote 1 A", "There's no poll %d.", id)
			}
			choice := strings.ToUpper(req.Args.String("choice"))
			err := db.Update(func(tx *storage.Tx) error {
				return storage.Bucket(tx, testVotes).Put([]byte(fmt.Sprintf("%d|%s", id, req.Person)), []byte(choice))
			})
			if err != nil {
				return bot.Reply{}, err
			}
			if err := hub.Update(ctx, pollReply(db)); err != nil {
				return bot.Reply{}, err
			}
			return bot.Private("Vote recorded: %s", choice), nil
		},
	}
}

// pollReply shows poll 1 with its tally.
func pollReply(db *storage.DB) bot.Reply {
	tally := map[string]int{}
	_ = db.View(func(tx *storage.Tx) error {
		return tx.Bucket([]byte(testVotes)).ForEach(func(k, v []byte) error {
			tally[string(v)]++
			return nil
		})
	})
	var lines []string
	for _, c := range []string{"A", "B"} {
		lines = append(lines, fmt.Sprintf("*%s*: %d", c, tally[c]))
	}
	sort.Strings(lines)
	return bot.Reply{
		Title:   "Poll 1: Which priority first? @everyone",
		Text:    strings.Join(lines, "\n"),
		Context: []string{"Closes Fri 4 Dec 2026, 17:00"},
		Choices: []bot.Choice{{Label: "A", Command: "vote 1 A", Style: "primary"}, {Label: "B", Command: "vote 1 B"}},
		Key:     "poll:1",
	}
}
