package meeting

import (
	"testing"
	"time"

	"partnerbot/bot"
)

func TestParseDate(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"1 Dec": "Tue 1 Dec 2026", "Tue 1 December 2026": "Tue 1 Dec 2026", "December 1st": "Tue 1 Dec 2026",
		"1/12": "Tue 1 Dec 2026", "1/12/26": "Tue 1 Dec 2026", "2026-12-01": "Tue 1 Dec 2026",
		"Tue 1 Dec 2026, 10:00": "Tue 1 Dec 2026", "5 Jan at 10am": "Tue 5 Jan 2027", "today": "Fri 20 Nov 2026",
	} {
		ds, err := parseDate(in, now, london, "x")
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := ds.candidates(now, london, false)[0].String(); got != want {
			t.Errorf("%q = %s, want %s", in, got, want)
		}
	}
	for _, in := range []string{"", "31 April", "29/2/2027", "0/1", "1/0", "32 Jan", "Blursday", "1 2 3", "12/31/2026"} {
		if _, err := parseDate(in, now, london, "x"); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
	// Minutes look back: "1 Nov" said on 20 Nov is this month's, not next year's.
	ds, _ := parseDate("3 Nov", now, london, "x")
	if got := ds.candidates(now, london, true)[0].String(); got != "Tue 3 Nov 2026" {
		t.Errorf("past-first = %s", got)
	}
}

func FuzzParsers(f *testing.F) {
	for _, s := range []string{`"T" every first Tuesday at 10:00 in sip-general nudge 7d,1d,2h where "x" for 2h`,
		`"T" on 3 March at 18:00 capacity 3`, "1/12/2026", "in", "nudge , and", `"`, "where", "for", "m1-20261301", "e0"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	rooms := bot.NewRooms("sip-general")
	_ = rooms.Bind("sip-general", bot.ConsoleChannel)
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = parseSpec(s, rooms, true, "x")
		_, _ = parseSpec(s, rooms, false, "x")
		if ds, err := parseDate(s, now, london, "x"); err == nil {
			_ = ds.candidates(now, london, true)
		}
		parseOccID(s)
		parseEventRef(s)
		var ws []string
		for _, w := range words(s) {
			ws = append(ws, w.text)
		}
		_, _, _ = parseExtra(ws)
		_, _ = parseNudges(s, "x")
	})
}
