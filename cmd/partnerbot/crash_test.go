package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"partnerbot/adapters/slack"
	"partnerbot/commands/poll"
	"partnerbot/storage"
)

// helperEnv makes TestCrashHelperProcess run the partnerbot entry point with
// the arguments after "--": the test binary is the partnerbot binary, so the
// crash test needs no second build (and runs the server with -race when the
// test does).
const helperEnv = "PARTNERBOT_TEST_HELPER_PROCESS"

// TestCrashHelperProcess is not a test: it is the partnerbot process that
// the crash test starts and kills.
func TestCrashHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("helper process for TestCrashSafety")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
}

// crashProcess is the test binary re-run as partnerbot with args.
func crashProcess(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestCrashHelperProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	return cmd
}

const crashSecret = "crash-test-signing-secret-0123456789"

// Crash test sizes: members voting, senders at once, and how many
// confirmations arrive before the server is killed.
const (
	crashVoters  = 300
	crashSenders = 32
	crashKillAt  = crashVoters / 2
	// Every revoteEvery-th member votes A and then, once that is answered,
	// changes to B: the latest confirmed vote must be the one that stands.
	revoteEvery = 10
)

// crashVote is one signed `vote 1 X` sent to the server and what came of it.
type crashVote struct {
	user   string // Slack user id, U0001…
	seq    int    // 0 for a member's first vote, 1 for the change
	choice string // "A" or "B"
	sent   bool   // the request was written (it may or may not have arrived)
	// confirmed: "Vote recorded" came back, in the slash command's response
	// or (when the command outran the inline wait) through response_url.
	confirmed atomic.Bool
}

// crashFakeSlack answers the Web API calls serve makes (auth.test,
// users.info, chat.postMessage, chat.update, …) with ok, and records what
// is posted to response URLs, where late slash command replies go.
type crashFakeSlack struct {
	srv *httptest.Server
	// onResponse is called with the path and body of each response_url post.
	onResponse func(path string, body []byte)
	ts         atomic.Int64
}

func newCrashFakeSlack(t *testing.T, onResponse func(path string, body []byte)) *crashFakeSlack {
	f := &crashFakeSlack{onResponse: onResponse}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *crashFakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if strings.HasPrefix(r.URL.Path, "/response/") {
		f.onResponse(r.URL.Path, body)
		return
	}
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	form, _ := url.ParseQuery(string(body))
	for k, v := range r.URL.Query() {
		form[k] = v
	}
	resp := map[string]any{"ok": true}
	switch method {
	case "auth.test":
		resp["user_id"], resp["team_id"], resp["bot_id"] = "UBOT", "T1", "BBOT"
	case "users.info":
		u := form.Get("user")
		resp["user"] = map[string]any{"id": u, "name": strings.ToLower(u), "profile": map[string]any{"display_name": "Member " + u}}
	case "chat.postMessage", "chat.update", "chat.postEphemeral":
		ts := fmt.Sprintf("1764583200.%06d", f.ts.Add(1))
		if method == "chat.update" && form.Get("ts") != "" {
			ts = form.Get("ts")
		}
		resp["channel"], resp["ts"], resp["message_ts"] = form.Get("channel"), ts, ts
	case "conversations.open":
		resp["channel"] = map[string]any{"id": "D" + form.Get("users")}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// crashSlashBody is a slash command's form body from user in channel C1.
func crashSlashBody(apiBase, user, text, responsePath string) []byte {
	return []byte(url.Values{
		"team_id": {"T1"}, "team_domain": {"sip"}, "channel_id": {"C1"}, "channel_name": {"sip-general"},
		"user_id": {user}, "user_name": {strings.ToLower(user)}, "command": {"/sip"}, "text": {text},
		"response_url": {apiBase + "/response/" + responsePath},
	}.Encode())
}

// crashPost sends a signed slash command and returns the response body.
func crashPost(ctx context.Context, c *http.Client, addr string, body []byte) (int, []byte, error) {
	stamp, sig := slack.Signature(crashSecret, time.Now(), body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/slack/commands", bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", stamp)
	req.Header.Set("X-Slack-Signature", sig)
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// voteConfirmed reports whether a slash command reply (Slack message JSON)
// confirms a vote for the option with letter, and returns its text.
func voteConfirmed(body []byte, letter, option string) (bool, string) {
	var m struct {
		Text string `json:"text"`
	}
	if json.Unmarshal(body, &m) != nil {
		return false, string(body)
	}
	return strings.HasPrefix(m.Text, fmt.Sprintf("Vote recorded: %s (%s)", letter, option)), m.Text
}

// TestCrashSafety runs `partnerbot serve` as a process with Slack in HTTP
// mode, sends a burst of signed slash-command votes from many members, kills
// the server with SIGKILL once about half have been confirmed, and then
// checks the database: the file is intact (bbolt's consistency check), every
// vote whose confirmation was sent is counted with its choice (the latest
// confirmed one for a member who changed their vote), nothing is counted that
// was not sent, and nobody is counted twice.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a server process")
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "crash.db")
	options := map[string]string{"A": "Cost of living", "B": "Older people"}

	var (
		votes     []*crashVote
		byPath    = map[string]*crashVote{}
		confirmed atomic.Int32
		killNow   = make(chan struct{})
		killOnce  sync.Once
		lateMu    sync.Mutex
		lateBad   []string
		// lastAnswer is the latest response to a vote, for diagnostics.
		lastAnswer atomic.Value
	)
	confirm := func(v *crashVote) {
		if v.confirmed.CompareAndSwap(false, true) && confirmed.Add(1) == crashKillAt {
			killOnce.Do(func() { close(killNow) })
		}
	}
	for i := 1; i <= crashVoters; i++ {
		u := fmt.Sprintf("U%04d", i)
		first := "A"
		if i%2 == 0 {
			first = "B"
		}
		seqs := []string{first}
		if i%revoteEvery == 0 {
			seqs = []string{"A", "B"}
		}
		for s, c := range seqs {
			v := &crashVote{user: u, seq: s, choice: c}
			votes = append(votes, v)
			byPath[fmt.Sprintf("/response/%s-%d", u, s)] = v
		}
	}
	fake := newCrashFakeSlack(t, func(path string, body []byte) {
		v := byPath[path]
		if v == nil {
			return
		}
		ok, text := voteConfirmed(body, v.choice, options[v.choice])
		if ok {
			confirm(v)
		} else if strings.Contains(text, "Vote recorded") {
			lateMu.Lock()
			lateBad = append(lateBad, fmt.Sprintf("%s vote %s confirmed as %q", v.user, v.choice, text))
			lateMu.Unlock()
		}
	})

	cfgPath := filepath.Join(dir, "partnerbot.toml")
	cfg := fmt.Sprintf(`[bot]
timezone = "Europe/London"
admins = ["slack:T1:UADMIN"]
default_room = "sip-general"

[storage]
path = %q

[http]
listen = "127.0.0.1:0"

[log]
format = "json"
level = "info"

[slack]
enabled = true
mode = "http"
bot_token = "xoxb-crash-test"
signing_secret = %q
api_url = %q

[[rooms]]
name = "sip-general"
channels = ["slack:T1:C1"]
`, dbPath, crashSecret, fake.srv.URL+"/api/")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}

	// Start the server and learn its address from the log.
	srv := crashProcess("serve", "--config", cfgPath)
	stderr, err := srv.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var srvLog bytes.Buffer // read only after exited is closed
	addrc := make(chan string, 1)
	go func() {
		defer close(exited)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			srvLog.Write(line)
			srvLog.WriteByte('\n')
			var rec struct {
				Msg    string `json:"msg"`
				Listen string `json:"listen"`
			}
			if json.Unmarshal(line, &rec) == nil && rec.Msg == "partnerbot is serving" {
				addrc <- rec.Listen
			}
		}
		_ = srv.Wait()
	}()
	killed := false
	t.Cleanup(func() {
		if !killed {
			_ = srv.Process.Kill()
			<-exited
		}
	})
	var addr string
	select {
	case addr = <-addrc:
	case <-exited:
		t.Fatalf("serve exited before serving:\n%s", srvLog.String())
	case <-time.After(45 * time.Second):
		t.Fatal("serve did not start within 45 s")
	}
	client := &http.Client{
		Timeout:   20 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: crashSenders, MaxConnsPerHost: crashSenders},
	}
	crashWaitReady(t, client, addr)

	ctx := context.Background()
	code, body, err := crashPost(ctx, client, addr, crashSlashBody(fake.srv.URL, "UADMIN", `poll "Which theme first?" "Cost of living" "Older people"`, "create"))
	if err != nil || code != http.StatusOK || !strings.Contains(string(body), "Poll 1") {
		t.Fatalf("creating the poll: %d %v\n%s", code, err, body)
	}

	// The burst: senders take members from a queue; a member's votes go in
	// order, the change only after the first vote's answer (or failure).
	queue := make(chan []*crashVote)
	var wg sync.WaitGroup
	for range crashSenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for member := range queue {
				for _, v := range member {
					b := crashSlashBody(fake.srv.URL, v.user, "vote 1 "+v.choice, fmt.Sprintf("%s-%d", v.user, v.seq))
					v.sent = true
					code, resp, err := crashPost(ctx, client, addr, b)
					if err != nil || code != http.StatusOK {
						lastAnswer.Store(fmt.Sprintf("%d %v %s", code, err, resp))
						continue
					}
					lastAnswer.Store(fmt.Sprintf("%d %s", code, resp))
					if ok, text := voteConfirmed(resp, v.choice, options[v.choice]); ok {
						confirm(v)
					} else if len(resp) > 0 {
						lateMu.Lock()
						lateBad = append(lateBad, fmt.Sprintf("%s vote %s answered %q", v.user, v.choice, text))
						lateMu.Unlock()
					}
				}
			}
		}()
	}
	go func() {
		defer close(queue)
		for i := 0; i < len(votes); {
			j := i + 1
			for j < len(votes) && votes[j].user == votes[i].user {
				j++
			}
			// Sending goes on after the kill: those requests fail and
			// must not be counted.
			queue <- votes[i:j]
			i = j
		}
	}()
	select {
	case <-killNow:
	case <-time.After(40 * time.Second):
		t.Fatalf("only %d of %d confirmations in 40 s; the last answer: %v", confirmed.Load(), crashKillAt, lastAnswer.Load())
	}
	if err := srv.Process.Kill(); err != nil { // SIGKILL: no shutdown, no flush
		t.Fatal(err)
	}
	killed = true
	<-exited
	atKill := confirmed.Load()
	wg.Wait()
	client.CloseIdleConnections()
	if strings.Contains(srvLog.String(), "WARNING: DATA RACE") {
		t.Errorf("the server reported a data race:\n%s", srvLog.String())
	}
	for _, s := range lateBad {
		t.Errorf("wrong confirmation: %s", s)
	}

	// Reopen the file: bbolt's own consistency check, then every ballot.
	ballots := crashCheckDB(t, dbPath)

	sent, nConfirmed := 0, 0
	members := map[string][]*crashVote{}
	for _, v := range votes {
		members[v.user] = append(members[v.user], v)
		if v.sent {
			sent++
		}
		if v.confirmed.Load() {
			nConfirmed++
		}
	}
	if nConfirmed == sent {
		t.Errorf("all %d sent votes were confirmed: the kill came after the burst, so nothing was tested", sent)
	}
	confirmedMembers, sentMembers := 0, 0
	for user, vs := range members {
		got, counted := ballots["slack:T1:"+user]
		delete(ballots, "slack:T1:"+user)
		// What may stand: the latest confirmed vote or any vote sent after
		// it; with nothing confirmed, nothing or any sent vote.
		var allowed []string
		lastConfirmed := -1
		for i, v := range vs {
			if v.confirmed.Load() {
				lastConfirmed = i
			}
		}
		for i, v := range vs {
			if v.sent && i >= lastConfirmed {
				allowed = append(allowed, options[v.choice])
			}
		}
		if vs[0].sent {
			sentMembers++
		}
		switch {
		case lastConfirmed >= 0 && !counted:
			confirmedMembers++
			t.Errorf("LOST: %s's vote for %s was confirmed but is not in the database", user, vs[lastConfirmed].choice)
		case lastConfirmed >= 0 && !slices.Contains(allowed, got):
			confirmedMembers++
			t.Errorf("WRONG: %s's confirmed vote for %s is counted as %q (allowed %q)", user, options[vs[lastConfirmed].choice], got, allowed)
		case lastConfirmed >= 0:
			confirmedMembers++
		case counted && !slices.Contains(allowed, got):
			t.Errorf("%s is counted for %q but sent only %q", user, got, allowed)
		}
	}
	for who, choice := range ballots {
		t.Errorf("a ballot nobody sent: %s for %q", who, choice)
	}
	if len(ballots) > 0 {
		return
	}

	// The bot's own count agrees, and nobody is counted twice.
	out, errOut := crashRun(t, "exec", "--db", dbPath, "--json", "poll results 1")
	var res struct {
		Data struct {
			Voters int            `json:"voters"`
			Tally  map[string]int `json:"tally"`
		} `json:"data"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("poll results after the crash: %v\n%s\n%s", err, out, errOut)
	}
	counted := 0
	for _, n := range res.Data.Tally {
		counted += n
	}
	if counted != res.Data.Voters {
		t.Errorf("tally %v adds up to %d but there are %d voters: a vote counted twice or lost", res.Data.Tally, counted, res.Data.Voters)
	}
	if res.Data.Voters < confirmedMembers || res.Data.Voters > sentMembers {
		t.Errorf("%d voters counted; want between the %d members with a confirmed vote and the %d who sent one", res.Data.Voters, confirmedMembers, sentMembers)
	}
	t.Logf("killed after %d confirmations; %d of %d votes sent, %d confirmed; %d members counted (%d confirmed, %d sent); tally %v",
		atKill, sent, len(votes), nConfirmed, res.Data.Voters, confirmedMembers, sentMembers, res.Data.Tally)
}

// crashWaitReady waits for /healthz and then /readyz (the Slack adapter has its
// handler) to answer 200.
func crashWaitReady(t *testing.T, c *http.Client, addr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for _, path := range []string{"/healthz", "/readyz"} {
		for {
			resp, err := c.Get("http://" + addr + path)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s not 200 within 30 s (last error %v)", path, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// crashCheckDB opens the database file left by the killed server read-only
// and runs bbolt's consistency check over every page, then returns poll 1's
// ballots as choice by voter.
func crashCheckDB(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("the database does not open after the crash: %v", err)
	}
	defer db.Close()
	out := map[string]string{}
	err = db.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		if len(errs) > 0 {
			return fmt.Errorf("bbolt check: %w", errors.Join(errs...))
		}
		var opts []string
		var p poll.Poll
		if ok, err := storage.Get(tx, poll.PollsBucket, storage.Key(uint64(1)), &p); err != nil || !ok {
			return fmt.Errorf("poll 1 is not in the database (found %v): %v", ok, err)
		}
		opts = p.Options
		return storage.Each(tx, poll.BallotsBucket, storage.Key(uint64(1))+"/", func(k string, b *poll.Ballot) error {
			if len(b.Picks) != 1 || b.Picks[0] < 0 || b.Picks[0] >= len(opts) {
				return fmt.Errorf("ballot %s has picks %v", k, b.Picks)
			}
			if _, dup := out[string(b.Voter)]; dup {
				return fmt.Errorf("two ballots for %s", b.Voter)
			}
			out[string(b.Voter)] = opts[b.Picks[0]]
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// crashRun runs the partnerbot entry point in a process of its own and
// returns its stdout and stderr; a non-zero exit fails the test.
func crashRun(t *testing.T, args ...string) (stdout, stderr []byte) {
	t.Helper()
	cmd := crashProcess(args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("partnerbot %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes(), errb.Bytes()
}
