package bot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the counters and histograms `serve` exposes on /metrics.
// Capabilities and adapters count through the package-level M.
type Metrics struct {
	Registry       *prometheus.Registry
	Commands       *prometheus.CounterVec
	Latency        *prometheus.HistogramVec
	Votes          prometheus.Counter
	RSVPs          prometheus.Counter
	RemindersDue   prometheus.Counter
	RemindersLate  prometheus.Counter
	Reconnects     *prometheus.CounterVec
	RateLimitWaits *prometheus.CounterVec
	PostFailures   *prometheus.CounterVec
}

// M is the process's metrics.
var M = NewMetrics()

// NewMetrics builds a fresh set of metrics on its own registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		Commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "partnerbot_commands_total", Help: "Commands handled, by command and outcome (ok, refused, error, panic).",
		}, []string{"command", "outcome"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "partnerbot_command_duration_seconds", Help: "Time to answer a command.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"command"}),
		Votes:         prometheus.NewCounter(prometheus.CounterOpts{Name: "partnerbot_votes_total", Help: "Votes recorded."}),
		RSVPs:         prometheus.NewCounter(prometheus.CounterOpts{Name: "partnerbot_rsvps_total", Help: "RSVPs recorded."}),
		RemindersDue:  prometheus.NewCounter(prometheus.CounterOpts{Name: "partnerbot_reminders_due_total", Help: "Reminders delivered."}),
		RemindersLate: prometheus.NewCounter(prometheus.CounterOpts{Name: "partnerbot_reminders_late_total", Help: "Reminders delivered late (due while the bot was down)."}),
		Reconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "partnerbot_adapter_reconnects_total", Help: "Adapter reconnections, by platform.",
		}, []string{"platform"}),
		RateLimitWaits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "partnerbot_rate_limit_waits_total", Help: "Waits for a platform's rate limit, by platform.",
		}, []string{"platform"}),
		PostFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "partnerbot_post_failures_total", Help: "Failed posts and updates, by platform.",
		}, []string{"platform"}),
	}
	m.Registry.MustRegister(m.Commands, m.Latency, m.Votes, m.RSVPs, m.RemindersDue, m.RemindersLate, m.Reconnects, m.RateLimitWaits, m.PostFailures,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

// Observe records one command; use it as Router.Observe.
func (m *Metrics) Observe(command, outcome string, took time.Duration) {
	m.Commands.WithLabelValues(command, outcome).Inc()
	m.Latency.WithLabelValues(command).Observe(took.Seconds())
	if outcome == "ok" {
		switch command {
		case "vote":
			m.Votes.Inc()
		case "rsvp":
			m.RSVPs.Inc()
		}
	}
}
