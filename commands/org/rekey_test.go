package org

import (
	"context"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
)

var _ bot.Rekeyer = (*Org)(nil)

// TestRekey: linking samd (from) into sam (to) carries the organisation over
// once: from's moves if to has none, else to's stays.
func TestRekey(t *testing.T) {
	from, to, admin := bot.ConsoleUser("samd"), bot.ConsoleUser("sam"), bot.ConsoleUser("admin")
	tests := []struct {
		name     string
		from, to string // their organisations before ("" for none)
		want     string // to's afterwards ("" for none)
	}{
		{"the other account's organisation carries over", "Riverside Trust", "", "Riverside Trust"},
		{"the person's own organisation stays", "Riverside Trust", "Money Advice Centre", "Money Advice Centre"},
		{"the same organisation on both", "Riverside Trust", "Riverside Trust", "Riverside Trust"},
		{"only the person is a member", "", "Money Advice Centre", "Money Advice Centre"},
		{"neither is a member", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := bottest.NewEnv(t, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
			o, err := New(env.Env, names{"Riverside Trust", "Money Advice Centre"})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			for _, m := range []struct {
				who bot.ID
				org string
			}{{from, tt.from}, {to, tt.to}} {
				if m.org != "" {
					if _, err := o.Add(ctx, m.who, m.org, admin); err != nil {
						t.Fatal(err)
					}
				}
			}
			// from recorded someone else's membership as an admin.
			if _, err := o.Add(ctx, "console:local:ola", "Riverside Trust", from); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 2; i++ { // the second time changes nothing
				before := dumpMembers(t, env.DB)
				if err := o.Rekey(from, to, env.Fake.Now()); err != nil {
					t.Fatal(err)
				}
				if i == 1 && dumpMembers(t, env.DB) != before {
					t.Errorf("a second Rekey changed the memberships:\n%s\n%s", before, dumpMembers(t, env.DB))
				}
				got, ok := o.OrgOf(to)
				if got != tt.want || ok != (tt.want != "") {
					t.Errorf("the person's organisation is %q (%v), want %q", got, ok, tt.want)
				}
				if g, ok := o.OrgOf(from); ok {
					t.Errorf("the other account still has its own membership (%s)", g)
				}
				// The cache and the database agree.
				reloaded, err := New(env.Env, names{"Riverside Trust", "Money Advice Centre"})
				if err != nil {
					t.Fatal(err)
				}
				if g, _ := reloaded.OrgOf(to); g != tt.want {
					t.Errorf("reloaded: the person's organisation is %q, want %q", g, tt.want)
				}
				if _, ok := reloaded.OrgOf(from); ok {
					t.Error("reloaded: the other account still has its own membership")
				}
			}
			d, err := o.PersonalData(to)
			if err != nil {
				t.Fatal(err)
			}
			if n := d.(OrgExport).Added; n != 1 {
				t.Errorf("the person recorded %d memberships, want 1 (ola's, recorded by the other account)", n)
			}
		})
	}
}
