package poll

import (
	"strings"

	"partnerbot/bot"
)

const createUsage = `poll "Question?" "Option A" "Option B" ... [--multi | --ranked | --dots N | --consent] [--anonymous] [--per-org] [--quorum N%] [--closes WHEN] [--hide-results] [--room ROOM]`

// Commands returns `poll` (create, list, results, close, nudge) and `vote`.
func (ps *Polls) Commands() []*bot.Command {
	idArg := bot.Arg{Name: "id", Kind: bot.Int, Required: true, Help: "the poll's number", Autocomplete: "poll"}
	return safeCommands([]*bot.Command{
		{
			Name:    "poll",
			Summary: "ask the partnership a question: single choice, approval, ranked, dots or consent",
			Usage:   createUsage,
			Examples: []string{
				`poll "Which priority for 2027?" "Food" "Housing" "Youth" --ranked --closes next Friday at 17:00`,
				`poll "Adopt the draft constitution?" --consent --per-org --quorum 50%`,
				`poll "Spread 5 dots over the themes" "Cost of living" "Older people" "Young people" --dots 5`,
			},
			Args: []bot.Arg{{Name: "question", Kind: bot.List, Help: `the question, then 2 to 20 options, each in quotes`}},
			Flags: []bot.Flag{
				{Name: "multi", Kind: bot.Bool, Help: "approval voting: pick as many as you like"},
				{Name: "ranked", Kind: bot.Bool, Help: "ranked choice, counted by instant-runoff (round by round)"},
				{Name: "dots", Kind: bot.IntFlag, Help: "dot voting: each voter spreads N points"},
				{Name: "consent", Kind: bot.Bool, Help: "consent: agree, abstain, disagree or block (with a reason)"},
				{Name: "anonymous", Kind: bot.Bool, Help: "nobody, admins included, can ever see who voted what"},
				{Name: "per-org", Kind: bot.Bool, Help: "one vote per member organisation; the latest vote from its members stands"},
				{Name: "quorum", Kind: bot.Percent, Help: "share of eligible people (or organisations, with --per-org) who must vote"},
				{Name: "closes", Kind: bot.StringFlag, Help: `when it closes: "next Friday at 17:00", "in 3 days"`},
				{Name: "hide-results", Kind: bot.Bool, Help: "hide the tally until the poll closes"},
				{Name: "room", Kind: bot.StringFlag, Help: "the room to post it in (default: the partnership's main room)"},
			},
			Handle: ps.create,
			Subs: []*bot.Command{
				{Name: "list", Summary: "open and recent polls", Examples: []string{"poll list"}, Handle: ps.list},
				{Name: "results", Summary: "the count so far, round by round, with quorum and who voted", Examples: []string{"poll results 3"}, Args: []bot.Arg{idArg}, Handle: ps.resultsCmd},
				{Name: "close", Summary: "close a poll now (its creator or an admin)", Examples: []string{"poll close 3"}, Args: []bot.Arg{idArg}, Handle: ps.closeCmd},
				{Name: "nudge", Summary: "remind those (or those organisations) who haven't voted (its creator or an admin)", Examples: []string{"poll nudge 3"}, Args: []bot.Arg{idArg}, Handle: ps.nudgeCmd},
			},
		},
		{
			Name:    "vote",
			Summary: "vote in a poll (the text form of its buttons)",
			Usage:   "vote ID CHOICE...",
			Examples: []string{
				"vote 3 B", "vote 3 A C", "vote 3 C A B", "vote 3 A=3 B=2", `vote 3 block "we need the costs first"`,
			},
			Args:   []bot.Arg{idArg, {Name: "choice", Kind: bot.List, Required: true, Help: "letters or option text; ranked: an order; dots: A=3 B=2; consent: agree|abstain|disagree|block [\"reason\"]"}},
			Handle: ps.vote,
		},
	})
}

// usage is the reply to a bare `poll`.
func usage() bot.Reply {
	var b strings.Builder
	b.WriteString("Start a poll with the question and 2 to 20 options, each in quotes:\n")
	b.WriteString("`poll \"Which priority for 2027?\" \"Food\" \"Housing\" \"Youth\"`\n\n")
	b.WriteString("Kinds: `--multi` (pick any) · `--ranked` (instant-runoff) · `--dots 5` (spread points) · `--consent` (agree/abstain/disagree/block, no options needed)\n")
	b.WriteString("Options: `--anonymous` · `--per-org` (one vote per member organisation) · `--quorum 50%` · `--closes next Friday at 17:00` · `--hide-results` · `--room sip-general`\n\n")
	b.WriteString("Then: `poll list` · `poll results ID` · `poll close ID` · `poll nudge ID` · `vote ID B`")
	return bot.Reply{Title: "Polls", Text: b.String(), Ephemeral: true, Data: map[string]any{"usage": createUsage}}
}

func (ps *Polls) canManage(p *Poll, req *bot.Request) bool {
	return req.Admin || p.isCreator(person(req))
}

// person is who is asking: the linked identity, or the user id.
func person(req *bot.Request) bot.ID {
	if req.Person != "" {
		return req.Person
	}
	return req.User
}

// pollID reads the poll number from the arguments: typed, or sent by a
// button (whose payload may have been forged, so it is checked like typing).
func pollID(req *bot.Request) (uint64, error) {
	n, ok := req.Args.Int("id")
	if !ok || n < 1 {
		return 0, bot.Refuse("poll list", "Poll numbers are whole numbers from 1, not %q. `poll list` shows the polls.", req.Args.String("id"))
	}
	return uint64(n), nil
}
