package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerbot/storage"
)

// fakeAdapter records what the hub asks of one platform.
type fakeAdapter struct {
	platform string
	mu       sync.Mutex
	fail     error
	n        int
	calls    []string // "post CHANNEL TEXT", "update CHANNEL REF TEXT", "direct USER TEXT"
}

func (f *fakeAdapter) Platform() string                           { return f.platform }
func (f *fakeAdapter) Start(ctx context.Context, h Handler) error { <-ctx.Done(); return nil }

func (f *fakeAdapter) setFail(err error) {
	f.mu.Lock()
	f.fail = err
	f.mu.Unlock()
}

func (f *fakeAdapter) Post(ctx context.Context, ch ID, r Reply) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return "", f.fail
	}
	f.n++
	f.calls = append(f.calls, fmt.Sprintf("post %s %s", ch, r.Text))
	return fmt.Sprintf("%s-msg-%d", f.platform, f.n), nil
}

func (f *fakeAdapter) Update(ctx context.Context, ch ID, ref string, r Reply) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.calls = append(f.calls, fmt.Sprintf("update %s %s %s", ch, ref, r.Text))
	return nil
}

func (f *fakeAdapter) Direct(ctx context.Context, user ID, r Reply) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.calls = append(f.calls, fmt.Sprintf("direct %s %s %v", user, r.Text, r.Ephemeral))
	return nil
}

func (f *fakeAdapter) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calls
	f.calls = nil
	return c
}

func tempDB(t testing.TB) *storage.DB {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "bot.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

const (
	slackGeneral   ID = "slack:T1:C1"
	discordGeneral ID = "discord:G1:C2"
)

func testHub(t *testing.T) (*Hub, *fakeAdapter, *fakeAdapter, *FakeClock) {
	rooms := NewRooms("sip-general")
	if err := rooms.Bind("sip-general", slackGeneral, discordGeneral); err != nil {
		t.Fatal(err)
	}
	if err := rooms.Bind("steering", "slack:T1:C9"); err != nil {
		t.Fatal(err)
	}
	h := NewHub(tempDB(t), rooms, discard())
	clock := NewFakeClock(t0)
	h.Clock = clock
	s, d := &fakeAdapter{platform: "slack"}, &fakeAdapter{platform: "discord"}
	h.AddAdapter(s)
	h.AddAdapter(d)
	return h, s, d, clock
}

func TestHubPublishAndUpdate(t *testing.T) {
	h, s, d, _ := testHub(t)
	ctx := context.Background()
	n, err := h.Publish(ctx, "#SIP-General", Reply{Text: "Poll 3: 0 votes", Key: "poll:3", Ephemeral: true})
	if err != nil || n != 2 {
		t.Fatalf("Publish = %d, %v; want 2 copies", n, err)
	}
	if got := s.take(); len(got) != 1 || got[0] != "post slack:T1:C1 Poll 3: 0 votes" {
		t.Errorf("slack saw %q", got)
	}
	if got := d.take(); len(got) != 1 || got[0] != "post discord:G1:C2 Poll 3: 0 votes" {
		t.Errorf("discord saw %q", got)
	}
	copies, err := h.Copies("poll:3")
	if err != nil || len(copies) != 2 || copies[slackGeneral] != "slack-msg-1" || copies[discordGeneral] != "discord-msg-1" {
		t.Errorf("Copies = %v, %v", copies, err)
	}
	// A key that is a prefix of another doesn't pick up its copies.
	if _, err := h.Publish(ctx, "sip-general", Reply{Text: "Poll 30", Key: "poll:30"}); err != nil {
		t.Fatal(err)
	}
	s.take()
	d.take()
	if copies, _ := h.Copies("poll:3"); len(copies) != 2 {
		t.Errorf("poll:3 copies = %v", copies)
	}

	if err := h.Update(ctx, Reply{Text: "Poll 3: 1 vote", Key: "poll:3"}); err != nil {
		t.Fatal(err)
	}
	if got := s.take(); len(got) != 1 || got[0] != "update slack:T1:C1 slack-msg-1 Poll 3: 1 vote" {
		t.Errorf("slack saw %q", got)
	}
	if got := d.take(); len(got) != 1 || got[0] != "update discord:G1:C2 discord-msg-1 Poll 3: 1 vote" {
		t.Errorf("discord saw %q", got)
	}
	if err := h.Update(ctx, Reply{Text: "no key"}); err == nil {
		t.Error("Update without a key should fail")
	}
	// Publishing straight to a channel id works too.
	if n, err := h.Publish(ctx, "discord:G1:C7", Reply{Text: "hi"}); err != nil || n != 1 {
		t.Errorf("Publish to a channel = %d, %v", n, err)
	}
	if got := d.take(); len(got) != 1 || got[0] != "post discord:G1:C7 hi" {
		t.Errorf("discord saw %q", got)
	}
}

func TestHubOneFailingAdapter(t *testing.T) {
	h, s, d, clock := testHub(t)
	ctx := context.Background()
	s.setFail(errors.New("slack: ratelimited"))
	n, err := h.Publish(ctx, "sip-general", Reply{Text: "Poll 3: 0 votes", Key: "poll:3"})
	if err != nil || n != 1 {
		t.Fatalf("Publish = %d, %v; want 1 copy and no error", n, err)
	}
	if got := d.take(); len(got) != 1 {
		t.Errorf("discord was blocked by slack: %q", got)
	}
	st := h.Status()
	if st[slackGeneral].OK || !strings.Contains(st[slackGeneral].Problem, "ratelimited") || !st[slackGeneral].At.Equal(t0) {
		t.Errorf("slack status = %+v", st[slackGeneral])
	}
	if !st[discordGeneral].OK {
		t.Errorf("discord status = %+v", st[discordGeneral])
	}
	if p := h.Pending(); p[slackGeneral] != 1 || len(p) != 1 {
		t.Errorf("Pending = %v", p)
	}

	// The tally changes while Slack is down: the queued first post gets it.
	if err := h.Update(ctx, Reply{Text: "Poll 3: 2 votes", Key: "poll:3"}); err != nil {
		t.Fatal(err)
	}
	if got := d.take(); len(got) != 1 || !strings.Contains(got[0], "2 votes") {
		t.Errorf("discord saw %q", got)
	}

	// Not due yet: nothing is retried.
	job := h.RetryJob()
	if err := job.Due(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := s.take(); len(got) != 0 {
		t.Errorf("retried before due: %q", got)
	}
	// Slack comes back; the retry posts the latest version and remembers it.
	s.setFail(nil)
	clock.Advance(time.Minute)
	if err := job.Due(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := s.take(); len(got) != 1 || got[0] != "post slack:T1:C1 Poll 3: 2 votes" {
		t.Errorf("slack retry = %q, want the latest tally posted", got)
	}
	if p := h.Pending(); len(p) != 0 {
		t.Errorf("Pending after delivery = %v", p)
	}
	if copies, _ := h.Copies("poll:3"); len(copies) != 2 {
		t.Errorf("Copies after retry = %v", copies)
	}
	if !h.Status()[slackGeneral].OK {
		t.Errorf("slack status after retry = %+v", h.Status()[slackGeneral])
	}
}

func TestHubUnknownTargets(t *testing.T) {
	h, _, _, _ := testHub(t)
	ctx := context.Background()
	_, err := h.Publish(ctx, "nowhere", Reply{Text: "x"})
	var ue *UserError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), `There's no room called "nowhere". The rooms are: sip-general, steering.`) {
		t.Errorf("Publish to an unknown room = %v", err)
	}
	// A channel on a platform with no adapter fails, and says which.
	if _, err := h.Publish(ctx, "telegram:x:y", Reply{Text: "x"}); err == nil || !strings.Contains(err.Error(), "no telegram adapter") {
		t.Errorf("Publish to a platform with no adapter = %v", err)
	}
	if _, err := h.Publish(ctx, "a::b", Reply{Text: "x"}); err == nil {
		t.Error("Publish to a malformed id should fail")
	}
	if err := h.Direct(ctx, "telegram:x:u", Reply{Text: "x"}); err == nil {
		t.Error("Direct with no adapter should fail")
	}
}

func TestHubDirect(t *testing.T) {
	h, s, _, _ := testHub(t)
	if err := h.Direct(context.Background(), "slack:T1:U5", Reply{Text: "psst", Ephemeral: true}); err != nil {
		t.Fatal(err)
	}
	if got := s.take(); len(got) != 1 || got[0] != "direct slack:T1:U5 psst false" {
		t.Errorf("slack saw %q", got)
	}
}

func TestHubRetryGivesUp(t *testing.T) {
	h, s, _, clock := testHub(t)
	ctx := context.Background()
	s.setFail(errors.New("slack: account_inactive"))
	if _, err := h.Publish(ctx, "steering", Reply{Text: "x"}); err != nil {
		// The only channel failed: the post is queued, not refused.
		t.Fatalf("Publish = %v", err)
	}
	job := h.RetryJob()
	for i := 0; i < 200 && len(h.Pending()) > 0; i++ {
		clock.Advance(10 * time.Minute)
		if err := job.Due(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if p := h.Pending(); len(p) != 0 {
		t.Errorf("still pending after more than a day: %v", p)
	}
	if clock.Now().Sub(t0) < retryGive {
		t.Errorf("gave up after %v, before a day", clock.Now().Sub(t0))
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second}
	for i, w := range want {
		if got := backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := backoff(100); got != retryMax {
		t.Errorf("backoff(100) = %v", got)
	}
}
