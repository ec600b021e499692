package bot

import (
	"strings"
	"testing"
	"time"
)

func TestParseID(t *testing.T) {
	tests := []struct {
		in                    string
		ok                    bool
		platform, team, local string
	}{
		{"slack:T01:U02", true, "slack", "T01", "U02"},
		{"discord:G01:C02", true, "discord", "G01", "C02"},
		{"console:local:you", true, "console", "local", "you"},
		{"console:local:a:b", true, "console", "local", "a:b"},
		{"slack:T01", false, "", "", ""},
		{"slack::U02", false, "", "", ""},
		{":T:U", false, "", "", ""},
		{"slack:T:", false, "", "", ""},
		{"", false, "", "", ""},
		{"U02", false, "", "", ""},
	}
	for _, tt := range tests {
		id, err := ParseID(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseID(%q) err = %v, want ok %v", tt.in, err, tt.ok)
			continue
		}
		if !tt.ok {
			if !strings.Contains(err.Error(), "for example slack:T01:U02") {
				t.Errorf("ParseID(%q) error lacks an example: %v", tt.in, err)
			}
			continue
		}
		if id.Platform() != tt.platform || id.Team() != tt.team || id.Local() != tt.local {
			t.Errorf("ParseID(%q) = %s %s %s", tt.in, id.Platform(), id.Team(), id.Local())
		}
	}
	// Malformed ids don't panic.
	if ID("x").Local() != "" || ID("").Platform() != "" {
		t.Error("parts of a malformed id should be empty")
	}
	if ConsoleUser("sam") != "console:local:sam" || ConsoleChannel.Platform() != "console" {
		t.Error("console ids wrong")
	}
}

func TestFakeClock(t *testing.T) {
	lon, _ := time.LoadLocation("Europe/London")
	c := NewFakeClock(time.Date(2026, 6, 1, 10, 0, 0, 0, lon))
	if got := c.Now(); got.Location() != time.UTC || !got.Equal(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("Now = %v, want 09:00 UTC", got)
	}
	c.Advance(90 * time.Minute)
	if got := c.Now(); !got.Equal(time.Date(2026, 6, 1, 10, 30, 0, 0, time.UTC)) {
		t.Errorf("after Advance: %v", got)
	}
	c.Set(time.Date(2027, 1, 1, 0, 0, 0, 0, lon))
	if got := c.Now(); got.Location() != time.UTC || !got.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("after Set: %v", got)
	}
	if SystemClock.Now(SystemClock{}).Location() != time.UTC {
		t.Error("the system clock should be in UTC")
	}
	// Safe from many goroutines (go test -race).
	done := make(chan bool)
	for range 4 {
		go func() {
			for range 100 {
				c.Advance(time.Second)
				_ = c.Now()
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
	if got := c.Now(); !got.Equal(time.Date(2027, 1, 1, 0, 6, 40, 0, time.UTC)) {
		t.Errorf("after 400 one-second advances: %v", got)
	}
}
