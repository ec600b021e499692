package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"partnerbot/adapters/slack"
	"partnerbot/bot"
	"partnerbot/commands"
	"partnerbot/storage"
)

// clients is how many clients send requests at once.
const clients = 200

const secret = "load-benchmark-signing-secret"

// question is the directory question asked, on the demo directory.
const question = "who supports older people in Bedwell?"

// server is the bot as `serve` runs it with Slack in HTTP mode: the real
// router and capabilities on a durable database, the Slack adapter's routes
// on a loopback HTTP server, and a fake Slack Web API.
type server struct {
	url   string
	db    *storage.DB
	slack string // the fake Slack's base URL
}

func newServer(b *testing.B) *server {
	b.Helper()
	fake := httptest.NewServer(http.HandlerFunc(fakeSlack))
	b.Cleanup(fake.Close)

	cfg := bot.DefaultConfig()
	cfg.Bot.Admins = []string{"slack:T1:UADMIN"}
	cfg.Rooms = []bot.RoomConfig{{Name: "sip-general", Channels: []string{"slack:T1:C1"}}}
	cfg.Slack = bot.SlackConfig{Enabled: true, Mode: "http", BotToken: "xoxb-load", SigningSecret: secret, APIURL: fake.URL + "/api/"}
	cfg.Storage.Path = filepath.Join(b.TempDir(), "load.db")
	db, err := storage.Open(cfg.Storage.Path, storage.Options{}) // fsync on, as in serve
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	app, err := commands.Build(cfg, db, bot.SystemClock{}, log)
	if err != nil {
		b.Fatal(err)
	}
	if err := app.SeedDemo(); err != nil {
		b.Fatal(err)
	}
	sl, err := slack.New(cfg.Slack, slack.Options{Command: cfg.Bot.Command, Clock: app.Env.Clock, Log: log, DB: db, People: app.Env.People, BotUserID: "UBOT"})
	if err != nil {
		b.Fatal(err)
	}
	app.Hub.AddAdapter(sl)
	mux := http.NewServeMux()
	for path, h := range sl.Routes() {
		mux.Handle(path, h)
	}
	srv := httptest.NewServer(mux)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = sl.Start(ctx, app.Router) }()
	b.Cleanup(func() { srv.Close(); cancel(); <-done })
	<-sl.Ready()
	return &server{url: srv.URL, db: db, slack: fake.URL}
}

// fakeSlack answers the Web API calls the adapter makes with ok.
func fakeSlack(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	resp := map[string]any{"ok": true}
	switch strings.TrimPrefix(r.URL.Path, "/api/") {
	case "auth.test":
		resp["user_id"], resp["team_id"] = "UBOT", "T1"
	case "users.info":
		u := form.Get("user")
		resp["user"] = map[string]any{"id": u, "name": strings.ToLower(u), "profile": map[string]any{"display_name": "Member " + u}}
	case "chat.postMessage", "chat.update", "chat.postEphemeral":
		resp["channel"], resp["ts"], resp["message_ts"] = form.Get("channel"), "1764583200.000100", "1764583200.000100"
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// send posts a signed slash command and returns the reply's text.
func (s *server) send(c *http.Client, user, text string) (string, error) {
	body := []byte(url.Values{
		"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {user}, "user_name": {strings.ToLower(user)},
		"command": {"/sip"}, "text": {text}, "response_url": {s.slack + "/response/x"},
	}.Encode())
	stamp, sig := slack.Signature(secret, time.Now(), body)
	req, err := http.NewRequest(http.MethodPost, s.url+"/slack/commands", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", stamp)
	req.Header.Set("X-Slack-Signature", sig)
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	var m struct {
		Text string `json:"text"`
	}
	if len(b) == 0 {
		return "", nil // acked empty: the reply went to response_url
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return "", fmt.Errorf("reply is not JSON: %s", b)
	}
	return m.Text, nil
}

// commits is the database's transaction id: it goes up by one for each
// committed write transaction, so a difference counts fsyncs.
func (s *server) commits() int {
	var id int
	_ = s.db.View(func(tx *storage.Tx) error { id = tx.ID(); return nil })
	return id
}

// BenchmarkSlashCommands drives POST /slack/commands with signed requests
// from 200 concurrent clients over loopback, half of them directory
// questions and half votes in a poll, and reports throughput and the p50
// and p99 latency of each kind (milliseconds, as the client sees them),
// votes per bbolt commit (how many acknowledgements share an fsync) and
// "late": commands that outran the adapter's 2 s inline wait, were acked
// empty and answered through response_url (their latency counts as the
// ack's).
//
//   - returning: every client is a member who has voted before (their
//     name is known), so a vote replaces their ballot.
//   - newcomers: every vote is a member's first, so it also costs a
//     users.info lookup and a write of their display name, as when a poll
//     has just been posted.
//
// Each runs two ways:
//
//   - saturated: every client sends its next request as soon as the last
//     is answered (a closed loop), which measures capacity; latency is then
//     mostly queueing (200 clients / throughput).
//   - paced: the 200 clients together send pacedRate requests a second,
//     evenly spread, and latency is measured from when each request was due
//     to be sent (so a slow answer delaying the next send is not hidden).
func BenchmarkSlashCommands(b *testing.B) {
	for _, newcomers := range []bool{false, true} {
		for _, rate := range []int{0, pacedRate} {
			name := "returning"
			if newcomers {
				name = "newcomers"
			}
			if rate == 0 {
				name += "/saturated"
			} else {
				name += fmt.Sprintf("/paced-%d", rate)
			}
			b.Run(name, func(b *testing.B) { benchLoad(b, newcomers, rate) })
		}
	}
}

// pacedRate is the paced runs' total request rate, per second: far above
// anything a partnership of a few hundred members sends, and below the
// saturated capacity on the 2-core machine.
const pacedRate = 400

func benchLoad(b *testing.B, newcomers bool, rate int) {
	s := newServer(b)
	c := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients}}
	defer c.CloseIdleConnections()
	if text, err := s.send(c, "UADMIN", `poll "Which theme first?" "Cost of living" "Older people"`); err != nil || !strings.Contains(text, "Poll 1") {
		b.Fatalf("creating the poll: %q %v", text, err)
	}
	// Warm up: every client asks once and (returning members) votes once,
	// so connections are open and names are known.
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			if _, err := s.send(c, member(i, 0), question); err != nil {
				b.Error(err)
			}
			if !newcomers {
				if _, err := s.send(c, member(i, 0), "vote 1 A"); err != nil {
					b.Error(err)
				}
			}
		})
	}
	wg.Wait()

	var (
		next     atomic.Int64
		mu       sync.Mutex
		qLat     []time.Duration
		vLat     []time.Duration
		unsure   atomic.Int64 // replies that were not what was expected
		late     atomic.Int64 // acked empty after the inline wait: the reply went to response_url
		firstErr atomic.Value
	)
	before := s.commits()
	b.ResetTimer()
	start := time.Now()
	for i := range clients {
		wg.Go(func() {
			var q, v []time.Duration
			// Paced: client i sends every clients/rate seconds, the
			// clients staggered evenly.
			var every time.Duration
			due := start
			if rate > 0 {
				every = time.Duration(clients) * time.Second / time.Duration(rate)
				due = start.Add(every * time.Duration(i) / clients)
			}
			for n := next.Add(1); n <= int64(b.N); n = next.Add(1) {
				vote := n%2 == 0
				user, text, want := member(i, 0), question, "Befriending Calls"
				if vote {
					if newcomers {
						user = member(i, int(n))
					}
					letter := string(rune('A' + n/2%2))
					text, want = "vote 1 "+letter, "Vote recorded: "+letter
				}
				t0 := time.Now()
				if rate > 0 {
					time.Sleep(time.Until(due))
					t0, due = due, due.Add(every)
				}
				got, err := s.send(c, user, text)
				d := time.Since(t0)
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				if got == "" {
					late.Add(1)
				} else if !strings.Contains(got, want) {
					unsure.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Errorf("%q answered %q", text, got))
				}
				if vote {
					v = append(v, d)
				} else {
					q = append(q, d)
				}
			}
			mu.Lock()
			qLat, vLat = append(qLat, q...), append(vLat, v...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err := firstErr.Load(); err != nil {
		b.Fatalf("%d of %d requests failed or answered unexpectedly; the first: %v", int64(b.N)-int64(len(qLat)+len(vLat))+unsure.Load(), b.N, err)
	}
	commits := s.commits() - before
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(ms(percentile(qLat, 50)), "q-p50-ms")
	b.ReportMetric(ms(percentile(qLat, 99)), "q-p99-ms")
	b.ReportMetric(ms(percentile(vLat, 50)), "vote-p50-ms")
	b.ReportMetric(ms(percentile(vLat, 99)), "vote-p99-ms")
	b.ReportMetric(ms(percentile(vLat, 100)), "vote-max-ms")
	b.ReportMetric(elapsed.Seconds()*1000, "run-ms")
	b.ReportMetric(float64(len(vLat))/elapsed.Seconds(), "votes/s")
	if commits > 0 {
		b.ReportMetric(float64(len(vLat))/float64(commits), "votes/commit")
	}
	b.ReportMetric(float64(late.Load()), "late")
	b.ReportMetric(0, "ns/op") // per-request time is the latency figures above
}

// member is client i's Slack user id; n > 0 gives a member never seen before.
func member(i, n int) string {
	if n == 0 {
		return fmt.Sprintf("U%03d", i)
	}
	return fmt.Sprintf("U%03dN%d", i, n)
}

func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	i := (len(d)*p + 99) / 100
	return d[min(max(i-1, 0), len(d)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
