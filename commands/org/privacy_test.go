package org

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
	"partnerbot/storage"
)

var _ bot.Privacy = (*Org)(nil)

func dumpMembers(t *testing.T, db *storage.DB) string {
	t.Helper()
	var b strings.Builder
	err := db.View(func(tx *storage.Tx) error {
		return tx.Bucket([]byte(MembersBucket)).ForEach(func(k, v []byte) error {
			fmt.Fprintf(&b, "%s=%s\n", k, v)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPrivacy(t *testing.T) {
	env := bottest.NewEnv(t, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	o, err := New(env.Env, names{"Riverside Trust", "Money Advice Centre"})
	if err != nil {
		t.Fatal(err)
	}
	env.Router.Register(o.Commands()...)
	ctx := context.Background()
	sam, kim, lead := bot.ConsoleUser("sam"), bot.ConsoleUser("kim"), bot.ConsoleUser("lead")
	if _, err := o.Add(ctx, lead, "Riverside Trust", "console:local:admin"); err != nil {
		t.Fatal(err)
	}
	// lead, an admin elsewhere, recorded sam and kim.
	for _, p := range []bot.ID{sam, kim} {
		if _, err := o.Add(ctx, p, "Money Advice Centre", lead); err != nil {
			t.Fatal(err)
		}
	}
	d, err := o.PersonalData(lead)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(d)
	if !strings.Contains(string(raw), `"organisation":"Riverside Trust"`) || !strings.Contains(string(raw), `"memberships_recorded":2`) {
		t.Fatalf("export %s", raw)
	}
	d, _ = o.PersonalData(bot.ConsoleUser("nobody"))
	if raw, _ := json.Marshal(d); string(raw) != `{"membership":null,"memberships_recorded":0}` {
		t.Fatalf("export of a stranger %s", raw)
	}

	for range 2 { // idempotent
		if err := o.Forget(lead); err != nil {
			t.Fatal(err)
		}
		if dump := dumpMembers(t, env.DB); strings.Contains(dump, "lead") {
			t.Fatalf("lead is still there:\n%s", dump)
		}
	}
	if _, ok := o.OrgOf(lead); ok {
		t.Fatal("cache still has lead")
	}
	if got := o.Members("Money Advice Centre"); fmt.Sprint(got) != "[console:local:kim console:local:sam]" {
		t.Fatalf("the people lead recorded lost their membership: %v", got)
	}
	// A restart agrees.
	o2, _ := New(env.Env, names{"Riverside Trust", "Money Advice Centre"})
	if p, n := o2.Count(); p != 2 || n != 1 {
		t.Fatalf("after restart %d people in %d organisations", p, n)
	}
}

// Forged button payloads and hostile text: admin-only actions are checked on
// the server whatever the path, and typed text is echoed harmlessly.
func TestHostileInput(t *testing.T) {
	env := bottest.NewEnv(t, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	o, err := New(env.Env, names{"Riverside Trust"})
	if err != nil {
		t.Fatal(err)
	}
	env.Router.Register(o.Commands()...)
	if _, err := o.Add(context.Background(), "console:local:kim", "Riverside Trust", ""); err != nil {
		t.Fatal(err)
	}
	before := dumpMembers(t, env.DB)
	tests := []struct {
		user   bot.ID
		admin  bool // as a Slack user group would make them
		action string
		want   string
	}{
		{"console:local:sam", false, `org add-member sam "Riverside Trust"`, "Only admins"},
		{"console:local:sam", false, `org remove-member kim`, "Only admins"},
		{"slack:T1:U9", false, `org add-member <@U9> "Riverside Trust"`, "Only admins"},
		{"console:local:admin", false, `org add-member sam "@everyone <!channel>"`, "@\u200beveryone <\u200b!channel>"},
		{"console:local:admin", false, `org members "@here"`, "@\u200bhere"},
		{"slack:T1:U1", true, `org remove-member @everyone`, "@\u200beveryone"},
		{"slack:T1:U1", true, `org add-member <@U2> "<@&123>"`, "<\u200b@&123>"},
	}
	for _, tt := range tests {
		r := env.Router.Handle(context.Background(), &bot.Request{User: tt.user, Admin: tt.admin, Channel: bot.ConsoleChannel, Action: tt.action})
		if !r.Error || !strings.Contains(r.Text, tt.want) {
			t.Errorf("%s %q: %q (error %v), want a refusal containing %q", tt.user, tt.action, r.Text, r.Error, tt.want)
		}
		if strings.Contains(r.Text, "@everyone") || strings.Contains(r.Text, "@here") || strings.Contains(r.Text, "<!") {
			t.Errorf("%q echoed a mass mention: %q", tt.action, r.Text)
		}
	}
	if after := dumpMembers(t, env.DB); after != before {
		t.Fatalf("memberships changed:\n%s\n---\n%s", before, after)
	}
}
