package resource

import (
	"strings"
	"unicode"
)

// A chunk is one piece of a share command: a plain word, a "quoted phrase"
// or a #theme tag (#food, #older-people, #"older people").
type chunk struct {
	text   string
	quoted bool
	tag    bool
}

func isOpenQuote(r rune) bool  { return r == '"' || r == '“' || r == '”' || r == '„' }
func isCloseQuote(r rune) bool { return r == '"' || r == '”' || r == '“' }

// splitChunks reads text into words, quoted phrases and tags. An unclosed
// quote runs to the end.
func splitChunks(text string) []chunk {
	var out []chunk
	rs := []rune(text)
	i := 0
	readQuoted := func() string {
		i++ // opening quote
		start := i
		for i < len(rs) && !isCloseQuote(rs[i]) {
			i++
		}
		s := string(rs[start:i])
		if i < len(rs) {
			i++
		}
		return s
	}
	for i < len(rs) {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case isOpenQuote(r):
			out = append(out, chunk{text: readQuoted(), quoted: true})
		case r == '#' && i+1 < len(rs) && isOpenQuote(rs[i+1]):
			i++
			out = append(out, chunk{text: readQuoted(), tag: true})
		default:
			start := i
			for i < len(rs) && !unicode.IsSpace(rs[i]) {
				i++
			}
			w := string(rs[start:i])
			if strings.HasPrefix(w, "#") && len(w) > 1 {
				out = append(out, chunk{text: w[1:], tag: true})
			} else {
				out = append(out, chunk{text: w})
			}
		}
	}
	return out
}

// commandRest returns the chunks of the command text after the command word
// and the subcommand (for example after "resource share").
func commandRest(text string, words ...string) []chunk {
	cs := splitChunks(text)
	for _, w := range words {
		if len(cs) > 0 && !cs[0].quoted && !cs[0].tag && strings.EqualFold(strings.TrimLeft(cs[0].text, "/!"), w) {
			cs = cs[1:]
		}
	}
	return cs
}

// searchWords lower-cases text and splits it into the words that matter for
// search, in a normal form (simple plural folding, no punctuation).
func searchWords(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		f = strings.Trim(f, "'")
		f = strings.TrimSuffix(f, "'s")
		if f == "" || stopWords[f] {
			continue
		}
		out = append(out, stem(f))
	}
	return out
}

// stem folds simple English plurals: toolkits → toolkit, charities → charity.
func stem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "for": true, "to": true,
	"in": true, "on": true, "with": true, "about": true, "how": true, "is": true, "are": true,
	"any": true, "some": true, "me": true, "my": true, "our": true, "we": true, "i": true, "at": true,
	"by": true, "from": true, "what": true, "who": true, "resource": true, "resources": true,
}
