package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"partnerbot/bot"
)

// parseInterleaved parses fs's flags wherever they appear among args and
// returns the other arguments in order. Words after a bare "--" are never
// flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var rest []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			rest = append(rest, args[1:]...)
			break
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
	return rest, nil
}

// knownFlagsFirst splits args into the flags fs knows (with their values)
// and everything else, so that `exec poll "Q?" A B --multi --json` keeps
// --multi for the bot and takes --json for exec.
func knownFlagsFirst(fs *flag.FlagSet, args []string) (mine, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || len(a) < 2 {
			rest = append(rest, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		hasValue := false
		if eq := strings.IndexByte(name, '='); eq >= 0 {
			name, hasValue = name[:eq], true
		}
		f := fs.Lookup(name)
		if f == nil {
			rest = append(rest, a)
			continue
		}
		mine = append(mine, a)
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			continue
		}
		if !hasValue && i+1 < len(args) {
			i++
			mine = append(mine, args[i])
		}
	}
	return mine, rest
}

// joinText turns the words after the flags back into one command text,
// quoting words that the shell had kept together.
func joinText(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	parts := make([]string, len(words))
	for i, w := range words {
		if strings.ContainsAny(w, " \t") {
			parts[i] = bot.Quote(w)
		} else {
			parts[i] = w
		}
	}
	return strings.Join(parts, " ")
}
