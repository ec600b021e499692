package poll

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"partnerbot/bot"
)

// A choice is what a `vote` command asks for, before it meets any earlier
// ballot. With add set ("+A", what the buttons send) it changes the voter's
// ballot instead of replacing it: an approval is toggled, a ranked option
// becomes the next preference, a dot is added.
type choice struct {
	add    bool
	picks  []int
	points []int // dots: points per option
	reason string
}

// letter is the letter of option i: A, B, …
func letter(i int) string { return string(rune('A' + i)) }

// letters is "A–D" for n options.
func letters(n int) string {
	if n <= 1 {
		return "A"
	}
	return "A–" + letter(n-1)
}

// voteExample is a correct vote for p's kind.
func voteExample(p *Poll) string {
	id := p.ID
	switch p.Kind {
	case Multi:
		return fmt.Sprintf("vote %d A C", id)
	case Ranked:
		if len(p.Options) >= 3 {
			return fmt.Sprintf("vote %d C A B", id)
		}
		return fmt.Sprintf("vote %d B A", id)
	case Dots:
		if p.Dots >= 2 {
			return fmt.Sprintf("vote %d A=%d B=%d", id, p.Dots-p.Dots/2, p.Dots/2)
		}
		return fmt.Sprintf("vote %d A=1", id)
	case Consent:
		return fmt.Sprintf("vote %d block \"we need the costs first\"", id)
	}
	return fmt.Sprintf("vote %d B", id)
}

// matchOption finds the option a piece of a vote names: a letter (A, b) or
// the option's text, case-insensitively.
func matchOption(p *Poll, piece string) (int, bool) {
	opts := p.Choices()
	s := strings.TrimSpace(piece)
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return 0, false
	}
	if utf8.RuneCountInString(s) == 1 {
		r := []rune(strings.ToUpper(s))[0]
		if r >= 'A' && int(r-'A') < len(opts) {
			return int(r - 'A'), true
		}
	}
	for i, o := range opts {
		if strings.EqualFold(o, s) {
			return i, true
		}
	}
	return 0, false
}

// splitPieces splits a token on commas and ">" (for "A,B" and "C>A>B"),
// unless the whole token is an option.
func splitPieces(p *Poll, tok string) []string {
	if _, ok := matchOption(p, tok); ok {
		return []string{tok}
	}
	f := strings.FieldsFunc(tok, func(r rune) bool { return r == ',' || r == '>' })
	return f
}

func unknownOption(p *Poll, piece string) error {
	return bot.Refuse(voteExample(p), "Poll %d has no option %q: choose %s, or an option's text in quotes.", p.ID, piece, letters(len(p.Choices())))
}

// parseChoice reads the CHOICE... words of `vote ID CHOICE...` for poll p.
// It never panics, and everything it returns is in range for p.
func parseChoice(p *Poll, toks []string) (choice, error) {
	var c choice
	ex := voteExample(p)
	var clean []string
	for _, t := range toks {
		if strings.TrimSpace(t) != "" {
			clean = append(clean, strings.TrimSpace(t))
		}
	}
	if len(clean) == 0 {
		return c, bot.Refuse(ex, "Say what you vote for poll %d.", p.ID)
	}
	if p.Kind == Consent {
		return parseConsent(p, clean)
	}
	// "+A" forms, sent by buttons.
	if strings.HasPrefix(clean[0], "+") {
		if len(clean) != 1 {
			return c, bot.Refuse(ex, "Add one option at a time with +, or give your whole vote.")
		}
		i, ok := matchOption(p, strings.TrimPrefix(clean[0], "+"))
		if !ok {
			return c, unknownOption(p, strings.TrimPrefix(clean[0], "+"))
		}
		return choice{add: true, picks: []int{i}}, nil
	}
	if p.Kind == Dots {
		return parseDots(p, clean)
	}
	var picks []int
	if i, ok := matchOption(p, strings.Join(clean, " ")); ok && len(clean) > 1 {
		picks = []int{i} // an unquoted option text of several words
	} else {
		for _, t := range clean {
			for _, piece := range splitPieces(p, t) {
				i, ok := matchOption(p, piece)
				if !ok {
					return c, unknownOption(p, piece)
				}
				picks = append(picks, i)
			}
		}
	}
	if len(picks) == 0 {
		return c, bot.Refuse(ex, "Say what you vote for poll %d.", p.ID)
	}
	seen := map[int]bool{}
	for _, i := range picks {
		if seen[i] {
			if p.Kind == Ranked {
				return c, bot.Refuse(ex, "You ranked %s (%s) twice: name each option once, most preferred first.", letter(i), p.Options[i])
			}
			return c, bot.Refuse(ex, "You named %s (%s) twice: name each option once.", letter(i), p.Options[i])
		}
		seen[i] = true
	}
	if p.Kind == Single && len(picks) > 1 {
		return c, bot.Refuse(ex, "Poll %d takes one choice, and you gave %d. To change your vote, just vote again.", p.ID, len(picks))
	}
	c.picks = picks
	return c, nil
}

func parseConsent(p *Poll, toks []string) (choice, error) {
	var c choice
	word := strings.ToLower(strings.TrimSuffix(toks[0], ":"))
	i, ok := matchOption(p, word)
	if !ok {
		return c, bot.Refuse(voteExample(p), "Poll %d is a consent poll: vote agree, abstain, disagree or block (with a reason in quotes if you like), not %q.", p.ID, toks[0])
	}
	c.picks = []int{i}
	c.reason = oneLine(strings.Join(toks[1:], " "))
	if n := utf8.RuneCountInString(c.reason); n > MaxReasonLen {
		return c, bot.Refuse(voteExample(p), "That reason is %d characters; please keep it to %d.", n, MaxReasonLen)
	}
	return c, nil
}

// parseDots reads "A=3 B=2" (also "A=3,B=2" and `"Food bank"=3`).
func parseDots(p *Poll, toks []string) (choice, error) {
	var c choice
	ex := voteExample(p)
	// Re-join `"Food bank" =3` / `"Food bank"=3`, which tokenise apart.
	var pairs []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if i+1 < len(toks) && !strings.Contains(t, "=") && strings.HasPrefix(toks[i+1], "=") {
			t += toks[i+1]
			i++
			if t[len(t)-1] == '=' && i+1 < len(toks) {
				t += toks[i+1]
				i++
			}
		}
		for _, piece := range strings.Split(t, ",") {
			if strings.TrimSpace(piece) != "" {
				pairs = append(pairs, strings.TrimSpace(piece))
			}
		}
	}
	points := make([]int, len(p.Options))
	named := make([]bool, len(p.Options))
	total := 0
	for _, pair := range pairs {
		eq := strings.LastIndexByte(pair, '=')
		if eq < 0 {
			return c, bot.Refuse(ex, "Say how many dots go where, like A=3: %q has no number.", pair)
		}
		i, ok := matchOption(p, pair[:eq])
		if !ok {
			return c, unknownOption(p, pair[:eq])
		}
		n, err := strconv.Atoi(strings.TrimSpace(pair[eq+1:]))
		if err != nil || n < 0 || n > MaxDots {
			return c, bot.Refuse(ex, "%q should be a whole number of dots.", pair[eq+1:])
		}
		if named[i] {
			return c, bot.Refuse(ex, "You gave dots to %s (%s) twice: name each option once.", letter(i), p.Options[i])
		}
		named[i] = true
		points[i] = n
		total += n
	}
	if total > p.Dots {
		return c, bot.Refuse(ex, "That's %d dots, and you have %d to spend.", total, p.Dots)
	}
	if total == 0 {
		return c, bot.Refuse(ex, "Give at least one dot.")
	}
	c.points = points
	return c, nil
}

// apply makes the ballot choice c leaves, given the voter's earlier ballot
// (nil if none).
func apply(p *Poll, c choice, old *Ballot) (Ballot, error) {
	var b Ballot
	ex := voteExample(p)
	if !c.add {
		b.Picks = c.picks
		b.Points = c.points
		b.Reason = c.reason
		return b, nil
	}
	i := c.picks[0]
	switch p.Kind {
	case Single:
		b.Picks = []int{i}
	case Multi:
		if old != nil {
			for _, j := range old.Picks {
				if j != i {
					b.Picks = append(b.Picks, j)
				}
			}
		}
		if old == nil || len(b.Picks) == len(old.Picks) {
			b.Picks = append(b.Picks, i)
		}
		if len(b.Picks) == 0 {
			return b, bot.Refuse(ex, "That would leave your vote empty: pick at least one option.")
		}
	case Ranked:
		if old != nil {
			for n, j := range old.Picks {
				if j == i {
					return b, bot.Refuse(ex, "%s is already your %s preference. To start again, vote the whole order: `%s`.", p.Options[i], ordinal(n+1), ex)
				}
			}
			b.Picks = append(b.Picks, old.Picks...)
		}
		b.Picks = append(b.Picks, i)
	case Dots:
		b.Points = make([]int, len(p.Options))
		total := 0
		if old != nil && len(old.Points) == len(p.Options) {
			copy(b.Points, old.Points)
			for _, n := range old.Points {
				total += n
			}
		}
		if total+1 > p.Dots {
			return b, bot.Refuse(ex, "You've spent all %d dots. To move them, vote the whole spread: `%s`.", p.Dots, ex)
		}
		b.Points[i]++
	}
	return b, nil
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// describeBallot says what a ballot holds: "B (Housing)", "1. Food 2. Youth",
// "Food 3, Youth 2 (5 of 5 dots)", "block: we need the costs".
func describeBallot(p *Poll, b Ballot) string {
	opts := p.Choices()
	var parts []string
	switch p.Kind {
	case Ranked:
		for n, i := range b.Picks {
			parts = append(parts, fmt.Sprintf("%d. %s", n+1, opts[i]))
		}
		return strings.Join(parts, "  ")
	case Dots:
		total := 0
		for i, n := range b.Points {
			if n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", opts[i], n))
				total += n
			}
		}
		return fmt.Sprintf("%s (%d of %d dots)", strings.Join(parts, ", "), total, p.Dots)
	case Consent:
		s := opts[b.Picks[0]]
		if b.Reason != "" {
			s += " — “" + b.Reason + "”"
		}
		return s
	}
	for _, i := range b.Picks {
		parts = append(parts, fmt.Sprintf("%s (%s)", letter(i), opts[i]))
	}
	return strings.Join(parts, ", ")
}
