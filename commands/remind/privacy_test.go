package remind

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

var _ bot.Privacy = (*Reminders)(nil)

// dumpBuckets is every key and value of this package's buckets.
func dumpBuckets(t *testing.T, db *storage.DB) string {
	t.Helper()
	var b strings.Builder
	err := db.View(func(tx *storage.Tx) error {
		for _, name := range []string{Bucket, DueBucket, WhoBucket} {
			_ = tx.Bucket([]byte(name)).ForEach(func(k, v []byte) error {
				fmt.Fprintf(&b, "%s %s=%s\n", name, k, v)
				return nil
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func exportOf(t *testing.T, f *fixture, who bot.ID) []ExportedReminder {
	t.Helper()
	d, err := f.R.PersonalData(who)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(d) // it must be JSON-encodable
	if err != nil {
		t.Fatal(err)
	}
	var out []ExportedReminder
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPrivacyExportAndForget(t *testing.T) {
	f := newFixture(t, now)
	zed := bot.ConsoleUser("zedwardia")
	ok(t, f.Run("zedwardia", "remind me to call the food bank tomorrow at 9am"))                   // 1: hers, for her
	ok(t, f.Run("zedwardia", "remind #sip-general every first Tuesday at 9am to send the agenda")) // 2: hers, for a room
	ok(t, f.Run("zedwardia", "remind @bob to book the hall on Friday at 10:00"))                   // 3: hers, for bob
	ok(t, f.Run("bob", "remind @zedwardia to bring the banner on Saturday at 10:00"))              // 4: bob's, for her
	ok(t, f.Run("bob", "remind me in 1 hour to phone Sam"))                                        // 5: bob's own
	ok(t, f.Run("carol", "remind me in 2 hours to stretch"))                                       // 6: carol's
	ok(t, f.Run("zedwardia", "remind me in 10 minutes to drink water"))                            // 7: delivered, kept a week
	f.Fake.Advance(10 * time.Minute)
	if p := f.tick(t); len(p) != 1 {
		t.Fatalf("posts = %v", p)
	}

	exp := exportOf(t, f, zed)
	raw, _ := json.MarshalIndent(exp, "", "  ")
	t.Logf("export:\n%s", raw)
	got := map[uint64]ExportedReminder{}
	for _, e := range exp {
		got[e.ID] = e
	}
	if len(got) != 5 {
		t.Fatalf("exported %d reminders, want 1, 2, 3, 4 and 7", len(got))
	}
	want := map[uint64]struct {
		what, target, next string
		set, isFor         bool
	}{
		1: {"call the food bank", string(zed), "2026-11-27T09:00:00Z", true, true},
		2: {"send the agenda", "#sip-general", "2026-12-01T09:00:00Z", true, false},
		3: {"book the hall", "console:local:bob", "2026-11-27T10:00:00Z", true, false},
		4: {"bring the banner", string(zed), "2026-11-28T10:00:00Z", false, true},
		7: {"drink water", string(zed), "", true, true},
	}
	for id, w := range want {
		e := got[id]
		if e.What != w.what || e.Target != w.target || e.Next != w.next || e.SetByThem != w.set || e.ForThem != w.isFor {
			t.Errorf("reminder %d exported as %+v, want %+v", id, e, w)
		}
	}
	if got[2].Rule != "FREQ=MONTHLY;BYDAY=1TU" || !got[2].Recurring {
		t.Errorf("rule = %q", got[2].Rule)
	}
	if got[4].SetByName != "" {
		t.Errorf("someone else's name in her export: %q", got[4].SetByName)
	}
	if !got[7].Delivered {
		t.Errorf("delivered reminder 7 not marked so: %+v", got[7])
	}
	if e := exportOf(t, f, bot.ConsoleUser("nobody")); len(e) != 0 {
		t.Errorf("a stranger's export: %v", e)
	}

	for i := 0; i < 2; i++ { // idempotent
		if err := f.R.Forget(zed); err != nil {
			t.Fatal(err)
		}
	}
	dump := dumpBuckets(t, f.DB)
	if strings.Contains(dump, "zedwardia") {
		t.Fatalf("still in the buckets:\n%s", dump)
	}
	if e := exportOf(t, f, zed); len(e) != 0 {
		t.Errorf("export after forget: %v", e)
	}
	// Bob's and carol's own reminders are untouched; bob's one for her is gone.
	if r := ok(t, f.Run("bob", "reminders")); !strings.Contains(r.Text, "You have 1 reminder") || !strings.Contains(r.Text, "phone Sam") {
		t.Errorf("bob's reminders after forget: %s", r.Text)
	}
	if r := ok(t, f.Run("admin", "reminders all")); len(data(t, r)["reminders"].([]any)) != 2 {
		t.Errorf("all after forget: %s", r.Text)
	}
	// Nothing of hers fires; the others do.
	f.Fake.Advance(30 * 24 * time.Hour)
	for _, p := range f.tick(t) {
		if strings.Contains(p.Target, "zedwardia") || p.Target == "sip-general" || strings.Contains(p.Reply.Text, "book the hall") {
			t.Errorf("a forgotten reminder fired: %v", p)
		}
	}
}

// An index entry left without its reminder still goes.
func TestForgetSweepsStaleIndex(t *testing.T) {
	f := newFixture(t, now)
	zed := bot.ConsoleUser("zedwardia")
	err := f.DB.Update(func(tx *storage.Tx) error {
		return storage.Bucket(tx, WhoBucket).Put([]byte("to:"+string(zed)+"|"+idKey(99)), []byte("1"))
	})
	if err != nil {
		t.Fatal(err)
	}
	ok(t, f.Run("bob", "remind me in 1 hour to phone Sam"))
	if err := f.R.Forget(zed); err != nil {
		t.Fatal(err)
	}
	if dump := dumpBuckets(t, f.DB); strings.Contains(dump, "zedwardia") || !strings.Contains(dump, "by:console:local:bob") {
		t.Errorf("after forget:\n%s", dump)
	}
}
