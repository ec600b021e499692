package meeting

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

const uidDomain = "@partnerbot"

var reCalName = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,79}$`)

// serveCalendar serves GET /calendar/ROOM.ics (a room's meetings and
// events) and GET /calendar/event/ID.ics (one event or meeting date).
func (m *Meetings) serveCalendar(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Calendars can only be fetched (GET).", http.StatusMethodNotAllowed)
		return
	}
	rest := strings.TrimPrefix(r.URL.Path, "/calendar/")
	var body string
	var err error
	var status int
	switch {
	case strings.HasPrefix(rest, "event/") && strings.HasSuffix(rest, ".ics"):
		body, status, err = m.itemCalendar(strings.TrimSuffix(strings.TrimPrefix(rest, "event/"), ".ics"))
	case strings.HasSuffix(rest, ".ics") && !strings.Contains(rest, "/"):
		body, status, err = m.RoomCalendar(bot.NormaliseRoom(strings.TrimSuffix(rest, ".ics")))
	default:
		status, err = http.StatusNotFound, fmt.Errorf("There's no calendar at %s. Room calendars are at /calendar/ROOM.ics, for example /calendar/sip-general.ics.", r.URL.Path)
	}
	if err != nil {
		if status == 0 {
			m.env.Log.Error("meeting: calendar failed", "path", r.URL.Path, "err", err)
			status, err = http.StatusInternalServerError, fmt.Errorf("Sorry, the calendar couldn't be made just now. Please try again in a moment.")
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(status)
		fmt.Fprintln(w, err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	if strings.HasPrefix(rest, "event/") {
		w.Header().Set("Content-Disposition", `attachment; filename="`+strings.TrimPrefix(rest, "event/")+`"`)
	}
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write([]byte(body))
}

// RoomCalendar renders a room's meetings (each as its RRULE, with cancelled
// dates as EXDATE and moved ones as RECURRENCE-ID overrides) and events as
// an iCalendar file. An unknown room gets status 404 and a friendly error.
func (m *Meetings) RoomCalendar(room string) (string, int, error) {
	if !reCalName.MatchString(room) {
		return "", http.StatusNotFound, fmt.Errorf("There's no room called %q.", room)
	}
	now := m.env.Clock.Now()
	w := &icsWriter{}
	found := m.env.Rooms.Known(room)
	err := m.env.DB.View(func(tx *storage.Tx) error {
		meetings, err := allMeetings(tx)
		if err != nil {
			return err
		}
		events, err := allEvents(tx)
		if err != nil {
			return err
		}
		w.begin(room, m.loc)
		for _, mt := range meetings {
			if mt.Room != room {
				continue
			}
			found = true
			if err := m.writeSeries(tx, w, mt, now); err != nil {
				return err
			}
		}
		for _, e := range events {
			if e.Room != room {
				continue
			}
			found = true
			if e.End.Before(now.AddDate(0, -3, 0)) {
				continue // long past
			}
			m.writeEvent(w, e, now)
		}
		return nil
	})
	if err != nil {
		return "", 0, err
	}
	if !found {
		names := m.env.Rooms.Names()
		msg := fmt.Sprintf("There's no calendar for a room called %q.", room)
		if len(names) > 0 {
			msg += " The rooms are: " + strings.Join(names, ", ") + "."
		}
		return "", http.StatusNotFound, fmt.Errorf("%s", msg)
	}
	return w.end(), http.StatusOK, nil
}

// writeSeries writes a meeting as a recurring VEVENT and its overrides.
func (m *Meetings) writeSeries(tx *storage.Tx, w *icsWriter, mt *Meeting, now time.Time) error {
	loc := m.ruleLoc(mt)
	stored, err := storedOccs(tx, mt)
	if err != nil {
		return err
	}
	uid := mt.Ref() + uidDomain
	w.line("BEGIN", "VEVENT")
	w.line("UID", uid)
	w.line("DTSTAMP", utcStamp(now))
	w.local("DTSTART", mt.Rule.Start, loc)
	w.local("DTEND", mt.Rule.Start.Add(mt.Length), loc)
	w.line("RRULE", mt.Rule.RRULE())
	var exdates []string
	for _, o := range stored {
		if o.Cancelled {
			exdates = append(exdates, o.Orig.In(loc).Format("20060102T150405"))
		}
	}
	if len(exdates) > 0 {
		w.line("EXDATE;TZID="+loc.String(), strings.Join(exdates, ","))
	}
	w.text("SUMMARY", mt.Title)
	w.text("LOCATION", mt.Where)
	w.text("DESCRIPTION", fmt.Sprintf("%s (%s). RSVP in chat: rsvp %s yes", mt.Title, mt.Rule.Describe(), mt.Ref()))
	w.line("END", "VEVENT")
	for _, o := range stored {
		if !o.Moved || o.Cancelled {
			continue
		}
		w.line("BEGIN", "VEVENT")
		w.line("UID", uid)
		w.line("DTSTAMP", utcStamp(now))
		w.local("RECURRENCE-ID", o.Orig, loc)
		w.local("DTSTART", o.Start, loc)
		w.local("DTEND", o.Start.Add(mt.Length), loc)
		w.line("SEQUENCE", "1")
		w.text("SUMMARY", mt.Title)
		w.text("LOCATION", mt.Where)
		w.text("DESCRIPTION", occDescription(mt, o))
		w.line("END", "VEVENT")
	}
	return nil
}

func occDescription(mt *Meeting, o *Occurrence) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s. RSVP in chat: rsvp %s yes", mt.Title, o.ID)
	if len(o.Agenda) > 0 {
		b.WriteString("\nAgenda:")
		for i, a := range o.Agenda {
			fmt.Fprintf(&b, "\n%d. %s", i+1, a.Text)
		}
	}
	if o.Minutes != "" {
		b.WriteString("\nMinutes: " + o.Minutes)
	}
	return b.String()
}

// ruleLoc is the zone a meeting's rule runs in.
func (m *Meetings) ruleLoc(mt *Meeting) *time.Location {
	if mt.Rule != nil && mt.Rule.TZ != "" {
		if l, err := time.LoadLocation(mt.Rule.TZ); err == nil {
			return l
		}
	}
	return m.loc
}

func (m *Meetings) writeEvent(w *icsWriter, e *Event, now time.Time) {
	w.line("BEGIN", "VEVENT")
	w.line("UID", e.Ref()+uidDomain)
	w.line("DTSTAMP", utcStamp(now))
	w.local("DTSTART", e.Start, m.loc)
	w.local("DTEND", e.End, m.loc)
	w.text("SUMMARY", e.Title)
	w.text("LOCATION", e.Where)
	desc := fmt.Sprintf("%s. RSVP in chat: rsvp %s yes", e.Title, e.Ref())
	if e.Capacity > 0 {
		desc += fmt.Sprintf(" (%d places)", e.Capacity)
	}
	w.text("DESCRIPTION", desc)
	if e.Cancelled {
		w.line("STATUS", "CANCELLED")
	} else {
		w.line("STATUS", "CONFIRMED")
	}
	w.line("END", "VEVENT")
}

// itemCalendar renders one event ("e7") or meeting date ("m2-20261201").
func (m *Meetings) itemCalendar(id string) (string, int, error) {
	id = strings.ToLower(id)
	now := m.env.Clock.Now()
	w := &icsWriter{}
	notFound := fmt.Errorf("There's no event or meeting date %q. Links look like /calendar/event/e7.ics or /calendar/event/m2-20261201.ics.", id)
	err := m.env.DB.View(func(tx *storage.Tx) error {
		if _, _, ok := parseOccID(id); ok {
			mt, o, err := findOcc(tx, id, m.loc)
			if err != nil {
				if _, user := err.(*bot.UserError); user {
					return notFound
				}
				return err
			}
			loc := m.ruleLoc(mt)
			w.begin(mt.Title, loc)
			w.line("BEGIN", "VEVENT")
			w.line("UID", o.ID+uidDomain)
			w.line("DTSTAMP", utcStamp(now))
			w.local("DTSTART", o.Start, loc)
			w.local("DTEND", o.Start.Add(mt.Length), loc)
			w.text("SUMMARY", mt.Title)
			w.text("LOCATION", mt.Where)
			w.text("DESCRIPTION", occDescription(mt, o))
			if o.Cancelled {
				w.line("STATUS", "CANCELLED")
			} else {
				w.line("STATUS", "CONFIRMED")
			}
			w.line("END", "VEVENT")
			return nil
		}
		eid, ok := parseEventRef(id)
		if !ok || !strings.HasPrefix(id, "e") {
			return notFound
		}
		e, found, err := getEvent(tx, eid)
		if err != nil {
			return err
		}
		if !found {
			return notFound
		}
		w.begin(e.Title, m.loc)
		m.writeEvent(w, e, now)
		return nil
	})
	if err == notFound {
		return "", http.StatusNotFound, err
	}
	if err != nil {
		return "", 0, err
	}
	return w.end(), http.StatusOK, nil
}
