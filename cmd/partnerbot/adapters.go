package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"partnerbot/bot"
	"partnerbot/commands"
)

// runningAdapter is an adapter with its HTTP routes. Passive adapters (HTTP
// mode) are ready as soon as the server listens.
type runningAdapter struct {
	bot.Adapter
	Routes  map[string]http.Handler
	Passive bool
}

// buildAdapters creates the adapters the config enables.
func buildAdapters(ctx context.Context, cfg *bot.Config, app *commands.App, log *slog.Logger) ([]runningAdapter, error) {
	var out []runningAdapter
	return out, nil
}

func runSlackManifest(args []string, stdout io.Writer) error {
	return fmt.Errorf("slack-manifest: not wired yet")
}

func runDiscordRegister(args []string, stdout io.Writer) error {
	return fmt.Errorf("discord-register: not wired yet")
}
