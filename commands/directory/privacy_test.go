package directory

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
	"partnerbot/storage"
)

var _ bot.Privacy = (*Directory)(nil)

// dumpBuckets is every key and value of this package's buckets.
func dumpBuckets(t *testing.T, db *storage.DB) string {
	t.Helper()
	var b strings.Builder
	err := db.View(func(tx *storage.Tx) error {
		for _, name := range []string{OrgBucket, ServiceBucket} {
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

func exportOf(t *testing.T, d *Directory, who bot.ID) []ExportedChange {
	t.Helper()
	data, err := d.PersonalData(who)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(data) // it must be JSON-encodable
	if err != nil {
		t.Fatal(err)
	}
	var out []ExportedChange
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func ok(t *testing.T, r bot.Reply) bot.Reply {
	t.Helper()
	if r.Error {
		t.Fatalf("unexpected refusal: %s", r.Text)
	}
	return r
}

func TestPrivacyExportAndForget(t *testing.T) {
	d, env := withExample(t)
	zed := bot.ConsoleUser("zedwardia")
	env.Router.Admins[zed] = true
	ok(t, env.Run("zedwardia", `directory add "Shephall Men's Shed" "Tuesday Shed" themes "older people;loneliness" areas Shephall`))
	env.Fake.Advance(3600e9)
	ok(t, env.Run("zedwardia", `directory edit "Sample Riverside Trust" "Tuesday Lunch Club" phone "01438 000111"`))
	ok(t, env.Run("admin", `directory edit "Sample Riverside Trust" "Warm Welcome Space" phone "01438 000112"`))
	ok(t, env.Run("zedwardia", "directory import "+Header+"\nDemo Community Pantry,Community Pantry,Food.,food,Chells,,,,,,\n"))

	exp := exportOf(t, d, zed)
	raw, _ := json.MarshalIndent(exp, "", "  ")
	t.Logf("export:\n%s", raw)
	want := map[string]string{
		"Shephall Men's Shed/Tuesday Shed":          "2026-11-03T10:00:00Z",
		"Sample Riverside Trust/Tuesday Lunch Club": "2026-11-03T11:00:00Z",
		"Demo Community Pantry/Community Pantry":    "2026-11-03T11:00:00Z",
	}
	if len(exp) != len(want) {
		t.Fatalf("export = %+v", exp)
	}
	for _, e := range exp {
		if want[e.Organisation+"/"+e.Service] != e.Updated {
			t.Errorf("exported %+v", e)
		}
	}
	if e := exportOf(t, d, bot.ConsoleUser("nobody")); len(e) != 0 {
		t.Errorf("a stranger's export: %v", e)
	}

	before := env.Run("bob", `directory show "Sample Riverside Trust"`).Text
	for i := 0; i < 2; i++ { // idempotent
		if err := d.Forget(zed); err != nil {
			t.Fatal(err)
		}
	}
	dump := dumpBuckets(t, env.DB)
	if strings.Contains(dump, "zedwardia") {
		t.Fatalf("still in the buckets:\n%s", dump)
	}
	if !strings.Contains(dump, `"updated_by":"console:local:admin"`) {
		t.Errorf("another admin's change was forgotten too:\n%s", dump)
	}
	if e := exportOf(t, d, zed); len(e) != 0 {
		t.Errorf("export after forget: %v", e)
	}
	// The directory itself is unchanged.
	if after := env.Run("bob", `directory show "Sample Riverside Trust"`).Text; after != before {
		t.Errorf("show changed:\n%s\n---\n%s", before, after)
	}
	if r := ok(t, env.Run("bob", "who older people in Shephall")); !strings.Contains(r.Text, "Tuesday Shed") || !strings.Contains(r.Text, "01438 000111") {
		t.Errorf("answer after forget:\n%s", r.Text)
	}
}

// A directory with nobody in it: forgetting is a no-op that keeps the
// index usable.
func TestForgetEmpty(t *testing.T) {
	env := bottest.NewEnv(t, now)
	d, err := New(env.Env)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Forget(bot.ConsoleUser("x")); err != nil {
		t.Fatal(err)
	}
	if err := d.Forget(""); err != nil {
		t.Fatal(err)
	}
}
