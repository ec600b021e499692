package bot

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// MaxTextLen caps the command text the router will read.
const MaxTextLen = 4000

// A token is one word of the command text, or one quoted phrase.
type token struct {
	text   string
	quoted bool
	start  int // byte offset of the token (including its opening quote)
	end    int // byte offset just after it
}

func isOpenQuote(r rune) bool  { return r == '"' || r == '“' || r == '”' || r == '„' }
func isCloseQuote(r rune) bool { return r == '"' || r == '”' || r == '“' }

// tokenize splits text into words, keeping "quoted phrases" (straight or
// curly quotes) together. An unclosed quote runs to the end of the text.
func tokenize(text string) []token {
	var toks []token
	// The runes and the byte offset of each in text (an invalid byte is one
	// rune, U+FFFD, one byte long: offsets must come from text itself).
	rs := make([]rune, 0, len(text))
	offs := make([]int, 0, len(text)+1)
	for i, r := range text {
		rs = append(rs, r)
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	i := 0
	for i < len(rs) {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		start := i
		if isOpenQuote(rs[i]) {
			i++
			for i < len(rs) && !isCloseQuote(rs[i]) {
				i++
			}
			inner := text[offs[start+1]:offs[i]]
			if i < len(rs) {
				i++ // closing quote
			}
			toks = append(toks, token{text: inner, quoted: true, start: offs[start], end: offs[i]})
			continue
		}
		for i < len(rs) && !unicode.IsSpace(rs[i]) {
			i++
		}
		toks = append(toks, token{text: text[offs[start]:offs[i]], start: offs[start], end: offs[i]})
	}
	return toks
}

// Quote returns s quoted for the command language if it needs quoting.
func Quote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n\"“”") {
		return s
	}
	return `"` + strings.NewReplacer(`"`, "'", "“", "'", "”", "'").Replace(s) + `"`
}

func isFlag(t token) bool {
	return !t.quoted && strings.HasPrefix(t.text, "--") && len(t.text) > 2
}

// parseArgs reads tokens (those after the command and subcommand) against
// cmd's spec. raw is the full text the tokens' offsets refer to.
func parseArgs(cmd *Command, raw string, toks []token, path string) (Args, error) {
	var a Args
	usage := usageLine(cmd, path)
	example := usage
	if len(cmd.Examples) > 0 {
		example = cmd.Examples[0]
	}
	// Pass 1: flags, anywhere.
	var rest []token
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !isFlag(t) {
			rest = append(rest, t)
			continue
		}
		// Split "--name=value" before lower-casing the name: lower-casing may
		// change the byte length of some letters.
		name, val, _ := strings.Cut(strings.TrimPrefix(t.text, "--"), "=")
		name = strings.ToLower(name)
		f := findFlag(cmd, name)
		if f == nil {
			if len(cmd.Flags) == 0 {
				return a, Refuse(example, "`%s` doesn't take --%s.", path, name)
			}
			return a, Refuse(example, "`%s` doesn't know --%s. It takes %s.", path, name, flagList(cmd))
		}
		switch f.Kind {
		case Bool:
			if val != "" {
				return a, Refuse(example, "--%s takes no value.", f.Name)
			}
		case IntFlag, Percent:
			if val == "" {
				if i+1 >= len(toks) || isFlag(toks[i+1]) {
					return a, Refuse(example, "--%s needs a number.", f.Name)
				}
				i++
				val = toks[i].text
			}
			num := val
			if f.Kind == Percent {
				num = strings.TrimSuffix(val, "%")
			}
			n, err := strconv.Atoi(num)
			if err != nil || n < 0 || (f.Kind == Percent && n > 100) {
				if f.Kind == Percent {
					return a, Refuse(example, "--%s needs a percentage from 0 to 100, not %q.", f.Name, val)
				}
				return a, Refuse(example, "--%s needs a whole number, not %q.", f.Name, val)
			}
		case StringFlag:
			if val == "" {
				// One quoted token, or the unquoted words up to the next
				// flag or quoted token: `--room sip-general "Q?" "A"`.
				var parts []string
				for i+1 < len(toks) && !isFlag(toks[i+1]) {
					if toks[i+1].quoted && len(parts) > 0 {
						break
					}
					i++
					parts = append(parts, toks[i].text)
					if toks[i].quoted {
						break
					}
				}
				val = strings.Join(parts, " ")
			}
			if val == "" {
				return a, Refuse(example, "--%s needs a value.", f.Name)
			}
		}
		if a.Has(f.Name) {
			return a, Refuse(example, "--%s is given twice.", f.Name)
		}
		a.setFlag(f.Name, val)
	}
	// Pass 2: positional arguments.
	i := 0
	for _, arg := range cmd.Args {
		switch arg.Kind {
		case Text:
			if i < len(rest) {
				a.set(arg.Name, rawSpan(raw, rest[i:]))
				i = len(rest)
			}
		case List:
			for ; i < len(rest); i++ {
				a.set(arg.Name, rest[i].text)
			}
		default:
			if i < len(rest) {
				v := rest[i].text
				if arg.Kind == Int {
					if _, err := strconv.Atoi(strings.TrimPrefix(v, "#")); err != nil {
						return a, Refuse(example, "%s should be a number, not %q.", arg.Name, v)
					}
					v = strings.TrimPrefix(v, "#")
				}
				if len(arg.Choices) > 0 && !containsFold(arg.Choices, v) {
					return a, Refuse(example, "%s should be one of %s, not %q.", arg.Name, strings.Join(arg.Choices, ", "), v)
				}
				if len(arg.Choices) > 0 {
					v = strings.ToLower(v)
				}
				a.set(arg.Name, v)
				i++
			}
		}
		if arg.Required && !a.Has(arg.Name) {
			return a, Refuse(example, "`%s` needs %s.", path, argDesc(arg))
		}
	}
	if i < len(rest) {
		return a, Refuse(example, "I didn't expect %q after `%s`. Usage: `%s`", rest[i].text, path, usage)
	}
	return a, nil
}

// rawSpan returns the text covered by toks, minus any flags among them:
// the spacing between neighbouring tokens is kept as typed, and a gap where
// a flag was taken out becomes one space.
func rawSpan(raw string, toks []token) string {
	var sb strings.Builder
	for j, t := range toks {
		if j > 0 {
			gap := raw[toks[j-1].end:t.start]
			if strings.TrimSpace(gap) != "" {
				gap = " "
			}
			sb.WriteString(gap)
		}
		sb.WriteString(raw[t.start:t.end])
	}
	return strings.TrimSpace(sb.String())
}

func argDesc(a Arg) string {
	if a.Help != "" {
		return a.Help
	}
	return a.Name
}

func findFlag(cmd *Command, name string) *Flag {
	for i := range cmd.Flags {
		if cmd.Flags[i].Name == name {
			return &cmd.Flags[i]
		}
	}
	return nil
}

func flagList(cmd *Command) string {
	var names []string
	for _, f := range cmd.Flags {
		names = append(names, "--"+f.Name)
	}
	return strings.Join(names, ", ")
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// usageLine is cmd's usage, or one built from its spec.
func usageLine(cmd *Command, path string) string {
	if cmd.Usage != "" {
		return cmd.Usage
	}
	parts := []string{path}
	for _, a := range cmd.Args {
		n := strings.ToUpper(a.Name)
		switch {
		case a.Kind == List || a.Kind == Text:
			n += "..."
		}
		if a.Required {
			parts = append(parts, n)
		} else {
			parts = append(parts, "["+n+"]")
		}
	}
	for _, f := range cmd.Flags {
		s := "--" + f.Name
		switch f.Kind {
		case IntFlag, Percent:
			s += " N"
		case StringFlag:
			s += " " + strings.ToUpper(f.Name)
		}
		parts = append(parts, "["+s+"]")
	}
	return fmt.Sprint(strings.Join(parts, " "))
}
