package directory

import (
	"os"
	"testing"
	"time"

	"partnerbot/bot/bottest"
)

var now = time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)

// newTest builds a directory on a fresh database with its commands
// registered.
func newTest(t testing.TB) (*Directory, *bottest.Env) {
	t.Helper()
	env := bottest.NewEnv(t, now)
	d, err := New(env.Env)
	if err != nil {
		t.Fatal(err)
	}
	env.Router.Register(d.Commands()...)
	return d, env
}

// withExample loads testdata/directory-example.csv.
func withExample(t testing.TB) (*Directory, *bottest.Env) {
	t.Helper()
	d, env := newTest(t)
	f, err := os.Open("testdata/directory-example.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := d.Import(f)
	if err != nil || len(rep.Rejected) > 0 || rep.Added != 6 {
		t.Fatalf("import: %v %v", rep, err)
	}
	return d, env
}

// withDemo loads the demo directory.
func withDemo(t testing.TB) (*Directory, *bottest.Env) {
	t.Helper()
	d, env := newTest(t)
	if err := d.SeedDemo(); err != nil {
		t.Fatal(err)
	}
	return d, env
}
