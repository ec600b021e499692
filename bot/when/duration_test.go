package when

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	day := 24 * time.Hour
	cases := []struct {
		in   string
		want time.Duration
	}{
		{"20 minutes", 20 * time.Minute}, {"20m", 20 * time.Minute}, {"20 m", 20 * time.Minute},
		{"20 min", 20 * time.Minute}, {"20 mins", 20 * time.Minute}, {"1 minute", time.Minute},
		{"a minute", time.Minute}, {"90 min", 90 * time.Minute}, {"90min", 90 * time.Minute},
		{"1h", time.Hour}, {"1 h", time.Hour}, {"1 hr", time.Hour}, {"2 hrs", 2 * time.Hour},
		{"2 hours", 2 * time.Hour}, {"an hour", time.Hour}, {"one hour", time.Hour}, {"two hours", 2 * time.Hour},
		{"1h30m", 90 * time.Minute}, {"1h 30m", 90 * time.Minute}, {"1 hour 30 minutes", 90 * time.Minute},
		{"1 hour and 30 minutes", 90 * time.Minute}, {"1 hour, 30 minutes", 90 * time.Minute},
		{"an hour and a half", 90 * time.Minute}, {"half an hour", 30 * time.Minute}, {"1.5h", 90 * time.Minute},
		{"1.5 hours", 90 * time.Minute}, {"0.5 days", 12 * time.Hour}, {"half a day", 12 * time.Hour},
		{"3 days", 3 * day}, {"7d", 7 * day}, {"1 day", day}, {"a day", day}, {"1 week", 7 * day},
		{"a week", 7 * day}, {"2 weeks", 14 * day}, {"2w", 14 * day}, {"3 wks", 21 * day},
		{"a fortnight", 14 * day}, {"1d12h", 36 * time.Hour}, {"2 days 3 hours", 51 * time.Hour},
		{"30s", 30 * time.Second}, {"45 seconds", 45 * time.Second}, {"1h30m15s", 90*time.Minute + 15*time.Second},
		{"in 20 minutes", 20 * time.Minute}, {"  20   Minutes. ", 20 * time.Minute}, {"20 MINUTES", 20 * time.Minute},
		{"twelve hours", 12 * time.Hour}, {"10 years"[:0] + "3650 days", 3650 * day},
	}
	for _, c := range cases {
		got, err := ParseDuration(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	bad := []struct{ in, problem string }{
		{"", "no length"}, {"   ", "no length"}, {"20", "needs a unit"}, {"minutes", `not "minutes"`},
		{"-5m", "negative"}, {"-5 minutes", "negative"}, {"0m", "longer than zero"}, {"0 hours", "longer than zero"},
		{"2 months", "months and years"}, {"1 year", "months and years"}, {"3mo", "months and years"},
		{"20 blurbs", `not "blurbs"`}, {"20x", "isn't a length of time"}, {"1h30", `"1h30"`},
		{"20 minutes please", `not "please"`}, {"3661 days", "too far"}, {"999999 hours", "too far"},
		{"tomorrow", `not "tomorrow"`}, {"1e9s", `"1e9s"`}, {"20 minutes and", `not "and"`},
	}
	for _, c := range bad {
		got, err := ParseDuration(c.in)
		if err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", c.in, got)
			continue
		}
		if e := asError(t, err); !strings.Contains(e.Problem, c.problem) {
			t.Errorf("ParseDuration(%q) Problem = %q, want %q", c.in, e.Problem, c.problem)
		}
	}
}
