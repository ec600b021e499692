package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
)

// runCLI runs the binary's entry point in-process.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func TestExec(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // substring
		stderr   string // substring
		jsonData []string
	}{
		{name: "help", args: []string{"exec", "--db", db, "help"}, stdout: "Here's what I can do"},
		{name: "help json", args: []string{"exec", "--db", db, "--json", "help"}, stdout: `"text"`, jsonData: []string{"commands"}},
		{name: "flags after text", args: []string{"exec", "help", "--db", db, "--json"}, stdout: `"data"`},
		{name: "unknown command", args: []string{"exec", "--db", db, "frobnicate"}, code: 1, stderr: "I don't know the command"},
		{name: "no text", args: []string{"exec", "--db", db}, code: 2, stderr: "give the command to run"},
		{name: "bad now", args: []string{"exec", "--db", db, "--now", "tomorrow", "help"}, code: 2, stderr: "RFC 3339"},
		{name: "member refused admin command", args: []string{"exec", "--db", db, "--as", "alice", "room status"}, code: 1, stderr: "Only admins"},
		{name: "admin by default", args: []string{"exec", "--db", db, "room status"}, stdout: "sip-general"},
		{name: "unknown subcommand", args: []string{"frobnicate"}, code: 2, stderr: "unknown command"},
		{name: "version", args: []string{"version"}, stdout: "partnerbot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCLI(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errs)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q does not contain %q", out, tt.stdout)
			}
			if !strings.Contains(errs, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", errs, tt.stderr)
			}
			if len(tt.jsonData) > 0 {
				var got execOutput
				if err := json.Unmarshal([]byte(out), &got); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, out)
				}
				for _, k := range tt.jsonData {
					if _, ok := got.Data[k]; !ok {
						t.Errorf("data has no %q: %v", k, got.Data)
					}
				}
			}
		})
	}
}

func TestConsoleScript(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	var out, errb bytes.Buffer
	code := run([]string{"console", "--db", db}, strings.NewReader("help\nroom list\nquit\n"), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"Type `help`", "Here's what I can do", "sip-general", "Bye for now."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("console output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestBadConfigNamesLine(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "bad.toml")
	os.WriteFile(cfg, []byte("[bot]\ntimezone = \"Europe/London\"\ncolour = \"blue\"\n"), 0o600)
	_, errs, code := runCLI(t, "serve", "--config", cfg)
	if code == 0 || !strings.Contains(errs, "bad.toml:3") || !strings.Contains(errs, "bot.colour") {
		t.Fatalf("exit %d, stderr %q: want file:line and key", code, errs)
	}
}

// TestServeLifecycle starts serve, checks the endpoints, takes a backup
// through the admin socket while the server holds the database, and shuts
// down cleanly.
func TestServeLifecycle(t *testing.T) {
	dir := t.TempDir()
	cfg := bot.DefaultConfig()
	cfg.Storage.Path = filepath.Join(dir, "serve.db")
	cfg.HTTP.Listen = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 200, "/nope": 404,
		"/map": 200, "/directory?q=older+people+in+Bedwell": 200, "/calendar/sip-general.ics": 200, "/calendar/nowhere.ics": 404,
		"/slack/commands": 404, "/discord/interactions": 404} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d: %s", path, resp.StatusCode, want, body)
		}
		if path == "/metrics" && !strings.Contains(string(body), "go_goroutines") {
			t.Errorf("/metrics lacks the Go collector")
		}
	}
	// A second process can't open the database, but backup asks the server.
	out := filepath.Join(dir, "backup.db")
	stdout, stderr, code := runCLI(t, "backup", "--db", cfg.Storage.Path, out)
	if code != 0 {
		t.Fatalf("backup while serving: exit %d: %s %s", code, stdout, stderr)
	}
	if _, stderr, code := runCLI(t, "exec", "--db", cfg.Storage.Path, "help"); code == 0 || !strings.Contains(stderr, "in use by another partnerbot (pid") {
		t.Errorf("exec on a held database: exit %d, %q", code, stderr)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	// The backup restores over a stopped database.
	if _, stderr, code := runCLI(t, "restore", "--db", filepath.Join(dir, "restored.db"), out); code != 0 {
		t.Fatalf("restore: %s", stderr)
	}
	if _, stderr, code := runCLI(t, "restore", "--db", filepath.Join(dir, "x.db"), filepath.Join(dir, "nope.db")); code == 0 {
		t.Fatalf("restore of a missing file succeeded: %s", stderr)
	}
}
