package remind

import (
	"strings"
	"testing"
)

// FuzzRemind runs arbitrary remind commands: each is either accepted or
// refused with a reason, never a crash or an internal error.
func FuzzRemind(f *testing.F) {
	for _, s := range []string{
		"me to call the food bank tomorrow at 9am",
		"#sip-general every first Tuesday at 9am to send the agenda",
		`<@U1|x> "a" in 2 hours`,
		"here every last Friday of the month at 4pm to submit timesheets",
		"@bob 30/4/2027 to x",
		"me “x” every",
	} {
		f.Add(s)
	}
	fx := newFixture(f, now)
	f.Fuzz(func(t *testing.T, text string) {
		r := fx.Run("alice", "remind "+text)
		if strings.HasPrefix(r.Text, "Sorry, something went wrong") {
			t.Fatalf("remind %q: internal error", text)
		}
	})
}
