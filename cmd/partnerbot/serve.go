package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"partnerbot/bot"
	"partnerbot/commands"
	"partnerbot/storage"
)

// maxBody caps every request body the server reads.
const maxBody = 1 << 20

// shutdownGrace bounds how long in-flight work may take after SIGTERM.
const shutdownGrace = 10 * time.Second

// readiness is what /readyz reports.
type readiness struct {
	mu       sync.Mutex
	adapters map[string]func() bool
	dbOpen   bool
}

func (r *readiness) set(platform string, connected func() bool) {
	r.mu.Lock()
	r.adapters[platform] = connected
	r.mu.Unlock()
}

func (r *readiness) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ready := r.dbOpen
	body := fmt.Sprintf("database: %v\n", map[bool]string{true: "open", false: "closed"}[r.dbOpen])
	for _, p := range bot.SortedKeys(r.adapters) {
		state := "connected"
		if !r.adapters[p]() {
			state, ready = "not connected", false
		}
		body += fmt.Sprintf("%s: %s\n", p, state)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	io.WriteString(w, body)
}

func runServe(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	configPath := fs.String("config", "", "config file (see config.example.toml)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	if *configPath == "" {
		return usageError{"serve needs a config file: partnerbot serve --config FILE (start from config.example.toml)"}
	}
	cfg, err := bot.LoadConfig(*configPath)
	if err != nil {
		return err
	}
	if l := os.Getenv("PARTNERBOT_LISTEN"); l != "" {
		cfg.HTTP.Listen = l
	}
	log := newLogger(cfg, stderr)
	for _, w := range cfg.Warnings() {
		log.Warn("config: " + w)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	return serve(ctx, cfg, log, nil)
}

// serve runs the bot until ctx is done. ready, if not nil, receives the
// listening address once the server accepts connections (for tests).
func serve(ctx context.Context, cfg *bot.Config, log *slog.Logger, ready chan<- string) error {
	db, err := storage.Open(cfg.Storage.Path, storage.Options{})
	if err != nil {
		return err
	}
	defer func() {
		if err := db.Close(); err != nil {
			log.Error("closing the database", "err", err)
		}
	}()
	app, err := commands.Build(cfg, db, bot.SystemClock{}, log)
	if err != nil {
		return err
	}
	app.Router.Observe = bot.M.Observe

	rd := &readiness{adapters: map[string]func() bool{}, dbOpen: true}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	mux.Handle("GET /readyz", rd)
	mux.Handle("GET /metrics", promhttp.HandlerFor(bot.M.Registry, promhttp.HandlerOpts{}))
	for path, h := range app.Routes {
		mux.Handle(path, h)
	}

	adapterCtx, cancelAdapters := context.WithCancel(context.Background())
	defer cancelAdapters()
	adapters, err := buildAdapters(adapterCtx, cfg, app, log)
	if err != nil {
		return err
	}
	for _, a := range adapters {
		app.Hub.AddAdapter(a.Adapter)
		for path, h := range a.Routes {
			mux.Handle(path, h)
		}
	}

	sock, err := listenAdmin(db, log)
	if err != nil {
		log.Warn("admin socket not available; backups of the running server won't work", "err", err)
	}

	ln, err := net.Listen("tcp", cfg.HTTP.Listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.HTTP.Listen, err)
	}
	srv := &http.Server{
		Handler:           limitBody(mux),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server stopped", "err", err)
		}
	}()

	for _, a := range adapters {
		a := a
		var failed atomic.Bool
		rd.set(a.Platform(), func() bool { return !failed.Load() && a.Connected() })
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := a.Start(adapterCtx, app.Router); err != nil && adapterCtx.Err() == nil {
				failed.Store(true)
				log.Error("adapter stopped", "platform", a.Platform(), "err", err)
			}
		}()
	}
	schedCtx, stopSched := context.WithCancel(context.Background())
	app.Scheduler.Start(schedCtx)
	startBackups(schedCtx, cfg, db, log)

	log.Info("partnerbot is serving", "listen", ln.Addr().String(), "db", cfg.Storage.Path, "adapters", len(adapters))
	if ready != nil {
		ready <- ln.Addr().String()
	}
	<-ctx.Done()

	log.Info("shutting down: finishing work in flight")
	shutCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	stopSched()
	cancelAdapters()
	if sock != nil {
		sock.Close()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-shutCtx.Done():
		log.Warn("some adapters did not stop in time")
	}
	app.Scheduler.Wait()
	log.Info("stopped")
	return nil
}

// limitBody caps request bodies at 1 MB.
func limitBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBody {
			http.Error(w, "request body too large (the limit is 1 MB)", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		h.ServeHTTP(w, r)
	})
}
