package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"partnerbot/adapters/discord"
	"partnerbot/adapters/slack"
	"partnerbot/bot"
	"partnerbot/commands"
)

// runningAdapter is an adapter with its HTTP routes and a readiness check.
type runningAdapter struct {
	bot.Adapter
	Routes    map[string]http.Handler
	Connected func() bool
}

// buildAdapters creates the adapters the config enables.
func buildAdapters(ctx context.Context, cfg *bot.Config, app *commands.App, log *slog.Logger) ([]runningAdapter, error) {
	var out []runningAdapter
	if cfg.Slack.Enabled {
		sl, err := slack.New(cfg.Slack, slack.Options{
			Command: cfg.Bot.Command,
			Clock:   app.Env.Clock,
			Log:     log.With("platform", "slack"),
			DB:      app.Env.DB,
			People:  app.Env.People,
		})
		if err != nil {
			return nil, err
		}
		out = append(out, runningAdapter{Adapter: sl, Routes: sl.Routes(), Connected: sl.Connected})
	}
	if cfg.Discord.Enabled {
		d, err := newDiscord(cfg, app, log, false)
		if err != nil {
			return nil, err
		}
		out = append(out, runningAdapter{Adapter: d, Routes: d.Routes(), Connected: d.Connected})
	}
	return out, nil
}

func newDiscord(cfg *bot.Config, app *commands.App, log *slog.Logger, skipRegister bool) (*discord.Adapter, error) {
	return discord.New(cfg.Discord, discord.Options{
		Clock:        app.Env.Clock,
		Log:          log.With("platform", "discord"),
		DB:           app.Env.DB,
		People:       app.Env.People,
		Commands:     app.Router.Commands,
		Autocomplete: app.Autocomplete,
		SkipRegister: skipRegister,
	})
}

// runSlackManifest prints a Slack app manifest: Socket Mode unless the
// config says mode = "http", when the request URLs point at http.base_url.
func runSlackManifest(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("slack-manifest", flag.ContinueOnError)
	configPath := fs.String("config", "", "config file (the slash command name, mode and base URL)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	cfg := bot.DefaultConfig()
	if *configPath != "" {
		c, err := bot.LoadConfig(*configPath)
		if err != nil {
			return err
		}
		cfg = c
	}
	base := ""
	if cfg.Slack.Mode == "http" {
		if cfg.HTTP.BaseURL == "" {
			return fmt.Errorf("slack.mode is \"http\" but http.base_url is not set: Slack needs the public address of /slack/commands")
		}
		base = cfg.HTTP.BaseURL
	}
	fmt.Fprint(stdout, slack.Manifest(cfg.Bot.Command, base))
	return nil
}

// runDiscordRegister syncs the application commands with Discord.
func runDiscordRegister(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("discord-register", flag.ContinueOnError)
	configPath := fs.String("config", "", "config file with the [discord] section")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	if *configPath == "" {
		return usageError{"discord-register needs a config file: partnerbot discord-register --config FILE"}
	}
	cfg, err := bot.LoadConfig(*configPath)
	if err != nil {
		return err
	}
	if cfg.Discord.Token == "" {
		return fmt.Errorf("discord-register needs discord.token (or DISCORD_TOKEN) to talk to Discord")
	}
	// A database only for the build: registration reads the specs.
	app, cleanup, err := scratchApp(cfg)
	if err != nil {
		return err
	}
	defer cleanup()
	d, err := newDiscord(cfg, app, newLogger(cfg, io.Discard), true)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := d.Register(ctx); err != nil {
		return err
	}
	where := "globally (they can take up to an hour to appear)"
	if cfg.Discord.GuildID != "" {
		where = "in server " + cfg.Discord.GuildID
	}
	fmt.Fprintf(stdout, "Registered %d slash commands %s.\n", len(discord.ApplicationCommands(app.Router.Commands())), where)
	return nil
}
