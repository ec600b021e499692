package meeting

import (
	"context"
	"fmt"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/storage"
)

// Privacy (UK GDPR). Held about a person: the meetings and events they set
// up (Creator), their RSVPs (answer, guests, note, name, time), the agenda
// items they added (By, Name), and the dates they cancelled (CancelledBy).
//
// Forget, in one transaction, idempotently:
//   - meetings and events they set up stay, with no creator (admins manage
//     them);
//   - their RSVPs are removed, past and future; when a going answer leaves
//     an event that is still to come and has a capacity, the waiting list
//     moves up as it does when someone says no, and those promoted are told;
//   - their agenda items stay, by "a former member";
//   - a date they cancelled stays cancelled, by nobody named.

// FormerMember names a forgotten person's agenda item.
const FormerMember = "a former member"

// PrivacyName is "meetings".
func (m *Meetings) PrivacyName() string { return "meetings" }

// MeetingsExport is what `privacy export` shows for meetings and events.
type MeetingsExport struct {
	Meetings []ExportedMeeting `json:"meetings_created"`
	Events   []ExportedEvent   `json:"events_created"`
	RSVPs    []ExportedRSVP    `json:"rsvps"`
	Agenda   []ExportedItem    `json:"agenda_items"`
	// Cancelled lists the meeting dates they cancelled.
	Cancelled []string `json:"dates_cancelled"`
}

// ExportedMeeting is a meeting in an export.
type ExportedMeeting struct {
	Ref     string `json:"id"`
	Title   string `json:"title"`
	Room    string `json:"room"`
	Created string `json:"created"`
}

// ExportedEvent is an event in an export.
type ExportedEvent struct {
	Ref     string `json:"id"`
	Title   string `json:"title"`
	Start   string `json:"start"`
	Room    string `json:"room"`
	Created string `json:"created"`
}

// ExportedRSVP is an answer in an export.
type ExportedRSVP struct {
	For     string `json:"for"`
	Answer  string `json:"answer"`
	Waiting bool   `json:"waiting_list,omitempty"`
	Guests  int    `json:"guests,omitempty"`
	Note    string `json:"note,omitempty"`
	Name    string `json:"name,omitempty"`
	At      string `json:"at"`
}

// ExportedItem is an agenda item in an export.
type ExportedItem struct {
	Occurrence string `json:"occurrence"`
	Text       string `json:"text"`
	Name       string `json:"name,omitempty"`
	At         string `json:"at"`
}

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// rsvpPerson splits an RSVP key "TARGET|PERSON".
func rsvpPerson(key string) (target string, person bot.ID) {
	t, p, _ := strings.Cut(key, "|")
	return t, bot.ID(p)
}

// PersonalData returns what is held about person.
func (m *Meetings) PersonalData(person bot.ID) (any, error) {
	out := MeetingsExport{Meetings: []ExportedMeeting{}, Events: []ExportedEvent{}, RSVPs: []ExportedRSVP{}, Agenda: []ExportedItem{}, Cancelled: []string{}}
	if person == "" {
		return out, nil
	}
	err := m.env.DB.View(func(tx *storage.Tx) error {
		if err := storage.Each(tx, MeetingsBucket, "", func(_ string, mt *Meeting) error {
			if mt.Creator == person {
				out.Meetings = append(out.Meetings, ExportedMeeting{Ref: mt.Ref(), Title: mt.Title, Room: mt.Room, Created: rfc(mt.Created)})
			}
			return nil
		}); err != nil {
			return err
		}
		if err := storage.Each(tx, EventsBucket, "", func(_ string, e *Event) error {
			if e.Creator == person {
				out.Events = append(out.Events, ExportedEvent{Ref: e.Ref(), Title: e.Title, Start: rfc(e.Start), Room: e.Room, Created: rfc(e.Created)})
			}
			return nil
		}); err != nil {
			return err
		}
		if err := storage.Each(tx, RSVPBucket, "", func(k string, r *RSVP) error {
			target, p := rsvpPerson(k)
			if p == person || r.Person == person {
				out.RSVPs = append(out.RSVPs, ExportedRSVP{For: target, Answer: r.Answer, Waiting: r.Waiting, Guests: r.Guests, Note: r.Note, Name: r.Name, At: rfc(r.At)})
			}
			return nil
		}); err != nil {
			return err
		}
		return storage.Each(tx, OccurrencesBucket, "", func(_ string, o *Occurrence) error {
			for _, a := range o.Agenda {
				if a.By == person {
					out.Agenda = append(out.Agenda, ExportedItem{Occurrence: o.ID, Text: a.Text, Name: a.Name, At: rfc(a.At)})
				}
			}
			if o.CancelledBy == person {
				out.Cancelled = append(out.Cancelled, o.ID)
			}
			return nil
		})
	})
	return out, err
}

// Forget removes person's personal data (see the top of this file). Posted
// cards whose counts changed are updated and anyone moved up from a waiting
// list is told, after the transaction commits.
func (m *Meetings) Forget(person bot.ID) error {
	if person == "" {
		return nil
	}
	now := m.env.Clock.Now().UTC()
	var changes rsvpChanges
	err := m.env.DB.Update(func(tx *storage.Tx) error {
		changes = rsvpChanges{}
		var mts []*Meeting
		if err := storage.Each(tx, MeetingsBucket, "", func(_ string, mt *Meeting) error {
			if mt.Creator == person {
				mts = append(mts, mt)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, mt := range mts {
			mt.Creator = ""
			if err := putMeeting(tx, mt); err != nil {
				return err
			}
		}
		var evs []*Event
		if err := storage.Each(tx, EventsBucket, "", func(_ string, e *Event) error {
			if e.Creator == person {
				evs = append(evs, e)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, e := range evs {
			e.Creator = ""
			if err := putEvent(tx, e); err != nil {
				return err
			}
		}
		var occs []*Occurrence
		if err := storage.Each(tx, OccurrencesBucket, "", func(_ string, o *Occurrence) error {
			hit := o.CancelledBy == person
			for _, a := range o.Agenda {
				hit = hit || a.By == person
			}
			if hit {
				occs = append(occs, o)
			}
			return nil
		}); err != nil {
			return err
		}
		touched := map[string]bool{} // targets whose cards change
		for _, o := range occs {
			if o.CancelledBy == person {
				o.CancelledBy = ""
			}
			for i, a := range o.Agenda {
				if a.By == person {
					o.Agenda[i].By, o.Agenda[i].Name = "", FormerMember
				}
			}
			if err := putOcc(tx, o); err != nil {
				return err
			}
			touched[o.ID] = true
		}
		var keys []string
		if err := storage.Each(tx, RSVPBucket, "", func(k string, r *RSVP) error {
			if _, p := rsvpPerson(k); p == person || r.Person == person {
				keys = append(keys, k)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range keys {
			if err := storage.Delete(tx, RSVPBucket, k); err != nil {
				return err
			}
			target, _ := rsvpPerson(k)
			touched[target] = true
		}
		// Events still to come with a capacity: the waiting list moves up.
		for _, target := range bot.SortedKeys(touched) {
			t, err := m.forgetTarget(tx, target)
			if err != nil || t == nil {
				continue // a target that no longer resolves has no card
			}
			if err := changes.redraw(m, tx, t, t.e != nil && t.end.After(now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	changes.announce(m)
	return nil
}

// forgetTarget resolves an RSVP target id ("e7", "m2-20261201") without the
// request-dependent forms; nil if it names nothing any more.
func (m *Meetings) forgetTarget(tx *storage.Tx, id string) (*target, error) {
	if _, _, ok := parseOccID(id); ok {
		mt, o, err := findOcc(tx, id, m.loc)
		if err != nil || mt == nil || o == nil {
			return nil, err
		}
		return m.occTarget(mt, o), nil
	}
	n, ok := parseEventRef(id)
	if !ok {
		return nil, nil
	}
	e, found, err := getEvent(tx, n)
	if err != nil || !found {
		return nil, err
	}
	return &target{id: e.Ref(), title: e.Title, start: e.Start, end: e.End, capacity: e.Capacity, cancelled: e.Cancelled, e: e}, nil
}

// A promotion is someone moved up from a waiting list.
type promotion struct {
	person bot.ID
	title  string
	start  time.Time
	id     string
}

// tellPromoted tells someone a place came up.
func (m *Meetings) tellPromoted(ctx context.Context, p promotion) {
	at := when.FormatDateTime(p.start, m.loc)
	msg := bot.Reply{Title: p.title, Text: fmt.Sprintf("Good news: a place came up at *%s* on %s, so you're now going. If you can't make it after all, say `rsvp %s no` so the next person can have it.", p.title, at, p.id)}
	if err := m.pub().Direct(ctx, p.person, msg); err != nil {
		m.env.Log.Warn("meeting: telling a promoted person failed", "user", string(p.person), "err", err)
	}
}
