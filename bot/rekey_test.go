package bot

import (
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"partnerbot/storage"
)

// recordingRekeyer records its calls and fails if told to.
type recordingRekeyer struct {
	mu    sync.Mutex
	calls []string
	fail  error
}

func (r *recordingRekeyer) Rekey(from, to ID, now time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, string(from)+"→"+string(to))
	return r.fail
}

// TestRedeemRekeys: after a successful link every Rekeyer merges the
// redeeming account, and any account following it, into the person; a
// failing Rekeyer is logged and neither undoes the link nor stops the others.
func TestRedeemRekeys(t *testing.T) {
	db, err := storage.Open(filepath.Join(t.TempDir(), "links.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	links, err := NewLinks(db)
	if err != nil {
		t.Fatal(err)
	}
	links.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	failing := &recordingRekeyer{fail: errors.New("disk on fire")}
	ok := &recordingRekeyer{}
	links.AddRekeyer(failing)
	links.AddRekeyer(nil) // ignored
	links.AddRekeyer(ok)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

	const (
		slackSam   ID = "slack:T1:U1"
		discordSam ID = "discord:G1:D1"
		consoleSam ID = "console:local:sam"
	)
	steps := []struct {
		person, user ID
		bad          bool // a refused link: no Rekey
		want         []string
	}{
		// console:sam follows discord:sam…
		{person: discordSam, user: consoleSam, want: []string{"console:local:sam→discord:G1:D1"}},
		// …so when discord:sam joins slack:sam, both merge into slack:sam.
		{person: slackSam, user: discordSam, want: []string{"discord:G1:D1→slack:T1:U1", "console:local:sam→slack:T1:U1"}},
		// Linking again to the same person is refused: nothing to merge.
		{person: slackSam, user: discordSam, bad: true},
	}
	for i, s := range steps {
		ok.calls, failing.calls = nil, nil
		code, err := links.NewCode(s.person, now)
		if err != nil {
			t.Fatal(err)
		}
		got, err := links.Redeem(s.user, code, now)
		if s.bad {
			if err == nil {
				t.Errorf("step %d: linking again was accepted", i)
			}
		} else if err != nil || got != s.person {
			t.Fatalf("step %d: Redeem = %s, %v; want %s", i, got, err, s.person)
		}
		if !slices.Equal(ok.calls, s.want) || !slices.Equal(failing.calls, s.want) {
			t.Errorf("step %d: Rekey calls %v and %v, want %v", i, ok.calls, failing.calls, s.want)
		}
	}
	for _, id := range []ID{discordSam, consoleSam} {
		if p := links.Resolve(id); p != slackSam {
			t.Errorf("%s resolves to %s, want %s", id, p, slackSam)
		}
	}
}
