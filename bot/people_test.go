package bot

import "testing"

func TestPeople(t *testing.T) {
	db := tempDB(t)
	p := NewPeople(db)
	sam := ID("slack:T1:U5")
	if got := p.Name(sam); got != "U5" {
		t.Errorf("an unknown person's name = %q, want the local id", got)
	}
	for _, name := range []string{"Sam", "Sam", "Sam Patel"} {
		if err := p.Remember(sam, name); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Remember(sam, ""); err != nil {
		t.Fatal(err)
	}
	if err := p.Remember("", "Nobody"); err != nil {
		t.Fatal(err)
	}
	if got := p.Name(sam); got != "Sam Patel" {
		t.Errorf("Name = %q", got)
	}
	// A new People on the same database finds the name stored.
	p2 := NewPeople(db)
	if got := p2.Name(sam); got != "Sam Patel" {
		t.Errorf("Name from storage = %q", got)
	}
	tests := []struct {
		id   ID
		want string
	}{
		{sam, "Sam Patel (Slack)"},
		{"discord:G1:U7", "U7 (Discord)"},
		{"console:local:you", "you (console)"},
		{"matrix:hs:al", "al (matrix)"},
	}
	for _, tt := range tests {
		if got := p.Label(tt.id); got != tt.want {
			t.Errorf("Label(%s) = %q, want %q", tt.id, got, tt.want)
		}
	}
	if err := p.Forget(sam); err != nil {
		t.Fatal(err)
	}
	if got := p.Name(sam); got != "U5" {
		t.Errorf("after Forget, Name = %q", got)
	}
	if got := NewPeople(db).Name(sam); got != "U5" {
		t.Errorf("after Forget, stored name = %q", got)
	}
	data, err := p.PersonalData(sam)
	if err != nil || data.(map[string]string)["display_name"] != "U5" || p.PrivacyName() != "people" {
		t.Errorf("PersonalData = %v, %v", data, err)
	}
}

// Without a database People remembers in memory only (and never panics).
func TestPeopleWithoutDB(t *testing.T) {
	p := NewPeople(nil)
	if err := p.Remember("slack:T1:U5", "Sam"); err != nil {
		t.Fatal(err)
	}
	if got := p.Name("slack:T1:U5"); got != "Sam" {
		t.Errorf("Name = %q", got)
	}
	if err := p.Forget("slack:T1:U5"); err != nil {
		t.Fatal(err)
	}
	if got := p.Name("slack:T1:U5"); got != "U5" {
		t.Errorf("after Forget: %q", got)
	}
}
