// Package meeting keeps the partnership's meetings, one-off events, RSVPs and
// calendar.
//
// A meeting is a recurrence (an RFC 5545 rule from partnerbot/bot/when,
// evaluated on the Europe/London wall clock) with per-occurrence state:
// cancellations (EXDATE), moves (RECURRENCE-ID overrides), the agenda, the
// minutes and the RSVPs. An occurrence is named by its meeting and the date
// the rule gave it, "m2-20261201", and keeps that name when it is moved.
// Events are one-off, may have a capacity and a waiting list, and are named
// "e7".
//
// Nudges are posted to the meeting's room at each offset before each
// occurrence (7d, 1d and 2h unless the meeting says otherwise) with RSVP
// buttons; with two or more offsets the last (smallest) one is not posted to
// the room but sent privately to the meeting's regulars who have not
// answered. A meeting's regulars are everyone who has ever answered an RSVP
// for any of its occurrences, added to its agenda, or scheduled it: the
// people the bot knows to take part in that meeting, rather than everyone
// it has ever seen.
//
// Nudges live in a time-indexed bucket. The scheduler job claims due entries
// and deletes them in the transaction that reads them, then posts, so a
// nudge fires at most once, also across restarts; a nudge that fell due
// while the bot was down is posted once at start if the meeting has not
// begun (several missed nudges for one occurrence collapse into the latest).
// A meeting's occurrences are put in the index one at a time, by a "roll"
// entry due at the next occurrence's first nudge.
//
// Permissions: anyone may schedule a meeting or create an event; cancelling,
// moving, deleting and recording minutes is for admins (the Steering Group)
// and the person who scheduled it. Anyone may add to an agenda and RSVP.
package meeting

import (
	"fmt"
	"net/http"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Buckets this package owns.
const (
	// MeetingsBucket maps storage.Key(meeting id) to a Meeting.
	MeetingsBucket = "meetings"
	// OccurrencesBucket maps an occurrence id ("m2-20261201") to an Occurrence.
	OccurrencesBucket = "meeting_occurrences"
	// EventsBucket maps storage.Key(event id) to an Event.
	EventsBucket = "events"
	// RSVPBucket maps "TARGET|PERSON" to an RSVP.
	RSVPBucket = "rsvps"
	// DueBucket is the time index of nudges and rolls: storage.Key(t, …) to a Due.
	DueBucket = "meeting_due"
)

func init() {
	storage.Declare(MeetingsBucket, OccurrencesBucket, EventsBucket, RSVPBucket, DueBucket)
}

// Defaults.
var (
	// DefaultNudges are the offsets before a meeting at which it is nudged.
	DefaultNudges = []time.Duration{7 * 24 * time.Hour, 24 * time.Hour, 2 * time.Hour}
	// DefaultLength is how long a meeting or event lasts unless told.
	DefaultLength = time.Hour
)

// Meetings is the meetings, events and RSVPs capability.
type Meetings struct {
	env   *bot.Env
	loc   *time.Location
	orgOf func(person bot.ID) (string, bool)
}

// New builds the capability on env. orgOf gives a person's member
// organisation, for the attendance count by organisation in `rsvp list`; it
// may be nil.
func New(env *bot.Env, orgOf func(person bot.ID) (string, bool)) (*Meetings, error) {
	if env == nil || env.DB == nil {
		return nil, fmt.Errorf("meeting: an environment with a database is needed")
	}
	if env.Clock == nil || env.Pub == nil || env.Rooms == nil {
		return nil, fmt.Errorf("meeting: the environment needs a clock, a publisher and rooms")
	}
	if orgOf == nil {
		orgOf = func(bot.ID) (string, bool) { return "", false }
	}
	loc := env.Loc
	if loc == nil {
		loc = time.UTC
	}
	return &Meetings{env: env, loc: loc, orgOf: orgOf}, nil
}

// Commands are meeting, event and rsvp.
func (m *Meetings) Commands() []*bot.Command {
	return safeCommands([]*bot.Command{m.meetingCommand(), m.eventCommand(), m.rsvpCommand()})
}

// Jobs is the nudge job.
func (m *Meetings) Jobs() []bot.Job {
	return []bot.Job{bot.JobFunc{JobName: "meeting-nudges", Fn: m.Due}}
}

// Routes serves the calendar under /calendar/.
func (m *Meetings) Routes() map[string]http.Handler {
	return map[string]http.Handler{"/calendar/": http.HandlerFunc(m.serveCalendar)}
}
