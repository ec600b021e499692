package bot

import (
	"context"
	"log/slog"
	"sync"

	"github.com/robfig/cron/v3"
)

// The Scheduler is a source of work like any adapter: every tick it asks
// each job to do what is due at the clock's time. Tests call Tick with a
// fake clock; serve and the console call Start, which ticks every second
// with robfig/cron.
type Scheduler struct {
	Clock Clock
	Log   *slog.Logger
	mu    sync.Mutex // one tick at a time
	jobs  []Job
}

// NewScheduler returns a scheduler on clock.
func NewScheduler(clock Clock, log *slog.Logger) *Scheduler {
	if log == nil {
		log = slog.Default()
	}
	return &Scheduler{Clock: clock, Log: log}
}

// Add registers jobs.
func (s *Scheduler) Add(jobs ...Job) {
	s.mu.Lock()
	s.jobs = append(s.jobs, jobs...)
	s.mu.Unlock()
}

// Tick runs every job once at the clock's time. A failing job is logged and
// does not stop the others.
func (s *Scheduler) Tick(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.Clock.Now()
	for _, j := range s.jobs {
		func() {
			defer func() {
				if p := recover(); p != nil {
					s.Log.Error("scheduler job panicked", "job", j.Name(), "panic", p)
				}
			}()
			if err := j.Due(ctx, now); err != nil {
				s.Log.Error("scheduler job failed", "job", j.Name(), "err", err)
			}
		}()
	}
}

// Start ticks once now (delivering what fell due while the bot was down)
// and then every second until ctx is done.
func (s *Scheduler) Start(ctx context.Context) {
	s.Tick(ctx)
	c := cron.New(cron.WithSeconds())
	_, _ = c.AddFunc("@every 1s", func() { s.Tick(ctx) })
	c.Start()
	go func() {
		<-ctx.Done()
		<-c.Stop().Done()
	}()
}

// Wait blocks until a tick in progress has finished.
func (s *Scheduler) Wait() {
	s.mu.Lock()
	s.mu.Unlock() //nolint:staticcheck // an empty critical section waits for the tick
}
