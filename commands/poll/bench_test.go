package poll

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// discard is a publisher that drops everything (the bench measures the core).
type discard struct{}

func (discard) Publish(context.Context, string, bot.Reply) (int, error) { return 1, nil }
func (discard) Update(context.Context, bot.Reply) error                 { return nil }
func (discard) Direct(context.Context, bot.ID, bot.Reply) error         { return nil }

const benchVoters = 64

// runConcurrently runs n operations over benchVoters goroutines and returns
// the rate per second.
func runConcurrently(b *testing.B, n int, op func(worker, i int) error) float64 {
	var next atomic.Int64
	var wg sync.WaitGroup
	t0 := time.Now()
	for w := 0; w < benchVoters; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := op(w, i); err != nil {
					b.Error(err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	return float64(n) / time.Since(t0).Seconds()
}

// BenchmarkVotes measures votes through the core (Request → router →
// vote command → bbolt Batch commit → Reply) with 64 concurrent voters,
// against raw bbolt Batch commits of a ballot-sized value with the same
// concurrency, in the same run. Durable (fsync) in both.
//
//	go test -run '^$' -bench BenchmarkVotes -benchtime 5000x ./commands/poll
func BenchmarkVotes(b *testing.B) {
	f := newFixture(b)
	f.Env.Env.Pub = discard{}
	id := f.create(`poll "Bench?" "Food" "Housing" "Youth"`)
	users := make([]bot.ID, benchVoters)
	for i := range users {
		users[i] = bot.ConsoleUser(fmt.Sprintf("voter%d", i))
		f.Run(string(users[i]), fmt.Sprintf("vote %d A", id)) // warm: names remembered
	}
	raw, err := storage.Open(filepath.Join(b.TempDir(), "raw.db"), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	value := []byte(`{"voter":"console:local:voter12","picks":[1],"at":"2026-12-01T10:00:00Z"}`)
	letters := []string{"A", "B", "C"}
	rawOp := func(w, i int) error {
		return raw.Batch(func(tx *storage.Tx) error {
			return storage.Bucket(tx, BallotsBucket).Put([]byte(fmt.Sprintf("%020d/voter%d", id, w)), value)
		})
	}
	coreOp := func(w, i int) error {
		r := f.Router.Handle(context.Background(), &bot.Request{User: users[w], UserName: users[w].Local(), Channel: bot.ConsoleChannel, Text: fmt.Sprintf("vote %d %s", id, letters[i%3])})
		if r.Error {
			return fmt.Errorf("%s", r.Text)
		}
		return nil
	}
	// Alternate the two in rounds so both see the same machine load (the
	// machine is shared), then compare total operations over total time.
	const rounds = 4
	per := b.N / rounds
	if per < benchVoters {
		per = benchVoters
	}
	var rawTime, coreTime float64
	b.ResetTimer()
	for r := 0; r < rounds; r++ {
		rawTime += float64(per) / runConcurrently(b, per, rawOp)
		coreTime += float64(per) / runConcurrently(b, per, coreOp)
	}
	rawRate := float64(per*rounds) / rawTime
	coreRate := float64(per*rounds) / coreTime
	b.StopTimer()
	b.ReportMetric(rawRate, "raw-commits/s")
	b.ReportMetric(coreRate, "core-votes/s")
	b.ReportMetric(coreRate/rawRate, "ratio")
	if d := f.results(id); d["voters"] != benchVoters {
		b.Fatalf("voters %v", d["voters"])
	}
}
