package directory

import "testing"

// TestShowReplies prints replies as a person would see them:
// go test -v -run TestShow ./commands/directory
func TestShowReplies(t *testing.T) {
	_, env := withDemo(t)
	for _, text := range []string{
		"who supports older people in Bedwell?",
		"who cost of living support in Shephall",
		"who mental health support for teenagers in St Nicks",
		"who youth clubs near Pin Green",
		"who food banks in Bedwel",
		"who domestic abuse in Great Ashby",
		"who food",
		"who food page 2",
		"who helps with food in Hitchin?",
		"who is the best?",
		"gaps",
		"gaps Bedwell",
		"gaps food",
		"gaps Stevenage",
		"directory show riverside",
		"directory show",
	} {
		r := env.Run("admin", text)
		t.Logf("\n> %s\n[%s]%s\n%s\n", text, r.Title, map[bool]string{true: " (error)"}[r.Error], r.Text)
	}
}
