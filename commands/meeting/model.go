package meeting

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
)

// A Meeting is a recurring meeting.
type Meeting struct {
	ID      uint64          `json:"id"`
	Title   string          `json:"title"`
	Rule    *when.Rule      `json:"rule"`
	Room    string          `json:"room"`
	Where   string          `json:"where,omitempty"`
	Length  time.Duration   `json:"length"`
	Nudges  []time.Duration `json:"nudges"`
	Creator bot.ID          `json:"creator"`
	Created time.Time       `json:"created"`
	Deleted bool            `json:"deleted,omitempty"`
	// Cursor is the rule instant of the last occurrence put in the nudge
	// index; zero before the first.
	Cursor time.Time `json:"cursor"`
	// RollKey is the index key of the pending roll entry, if any.
	RollKey string `json:"roll_key,omitempty"`
}

// Ref is the meeting's short id, "m2".
func (mt *Meeting) Ref() string { return "m" + strconv.FormatUint(mt.ID, 10) }

// lead is the largest nudge offset: how long before an occurrence it is put
// in the index.
func (mt *Meeting) lead() time.Duration {
	var l time.Duration
	for _, d := range mt.Nudges {
		l = max(l, d)
	}
	return l
}

// An AgendaItem is one thing to discuss.
type AgendaItem struct {
	Text string    `json:"text"`
	By   bot.ID    `json:"by"`
	Name string    `json:"name,omitempty"`
	At   time.Time `json:"at"`
}

// An Occurrence is one meeting of a series, with what belongs to it alone.
type Occurrence struct {
	ID      string    `json:"id"`
	Meeting uint64    `json:"meeting"`
	Orig    time.Time `json:"orig"`  // the instant the rule gave it
	Start   time.Time `json:"start"` // when it happens (Orig unless moved)
	Moved   bool      `json:"moved,omitempty"`

	Cancelled   bool      `json:"cancelled,omitempty"`
	CancelledBy bot.ID    `json:"cancelled_by,omitempty"`
	CancelledAt time.Time `json:"cancelled_at,omitempty"`

	Agenda  []AgendaItem `json:"agenda,omitempty"`
	Minutes string       `json:"minutes,omitempty"`

	// Indexed is set once its nudges were put in the index.
	Indexed bool `json:"indexed,omitempty"`
	// Pending are the index keys of nudges not yet sent.
	Pending []string `json:"pending,omitempty"`
}

// occID names an occurrence by its meeting and the London date of its rule
// instant: "m2-20261201".
func occID(meeting uint64, orig time.Time, loc *time.Location) string {
	return fmt.Sprintf("m%d-%s", meeting, orig.In(loc).Format("20060102"))
}

// parseOccID splits "m2-20261201" into 2 and the date.
func parseOccID(s string) (uint64, civilDate, bool) {
	s = strings.ToLower(s)
	if !strings.HasPrefix(s, "m") {
		return 0, civilDate{}, false
	}
	id, date, ok := strings.Cut(s[1:], "-")
	if !ok || len(date) != 8 {
		return 0, civilDate{}, false
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 {
		return 0, civilDate{}, false
	}
	t, err := time.Parse("20060102", date)
	if err != nil {
		return 0, civilDate{}, false
	}
	return n, civilDate{t.Year(), t.Month(), t.Day()}, true
}

// parseMeetingRef reads "m2" (or "#m2").
func parseMeetingRef(s string) (uint64, bool) {
	s = strings.ToLower(strings.TrimPrefix(s, "#"))
	if !strings.HasPrefix(s, "m") {
		return 0, false
	}
	n, err := strconv.ParseUint(s[1:], 10, 64)
	return n, err == nil && n > 0
}

// parseEventRef reads "e7", "#e7" or "7".
func parseEventRef(s string) (uint64, bool) {
	s = strings.ToLower(strings.TrimPrefix(s, "#"))
	s = strings.TrimPrefix(s, "e")
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil && n > 0
}

// An Event is a one-off event.
type Event struct {
	ID        uint64    `json:"id"`
	Title     string    `json:"title"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Capacity  int       `json:"capacity,omitempty"` // 0: unlimited
	Room      string    `json:"room"`
	Where     string    `json:"where,omitempty"`
	Creator   bot.ID    `json:"creator"`
	Created   time.Time `json:"created"`
	Cancelled bool      `json:"cancelled,omitempty"`
}

// Ref is the event's short id, "e7".
func (e *Event) Ref() string { return "e" + strconv.FormatUint(e.ID, 10) }

// RSVP answers.
const (
	Yes   = "yes"
	No    = "no"
	Maybe = "maybe"
)

// An RSVP is one person's answer for an occurrence or event.
type RSVP struct {
	Person bot.ID    `json:"person"`
	Name   string    `json:"name,omitempty"`
	Answer string    `json:"answer"`
	Guests int       `json:"guests,omitempty"`
	Note   string    `json:"note,omitempty"`
	At     time.Time `json:"at"`
	// Queue orders the answers: set when the answer was given or changed
	// (a yes keeps it while it stays yes, so it is the waiting-list order).
	Queue uint64 `json:"queue,omitempty"`
	// Waiting is set for a yes that did not fit the capacity.
	Waiting bool `json:"waiting,omitempty"`
}

// heads is the places the answer takes.
func (r *RSVP) heads() int { return 1 + r.Guests }

// A Due is an entry of the time index.
type Due struct {
	Kind    string        `json:"kind"` // "nudge" or "roll"
	At      time.Time     `json:"at"`
	Meeting uint64        `json:"meeting"`
	Occ     string        `json:"occ,omitempty"`
	Offset  time.Duration `json:"offset,omitempty"`
	// Last marks the last nudge: sent privately to those who have not answered.
	Last bool `json:"last,omitempty"`
}

// civilDate is a calendar date.
type civilDate struct {
	Y int
	M time.Month
	D int
}

func dateOf(t time.Time, loc *time.Location) civilDate {
	y, m, d := t.In(loc).Date()
	return civilDate{y, m, d}
}

// bounds is the instants [start of day, start of next day) in loc.
func (c civilDate) bounds(loc *time.Location) (time.Time, time.Time) {
	return time.Date(c.Y, c.M, c.D, 0, 0, 0, 0, loc).UTC(), time.Date(c.Y, c.M, c.D+1, 0, 0, 0, 0, loc).UTC()
}

func (c civilDate) String() string {
	return time.Date(c.Y, c.M, c.D, 12, 0, 0, 0, time.UTC).Format("Mon 2 Jan 2006")
}
