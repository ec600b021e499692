package resource

import "testing"

// FuzzShare checks that reading a share command and its link never panics,
// and that an accepted link is http(s) and normalises.
func FuzzShare(f *testing.F) {
	for _, s := range []string{
		`resource share https://x.org "T" #food "D"`,
		`resource share <https://x.org|x> #"older people`,
		`resource share javascript:alert(1) "x"`,
		`resource share --room`,
		"resource share \"\u201c#\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := parseShare(text)
		if err != nil {
			return
		}
		u, err := CheckURL(s.url)
		if err != nil {
			return
		}
		if u[:4] != "http" {
			t.Fatalf("accepted %q", u)
		}
		_ = NormaliseURL(u)
	})
}
