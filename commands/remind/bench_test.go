package remind

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/storage"
)

// countPub is a Publisher that only counts.
type countPub struct{ n int }

func (c *countPub) Publish(context.Context, string, bot.Reply) (int, error) { c.n++; return 1, nil }
func (c *countPub) Update(context.Context, bot.Reply) error                 { return nil }
func (c *countPub) Direct(context.Context, bot.ID, bot.Reply) error         { c.n++; return nil }

func benchEnv(db *storage.DB, at time.Time, pub bot.Publisher) *bot.Env {
	loc, _ := time.LoadLocation("Europe/London")
	rooms := bot.NewRooms("sip-general")
	_ = rooms.Bind("sip-general", bot.ConsoleChannel)
	return &bot.Env{DB: db, Clock: bot.NewFakeClock(at), Loc: loc, Pub: pub, Rooms: rooms,
		People: bot.NewPeople(db), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// fill adds n reminders firing from first onwards, spread over a year; one
// in ten recurring, a third to rooms.
func fill(tb testing.TB, db *storage.DB, n int, first time.Time, spread time.Duration) {
	tb.Helper()
	loc, _ := time.LoadLocation("Europe/London")
	const perTx = 10000
	for done := 0; done < n; {
		err := db.Update(func(tx *storage.Tx) error {
			for i := 0; i < perTx && done < n; i, done = i+1, done+1 {
				at := first.Add(time.Duration(int64(spread) / int64(n) * int64(done))).Truncate(time.Second)
				r := &Reminder{What: fmt.Sprintf("reminder number %d", done), Next: at, Created: first,
					By: bot.ConsoleUser(fmt.Sprintf("user%d", done%500)), ByName: "someone",
					Target: Target{Kind: ToMe}}
				r.ByUser = r.By
				r.Target.User = r.By
				if done%3 == 0 {
					r.Target = Target{Kind: ToRoom, Room: "sip-general"}
				}
				if done%10 == 0 {
					w := at.In(loc)
					r.Rule = &when.Rule{Freq: when.Daily, Interval: 1, Hour: w.Hour(), Minute: w.Minute(), Start: at, TZ: "Europe/London"}
				}
				if err := insert(tx, r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

const pending = 100_000

var benchStart = time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)

// BenchmarkLoadAtStart: open a database holding 100,000 pending reminders,
// build the capability and run the first tick (nothing due), as `serve`
// does on start. Reports ms per start and the heap it needed.
func BenchmarkLoadAtStart(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := storage.Open(path, storage.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	fill(b, db, pending, benchStart.Add(time.Hour), 365*24*time.Hour)
	db.Close()
	var heap, alloc uint64
	var elapsed time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		db, err := storage.Open(path, storage.Options{})
		if err != nil {
			b.Fatal(err)
		}
		s, err := New(benchEnv(db, benchStart, &countPub{}))
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Due(context.Background(), benchStart); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		runtime.ReadMemStats(&after)
		if d := after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc); d > heap {
			heap = d
		}
		alloc += after.TotalAlloc - before.TotalAlloc
		db.Close()
	}
	b.ReportMetric(float64(elapsed.Microseconds())/1000/float64(b.N), "ms/start")
	if st, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
	}
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
	b.ReportMetric(float64(alloc)/float64(b.N)/(1<<20), "alloc-MB/start")
}

// BenchmarkTick1000Due: one scheduler tick when 1,000 reminders fall due
// among 100,000 pending (one in ten recurring: those are rescheduled).
// Claims are committed with fsync, as in use.
func BenchmarkTick1000Due(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := storage.Open(path, storage.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	// The 100,000 others are due from 30 days on, so ticks never reach them.
	fill(b, db, pending, benchStart.Add(30*24*time.Hour), 365*24*time.Hour)
	db.Close()
	db, err = storage.Open(path, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	pub := &countPub{}
	s, err := New(benchEnv(db, benchStart, pub))
	if err != nil {
		b.Fatal(err)
	}
	var elapsed time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		at := benchStart.Add(time.Duration(i) * time.Minute)
		db.NoSync = true
		fill(b, db, 1000, at, time.Nanosecond) // 1,000 due at `at`
		db.NoSync = false
		pub.n = 0
		b.StartTimer()
		start := time.Now()
		if err := s.Due(context.Background(), at); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		b.StopTimer()
		if pub.n != 1000 {
			b.Fatalf("delivered %d, want 1000", pub.n)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(elapsed.Microseconds())/1000/float64(b.N), "ms/tick")
}

// BenchmarkTickIdle: a tick with nothing due among 100,000 pending: one seek
// in a read-only transaction.
func BenchmarkTickIdle(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := storage.Open(path, storage.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	fill(b, db, pending, benchStart.Add(time.Hour), 365*24*time.Hour)
	s, err := New(benchEnv(db, benchStart, &countPub{}))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Due(context.Background(), benchStart.Add(time.Duration(i)*time.Millisecond)); err != nil {
			b.Fatal(err)
		}
	}
}
