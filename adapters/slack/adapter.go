// Package slack connects partnerbot to Slack with slack-go: one slash command
// (default /sip) carries the whole command language, app mentions and direct
// messages are read as questions or commands, buttons (block_actions) run the
// command text they carry as the person who pressed them, and replies are
// rendered as Block Kit.
//
// Two connection modes share one core: "socket" (Socket Mode over a
// WebSocket, no public URL needed) and "http" (Slack calls Routes() on
// serve's HTTP server; every request is verified with the signing secret).
//
// Identities: a user is "slack:TEAM:USER" and a channel "slack:TEAM:CHANNEL".
//
// Safety: every request body is capped at 1 MB; a request whose signature,
// body or timestamp (more than five minutes from the adapter's clock) does
// not check out gets 401 and nothing is done. Replies to a slash command or
// a button go to its response_url only when that URL is Slack's
// (https://hooks.slack.com/…) or on the host of the configured api_url (for
// tests), so a forged payload cannot make the bot POST to an arbitrary
// address (SSRF). A forged button payload is only ever command text run as
// the named presser through the router's normal permission checks. Text from
// replies is escaped (&, <, >) so user-supplied text never pings
// (<!channel>, <!here>, <@U…>, <!subteam^…>).
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	slackapi "github.com/slack-go/slack"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Options are what the adapter needs besides its config.
type Options struct {
	// Command is the slash command's name without the slash; "sip" when
	// empty.
	Command string
	// Clock stamps requests and checks request timestamps; the system clock
	// when nil.
	Clock bot.Clock
	// Log receives the adapter's logs; slog.Default when nil.
	Log *slog.Logger
	// DB keeps the event dedupe store, so a retried event is handled once
	// even across a restart. May be nil (then the dedupe is in memory only).
	DB *storage.DB
	// People remembers display names; may be nil.
	People *bot.People
	// BotUserID is the bot's own Slack user id; when empty it is learnt
	// with auth.test at Start.
	BotUserID string
}

// Timing and size limits.
const (
	// InlineWait is how long a command may run before the adapter acks
	// Slack and sends the reply later through response_url (Slack allows 3
	// seconds).
	InlineWait = 2 * time.Second
	// MaxBody caps a request body.
	MaxBody = 1 << 20
	// MaxSkew is how far a request's timestamp may be from the clock.
	MaxSkew = 5 * time.Minute
	// MaxRetries bounds the retries of a rate-limited Web API call.
	MaxRetries = 3
	// MaxRetryWait caps one wait for a rate limit.
	MaxRetryWait = 30 * time.Second
	// DedupeFor is how long event ids are kept to spot Slack's retries.
	DedupeFor = time.Hour
	// AdminGroupTTL is how long the members of the admin user groups are
	// cached.
	AdminGroupTTL = 10 * time.Minute
	// laterTimeout bounds a deferred command and its reply (response_url
	// lasts 30 minutes).
	laterTimeout = 10 * time.Minute
)

// An Adapter is partnerbot on Slack. It implements bot.Adapter.
type Adapter struct {
	cfg     bot.SlackConfig
	opts    Options
	command string
	log     *slog.Logger
	api     *slackapi.Client
	httpc   *http.Client
	// apiHost is the host of cfg.APIURL ("" for Slack itself): response
	// URLs on it are trusted, for tests.
	apiHost string

	mu      sync.RWMutex
	handler bot.Handler
	baseCtx context.Context
	botID   string
	ready   chan struct{}
	once    sync.Once

	wg sync.WaitGroup // work in flight after an ack

	connected atomic.Bool

	dedupe *dedupe
	names  *names
	admins *adminGroups

	// inlineWait is InlineWait; tests shorten it.
	inlineWait time.Duration
	// sleep waits out a rate limit; tests record instead.
	sleep func(ctx context.Context, d time.Duration) error
}

// New builds the adapter. It does not connect: Start does.
func New(cfg bot.SlackConfig, opts Options) (*Adapter, error) {
	if cfg.Mode == "" {
		cfg.Mode = "socket"
	}
	switch cfg.Mode {
	case "socket":
		if cfg.AppToken == "" {
			return nil, errors.New(`slack.mode is "socket" but slack.app_token (or SLACK_APP_TOKEN) is not set`)
		}
	case "http":
		if cfg.SigningSecret == "" {
			return nil, errors.New(`slack.mode is "http" but slack.signing_secret (or SLACK_SIGNING_SECRET) is not set`)
		}
	default:
		return nil, fmt.Errorf("slack.mode %q must be \"socket\" or \"http\"", cfg.Mode)
	}
	if opts.Clock == nil {
		opts.Clock = bot.SystemClock{}
	}
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	command := strings.TrimPrefix(strings.TrimSpace(opts.Command), "/")
	if command == "" {
		command = "sip"
	}
	a := &Adapter{
		cfg:        cfg,
		opts:       opts,
		command:    command,
		log:        log.With("adapter", "slack"),
		httpc:      &http.Client{Timeout: 20 * time.Second},
		ready:      make(chan struct{}),
		baseCtx:    context.Background(),
		botID:      opts.BotUserID,
		inlineWait: InlineWait,
		sleep:      sleepCtx,
	}
	apiOpts := []slackapi.Option{slackapi.OptionHTTPClient(a.httpc)}
	if cfg.AppToken != "" {
		apiOpts = append(apiOpts, slackapi.OptionAppLevelToken(cfg.AppToken))
	}
	if cfg.APIURL != "" {
		u, err := url.Parse(cfg.APIURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("slack.api_url %q is not a URL (for example http://127.0.0.1:9000/api/)", cfg.APIURL)
		}
		a.apiHost = u.Host
		base := cfg.APIURL
		if !strings.HasSuffix(base, "/") {
			base += "/" // slack-go appends the method name directly
		}
		apiOpts = append(apiOpts, slackapi.OptionAPIURL(base))
	}
	a.api = slackapi.New(cfg.BotToken, apiOpts...)
	a.dedupe = newDedupe(opts.DB, DedupeFor)
	a.names = newNames(a)
	a.admins = newAdminGroups(a, cfg.AdminGroups)
	return a, nil
}

// Platform is "slack".
func (a *Adapter) Platform() string { return "slack" }

// Client is the slack-go client, for callers that need more of the Web API.
func (a *Adapter) Client() *slackapi.Client { return a.api }

// Ready is closed once Start has its handler (and, in socket mode, has
// started connecting).
func (a *Adapter) Ready() <-chan struct{} { return a.ready }

// Connected reports whether the adapter can take requests: in http mode
// once Start has its handler, in socket mode while the WebSocket is up.
// For serve's /readyz.
func (a *Adapter) Connected() bool { return a.connected.Load() }

// Start runs the adapter until ctx is done, handing each request to h. In
// socket mode it connects to Slack over Socket Mode; in http mode it serves
// Routes (mounted by the caller). Work acknowledged before ctx ended is
// finished before Start returns.
func (a *Adapter) Start(ctx context.Context, h bot.Handler) error {
	if h == nil {
		return errors.New("slack: Start needs a handler")
	}
	a.mu.Lock()
	a.handler = h
	a.baseCtx = context.WithoutCancel(ctx)
	a.mu.Unlock()
	a.learnBotID(ctx)
	var err error
	if a.cfg.Mode == "socket" {
		err = a.runSocket(ctx)
	} else {
		a.connected.Store(true)
		a.once.Do(func() { close(a.ready) })
		<-ctx.Done()
	}
	a.connected.Store(false)
	a.Wait()
	return err
}

// Wait blocks until work acknowledged to Slack (deferred replies, button
// presses, events) is done.
func (a *Adapter) Wait() { a.wg.Wait() }

// learnBotID asks Slack who the bot is (auth.test), so its own messages are
// ignored and its mention stripped. A failure is logged, not fatal.
func (a *Adapter) learnBotID(ctx context.Context) {
	if a.botUser() != "" {
		return
	}
	var resp *slackapi.AuthTestResponse
	err := a.retry(ctx, func() error {
		var err error
		resp, err = a.api.AuthTestContext(ctx)
		return err
	})
	if err != nil {
		a.log.Warn("auth.test failed; the bot's own messages are recognised by bot_id only", "err", err)
		return
	}
	a.mu.Lock()
	a.botID = resp.UserID
	a.mu.Unlock()
}

func (a *Adapter) botUser() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.botID
}

func (a *Adapter) currentHandler() bot.Handler {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.handler
}

func (a *Adapter) base() context.Context {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.baseCtx
}

func (a *Adapter) now() time.Time { return a.opts.Clock.Now() }

// later runs fn after the ack, with the adapter's base context (so a
// shutdown lets it finish) bounded by laterTimeout.
func (a *Adapter) later(fn func(ctx context.Context)) {
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		ctx, cancel := context.WithTimeout(a.base(), laterTimeout)
		defer cancel()
		fn(ctx)
	}()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
