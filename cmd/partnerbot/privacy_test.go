package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrivacyForgetLeavesNoTrace exports a member's data, forgets them and
// checks that their id is nowhere in the database file, free pages
// included, while the poll still counts their vote.
func TestPrivacyForgetLeavesNoTrace(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	now := "--now=2026-11-26T12:00:00Z"
	steps := [][]string{
		{"exec", "--db", db, now, `poll "Which priority?" "Food" "Warmth"`},
		{"exec", "--db", db, now, "--as", "samira", "vote 1 B"},
		{"exec", "--db", db, now, "--as", "samira", "remind me to call the food bank tomorrow at 9am"},
		{"exec", "--db", db, now, "--as", "samira", `resource share https://example.org/kit "Warm spaces kit"`},
		{"exec", "--db", db, now, "poll close 1"},
	}
	for _, s := range steps {
		if out, errs, code := runCLI(t, s...); code != 0 {
			t.Fatalf("%v: exit %d: %s %s", s, code, out, errs)
		}
	}
	out, errs, code := runCLI(t, "privacy", "export", "--db", db, "samira")
	if code != 0 {
		t.Fatalf("export: %s", errs)
	}
	var exported map[string]any
	if err := json.Unmarshal([]byte(out), &exported); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	if !strings.Contains(out, "call the food bank") {
		t.Errorf("export lacks the reminder:\n%s", out)
	}
	if _, errs, code := runCLI(t, "privacy", "forget", "--db", db, "samira"); code != 0 {
		t.Fatalf("forget: %s", errs)
	}
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("console:local:samira")) {
		t.Errorf("the forgotten id is still in the database file")
	}
	res, errs, code := runCLI(t, "exec", "--db", db, "--json", now, "poll results 1")
	if code != 0 {
		t.Fatalf("results: %s", errs)
	}
	if !strings.Contains(res, "a former member") || !strings.Contains(res, `"voters": 1`) {
		t.Errorf("the closed poll should still count a former member's vote:\n%s", res)
	}
}
