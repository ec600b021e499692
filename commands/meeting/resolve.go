package meeting

import (
	"fmt"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// canManage reports whether the person may cancel, move or change something
// created by creator: admins, and the creator.
func canManage(req *bot.Request, creator bot.ID) bool {
	return req.Admin || (creator != "" && (req.Person == creator || req.User == creator))
}

func refuseManage(what, creatorName string) error {
	if creatorName == "" { // its creator was forgotten (privacy forget)
		return bot.Errorf("Only admins (the Steering Group) can %s.", what)
	}
	return bot.Errorf("Only admins (the Steering Group) and %s, who set it up, can %s.", creatorName, what)
}

// nextOcc is the meeting's next occurrence (not cancelled) after now.
func nextOcc(tx *storage.Tx, mt *Meeting, now time.Time, loc *time.Location) (*Occurrence, error) {
	os, err := upcoming(tx, mt, now, 1, loc, false)
	if err != nil || len(os) == 0 {
		return nil, err
	}
	return os[0], nil
}

// defaultMeeting picks the meeting a command without an id means: the only
// one, or the one in the request's room, or the one meeting soonest.
func defaultMeeting(tx *storage.Tx, req *bot.Request, now time.Time, loc *time.Location, example string) (*Meeting, error) {
	all, err := allMeetings(tx)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, bot.Refuse(`meeting schedule "Partnership meeting" every first Tuesday at 10:00`, "There are no meetings yet. Schedule one first.")
	}
	pool := all
	if req.Room != "" {
		var inRoom []*Meeting
		for _, mt := range all {
			if mt.Room == req.Room {
				inRoom = append(inRoom, mt)
			}
		}
		if len(inRoom) > 0 {
			pool = inRoom
		}
	}
	var best *Meeting
	var bestT time.Time
	for _, mt := range pool {
		o, err := nextOcc(tx, mt, now, loc)
		if err != nil {
			return nil, err
		}
		if o == nil {
			continue
		}
		if best == nil || o.Start.Before(bestT) {
			best, bestT = mt, o.Start
		}
	}
	if best == nil {
		return nil, bot.Refuse(example, "None of the meetings has another date coming up.")
	}
	return best, nil
}

// lookupMeeting loads "m2" as a user typed it.
func lookupMeeting(tx *storage.Tx, ref string) (*Meeting, error) {
	id, ok := parseMeetingRef(ref)
	if !ok {
		return nil, bot.Refuse("meeting list", "%q isn't a meeting id (they look like m2).", ref)
	}
	mt, ok, err := getMeeting(tx, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, bot.Refuse("meeting list", "There's no meeting m%d. `meeting list` shows them.", id)
	}
	return mt, nil
}

// resolveOcc finds the occurrence `[m2] DATE`, `m2-20261201` or `[m2] next`
// names. pastFirst prefers the last such date over the coming one when the
// year is left out (for minutes).
func resolveOcc(tx *storage.Tx, ws []word, req *bot.Request, now time.Time, loc *time.Location, pastFirst bool, example string) (*Meeting, *Occurrence, error) {
	if len(ws) == 0 {
		return nil, nil, bot.Refuse(example, "Say which meeting date.")
	}
	if _, _, ok := parseOccID(ws[0].text); ok && !ws[0].quoted {
		if len(ws) > 1 {
			return nil, nil, bot.Refuse(example, "I didn't expect %q after %s.", ws[1].text, ws[0].text)
		}
		return findOcc(tx, ws[0].text, loc)
	}
	var only *Meeting
	if _, ok := parseMeetingRef(ws[0].text); ok && !ws[0].quoted {
		mt, err := lookupMeeting(tx, ws[0].text)
		if err != nil {
			return nil, nil, err
		}
		only = mt
		ws = ws[1:]
	}
	var parts []string
	for _, w := range ws {
		parts = append(parts, w.text)
	}
	text := strings.Join(parts, " ")
	if text == "" || strings.EqualFold(text, "next") {
		mt := only
		if mt == nil {
			var err error
			if mt, err = defaultMeeting(tx, req, now, loc, example); err != nil {
				return nil, nil, err
			}
		}
		o, err := nextOcc(tx, mt, now, loc)
		if err != nil {
			return nil, nil, err
		}
		if o == nil {
			return nil, nil, bot.Refuse(example, "%s (%s) has no date coming up.", mt.Ref(), mt.Title)
		}
		return mt, o, nil
	}
	ds, err := parseDate(text, now, loc, example)
	if err != nil {
		return nil, nil, err
	}
	pool := []*Meeting{only}
	if only == nil {
		if pool, err = allMeetings(tx); err != nil {
			return nil, nil, err
		}
	}
	type hit struct {
		mt *Meeting
		o  *Occurrence
	}
	var hits []hit
	for _, c := range ds.candidates(now, loc, pastFirst) {
		for _, mt := range pool {
			os, err := onDate(tx, mt, c, loc)
			if err != nil {
				return nil, nil, err
			}
			for _, o := range os {
				hits = append(hits, hit{mt, o})
			}
		}
		if len(hits) > 0 {
			break
		}
	}
	switch len(hits) {
	case 0:
		if cs := ds.candidates(now, loc, pastFirst); len(cs) > 0 {
			ds = dateSpec{cs[0], true}
		}
		what := "meeting"
		if only != nil {
			what = only.Ref() + " (" + only.Title + ")"
		}
		return nil, nil, bot.Refuse(example, "There's no %s on %s.%s", what, ds, comingUp(tx, pool, now, loc))
	case 1:
		return hits[0].mt, hits[0].o, nil
	}
	var names []string
	for _, h := range hits {
		names = append(names, fmt.Sprintf("%s (%s, %s)", h.o.ID, h.mt.Title, h.o.Start.In(loc).Format("15:04")))
	}
	return nil, nil, bot.Refuse(example, "More than one meeting is on %s: %s. Say which, with its id.", ds, strings.Join(names, ", "))
}

// comingUp lists the next few dates of the meetings, for an error.
func comingUp(tx *storage.Tx, pool []*Meeting, now time.Time, loc *time.Location) string {
	var all []*Occurrence
	titles := map[uint64]string{}
	for _, mt := range pool {
		os, err := upcoming(tx, mt, now, 3, loc, false)
		if err != nil {
			return ""
		}
		all = append(all, os...)
		titles[mt.ID] = mt.Title
	}
	if len(all) == 0 {
		return ""
	}
	sortOccs(all)
	if len(all) > 3 {
		all = all[:3]
	}
	var parts []string
	for _, o := range all {
		parts = append(parts, fmt.Sprintf("%s (%s)", when2(o.Start, loc), titles[o.Meeting]))
	}
	return " Coming up: " + strings.Join(parts, ", ") + "."
}
