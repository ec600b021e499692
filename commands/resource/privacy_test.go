package resource

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
	"partnerbot/storage"
)

var _ bot.Privacy = (*Library)(nil)

func newLib(t *testing.T) (*bottest.Env, *Library) {
	t.Helper()
	env := bottest.NewEnv(t, now)
	lib, err := New(env.Env, themes)
	if err != nil {
		t.Fatal(err)
	}
	env.Router.Register(lib.Commands()...)
	return env, lib
}

// dumpBuckets is every key and value of this package's buckets.
func dumpBuckets(t *testing.T, db *storage.DB) string {
	t.Helper()
	var b strings.Builder
	err := db.View(func(tx *storage.Tx) error {
		for _, name := range []string{Bucket, URLBucket} {
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

func exportOf(t *testing.T, lib *Library, who bot.ID) []ExportedResource {
	t.Helper()
	d, err := lib.PersonalData(who)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(d) // it must be JSON-encodable
	if err != nil {
		t.Fatal(err)
	}
	var out []ExportedResource
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPrivacyExportAndForget(t *testing.T) {
	env, lib := newLib(t)
	zed := bot.ConsoleUser("zedwardia")
	mustOK(t, env.Run("zedwardia", `resource share https://example.org/warm "Warm spaces toolkit" #energy-and-warmth "How to run a warm space"`))
	mustOK(t, env.Run("bea", `resource share https://example.org/food "Food bank referral guide" #food`))
	mustOK(t, env.Run("zedwardia", `resource share https://example.org/debt "Debt advice leaflet"`))
	env.Posts.Take()

	exp := exportOf(t, lib, zed)
	raw, _ := json.MarshalIndent(exp, "", "  ")
	t.Logf("export:\n%s", raw)
	if len(exp) != 2 || exp[0].ID != 1 || exp[1].ID != 3 {
		t.Fatalf("export = %+v", exp)
	}
	if e := exp[0]; e.Title != "Warm spaces toolkit" || e.URL != "https://example.org/warm" || e.Description != "How to run a warm space" ||
		len(e.Themes) != 1 || e.Themes[0] != "energy and warmth" || e.Room != "sip-general" || e.SharedAt != "2026-11-03T10:00:00Z" || e.SharedAs != "zedwardia" {
		t.Errorf("exported %+v", e)
	}
	if e := exportOf(t, lib, bot.ConsoleUser("nobody")); len(e) != 0 {
		t.Errorf("a stranger's export: %v", e)
	}

	for i := 0; i < 2; i++ { // idempotent
		if err := lib.Forget(zed); err != nil {
			t.Fatal(err)
		}
	}
	if dump := dumpBuckets(t, env.DB); strings.Contains(dump, "zedwardia") {
		t.Fatalf("still in the buckets:\n%s", dump)
	}
	if e := exportOf(t, lib, zed); len(e) != 0 {
		t.Errorf("export after forget: %v", e)
	}
	// The library keeps her resources, shared by a former member.
	r := mustOK(t, env.Run("bea", "resource list"))
	t.Logf("%s", r.Text)
	if !strings.Contains(r.Text, "Warm spaces toolkit — https://example.org/warm (energy and warmth) · a former member") ||
		!strings.Contains(r.Text, "Debt advice leaflet — https://example.org/debt · a former member") ||
		!strings.Contains(r.Text, "Food bank referral guide — https://example.org/food (food) · bea") {
		t.Errorf("list after forget:\n%s", r.Text)
	}
	items := dataJSON(t, r)["resources"].([]any)
	if len(items) != 3 || items[2].(map[string]any)["shared_by"] != FormerMember {
		t.Errorf("items = %v", items)
	}
	if r := mustOK(t, env.Run("bea", "resource search warm")); !strings.Contains(r.Text, FormerMember) {
		t.Errorf("search after forget: %s", r.Text)
	}
	// Sharing the same link again names the former member.
	if r := env.Run("bea", `resource share https://example.org/warm "Again"`); !r.Error || !strings.Contains(r.Text, "Already shared by a former member") {
		t.Errorf("duplicate after forget: %q", r.Text)
	}
	// Nobody but an admin can remove them now, however they ask.
	for _, who := range []string{"zedwardia", "bea"} {
		r := env.Router.Handle(t.Context(), &bot.Request{User: bot.ConsoleUser(who), Channel: bot.ConsoleChannel, Action: "resource remove 1"})
		if !r.Error || !strings.Contains(r.Text, "Only an admin") {
			t.Errorf("%s removing a former member's resource: %q", who, r.Text)
		}
	}
	mustOK(t, env.Run("admin", "resource remove 3"))
}
