package meeting

import (
	"sort"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

func meetingKey(id uint64) string { return storage.Key(id) }
func eventKey(id uint64) string   { return storage.Key(id) }

// getMeeting loads a meeting that has not been deleted.
func getMeeting(tx *storage.Tx, id uint64) (*Meeting, bool, error) {
	var mt Meeting
	ok, err := storage.Get(tx, MeetingsBucket, meetingKey(id), &mt)
	if err != nil || !ok || mt.Deleted || mt.Rule == nil {
		return nil, false, err
	}
	return &mt, true, nil
}

func putMeeting(tx *storage.Tx, mt *Meeting) error {
	return storage.Put(tx, MeetingsBucket, meetingKey(mt.ID), mt)
}

// allMeetings returns the meetings not deleted, by id.
func allMeetings(tx *storage.Tx) ([]*Meeting, error) {
	var out []*Meeting
	err := storage.Each(tx, MeetingsBucket, "", func(_ string, mt *Meeting) error {
		if !mt.Deleted && mt.Rule != nil {
			out = append(out, mt)
		}
		return nil
	})
	return out, err
}

func getOcc(tx *storage.Tx, id string) (*Occurrence, bool, error) {
	var o Occurrence
	ok, err := storage.Get(tx, OccurrencesBucket, id, &o)
	if err != nil || !ok {
		return nil, false, err
	}
	return &o, true, nil
}

func putOcc(tx *storage.Tx, o *Occurrence) error {
	return storage.Put(tx, OccurrencesBucket, o.ID, o)
}

func getEvent(tx *storage.Tx, id uint64) (*Event, bool, error) {
	var e Event
	ok, err := storage.Get(tx, EventsBucket, eventKey(id), &e)
	if err != nil || !ok {
		return nil, false, err
	}
	return &e, true, nil
}

func putEvent(tx *storage.Tx, e *Event) error {
	return storage.Put(tx, EventsBucket, eventKey(e.ID), e)
}

func allEvents(tx *storage.Tx) ([]*Event, error) {
	var out []*Event
	err := storage.Each(tx, EventsBucket, "", func(_ string, e *Event) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// rsvps returns the answers for a target ("e7", "m2-20261201") in the order
// they were given (the queue order for yes answers).
func rsvps(tx *storage.Tx, target string) ([]*RSVP, error) {
	var out []*RSVP
	err := storage.Each(tx, RSVPBucket, target+"|", func(_ string, r *RSVP) error {
		out = append(out, r)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Queue != out[j].Queue {
			return out[i].Queue < out[j].Queue
		}
		return out[i].At.Before(out[j].At)
	})
	return out, err
}

func rsvpKey(target string, person bot.ID) string { return target + "|" + string(person) }

// regulars are the people who ever answered for, or added to the agenda of,
// any occurrence of the meeting, and the person who scheduled it.
func regulars(tx *storage.Tx, mt *Meeting) (map[bot.ID]bool, error) {
	out := map[bot.ID]bool{}
	if mt.Creator != "" {
		out[mt.Creator] = true
	}
	prefix := mt.Ref() + "-"
	c := storage.Bucket(tx, RSVPBucket).Cursor()
	for k, _ := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, _ = c.Next() {
		_, person, ok := strings.Cut(string(k), "|")
		if ok {
			out[bot.ID(person)] = true
		}
	}
	err := storage.Each(tx, OccurrencesBucket, prefix, func(_ string, o *Occurrence) error {
		for _, a := range o.Agenda {
			if a.By != "" { // "" is a former member's item
				out[a.By] = true
			}
		}
		return nil
	})
	return out, err
}

// occurrence returns the stored occurrence with the rule instant orig, or a
// fresh one.
func occurrence(tx *storage.Tx, mt *Meeting, orig time.Time, loc *time.Location) (*Occurrence, error) {
	id := occID(mt.ID, orig, loc)
	o, ok, err := getOcc(tx, id)
	if err != nil {
		return nil, err
	}
	if ok {
		return o, nil
	}
	return &Occurrence{ID: id, Meeting: mt.ID, Orig: orig.UTC(), Start: orig.UTC()}, nil
}

// storedOccs returns the stored occurrences of a meeting.
func storedOccs(tx *storage.Tx, mt *Meeting) ([]*Occurrence, error) {
	var out []*Occurrence
	err := storage.Each(tx, OccurrencesBucket, mt.Ref()+"-", func(_ string, o *Occurrence) error {
		out = append(out, o)
		return nil
	})
	return out, err
}

// upcoming returns the next n occurrences of mt that start after `after`,
// moves applied and cancellations left out (unless withCancelled).
func upcoming(tx *storage.Tx, mt *Meeting, after time.Time, n int, loc *time.Location, withCancelled bool) ([]*Occurrence, error) {
	seen := map[string]*Occurrence{}
	keep := func(o *Occurrence) bool { return (withCancelled || !o.Cancelled) && o.Start.After(after) }
	// Moved occurrences may come from anywhere in the rule.
	stored, err := storedOccs(tx, mt)
	if err != nil {
		return nil, err
	}
	for _, o := range stored {
		if o.Moved && keep(o) {
			seen[o.ID] = o
		}
	}
	count := 0
	cur := after // occurrences moved here from earlier are among the stored ones
	for i := 0; i < 2000 && count < n; i++ {
		t, ok := mt.Rule.Next(cur)
		if !ok {
			break
		}
		cur = t
		o, err := occurrence(tx, mt, t, loc)
		if err != nil {
			return nil, err
		}
		if o.Moved || !keep(o) {
			continue
		}
		seen[o.ID] = o
		count++
	}
	out := make([]*Occurrence, 0, len(seen))
	for _, o := range seen {
		out = append(out, o)
	}
	sortOccs(out)
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}

func sortOccs(os []*Occurrence) {
	sort.Slice(os, func(i, j int) bool {
		if !os[i].Start.Equal(os[j].Start) {
			return os[i].Start.Before(os[j].Start)
		}
		return os[i].ID < os[j].ID
	})
}

// onDate returns mt's occurrences that happen on date (moves applied), and
// failing those, the ones the rule put on date (which were moved away).
func onDate(tx *storage.Tx, mt *Meeting, date civilDate, loc *time.Location) ([]*Occurrence, error) {
	from, to := date.bounds(loc)
	var actual, orig []*Occurrence
	for _, t := range mt.Rule.Between(from, to) {
		o, err := occurrence(tx, mt, t, loc)
		if err != nil {
			return nil, err
		}
		if !o.Moved {
			actual = append(actual, o)
		} else {
			orig = append(orig, o)
		}
	}
	stored, err := storedOccs(tx, mt)
	if err != nil {
		return nil, err
	}
	for _, o := range stored {
		if o.Moved && !o.Start.Before(from) && o.Start.Before(to) {
			actual = append(actual, o)
		}
	}
	if len(actual) > 0 {
		sortOccs(actual)
		return actual, nil
	}
	return orig, nil
}

// findOcc loads the occurrence an id like "m2-20261201" names: the meeting
// must exist and its rule must have an occurrence on that date.
func findOcc(tx *storage.Tx, id string, loc *time.Location) (*Meeting, *Occurrence, error) {
	mid, date, ok := parseOccID(id)
	if !ok {
		return nil, nil, bot.Refuse("rsvp m2-20261201 yes", "%q isn't an occurrence id (they look like m2-20261201).", id)
	}
	mt, ok, err := getMeeting(tx, mid)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, bot.Refuse("meeting list", "There's no meeting m%d. `meeting list` shows them.", mid)
	}
	id = occID(mid, time.Date(date.Y, date.M, date.D, 12, 0, 0, 0, loc), loc)
	if o, ok, err := getOcc(tx, id); err != nil || ok {
		return mt, o, err
	}
	from, to := date.bounds(loc)
	ts := mt.Rule.Between(from, to)
	if len(ts) == 0 {
		return nil, nil, bot.Refuse("meeting next "+mt.Ref()+" 3", "%s (%s) doesn't meet on %s. `meeting next %s 3` shows when it does.", mt.Ref(), mt.Title, date, mt.Ref())
	}
	o, err := occurrence(tx, mt, ts[0], loc)
	return mt, o, err
}
