package meeting

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
	"partnerbot/storage"
)

var london = bottest.London

// setup builds the capability on a fresh test environment with the clock at now.
func setup(t testing.TB, now time.Time) (*bottest.Env, *Meetings) {
	t.Helper()
	env := bottest.NewEnv(t, now)
	return env, attach(t, env)
}

func attach(t testing.TB, env *bottest.Env) *Meetings {
	t.Helper()
	m, err := New(env.Env, func(p bot.ID) (string, bool) {
		switch p.Local() {
		case "alice", "amir":
			return "Age UK Stevenage", true
		case "bob":
			return "Stevenage Borough Council", true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Router.Register(m.Commands()...)
	return m
}

// openAt opens (or reopens) the database file at path.
func openAt(t testing.TB, path string) *storage.DB {
	t.Helper()
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func dbPath(t testing.TB) string { return filepath.Join(t.TempDir(), "meeting.db") }

// must runs a command and fails the test on an error reply.
func must(t testing.TB, env *bottest.Env, user, text string) bot.Reply {
	t.Helper()
	r := env.Run(user, text)
	if r.Error {
		t.Fatalf("%s: %q failed: %s", user, text, r.Text)
	}
	return r
}

func tick(t testing.TB, env *bottest.Env, m *Meetings, at time.Time) []bottest.Post {
	t.Helper()
	env.Fake.Set(at)
	if err := m.Due(context.Background(), at); err != nil {
		t.Fatalf("Due(%s): %v", at, err)
	}
	return env.Posts.Take()
}

// firstTuesday computes the first Tuesday of a month at 10:00 in London
// without the when package.
func firstTuesday(y int, mo time.Month) time.Time {
	d := time.Date(y, mo, 1, 10, 0, 0, 0, london)
	for d.Weekday() != time.Tuesday {
		d = d.AddDate(0, 0, 1)
	}
	return d.UTC()
}

func occOf(start time.Time) string { return "m1-" + start.In(london).Format("20060102") }

func contains(s, sub string) bool { return strings.Contains(strings.ToLower(s), strings.ToLower(sub)) }
