package meeting

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/teambition/rrule-go"
)

// component is a parsed BEGIN/END block: its properties (name with
// parameters → values) and children.
type component struct {
	name  string
	props map[string][]string
	kids  []*component
}

// parseICS is a small RFC 5545 reader written for the test: it checks CRLF
// line ends and the 75-octet limit, unfolds lines, and checks that BEGIN and
// END nest.
func parseICS(t *testing.T, body string) *component {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Fatal("calendar doesn't end with CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	var lines []string
	for i, l := range raw {
		if strings.Contains(l, "\n") || strings.Contains(l, "\r") {
			t.Fatalf("line %d has a bare line break: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Fatalf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				t.Fatal("continuation before any line")
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var stack []*component
	var root *component
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("line without a colon: %q", l)
		}
		switch name {
		case "BEGIN":
			c := &component{name: value, props: map[string][]string{}}
			if len(stack) > 0 {
				stack[len(stack)-1].kids = append(stack[len(stack)-1].kids, c)
			} else if root != nil {
				t.Fatal("two top-level components")
			} else {
				root = c
			}
			stack = append(stack, c)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].name != value {
				t.Fatalf("END:%s doesn't close the open component", value)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				t.Fatalf("property outside a component: %q", l)
			}
			c := stack[len(stack)-1]
			c.props[name] = append(c.props[name], value)
		}
	}
	if len(stack) != 0 || root == nil || root.name != "VCALENDAR" {
		t.Fatalf("unbalanced calendar (open: %d)", len(stack))
	}
	return root
}

func (c *component) get(name string) string {
	if v := c.props[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func TestCalendar(t *testing.T) {
	env, m := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	long := strings.Repeat("Bedwell Community Centre — the big hall, ", 4)
	must(t, env, "admin", `meeting schedule "Partnership meeting" every first Tuesday at 10:00 where "Daneshill House; room 2, first floor" for 2h`)
	must(t, env, "admin", "meeting cancel 5 Jan")
	must(t, env, "admin", "meeting cancel 6/4/2027") // in BST
	must(t, env, "admin", "meeting move 2 Feb to 9 February 2027 at 14:00")
	must(t, env, "admin", `event create "Volunteers' evening, with food" on 3 March 2027 at 18:00 capacity 30 where "`+long+`"`)

	srv := httptest.NewServer(m.Routes()["/calendar/"])
	defer srv.Close()
	get := func(path string) (int, string, string) {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), string(b)
	}
	code, ctype, body := get("/calendar/sip-general.ics")
	if code != 200 || !strings.HasPrefix(ctype, "text/calendar") {
		t.Fatalf("%d %s\n%s", code, ctype, body)
	}
	cal := parseICS(t, body)
	var tz, series, override, event *component
	for _, k := range cal.kids {
		switch {
		case k.name == "VTIMEZONE":
			tz = k
		case k.name == "VEVENT" && k.get("UID") == "m1@partnerbot" && k.get("RRULE") != "":
			series = k
		case k.name == "VEVENT" && k.get("UID") == "m1@partnerbot":
			override = k
		case k.name == "VEVENT" && k.get("UID") == "e1@partnerbot":
			event = k
		}
	}
	if tz == nil || tz.get("TZID") != "Europe/London" || len(tz.kids) != 2 {
		t.Fatalf("VTIMEZONE: %+v", tz)
	}
	if series == nil || override == nil || event == nil {
		t.Fatalf("missing events in\n%s", body)
	}
	for prop, want := range map[string]string{
		"DTSTART;TZID=Europe/London": "20261201T100000",
		"DTEND;TZID=Europe/London":   "20261201T120000",
		"RRULE":                      "FREQ=MONTHLY;BYDAY=1TU",
		"EXDATE;TZID=Europe/London":  "20270105T100000,20270406T100000",
		"LOCATION":                   `Daneshill House\; room 2\, first floor`,
	} {
		if got := series.get(prop); got != want {
			t.Errorf("series %s = %q, want %q", prop, got, want)
		}
	}
	if override.get("RECURRENCE-ID;TZID=Europe/London") != "20270202T100000" || override.get("DTSTART;TZID=Europe/London") != "20270209T140000" {
		t.Errorf("override: %v", override.props)
	}
	if event.get("SUMMARY") != `Volunteers' evening\, with food` || event.get("DTSTART;TZID=Europe/London") != "20270303T180000" ||
		!strings.HasPrefix(event.get("LOCATION"), "Bedwell Community Centre — the big hall\\,") {
		t.Errorf("event: %v", event.props)
	}

	// The series expands, with an independent RRULE engine, to the dates
	// people expect: cancellations left out, 10:00 on the wall clock in BST and GMT.
	set, err := rrule.StrToRRuleSet("DTSTART;TZID=Europe/London:" + series.get("DTSTART;TZID=Europe/London") +
		"\nRRULE:" + series.get("RRULE") + "\nEXDATE;TZID=Europe/London:" + series.get("EXDATE;TZID=Europe/London"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range set.Between(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), true) {
		got = append(got, d.UTC().Format(time.RFC3339))
	}
	want := "2026-12-01T10:00:00Z 2027-02-02T10:00:00Z 2027-03-02T10:00:00Z 2027-05-04T09:00:00Z"
	if strings.Join(got, " ") != want {
		t.Errorf("expanded to %v, want %s", got, want)
	}

	// golang-ical, which did not write it, reads it too.
	parsed, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("golang-ical: %v", err)
	}
	if n := len(parsed.Events()); n != 3 {
		t.Errorf("golang-ical found %d events", n)
	}

	// One occurrence and one event.
	for _, p := range []string{"/calendar/event/m1-20270302.ics", "/calendar/event/e1.ics"} {
		code, _, body := get(p)
		if code != 200 {
			t.Fatalf("%s: %d %s", p, code, body)
		}
		c := parseICS(t, body)
		if len(c.kids) != 2 || c.kids[1].name != "VEVENT" {
			t.Errorf("%s: %d components", p, len(c.kids))
		}
	}
	for _, p := range []string{"/calendar/nowhere.ics", "/calendar/event/e9.ics", "/calendar/event/m1-20270303.ics", "/calendar/x/y", "/calendar/../etc.ics"} {
		code, ctype, body := get(p)
		if code != 404 || !strings.HasPrefix(ctype, "text/plain") || !strings.Contains(body, "no") {
			t.Errorf("%s: %d %s %q", p, code, ctype, body)
		}
	}
	code, _, body = get("/calendar/nowhere.ics")
	if !strings.Contains(body, "sip-general") {
		t.Errorf("404 doesn't name the rooms: %q", body)
	}
}
