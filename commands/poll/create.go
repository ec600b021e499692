package poll

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/storage"
)

const createExample = `poll "Which priority for 2027?" "Food" "Housing" "Youth"`

// create handles `poll "Question?" "A" "B" … [flags]`.
func (ps *Polls) create(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	words := req.Args.List("question")
	if len(words) == 0 {
		return usage(), nil
	}
	p := &Poll{Kind: Single, Question: oneLine(words[0]), Quorum: 0}
	var kinds []string
	for _, k := range []string{"multi", "ranked", "dots", "consent"} {
		if req.Args.Has(k) {
			kinds = append(kinds, "--"+k)
		}
	}
	if len(kinds) > 1 {
		return bot.Reply{}, bot.Refuse(createExample+" --ranked", "A poll is one kind: choose one of %s.", strings.Join(kinds, ", "))
	}
	switch {
	case req.Args.Has("multi"):
		p.Kind = Multi
	case req.Args.Has("ranked"):
		p.Kind = Ranked
	case req.Args.Has("dots"):
		p.Kind = Dots
		n, _ := req.Args.Int("dots")
		if n < 1 || n > MaxDots {
			return bot.Reply{}, bot.Refuse(createExample+" --dots 5", "--dots needs a number of dots from 1 to %d.", MaxDots)
		}
		p.Dots = n
	case req.Args.Has("consent"):
		p.Kind = Consent
	}
	if p.Question == "" {
		return bot.Reply{}, bot.Refuse(createExample, "The poll needs a question.")
	}
	if n := utf8.RuneCountInString(p.Question); n > MaxQuestionLen {
		return bot.Reply{}, bot.Refuse(createExample, "That question is %d characters; please keep it to %d.", n, MaxQuestionLen)
	}
	opts, err := checkOptions(p.Kind, words[1:])
	if err != nil {
		return bot.Reply{}, err
	}
	p.Options = opts
	p.Anonymous = req.Args.Bool("anonymous")
	p.PerOrg = req.Args.Bool("per-org")
	p.HideResults = req.Args.Bool("hide-results")
	if req.Args.Has("quorum") {
		q, ok := req.Args.Int("quorum")
		if !ok || q < 1 || q > 100 {
			return bot.Reply{}, bot.Refuse(createExample+" --quorum 50%", "--quorum needs a percentage from 1 to 100.")
		}
		p.Quorum = q
	}
	now := ps.env.Now().UTC()
	p.Created = now
	if req.Args.Has("closes") {
		at, err := ps.parseCloses(req.Args.Flag("closes"), now)
		if err != nil {
			return bot.Reply{}, err
		}
		p.Closes = &at
	}
	p.Room = ps.env.Rooms.Default
	if req.Args.Has("room") {
		p.Room = bot.NormaliseRoom(req.Args.Flag("room"))
	}
	if p.Room == "" {
		return bot.Reply{}, bot.Refuse(createExample+" --room sip-general", "Which room should the poll go to? Say `--room ROOM`.")
	}
	if err := ps.env.Rooms.Check(p.Room); err != nil {
		return bot.Reply{}, err
	}
	if p.Anonymous {
		if p.Secret, err = newSecret(); err != nil {
			return bot.Reply{}, fmt.Errorf("making the poll's secret: %w", err)
		}
		p.CreatorKey = keyed(p.Secret, "creator", string(person(req)))
	} else {
		p.Creator = person(req)
	}
	// Freeze the electorate.
	if p.PerOrg {
		if ps.orgs == nil {
			return bot.Reply{}, bot.Errorf("One-vote-per-organisation polls need the member organisations, and none are set up here.")
		}
		for _, o := range ps.orgs.Organisations() {
			p.Electors = append(p.Electors, p.orgElectorKey(o))
		}
		if len(p.Electors) == 0 {
			return bot.Reply{}, bot.Refuse("org list", "There are no member organisations yet, so a --per-org poll would have no voters.")
		}
	} else if ps.orgs != nil {
		for _, id := range ps.orgs.People() {
			p.Electors = append(p.Electors, p.electorKey(id))
		}
	}
	p.Eligible = len(p.Electors)

	err = ps.env.DB.Update(func(tx *storage.Tx) error {
		id, err := storage.NextID(tx, PollsBucket)
		if err != nil {
			return err
		}
		p.ID = id
		if p.Closes != nil {
			if err := storage.Put(tx, ClosesBucket, storage.Key(*p.Closes, id), id); err != nil {
				return err
			}
			if nudgeAt := p.Closes.Add(-NudgeBefore); nudgeAt.After(now) {
				if err := storage.Put(tx, NudgesBucket, storage.Key(nudgeAt, id), id); err != nil {
					return err
				}
			}
		}
		return storage.Put(tx, PollsBucket, pollKey(id), p)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	copies, perr := ps.pub().Publish(ctx, p.Room, ps.message(p, Count(p, nil)))
	if perr != nil {
		ps.env.Log.Warn("posting a poll failed", "poll", p.ID, "room", p.Room, "err", perr)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Poll %d is open in #%s: %s\n", p.ID, p.Room, p.Question)
	fmt.Fprintf(&b, "%s.", capital(strings.Join(ps.features(p), " · ")))
	if p.Quorum > 0 {
		who := "eligible people"
		if p.PerOrg {
			who = "member organisations"
		}
		fmt.Fprintf(&b, " Quorum %d%% of %d %s.", p.Quorum, p.Eligible, who)
	}
	fmt.Fprintf(&b, "\nVote: `%s` · results: `poll results %d` · close: `poll close %d`", voteExample(p), p.ID, p.ID)
	if perr != nil {
		fmt.Fprintf(&b, "\n⚠️ I couldn't post it to #%s just now; people can still vote with `vote %d …`.", p.Room, p.ID)
	}
	data := map[string]any{
		"id":           p.ID,
		"room":         p.Room,
		"kind":         string(p.Kind),
		"question":     p.Question,
		"options":      p.Choices(),
		"anonymous":    p.Anonymous,
		"per_org":      p.PerOrg,
		"quorum":       p.Quorum,
		"hide_results": p.HideResults,
		"eligible":     p.Eligible,
		"posted":       copies,
	}
	if p.Kind == Dots {
		data["dots"] = p.Dots
	}
	if p.Closes != nil {
		data["closes"] = p.Closes.UTC().Format(time.RFC3339)
	}
	return bot.Reply{Text: b.String(), Ephemeral: true, Data: data}, nil
}

// checkOptions validates a poll's options.
func checkOptions(kind Kind, raw []string) ([]string, error) {
	if kind == Consent {
		if len(raw) > 0 {
			return nil, bot.Refuse(`poll "Adopt the draft constitution?" --consent`, "A consent poll's options are fixed (agree, abstain, disagree, block): give just the proposal.")
		}
		return nil, nil
	}
	if len(raw) > MaxOptions {
		return nil, bot.Refuse(createExample, "A poll can have at most %d options (I got %d).", MaxOptions, len(raw))
	}
	var opts []string
	for _, o := range raw {
		o = oneLine(o)
		if o == "" {
			return nil, bot.Refuse(createExample, "One of the options is empty.")
		}
		if utf8.RuneCountInString(o) > MaxOptionLen {
			return nil, bot.Refuse(createExample, "Please keep each option to %d characters (%q is longer).", MaxOptionLen, clip(o, 30))
		}
		for _, prev := range opts {
			if strings.EqualFold(prev, o) {
				return nil, bot.Refuse(createExample, "%q is given twice: each option must be different.", o)
			}
		}
		opts = append(opts, o)
	}
	if len(opts) < MinOptions {
		return nil, bot.Refuse(createExample, "A poll needs at least %d options, each in quotes after the question (I got %d).", MinOptions, len(opts))
	}
	if len(opts) > MaxOptions {
		return nil, bot.Refuse(createExample, "A poll can have at most %d options (I got %d).", MaxOptions, len(opts))
	}
	return opts, nil
}

// parseCloses reads --closes with the time language.
func (ps *Polls) parseCloses(phrase string, now time.Time) (time.Time, error) {
	ex := createExample + " --closes next Friday at 17:00"
	w, err := when.Parse(phrase, now, ps.env.Loc)
	if err != nil {
		var we *when.Error
		if errors.As(err, &we) {
			return time.Time{}, bot.Refuse(ex, "--closes: %s", we.Error())
		}
		return time.Time{}, bot.Refuse(ex, "--closes: I couldn't read %q as a time.", phrase)
	}
	if w.Rule != nil {
		return time.Time{}, bot.Refuse(ex, "A poll closes once: --closes takes one time, not %q.", phrase)
	}
	at := w.At.UTC()
	if !at.After(now) {
		return time.Time{}, bot.Refuse(ex, "--closes: %s is in the past.", ps.fmtTime(at))
	}
	return at, nil
}
