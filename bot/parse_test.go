package bot

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func tokenTexts(toks []token) []string {
	out := []string{}
	for _, t := range toks {
		s := t.text
		if t.quoted {
			s = "«" + s + "»"
		}
		out = append(out, s)
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{}},
		{"spaces only", "   \t\n ", []string{}},
		{"words", "poll list", []string{"poll", "list"}},
		{"extra spaces", "  poll   list  ", []string{"poll", "list"}},
		{"straight quotes", `poll "Which day?" "Mon" "Tue"`, []string{"poll", "«Which day?»", "«Mon»", "«Tue»"}},
		{"curly quotes", "poll “Which day?” “Mon” “Tue”", []string{"poll", "«Which day?»", "«Mon»", "«Tue»"}},
		{"low-high curly quotes", "poll „Which day?“ x", []string{"poll", "«Which day?»", "x"}},
		{"mixed straight open curly close", `poll "Which day?” x`, []string{"poll", "«Which day?»", "x"}},
		{"unclosed quote runs to end", `poll "Which day? Mon Tue`, []string{"poll", "«Which day? Mon Tue»"}},
		{"lone quote", `"`, []string{"«»"}},
		{"empty quoted", `say ""`, []string{"say", "«»"}},
		{"apostrophe is not a quote", "who's there", []string{"who's", "there"}},
		{"quote inside word stays", `a"b c`, []string{`a"b`, "c"}},
		{"quoted then word without space", `"a b"c`, []string{"«a b»", "c"}},
		{"unicode words", "who helps Zoë in Bedwell — café", []string{"who", "helps", "Zoë", "in", "Bedwell", "—", "café"}},
		{"non-breaking and ideographic space", "a\u00a0b\u3000c", []string{"a", "b", "c"}},
		{"emoji", "vote 3 👍", []string{"vote", "3", "👍"}},
		{"tabs and newlines", "a\tb\nc", []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tokenTexts(tokenize(tt.in))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Offsets must index the original string so rawSpan can cut it.
func TestTokenizeOffsets(t *testing.T) {
	for _, in := range []string{`poll “Zoë’s day?” "b c" d`, "a\u00a0b", `x "unclosed é`, "\xc4", "x \xc4 \"a\xffb\" c\xff"} {
		for _, tk := range tokenize(in) {
			if tk.start < 0 || tk.end > len(in) || tk.start >= tk.end {
				t.Fatalf("%q: bad offsets %d..%d", in, tk.start, tk.end)
			}
			span := in[tk.start:tk.end]
			if !strings.Contains(span, tk.text) {
				t.Errorf("%q: span %q does not hold token %q", in, span, tk.text)
			}
		}
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"word", "word"},
		{"", `""`},
		{"two words", `"two words"`},
		{`say "hi"`, `"say 'hi'"`},
		{"curly “x”", `"curly 'x'"`},
	}
	for _, tt := range tests {
		got := Quote(tt.in)
		if got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
		// What Quote makes must tokenize back to one token with the same words.
		toks := tokenize(got)
		if len(toks) != 1 {
			t.Errorf("Quote(%q) = %s tokenizes to %d tokens", tt.in, got, len(toks))
		}
	}
}

// specPoll is shaped like the real poll command.
var specPoll = &Command{
	Name:     "poll",
	Summary:  "ask the partnership a question",
	Examples: []string{`poll "Which day?" "Mon" "Tue"`},
	Args: []Arg{
		{Name: "question", Kind: Word, Required: true, Help: "a question in quotes"},
		{Name: "options", Kind: List, Help: "the options, each in quotes"},
	},
	Flags: []Flag{
		{Name: "multi", Kind: Bool, Help: "people may pick several"},
		{Name: "dots", Kind: IntFlag, Help: "dots each"},
		{Name: "quorum", Kind: Percent, Help: "turnout needed"},
		{Name: "closes", Kind: StringFlag, Help: "when it closes"},
		{Name: "room", Kind: StringFlag, Help: "where to post it"},
	},
}

var specVote = &Command{
	Name: "vote",
	Args: []Arg{
		{Name: "id", Kind: Int, Required: true, Help: "the poll number"},
		{Name: "choice", Kind: List, Required: true, Help: "your choice"},
	},
}

var specRSVP = &Command{
	Name:     "rsvp",
	Examples: []string{"rsvp 7 yes"},
	Args: []Arg{
		{Name: "event", Kind: Int, Required: true},
		{Name: "answer", Kind: Word, Required: true, Choices: []string{"yes", "no", "maybe"}},
	},
}

var specRemind = &Command{
	Name: "remind",
	Args: []Arg{
		{Name: "who", Kind: Word, Required: true},
		{Name: "what", Kind: Text, Required: true, Help: "what and when"},
	},
	Flags: []Flag{{Name: "room", Kind: StringFlag}, {Name: "quiet", Kind: Bool}},
}

var specNoFlags = &Command{
	Name: "whoami",
}

type parseWant struct {
	values map[string][]string
	flags  map[string]string
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name string
		cmd  *Command
		in   string // text after the command word
		want parseWant
		err  string // substring of the error; "" means success
	}{
		{name: "word and list", cmd: specPoll, in: `"Which day?" "Mon" "Tue"`,
			want: parseWant{values: map[string][]string{"question": {"Which day?"}, "options": {"Mon", "Tue"}}}},
		{name: "curly quotes", cmd: specPoll, in: `“Which day?” “Mon” Tue`,
			want: parseWant{values: map[string][]string{"question": {"Which day?"}, "options": {"Mon", "Tue"}}}},
		{name: "optional list absent", cmd: specPoll, in: `"Q?"`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}}}},
		{name: "required missing", cmd: specPoll, in: ``, err: "`poll` needs a question in quotes"},
		{name: "bool flag at end", cmd: specPoll, in: `"Q?" A B --multi`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}, "options": {"A", "B"}}, flags: map[string]string{"multi": ""}}},
		{name: "bool flag first", cmd: specPoll, in: `--multi "Q?" A B`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}, "options": {"A", "B"}}, flags: map[string]string{"multi": ""}}},
		{name: "bool flag in the middle", cmd: specPoll, in: `"Q?" A --multi B`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}, "options": {"A", "B"}}, flags: map[string]string{"multi": ""}}},
		{name: "flag names are case-insensitive", cmd: specPoll, in: `"Q?" --MULTI`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}}, flags: map[string]string{"multi": ""}}},
		{name: "bool flag with a value", cmd: specPoll, in: `"Q?" --multi=yes`, err: "--multi takes no value"},
		{name: "int flag", cmd: specPoll, in: `"Q?" --dots 5`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}}, flags: map[string]string{"dots": "5"}}},
		{name: "int flag with =", cmd: specPoll, in: `"Q?" --dots=5`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}}, flags: map[string]string{"dots": "5"}}},
		{name: "int flag missing value", cmd: specPoll, in: `"Q?" --dots`, err: "--dots needs a number"},
		{name: "int flag followed by a flag", cmd: specPoll, in: `"Q?" --dots --multi`, err: "--dots needs a number"},
		{name: "int flag not a number", cmd: specPoll, in: `"Q?" --dots five`, err: `--dots needs a whole number, not "five"`},
		{name: "int flag negative", cmd: specPoll, in: `"Q?" --dots -1`, err: "--dots needs a whole number"},
		{name: "int flag refuses a percent", cmd: specPoll, in: `"Q?" --dots 5%`, err: `--dots needs a whole number, not "5%"`},
		{name: "percent with %", cmd: specPoll, in: `"Q?" --quorum 60%`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}}, flags: map[string]string{"quorum": "60%"}}},
		{name: "percent with =", cmd: specPoll, in: `"Q?" --quorum=60`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}}, flags: map[string]string{"quorum": "60"}}},
		{name: "percent bare", cmd: specPoll, in: `"Q?" --quorum 60`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}}, flags: map[string]string{"quorum": "60"}}},
		{name: "percent over 100", cmd: specPoll, in: `"Q?" --quorum 120%`, err: "--quorum needs a percentage from 0 to 100"},
		{name: "percent words", cmd: specPoll, in: `"Q?" --quorum half`, err: "--quorum needs a percentage"},
		{name: "string flag takes words to the next flag", cmd: specPoll, in: `"Q?" A B --closes next friday at 5pm --multi`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}, "options": {"A", "B"}}, flags: map[string]string{"multi": "", "closes": "next friday at 5pm"}}},
		{name: "string flag takes one quoted token", cmd: specPoll, in: `"Q?" --closes "next friday" A B`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}, "options": {"A", "B"}}, flags: map[string]string{"closes": "next friday"}}},
		{name: "string flag stops at a quoted token", cmd: specPoll, in: `--room sip-general "Q?" "A" "B"`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}, "options": {"A", "B"}}, flags: map[string]string{"room": "sip-general"}}},
		{name: "string flag with =", cmd: specPoll, in: `"Q?" --room=sip-general A`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}, "options": {"A"}}, flags: map[string]string{"room": "sip-general"}}},
		{name: "string flag with = keeps the value's case", cmd: specPoll, in: `"Q?" --ROOM=Sip-General`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}}, flags: map[string]string{"room": "Sip-General"}}},
		{name: "string flag missing value", cmd: specPoll, in: `"Q?" --closes`, err: "--closes needs a value"},
		{name: "unknown flag", cmd: specPoll, in: `"Q?" --secret`, err: "`poll` doesn't know --secret. It takes --multi, --dots, --quorum, --closes, --room."},
		{name: "unknown flag with unicode that changes length when lower-cased", cmd: specPoll, in: `"Q?" --ȺȺȺȺȺȺ=x`, err: "doesn't know --ⱥⱥⱥⱥⱥⱥ."},
		{name: "flag on a command with none", cmd: specNoFlags, in: `--verbose`, err: "`whoami` doesn't take --verbose."},
		{name: "flag twice", cmd: specPoll, in: `"Q?" --multi --multi`, err: "--multi is given twice"},
		{name: "string flag twice", cmd: specPoll, in: `"Q?" --room a --room b`, err: "--room is given twice"},
		{name: "quoted --word is not a flag", cmd: specPoll, in: `"--multi" A`,
			want: parseWant{values: map[string][]string{"question": {"--multi"}, "options": {"A"}}}},
		{name: "double dash alone is a word", cmd: specPoll, in: `"Q?" -- A`,
			want: parseWant{values: map[string][]string{"question": {"Q?"}, "options": {"--", "A"}}}},
		{name: "int arg", cmd: specVote, in: `3 B`, want: parseWant{values: map[string][]string{"id": {"3"}, "choice": {"B"}}}},
		{name: "int arg with #", cmd: specVote, in: `#3 C A B`, want: parseWant{values: map[string][]string{"id": {"3"}, "choice": {"C", "A", "B"}}}},
		{name: "int arg not a number", cmd: specVote, in: `three B`, err: `id should be a number, not "three"`},
		{name: "required list missing", cmd: specVote, in: `3`, err: "`vote` needs your choice"},
		{name: "required int missing", cmd: specVote, in: ``, err: "`vote` needs the poll number"},
		{name: "choices", cmd: specRSVP, in: `7 YES`, want: parseWant{values: map[string][]string{"event": {"7"}, "answer": {"yes"}}}},
		{name: "choices refused", cmd: specRSVP, in: `7 perhaps`, err: `answer should be one of yes, no, maybe, not "perhaps"`},
		{name: "unexpected extra words", cmd: specRSVP, in: `7 yes please`, err: "I didn't expect \"please\" after `rsvp`. Usage: `rsvp EVENT ANSWER`"},
		{name: "extra words on a command with no args", cmd: specNoFlags, in: `now`, err: `I didn't expect "now"`},
		{name: "text raw rest keeps quotes", cmd: specRemind, in: `me to read "the agenda" tomorrow at 9am`,
			want: parseWant{values: map[string][]string{"who": {"me"}, "what": {`to read "the agenda" tomorrow at 9am`}}}},
		{name: "text raw rest keeps curly quotes and spacing", cmd: specRemind, in: "me  to read “x”   now",
			want: parseWant{values: map[string][]string{"who": {"me"}, "what": {"to read “x”   now"}}}},
		{name: "text leaves out a flag in the middle", cmd: specRemind, in: `me to read --quiet the agenda`,
			want: parseWant{values: map[string][]string{"who": {"me"}, "what": {"to read the agenda"}}, flags: map[string]string{"quiet": ""}}},
		{name: "text leaves out a flag at the start", cmd: specRemind, in: `--quiet me to read the agenda`,
			want: parseWant{values: map[string][]string{"who": {"me"}, "what": {"to read the agenda"}}, flags: map[string]string{"quiet": ""}}},
		{name: "text required missing", cmd: specRemind, in: `me`, err: "`remind` needs what and when"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.cmd.Name + " " + tt.in
			toks := tokenize(text)[1:]
			got, err := parseArgs(tt.cmd, text, toks, tt.cmd.Name)
			if tt.err != "" {
				if err == nil {
					t.Fatalf("parse %q: no error, want %q (got %+v)", tt.in, tt.err, got)
				}
				var ue *UserError
				if !errors.As(err, &ue) {
					t.Fatalf("parse %q: error %T is not a *UserError", tt.in, err)
				}
				if !strings.Contains(err.Error(), tt.err) {
					t.Errorf("parse %q:\n got  %q\n want %q", tt.in, err, tt.err)
				}
				if ue.Example == "" {
					t.Errorf("parse %q: the refusal has no example", tt.in)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse %q: %v", tt.in, err)
			}
			if !reflect.DeepEqual(got.values, tt.want.values) || !reflect.DeepEqual(got.flags, tt.want.flags) {
				t.Errorf("parse %q:\n got  %v %v\n want %v %v", tt.in, got.values, got.flags, tt.want.values, tt.want.flags)
			}
		})
	}
}

func TestParseArgsExampleIsFirstExample(t *testing.T) {
	_, err := parseArgs(specRSVP, "rsvp", nil, "rsvp")
	var ue *UserError
	if !errors.As(err, &ue) || ue.Example != "rsvp 7 yes" {
		t.Fatalf("got %#v, want the example `rsvp 7 yes`", err)
	}
	// Without Examples, the usage line is the example.
	_, err = parseArgs(specVote, "vote", nil, "vote")
	if !errors.As(err, &ue) || ue.Example != "vote ID CHOICE..." {
		t.Fatalf("got %#v, want the usage as example", err)
	}
}

func TestArgsAccessors(t *testing.T) {
	text := `poll "Q?" A B --dots 5 --quorum 60% --multi --room x`
	a, err := parseArgs(specPoll, text, tokenize(text)[1:], "poll")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.String("question"); got != "Q?" {
		t.Errorf("String(question) = %q", got)
	}
	if got := a.String("options"); got != "A B" {
		t.Errorf("String(options) = %q", got)
	}
	if got := a.List("options"); !reflect.DeepEqual(got, []string{"A", "B"}) {
		t.Errorf("List(options) = %q", got)
	}
	if n, ok := a.Int("dots"); !ok || n != 5 {
		t.Errorf("Int(dots) = %d, %v", n, ok)
	}
	if n, ok := a.Int("quorum"); !ok || n != 60 {
		t.Errorf("Int(quorum) = %d, %v", n, ok)
	}
	if !a.Bool("multi") || a.Bool("anonymous") {
		t.Errorf("Bool wrong")
	}
	if a.Flag("room") != "x" || a.Flag("closes") != "" {
		t.Errorf("Flag wrong")
	}
	if !a.Has("question") || !a.Has("multi") || a.Has("closes") {
		t.Errorf("Has wrong")
	}
	if _, ok := a.Int("question"); ok {
		t.Errorf("Int(question) should not be ok")
	}
	if _, ok := a.Int("missing"); ok {
		t.Errorf("Int(missing) should not be ok")
	}
	b := NewArgs(map[string][]string{"id": {"7"}}, map[string]string{"multi": ""})
	if n, ok := b.Int("id"); !ok || n != 7 || !b.Bool("multi") {
		t.Errorf("NewArgs accessors wrong")
	}
}

func TestUsageLine(t *testing.T) {
	tests := []struct {
		cmd  *Command
		path string
		want string
	}{
		{specPoll, "poll", "poll QUESTION [OPTIONS...] [--multi] [--dots N] [--quorum N] [--closes CLOSES] [--room ROOM]"},
		{specVote, "vote", "vote ID CHOICE..."},
		{&Command{Name: "x", Usage: "x custom"}, "x", "x custom"},
		{specRemind, "remind", "remind WHO WHAT... [--room ROOM] [--quiet]"},
	}
	for _, tt := range tests {
		if got := usageLine(tt.cmd, tt.path); got != tt.want {
			t.Errorf("usageLine(%s) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// Invalid UTF-8 is read as it comes, and Text args cut the raw bytes right.
func TestParseInvalidUTF8(t *testing.T) {
	text := "remind me \xc4 to \xff \"q\xfe\" now"
	a, err := parseArgs(specRemind, text, tokenize(text)[1:], "remind")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.String("what"); got != "\xc4 to \xff \"q\xfe\" now" {
		t.Errorf("what = %q", got)
	}
}
