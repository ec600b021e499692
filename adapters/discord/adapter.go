// Package discord connects partnerbot to Discord with discordgo: the command
// specs become application commands (slash commands with typed options,
// choices and autocomplete), interactions arrive over the gateway or as
// signed HTTP requests, and replies are rendered as messages with embeds,
// buttons and select menus.
//
// Every interaction is turned back into command text and handed to the
// router, so Discord, Slack and the console share one parser and one set of
// permission checks.
//
// Identities: a user is "discord:GUILD:USER" and a channel
// "discord:GUILD:CHANNEL". In a direct message there is no guild; the team
// part is then the configured guild_id (so a person is the same inside and
// outside the server of a one-server partnership), or "@me" when no guild is
// configured.
package discord

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Options are what the adapter needs besides its config.
type Options struct {
	// Clock stamps requests; the router's clock is used when nil.
	Clock bot.Clock
	// Log receives the adapter's logs; slog.Default when nil.
	Log *slog.Logger
	// DB stores button commands too long for a custom_id and remembers
	// where interaction replies with a Key were posted. May be nil (then
	// long button commands are cut off and such copies are not updated).
	DB *storage.DB
	// People remembers display names; may be nil.
	People *bot.People
	// Commands returns the router's command specs, for registration and to
	// turn slash-command options back into command text.
	Commands func() []*bot.Command
	// Autocomplete suggests values for an option as it is typed: kind is
	// the spec's Arg.Autocomplete ("theme", "area", "poll", "event",
	// "room", "org"). May be nil.
	Autocomplete func(kind, prefix string) []string
	// SkipRegister stops Start from syncing the application commands.
	SkipRegister bool
}

// Timing and size limits.
const (
	// InlineWait is how long an interaction's command may run before the
	// adapter defers its reply (Discord allows 3 seconds for the first
	// response).
	InlineWait = 2 * time.Second
	// MaxBody caps the body of an HTTP interaction.
	MaxBody = 1 << 20
	// MaxRetries bounds the retries of a rate-limited REST call.
	MaxRetries = 3
	// MaxRetryWait caps one wait for a rate limit.
	MaxRetryWait = 30 * time.Second
	// followUpTimeout bounds a deferred command and its follow-up
	// (interaction tokens last 15 minutes).
	followUpTimeout = 10 * time.Minute
)

// An Adapter is partnerbot on Discord. It implements bot.Adapter.
type Adapter struct {
	cfg     bot.DiscordConfig
	opts    Options
	log     *slog.Logger
	session *discordgo.Session

	mu      sync.RWMutex
	handler bot.Handler
	baseCtx context.Context
	botID   string
	appID   string
	ready   chan struct{}
	once    sync.Once

	wg sync.WaitGroup // follow-ups in flight

	publicKey []byte

	// inlineWait is InlineWait; tests shorten it.
	inlineWait time.Duration
	// sleep waits for a rate limit; tests record instead.
	sleep func(ctx context.Context, d time.Duration) error

	rateWaits atomic.Int64
	connects  atomic.Int64
	connected atomic.Bool
}

// New builds the adapter. It does not connect: Start does.
func New(cfg bot.DiscordConfig, opts Options) (*Adapter, error) {
	if cfg.Mode == "" {
		cfg.Mode = "gateway"
	}
	if cfg.Mode != "gateway" && cfg.Mode != "http" {
		return nil, fmt.Errorf("discord.mode %q must be \"gateway\" or \"http\"", cfg.Mode)
	}
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	a := &Adapter{
		cfg:        cfg,
		opts:       opts,
		log:        log.With("adapter", "discord"),
		appID:      cfg.ApplicationID,
		ready:      make(chan struct{}),
		baseCtx:    context.Background(),
		inlineWait: InlineWait,
		sleep:      sleepCtx,
	}
	if cfg.PublicKey != "" {
		key, err := parsePublicKey(cfg.PublicKey)
		if err != nil {
			return nil, err
		}
		a.publicKey = key
	}
	token := cfg.Token
	if token != "" && !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	// discordgo retries a 429 for ever; the transport retries a bounded
	// number of times and then discordgo reports the rate limit.
	s.ShouldRetryOnRateLimit = false
	s.MaxRestRetries = MaxRetries
	s.StateEnabled = true
	s.Identify.Intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	var base *url.URL
	if cfg.APIURL != "" {
		base, err = url.Parse(strings.TrimRight(cfg.APIURL, "/"))
		if err != nil || base.Scheme == "" || base.Host == "" {
			return nil, fmt.Errorf("discord.api_url %q is not a URL (for example http://127.0.0.1:9000)", cfg.APIURL)
		}
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: &transport{base: base, next: http.DefaultTransport, a: a}}
	a.session = s
	return a, nil
}

// Platform is "discord".
func (a *Adapter) Platform() string { return "discord" }

// Session is the discordgo session, for callers that need more of the API.
func (a *Adapter) Session() *discordgo.Session { return a.session }

// Ready is closed once Start has its handler (and, in gateway mode, is
// connected).
func (a *Adapter) Ready() <-chan struct{} { return a.ready }

// RateLimitWaits is how many times a REST call waited out a 429.
func (a *Adapter) RateLimitWaits() int64 { return a.rateWaits.Load() }

// Reconnects is how many times the gateway connected again after the
// first connection (for metrics).
func (a *Adapter) Reconnects() int64 {
	if n := a.connects.Load(); n > 1 {
		return n - 1
	}
	return 0
}

// Connected reports whether the adapter can take interactions: in http
// mode once Start has its handler, in gateway mode while the gateway
// connection is up (for /readyz).
func (a *Adapter) Connected() bool {
	if a.currentHandler() == nil {
		return false
	}
	if a.cfg.Mode == "http" {
		return true
	}
	return a.connected.Load()
}

// Start runs the adapter until ctx is done, handing each request to h. In
// gateway mode it connects to Discord's gateway; in http mode it serves the
// interactions route (see Routes). Unless Options.SkipRegister is set it
// first syncs the application commands (a failure is logged, not fatal).
func (a *Adapter) Start(ctx context.Context, h bot.Handler) error {
	if h == nil {
		return errors.New("discord: Start needs a handler")
	}
	a.setHandler(ctx, h)
	if a.cfg.Mode == "gateway" {
		a.session.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) {
			if r.User != nil {
				a.mu.Lock()
				a.botID = r.User.ID
				if a.appID == "" {
					a.appID = r.User.ID
				}
				a.mu.Unlock()
			}
		})
		a.session.AddHandler(func(s *discordgo.Session, c *discordgo.Connect) {
			if a.connects.Add(1) > 1 {
				bot.M.Reconnects.WithLabelValues("discord").Inc()
			}
			a.connected.Store(true)
		})
		a.session.AddHandler(func(s *discordgo.Session, d *discordgo.Disconnect) {
			a.connected.Store(false)
			a.log.Warn("gateway disconnected; discordgo reconnects")
		})
		a.session.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
			a.HandleInteractionCreate(ctx, ic)
		})
		a.session.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
			a.HandleMessageCreate(ctx, m)
		})
		if err := a.session.Open(); err != nil {
			return fmt.Errorf("discord: connecting to the gateway: %w", err)
		}
		defer a.session.Close()
	}
	if !a.opts.SkipRegister && a.opts.Commands != nil {
		if err := a.Register(ctx); err != nil {
			a.log.Warn("registering application commands failed", "err", err)
		}
	}
	a.once.Do(func() { close(a.ready) })
	<-ctx.Done()
	a.Wait()
	return nil
}

// Wait blocks until deferred replies in flight have been sent.
func (a *Adapter) Wait() { a.wg.Wait() }

// setHandler makes h answer requests; ctx's values (not its end) carry to
// deferred commands.
func (a *Adapter) setHandler(ctx context.Context, h bot.Handler) {
	a.mu.Lock()
	a.handler = h
	a.baseCtx = context.WithoutCancel(ctx)
	a.mu.Unlock()
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

func (a *Adapter) now() time.Time {
	if a.opts.Clock != nil {
		return a.opts.Clock.Now()
	}
	return time.Time{} // the router stamps it
}

// applicationID is the configured application id, or the bot user's id
// (the same for every application made since 2020).
func (a *Adapter) applicationID(ctx context.Context) (string, error) {
	a.mu.RLock()
	id := a.appID
	a.mu.RUnlock()
	if id != "" {
		return id, nil
	}
	u, err := a.session.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("discord: finding the application id (set discord.application_id): %w", err)
	}
	a.mu.Lock()
	a.appID = u.ID
	a.mu.Unlock()
	return u.ID, nil
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

// drain reads and closes a body so the connection can be reused.
func drain(rc io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(rc, 1<<16))
	_ = rc.Close()
}
