// Package bottest builds a bot environment for tests: a temporary bbolt
// file, a fake clock in Europe/London, and a publisher that records posts.
package bottest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// London is Europe/London.
var London = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Env is a test environment.
type Env struct {
	*bot.Env
	Fake   *bot.FakeClock
	Posts  *Recorder
	Router *bot.Router
}

// NewEnv opens a fresh database in t.TempDir with the clock at now, a
// "sip-general" room bound to console:local:console, and "console:local:admin"
// as an admin.
func NewEnv(t testing.TB, now time.Time) *Env {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "test.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return NewEnvOn(t, db, now)
}

// NewEnvOn builds an environment on an open database (for reopen tests).
func NewEnvOn(t testing.TB, db *storage.DB, now time.Time) *Env {
	clock := bot.NewFakeClock(now)
	rooms := bot.NewRooms("sip-general")
	_ = rooms.Bind("sip-general", bot.ConsoleChannel)
	rec := &Recorder{}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := bot.DefaultConfig()
	env := &bot.Env{DB: db, Clock: clock, Loc: London, Pub: rec, Rooms: rooms, People: bot.NewPeople(db), Log: log, Config: cfg}
	r := bot.NewRouter()
	r.Clock = clock
	r.Rooms = rooms
	r.Log = log
	r.Admins[bot.ConsoleUser("admin")] = true
	r.Fallback = "who"
	return &Env{Env: env, Fake: clock, Posts: rec, Router: r}
}

// Run sends text as user (a console name like "alice", or a full id) through
// the router and returns the reply.
func (e *Env) Run(user, text string) bot.Reply {
	id := bot.ID(user)
	if _, err := bot.ParseID(user); err != nil {
		id = bot.ConsoleUser(user)
	}
	return e.Router.Handle(context.Background(), &bot.Request{User: id, UserName: id.Local(), Channel: bot.ConsoleChannel, Text: text})
}

// A Post is one thing the Recorder saw.
type Post struct {
	Kind   string // "publish", "update", "direct"
	Target string
	Reply  bot.Reply
}

// Recorder is a bot.Publisher that records what it is asked to do.
type Recorder struct {
	mu    sync.Mutex
	Posts []Post
	// Fail, if set, makes every call fail with this error.
	Fail error
}

// Publish records a post.
func (r *Recorder) Publish(ctx context.Context, target string, rep bot.Reply) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Fail != nil {
		return 0, r.Fail
	}
	r.Posts = append(r.Posts, Post{Kind: "publish", Target: target, Reply: rep})
	return 1, nil
}

// Update records an update.
func (r *Recorder) Update(ctx context.Context, rep bot.Reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Fail != nil {
		return r.Fail
	}
	r.Posts = append(r.Posts, Post{Kind: "update", Target: rep.Key, Reply: rep})
	return nil
}

// Direct records a direct message.
func (r *Recorder) Direct(ctx context.Context, user bot.ID, rep bot.Reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Fail != nil {
		return r.Fail
	}
	r.Posts = append(r.Posts, Post{Kind: "direct", Target: string(user), Reply: rep})
	return nil
}

// Take returns and clears what was recorded.
func (r *Recorder) Take() []Post {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.Posts
	r.Posts = nil
	return p
}

// String summarises the recorded posts.
func (p Post) String() string { return fmt.Sprintf("%s %s: %s", p.Kind, p.Target, p.Reply.Text) }
