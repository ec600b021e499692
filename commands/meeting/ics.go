package meeting

import (
	"strings"
	"time"
	"unicode/utf8"
)

// An icsWriter writes RFC 5545 content lines: CRLF line ends, lines folded
// at 75 octets without splitting a character, TEXT values escaped.
type icsWriter struct {
	b strings.Builder
}

// line writes one content line NAME[;PARAMS]:VALUE, folding it.
func (w *icsWriter) line(nameParams, value string) {
	s := nameParams + ":" + value
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.b.WriteString(s[:cut])
		w.b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space of a continuation line counts
	}
	w.b.WriteString(s)
	w.b.WriteString("\r\n")
}

// text writes a TEXT property, escaped.
func (w *icsWriter) text(name, value string) {
	if value == "" {
		return
	}
	w.line(name, escapeText(value))
}

func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// local writes a date-time property in the zone: NAME;TZID=zone:YYYYMMDDTHHMMSS.
func (w *icsWriter) local(name string, t time.Time, loc *time.Location) {
	w.line(name+";TZID="+loc.String(), t.In(loc).Format("20060102T150405"))
}

func utcStamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// londonTZ is the VTIMEZONE of Europe/London under the rules in force since
// 1996: BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
// last Sunday of October.
const londonTZ = "BEGIN:VTIMEZONE\r\n" +
	"TZID:Europe/London\r\n" +
	"X-LIC-LOCATION:Europe/London\r\n" +
	"BEGIN:DAYLIGHT\r\n" +
	"TZOFFSETFROM:+0000\r\n" +
	"TZOFFSETTO:+0100\r\n" +
	"TZNAME:BST\r\n" +
	"DTSTART:19700329T010000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n" +
	"END:DAYLIGHT\r\n" +
	"BEGIN:STANDARD\r\n" +
	"TZOFFSETFROM:+0100\r\n" +
	"TZOFFSETTO:+0000\r\n" +
	"TZNAME:GMT\r\n" +
	"DTSTART:19701025T020000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n" +
	"END:STANDARD\r\n" +
	"END:VTIMEZONE\r\n"

// begin starts a calendar, with the time zone.
func (w *icsWriter) begin(name string, loc *time.Location) {
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.line("PRODID", "-//Social Inclusion Partnership Stevenage//partnerbot//EN")
	w.line("CALSCALE", "GREGORIAN")
	w.line("METHOD", "PUBLISH")
	if name != "" {
		w.text("X-WR-CALNAME", name)
	}
	w.line("X-WR-TIMEZONE", loc.String())
	if loc.String() == "Europe/London" {
		w.b.WriteString(londonTZ)
	}
}

func (w *icsWriter) end() string {
	w.line("END", "VCALENDAR")
	return w.b.String()
}
