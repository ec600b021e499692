package bot

import (
	"context"
	"log/slog"
	"time"

	"partnerbot/storage"
)

// An Adapter connects the bot to one platform.
type Adapter interface {
	// Platform is "slack", "discord" or "console": the first part of the ids
	// this adapter handles.
	Platform() string
	// Start runs the adapter, handing each request to h, until ctx is done.
	Start(ctx context.Context, h Handler) error
	// Post sends a reply to a channel and returns a reference to the posted
	// message that Update can use later.
	Post(ctx context.Context, channel ID, r Reply) (ref string, err error)
	// Update replaces a posted message.
	Update(ctx context.Context, channel ID, ref string, r Reply) error
	// Direct sends a reply to a user privately.
	Direct(ctx context.Context, user ID, r Reply) error
}

// A Publisher posts replies to rooms and channels, and updates every copy
// of a posted object. The Hub is the one in use; tests use fakes.
type Publisher interface {
	// Publish posts r to target: a room name or a channel id. If r.Key is set
	// the posted copies are remembered so Update can find them.
	Publish(ctx context.Context, target string, r Reply) (copies int, err error)
	// Update replaces every posted copy of the object r.Key names.
	Update(ctx context.Context, r Reply) error
	// Direct sends r privately to a user.
	Direct(ctx context.Context, user ID, r Reply) error
}

// A Job is work the scheduler runs every tick with the clock's time: due
// reminders, meeting nudges, poll closings. A job finds its own due items in
// bbolt, so a restart loses nothing, and marks them done in the same
// transaction that claims them, so nothing fires twice.
type Job interface {
	Name() string
	Due(ctx context.Context, now time.Time) error
}

// JobFunc adapts a function to a Job.
type JobFunc struct {
	JobName string
	Fn      func(ctx context.Context, now time.Time) error
}

// Name is the job's name, for logs.
func (j JobFunc) Name() string { return j.JobName }

// Due runs the function.
func (j JobFunc) Due(ctx context.Context, now time.Time) error { return j.Fn(ctx, now) }

// Env is what every capability is built with.
type Env struct {
	DB     *storage.DB
	Clock  Clock
	Loc    *time.Location
	Pub    Publisher
	Rooms  *Rooms
	People *People
	Log    *slog.Logger
	Config *Config
}

// Now is the clock's time.
func (e *Env) Now() time.Time { return e.Clock.Now() }

// Capability is what a command package offers: its commands, and
// optionally scheduler jobs and HTTP routes (implement the extra methods).
type Capability interface {
	Commands() []*Command
}

// WithJobs is a capability that has scheduler jobs.
type WithJobs interface {
	Jobs() []Job
}
