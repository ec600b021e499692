package directory

import (
	"strings"
	"unicode"
)

// normalise lower-cases s, drops apostrophes and turns every other
// character that is not a letter or digit into a space, then collapses the
// spaces: "St Nick's, SG1" becomes "st nicks sg1".
func normalise(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // suppress leading spaces
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʼ':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// words splits s into normalised words.
func words(s string) []string { return strings.Fields(normalise(s)) }

var irregular = map[string]string{
	"children": "child",
	"people":   "person",
	"women":    "woman",
	"men":      "man",
	"elderly":  "elderly",
}

// stem reduces a normalised word to a crude singular, the same way for the
// vocabulary and for questions, so "food banks" meets "food bank" and
// "families" meets "family".
func stem(w string) string {
	if s, ok := irregular[w]; ok {
		return s
	}
	n := len(w)
	switch {
	case n > 1 && w[n-1] == 's' && allDigits(w[:n-1]):
		return w[:n-1] // 50s -> 50
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes")):
		return w[:n-2]
	case n > 3 && w[n-1] == 's' && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// stems normalises s and stems each word.
func stems(s string) []string {
	ws := words(s)
	for i, w := range ws {
		ws[i] = stem(w)
	}
	return ws
}

// key is the identity of a name for storage and matching: normalised.
func key(name string) string { return normalise(name) }

// titleWords capitalises each word ("hitchin road" -> "Hitchin Road"), for
// naming back a place the bot doesn't know.
func titleWords(ws []string) string {
	out := make([]string, len(ws))
	for i, w := range ws {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		out[i] = string(r)
	}
	return strings.Join(out, " ")
}
