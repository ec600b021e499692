package poll

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"partnerbot/bot"
)

const barWidth = 10

// bar draws share as ██████░░░░.
func bar(n, of int) string {
	filled := 0
	if of > 0 {
		filled = (n*barWidth*2 + of) / (of * 2) // rounded
	}
	if filled > barWidth {
		filled = barWidth
	}
	return strings.Repeat("█", filled) + strings.Repeat("░", barWidth-filled)
}

func pct(n, of int) int {
	if of == 0 {
		return 0
	}
	return (n*200 + of) / (of * 2)
}

func pad(s string, w int) string {
	if n := utf8.RuneCountInString(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func clip(s string, w int) string {
	if utf8.RuneCountInString(s) <= w {
		return s
	}
	r := []rune(s)
	return string(r[:w-1]) + "…"
}

// plural is "1 vote" / "2 votes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// tallyLines draws one line per option: `A  Food     ██████░░░░ 6 (60%)`.
func tallyLines(p *Poll, r Result) string {
	opts := p.Choices()
	w := 0
	for _, o := range opts {
		if n := utf8.RuneCountInString(clip(o, 28)); n > w {
			w = n
		}
	}
	of := r.Voters // share of voters: approvals can exceed 100% in sum
	unit := ""
	if p.Kind == Dots {
		of = 0
		for _, v := range r.Tally {
			of += v
		}
		unit = " pts"
	}
	var b strings.Builder
	for i, o := range opts {
		mark := ""
		if i == r.Winner && !p.IsOpen() {
			mark = "  ✓"
		}
		fmt.Fprintf(&b, "%s  %s %s %d%s (%d%%)%s\n", letter(i), pad(clip(o, 28), w), bar(r.Tally[i], of), r.Tally[i], unit, pct(r.Tally[i], of), mark)
	}
	return b.String()
}

// roundLines shows an instant-runoff count round by round.
func roundLines(p *Poll, r Result) string {
	var b strings.Builder
	for n, rd := range r.Rounds {
		var parts []string
		for i, o := range p.Options {
			if !rd.Out[i] {
				parts = append(parts, fmt.Sprintf("%s %d", clip(o, 20), rd.Counts[i]))
			}
		}
		fmt.Fprintf(&b, "Round %d: %s", n+1, strings.Join(parts, " · "))
		if rd.Exhausted > 0 {
			fmt.Fprintf(&b, " (%s exhausted)", plural(rd.Exhausted, "ballot", "ballots"))
		}
		switch {
		case rd.Eliminated >= 0:
			fmt.Fprintf(&b, " → %s out\n", p.Options[rd.Eliminated])
		case r.Winner >= 0 && n == len(r.Rounds)-1:
			cont := 0
			for _, c := range rd.Counts {
				cont += c
			}
			fmt.Fprintf(&b, " → *%s* has a majority, %d of %d\n", p.Options[r.Winner], rd.Counts[r.Winner], cont)
		default:
			b.WriteString("\n")
		}
	}
	return b.String()
}

// outcomeLine says who is winning or won, in a sentence.
func (ps *Polls) outcomeLine(p *Poll, r Result) string {
	verb := "leads"
	if !p.IsOpen() {
		verb = "wins"
	}
	if r.Voters == 0 {
		return "No votes yet."
	}
	switch {
	case p.Kind == Consent:
		switch {
		case len(r.Blocks) > 0:
			s := fmt.Sprintf("⛔ %s", plural(len(r.Blocks), "block", "blocks"))
			var who []string
			for _, bl := range r.Blocks {
				name := "anonymous"
				if bl.Org != "" {
					name = bl.Org
				} else if bl.Voter != "" {
					name = ps.env.People.Name(bl.Voter)
				} else if bl.Former {
					name = FormerMember
				}
				if bl.Reason != "" {
					who = append(who, name+": "+bl.Reason)
				} else {
					who = append(who, name+" (no reason given)")
				}
			}
			return s + " — " + strings.Join(who, "; ")
		case r.Passed && p.IsOpen():
			return "No blocks so far: the proposal has consent if that holds."
		case r.Passed:
			return "✅ Consent: no blocks."
		default:
			return "Nobody has agreed yet."
		}
	case r.Winner >= 0:
		return fmt.Sprintf("*%s* %s.", p.Options[r.Winner], verb)
	case len(r.Tied) > 0:
		var names []string
		for _, i := range r.Tied {
			names = append(names, p.Options[i])
		}
		return "Tie between " + strings.Join(names, " and ") + "."
	}
	return ""
}

// quorumLine says whether the quorum was met.
func quorumLine(p *Poll, r Result) string {
	if p.Quorum == 0 {
		return ""
	}
	who := "eligible people"
	if p.PerOrg {
		who = "member organisations"
	}
	need := (p.Quorum*r.Eligible + 99) / 100
	state := "met"
	if !r.QuorumMet {
		state = "not met"
		if p.IsOpen() {
			state = "not met yet"
		}
	}
	return fmt.Sprintf("Quorum %d%% of %d %s (%d needed): %s, %d voted.", p.Quorum, r.Eligible, who, need, state, r.Voters)
}

// features lists what is special about a poll.
func (ps *Polls) features(p *Poll) []string {
	f := []string{p.KindName()}
	if p.PerOrg {
		f = append(f, "one vote per organisation")
	}
	if p.Anonymous {
		f = append(f, "anonymous")
	}
	if p.HideResults && p.IsOpen() {
		f = append(f, "results hidden until it closes")
	}
	if p.Closed != nil {
		f = append(f, "closed "+ps.fmtTime(*p.Closed))
	} else if p.Closes != nil {
		f = append(f, "closes "+ps.fmtTime(*p.Closes))
	}
	return f
}

func (ps *Polls) hidden(p *Poll) bool { return p.HideResults && p.IsOpen() }

// howToVote explains the text form for p.
func howToVote(p *Poll) string {
	id := p.ID
	switch p.Kind {
	case Multi:
		return fmt.Sprintf("Pick as many as you like: press each one, or `vote %d A C`.", id)
	case Ranked:
		return fmt.Sprintf("Rank them: press options in order of preference (each press adds your next choice), or type the whole order: `%s`.", voteExample(p))
	case Dots:
		return fmt.Sprintf("You have %d dots: each press adds one, or spread them at once: `%s`.", p.Dots, voteExample(p))
	case Consent:
		return fmt.Sprintf("Press a button, or give a reason: `vote %d disagree \"…\"`, `vote %d block \"…\"`.", id, id)
	}
	return fmt.Sprintf("Press a button, or `vote %d B`. Vote again to change it.", id)
}

// message is the posted poll message, updated as votes come in.
func (ps *Polls) message(p *Poll, r Result) bot.Reply {
	var b strings.Builder
	if ps.hidden(p) {
		for i, o := range p.Choices() {
			fmt.Fprintf(&b, "%s  %s\n", letter(i), o)
		}
	} else {
		if blocked(p, r) {
			b.WriteString(ps.outcomeLine(p, r) + "\n\n")
		}
		b.WriteString(tallyLines(p, r))
		if p.Kind == Ranked && r.Voters > 0 {
			b.WriteString("\n" + roundLines(p, r))
		}
	}
	if line := ps.outcomeLine(p, r); line != "" && !ps.hidden(p) && !blocked(p, r) {
		b.WriteString("\n" + line + "\n")
	}
	if p.IsOpen() {
		b.WriteString("\n" + howToVote(p))
	}
	who := "votes"
	if p.PerOrg {
		who = "organisations voted"
		if r.Voters == 1 {
			who = "organisation voted"
		}
	} else if r.Voters == 1 {
		who = "vote"
	}
	ctx := []string{strings.Join(ps.features(p), " · "), fmt.Sprintf("%d %s", r.Voters, who)}
	if q := quorumLine(p, r); q != "" && !ps.hidden(p) {
		ctx = append(ctx, q)
	}
	rep := bot.Reply{
		Title:   fmt.Sprintf("Poll %d: %s", p.ID, p.Question),
		Text:    strings.TrimRight(b.String(), "\n"),
		Context: ctx,
		Key:     p.Key(),
	}
	if p.IsOpen() {
		rep.Choices = buttons(p)
	}
	return rep
}

// buttons are a button per option. Single choice and consent buttons cast the
// vote; the others carry "+X", which adds to the voter's ballot (toggle an
// approval, add the next preference, add a dot).
func buttons(p *Poll) []bot.Choice {
	var out []bot.Choice
	for i, o := range p.Choices() {
		cmd := fmt.Sprintf("vote %d %s", p.ID, letter(i))
		label := letter(i) + ": " + clip(o, 60)
		switch p.Kind {
		case Consent:
			cmd = fmt.Sprintf("vote %d %s", p.ID, o)
			label = strings.ToUpper(o[:1]) + o[1:]
		case Multi, Ranked, Dots:
			cmd = fmt.Sprintf("vote %d +%s", p.ID, letter(i))
		}
		c := bot.Choice{Label: label, Command: cmd}
		if p.Kind == Consent && i == consentBlock {
			c.Style = "danger"
		}
		out = append(out, c)
	}
	return out
}

// results is the reply to `poll results ID` (and to `poll close ID`).
func (ps *Polls) results(p *Poll, bs []Ballot) bot.Reply {
	r := Count(p, bs)
	data := map[string]any{
		"id":       p.ID,
		"kind":     string(p.Kind),
		"question": p.Question,
		"closed":   !p.IsOpen(),
		"voters":   r.Voters,
		"eligible": r.Eligible,
		"quorum":   p.Quorum,
	}
	if p.Closed != nil {
		data["closed_at"] = p.Closed.UTC().Format(time.RFC3339)
	}
	if p.Closes != nil {
		data["closes"] = p.Closes.UTC().Format(time.RFC3339)
	}
	title := fmt.Sprintf("Poll %d: %s", p.ID, p.Question)
	if ps.hidden(p) {
		data["hidden"] = true
		when := "when it closes"
		if p.Closes != nil {
			when = "when it closes on " + ps.fmtTime(*p.Closes)
		}
		return bot.Reply{
			Title:   title,
			Text:    fmt.Sprintf("The results are hidden until the poll closes. %s so far; you'll see the count %s.", capital(plural(r.Voters, "vote", "votes")), when),
			Context: []string{strings.Join(ps.features(p), " · ")},
			Data:    data,
		}
	}
	tally := map[string]int{}
	for i, o := range p.Choices() {
		tally[o] = r.Tally[i]
	}
	data["tally"] = tally
	data["quorum_met"] = r.QuorumMet
	if r.Winner >= 0 {
		data["winner"] = p.Choices()[r.Winner]
	}
	if len(r.Tied) > 0 {
		var t []string
		for _, i := range r.Tied {
			t = append(t, p.Choices()[i])
		}
		data["tied"] = t
	}
	if p.Kind == Consent {
		data["blocks"] = len(r.Blocks)
		data["passed"] = r.Passed
	}
	var b strings.Builder
	if blocked(p, r) {
		b.WriteString(ps.outcomeLine(p, r) + "\n\n")
	}
	b.WriteString(tallyLines(p, r))
	if p.Kind == Ranked {
		b.WriteString("(first preferences)\n")
		if r.Voters > 0 {
			b.WriteString("\n" + roundLines(p, r))
		}
		var rounds []map[string]any
		for _, rd := range r.Rounds {
			counts := map[string]int{}
			for i, o := range p.Options {
				if !rd.Out[i] {
					counts[o] = rd.Counts[i]
				}
			}
			m := map[string]any{"counts": counts, "exhausted": rd.Exhausted}
			if rd.Eliminated >= 0 {
				m["eliminated"] = p.Options[rd.Eliminated]
			}
			rounds = append(rounds, m)
		}
		data["rounds"] = rounds
	}
	if line := ps.outcomeLine(p, r); line != "" && !blocked(p, r) {
		b.WriteString("\n" + line + "\n")
	}
	if q := quorumLine(p, r); q != "" {
		b.WriteString(q + "\n")
	}
	if who := ps.voterList(p, bs); who != "" {
		b.WriteString(who)
	}
	return bot.Reply{
		Title:   title,
		Text:    strings.TrimRight(b.String(), "\n"),
		Context: []string{strings.Join(ps.features(p), " · ")},
		Data:    data,
		Key:     "",
	}
}

// voterList names who voted, by name and platform, unless anonymous.
func (ps *Polls) voterList(p *Poll, bs []Ballot) string {
	if len(bs) == 0 {
		return ""
	}
	if p.Anonymous {
		return fmt.Sprintf("Anonymous: %s, and nobody can see who voted what.", plural(len(bs), "vote", "votes"))
	}
	var names []string
	for _, b := range bs {
		switch {
		case p.PerOrg && b.Org != "" && b.Voter == "":
			names = append(names, fmt.Sprintf("%s (cast by %s)", b.Org, FormerMember))
		case p.PerOrg && b.Org != "":
			names = append(names, fmt.Sprintf("%s (cast by %s)", b.Org, ps.env.People.Label(b.Voter)))
		case b.Voter != "":
			names = append(names, ps.env.People.Label(b.Voter))
		case b.Former:
			names = append(names, FormerMember)
		}
	}
	sort.Strings(names)
	return "Voted: " + strings.Join(names, ", ")
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// blocked reports a consent poll with blocks, whose blocks lead the message.
func blocked(p *Poll, r Result) bool { return p.Kind == Consent && len(r.Blocks) > 0 }
