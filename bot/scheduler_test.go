package bot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSchedulerTick(t *testing.T) {
	clock := NewFakeClock(t0)
	var logs bytes.Buffer
	var logMu sync.Mutex
	s := NewScheduler(clock, slog.New(slog.NewTextHandler(lockedWriter{&logMu, &logs}, nil)))
	var mu sync.Mutex
	var ran []string
	record := func(name string) Job {
		return JobFunc{JobName: name, Fn: func(ctx context.Context, now time.Time) error {
			mu.Lock()
			ran = append(ran, name+"@"+now.Format("15:04"))
			mu.Unlock()
			return nil
		}}
	}
	s.Add(record("first"),
		JobFunc{JobName: "failing", Fn: func(context.Context, time.Time) error { return errors.New("bucket gone") }},
		JobFunc{JobName: "panicking", Fn: func(context.Context, time.Time) error { panic("nil poll") }},
		record("last"))
	s.Tick(context.Background())
	clock.Advance(time.Hour)
	s.Tick(context.Background())
	s.Wait()
	want := []string{"first@10:00", "last@10:00", "first@11:00", "last@11:00"}
	if !reflect.DeepEqual(ran, want) {
		t.Errorf("ran %q, want %q", ran, want)
	}
	logMu.Lock()
	l := logs.String()
	logMu.Unlock()
	for _, w := range []string{"scheduler job failed", "job=failing", "bucket gone", "scheduler job panicked", "job=panicking", "nil poll"} {
		if !strings.Contains(l, w) {
			t.Errorf("logs lack %q:\n%s", w, l)
		}
	}
}

func TestSchedulerStartTicksAtOnce(t *testing.T) {
	s := NewScheduler(NewFakeClock(t0), nil)
	ticks := make(chan time.Time, 100)
	s.Add(JobFunc{JobName: "count", Fn: func(ctx context.Context, now time.Time) error {
		ticks <- now
		return nil
	}})
	ctx, cancel := context.WithCancel(context.Background())
	s.Start(ctx)
	select {
	case now := <-ticks:
		if !now.Equal(t0) {
			t.Errorf("first tick at %v", now)
		}
	default:
		t.Error("Start did not tick at once")
	}
	cancel()
	s.Wait()
}
