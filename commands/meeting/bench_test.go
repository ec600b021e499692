package meeting

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkDueIdle is the scheduler's per-second cost when nothing is due.
func BenchmarkDueIdle(b *testing.B) {
	env, m := setup(b, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	for i := 0; i < 10; i++ {
		must(b, env, "admin", fmt.Sprintf(`meeting schedule "M%d" every first Tuesday at 10:00`, i))
	}
	now := env.Fake.Now()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := m.Due(context.Background(), now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRSVPParallel is answers arriving together (Batch shares fsyncs).
func BenchmarkRSVPParallel(b *testing.B) {
	env, _ := setup(b, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	must(b, env, "admin", `event create "Lunch" on 3 March 2027 at 12:00 capacity 50`)
	answers := []string{"yes", "no", "maybe"}
	b.SetParallelism(16) // 16 goroutines per CPU: people pressing buttons together
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			env.Run(fmt.Sprintf("u%d", i%200), "rsvp e1 "+answers[i%3])
		}
	})
	env.Posts.Take()
}
