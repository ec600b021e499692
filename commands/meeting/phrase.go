package meeting

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"partnerbot/bot"
	"partnerbot/bot/when"
)

// A word is one token of a command's free text; quoted phrases are one word.
type word struct {
	text   string
	quoted bool
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '„' }

// words splits text into words, keeping "quoted phrases" (straight or curly
// quotes) together.
func words(text string) []word {
	var out []word
	rs := []rune(text)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		if isQuote(rs[i]) {
			i++
			var sb strings.Builder
			for i < len(rs) && !isQuote(rs[i]) {
				sb.WriteRune(rs[i])
				i++
			}
			i++
			out = append(out, word{text: strings.TrimSpace(sb.String()), quoted: true})
			continue
		}
		start := i
		for i < len(rs) && !unicode.IsSpace(rs[i]) {
			i++
		}
		out = append(out, word{text: string(rs[start:i])})
	}
	return out
}

// spec is what `meeting schedule` and `event create` were told, besides the
// time phrase.
type spec struct {
	title    string
	phrase   string // the time phrase, for when.Parse
	room     string
	where    string
	length   time.Duration
	nudges   []time.Duration
	nudgeSet bool
	capacity int
	capSet   bool
}

// timeStart are words that begin a time phrase and so end an unquoted title.
var timeStart = map[string]bool{
	"every": true, "each": true, "daily": true, "weekly": true, "fortnightly": true, "monthly": true,
	"yearly": true, "annually": true, "on": true, "at": true, "tomorrow": true, "today": true,
	"tonight": true, "next": true,
}

var clauseWords = map[string]bool{"in": true, "nudge": true, "nudges": true, "where": true, "for": true, "capacity": true}

var unitWords = map[string]bool{
	"m": true, "min": true, "mins": true, "minute": true, "minutes": true, "h": true, "hr": true, "hrs": true,
	"hour": true, "hours": true, "d": true, "day": true, "days": true, "w": true, "wk": true, "week": true, "weeks": true,
	"and": true, "a": true, "an": true, "half": true,
}

var hasDigit = regexp.MustCompile(`\d`)

// maxNudges bounds the nudges of a meeting; maxNudgeLead the earliest one.
const (
	maxNudges    = 5
	maxNudgeLead = 60 * 24 * time.Hour
	maxLength    = 24 * time.Hour
)

// parseSpec reads `"Title" <when> [in ROOM] [nudge 7d,1d,2h] [where "…"]
// [for 2h] [capacity N]`. capacity is allowed only for events.
func parseSpec(text string, rooms *bot.Rooms, event bool, example string) (spec, error) {
	var s spec
	ws := words(text)
	var phrase []string
	i := 0
	// The title: a quoted phrase, or the words up to the time.
	if len(ws) > 0 && ws[0].quoted {
		s.title = ws[0].text
		i = 1
	} else {
		var t []string
		for i < len(ws) && !timeStart[strings.ToLower(ws[i].text)] && !clauseWords[strings.ToLower(ws[i].text)] {
			t = append(t, ws[i].text)
			i++
		}
		s.title = strings.Join(t, " ")
	}
	s.title = oneLine(s.title)
	if s.title == "" {
		return s, bot.Refuse(example, "Give it a title first, in quotes.")
	}
	if len([]rune(s.title)) > 120 {
		return s, bot.Refuse(example, "That title is too long (the most is 120 characters).")
	}
	// until collects the words of a clause up to the next clause word or the
	// start of a time phrase.
	until := func() []string {
		var out []string
		for i < len(ws) {
			lw := strings.ToLower(ws[i].text)
			if !ws[i].quoted && (clauseWords[lw] || timeStart[lw]) {
				break
			}
			out = append(out, ws[i].text)
			i++
		}
		return out
	}
	seen := map[string]bool{}
	for i < len(ws) {
		w := ws[i]
		lw := strings.ToLower(w.text)
		if w.quoted {
			return s, bot.Refuse(example, "I didn't expect %q there. Put the title first, and quote a place after `where`.", w.text)
		}
		key := lw
		if key == "nudges" {
			key = "nudge"
		}
		if clauseWords[lw] && seen[key] && !(lw == "in" && isRelative(ws, i)) {
			return s, bot.Refuse(example, "`%s` is given twice.", lw)
		}
		switch {
		case lw == "in" && !isRelative(ws, i):
			seen[key] = true
			if i+1 >= len(ws) {
				return s, bot.Refuse(example, "Say which room after `in`, like `in sip-general`.")
			}
			room := bot.NormaliseRoom(ws[i+1].text)
			if err := rooms.Check(room); err != nil {
				return s, err
			}
			s.room = room
			i += 2
		case lw == "where":
			seen[key] = true
			i++
			if i < len(ws) && ws[i].quoted {
				s.where = ws[i].text
				i++
			} else {
				s.where = strings.Join(until(), " ")
			}
			s.where = oneLine(s.where)
			if s.where == "" {
				return s, bot.Refuse(example, "Say where after `where`, in quotes, like `where \"Daneshill House, room 2\"`.")
			}
			if len([]rune(s.where)) > 300 {
				return s, bot.Refuse(example, "That place is too long (the most is 300 characters).")
			}
		case lw == "for":
			seen[key] = true
			i++
			dur := strings.Join(until(), " ")
			d, err := when.ParseDuration(dur)
			if err != nil {
				return s, bot.Refuse(example, "I couldn't read %q as how long it lasts: try `for 2h` or `for 90 minutes`.", dur)
			}
			if d < 5*time.Minute || d > maxLength {
				return s, bot.Refuse(example, "It should last between 5 minutes and 24 hours, not %s.", durationWords(d))
			}
			s.length = d
		case lw == "nudge" || lw == "nudges":
			seen[key] = true
			s.nudgeSet = true
			i++
			var parts []string
			for i < len(ws) && !ws[i].quoted {
				t := strings.ToLower(ws[i].text)
				if clauseWords[t] || timeStart[t] || !(hasDigit.MatchString(t) || unitWords[strings.Trim(t, ",")] || t == "off" || t == "none" || t == ",") {
					break
				}
				parts = append(parts, t)
				i++
			}
			ns, err := parseNudges(strings.Join(parts, " "), example)
			if err != nil {
				return s, err
			}
			s.nudges = ns
		case lw == "capacity":
			if !event {
				return s, bot.Refuse(example, "Meetings don't take a capacity; events do: `event create \"Title\" on 3 March at 18:00 capacity 20`.")
			}
			seen[key] = true
			i++
			if i < len(ws) && strings.EqualFold(ws[i].text, "of") {
				i++
			}
			if i >= len(ws) {
				return s, bot.Refuse(example, "Say how many places after `capacity`, like `capacity 20`.")
			}
			n, err := strconv.Atoi(ws[i].text)
			if err != nil {
				return s, bot.Refuse(example, "The capacity should be a whole number of places, not %q.", ws[i].text)
			}
			if n < 1 {
				return s, bot.Refuse(example, "The capacity should be at least 1 place, not %d (leave it out for no limit).", n)
			}
			if n > 100000 {
				return s, bot.Refuse(example, "A capacity of %d is more than I can manage (the most is 100000).", n)
			}
			s.capacity, s.capSet = n, true
			i++
		default:
			phrase = append(phrase, w.text)
			i++
		}
	}
	s.phrase = strings.TrimSpace(strings.Join(phrase, " "))
	if s.phrase == "" {
		return s, bot.Refuse(example, "Say when, like `every first Tuesday at 10:00` or `on 3 March at 18:00`.")
	}
	return s, nil
}

// isRelative reports whether the "in" at ws[i] starts a relative time ("in 3
// days") rather than naming a room.
func isRelative(ws []word, i int) bool {
	if i+1 >= len(ws) {
		return false
	}
	n := strings.ToLower(ws[i+1].text)
	if n == "a" || n == "an" || n == "half" {
		return true
	}
	return n != "" && n[0] >= '0' && n[0] <= '9'
}

// parseNudges reads "7d,1d,2h", "7 days, 1 day and 2 hours", "off".
func parseNudges(s, example string) ([]time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "off" || s == "none" {
		return []time.Duration{}, nil
	}
	s = strings.ReplaceAll(s, " and ", ",")
	var out []time.Duration
	seen := map[time.Duration]bool{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		d, err := when.ParseDuration(p)
		if err != nil {
			return nil, bot.Refuse(example, "I couldn't read %q as a nudge time: list how long before, like `nudge 7d,1d,2h` (or `nudge off`).", p)
		}
		if d < time.Minute || d > maxNudgeLead {
			return nil, bot.Refuse(example, "A nudge should be between 1 minute and 60 days before, not %s.", durationWords(d))
		}
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, bot.Refuse(example, "Say when to nudge, like `nudge 7d,1d,2h`, or `nudge off`.")
	}
	if len(out) > maxNudges {
		return nil, bot.Refuse(example, "That's %d nudges; the most is %d.", len(out), maxNudges)
	}
	sortDesc(out)
	return out, nil
}

func sortDesc(ds []time.Duration) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j] > ds[j-1]; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}

// showDuration renders 7d, 1d, 2h, 90m, 1h30m.
func showDuration(d time.Duration) string {
	if d <= 0 {
		return "0m"
	}
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	var b strings.Builder
	if days > 0 {
		b.WriteString(strconv.Itoa(int(days)) + "d")
	}
	if h > 0 {
		b.WriteString(strconv.Itoa(int(h)) + "h")
	}
	if m > 0 || b.Len() == 0 {
		b.WriteString(strconv.Itoa(int(m)) + "m")
	}
	return b.String()
}

// userError turns a when.Error (or any parse error) into a UserError with
// an example.
func userError(err error, example string) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*bot.UserError); ok {
		return err
	}
	return &bot.UserError{Msg: err.Error(), Example: example}
}
