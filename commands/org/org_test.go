package org

import (
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
)

type names []string

func (n names) Organisations() []string { return n }
func (n names) MatchOrganisation(s string) (string, bool) {
	for _, o := range n {
		if strings.EqualFold(o, s) {
			return o, true
		}
	}
	return "", false
}

func TestResolveUser(t *testing.T) {
	tests := []struct {
		requester bot.ID
		typed     string
		want      bot.ID
		wantErr   string
	}{
		{"slack:T1:U9", "<@U123>", "slack:T1:U123", ""},
		{"slack:T1:U9", "<@U123|sam>", "slack:T1:U123", ""},
		{"discord:G1:9", "<@123>", "discord:G1:123", ""},
		{"discord:G1:9", "<@!123>", "discord:G1:123", ""},
		{"discord:G1:9", "<@&55>", "", "is a role"},
		{"console:local:you", "sam", "console:local:sam", ""},
		{"console:local:you", "slack:T1:U2", "slack:T1:U2", ""},
		{"slack:T1:U9", "sam", "", "@-mention"},
		{"console:local:you", "<@U1>", "", "only works in Slack or Discord"},
		{"console:local:you", "", "", "Tell me who"},
	}
	for _, tt := range tests {
		got, err := ResolveUser(tt.requester, tt.typed)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s %q: error %v, want %q", tt.requester, tt.typed, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s %q: got %s %v, want %s", tt.requester, tt.typed, got, err, tt.want)
		}
	}
}

func TestCommands(t *testing.T) {
	env := bottest.NewEnv(t, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	o, err := New(env.Env, names{"Riverside Trust", "Money Advice Centre"})
	if err != nil {
		t.Fatal(err)
	}
	env.Router.Register(o.Commands()...)
	steps := []struct {
		user, text, want string
		isErr            bool
	}{
		{"admin", `org add-member sam "riverside trust"`, "sam (console) is now a member of Riverside Trust", false},
		{"admin", `org add-member sam Money Advice Centre`, "moved from Riverside Trust to Money Advice Centre", false},
		{"admin", `org add-member sam "Nowhere"`, `I don't know an organisation called "Nowhere"`, true},
		{"sam", `org add-member sam "Riverside Trust"`, "Only admins", true},
		{"admin", `org members "Money Advice Centre"`, "sam (console)", false},
		{"admin", `org list`, "Money Advice Centre — 1 person", false},
		{"sam", `whoami`, "Organisation: Money Advice Centre", false},
		{"admin", `org remove-member sam "Riverside Trust"`, "belong to Money Advice Centre", true},
		{"admin", `org remove-member sam "Money Advice Centre"`, "no longer a member", false},
		{"admin", `org remove-member sam`, "isn't a member of any", true},
	}
	for _, s := range steps {
		r := env.Run(s.user, s.text)
		if r.Error != s.isErr || !strings.Contains(r.Text, s.want) {
			t.Fatalf("%s: %q → %q (error %v), want %q", s.user, s.text, r.Text, r.Error, s.want)
		}
	}
	r := env.Run("admin", "whoami")
	if r.Data["user"] != "console:local:admin" || r.Data["admin"] != true || r.Data["org"] != "" || r.Data["person"] != "console:local:admin" {
		t.Fatalf("whoami data %v", r.Data)
	}
	// Memberships survive a restart (reloaded from bbolt).
	env.Run("admin", `org add-member kim "Riverside Trust"`)
	o2, _ := New(env.Env, names{"Riverside Trust"})
	if g, ok := o2.OrgOf("console:local:kim"); !ok || g != "Riverside Trust" {
		t.Fatalf("reloaded %q %v", g, ok)
	}
	if p, n := o2.Count(); p != 1 || n != 1 {
		t.Fatalf("count %d %d", p, n)
	}
}
