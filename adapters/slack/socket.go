package slack

import (
	"context"
	"log/slog"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"partnerbot/bot"
)

// maxSocketAck keeps a Socket Mode ack under Slack's 20 KB limit; a bigger
// reply goes through response_url.
const maxSocketAck = 18 * 1024

// runSocket connects over Socket Mode and handles what arrives until ctx
// is done, reconnecting with backoff when the connection fails.
func (a *Adapter) runSocket(ctx context.Context) error {
	client := socketmode.New(a.api, socketmode.OptionLog(slog.NewLogLogger(a.log.Handler(), slog.LevelDebug)))
	a.once.Do(func() { close(a.ready) })
	backoff := time.Second
	for {
		runCtx, cancel := context.WithCancel(ctx)
		errc := make(chan error, 1)
		go func() { errc <- client.RunContext(runCtx) }()
		err := a.pump(runCtx, client, errc)
		cancel()
		a.connected.Store(false)
		if ctx.Err() != nil {
			return nil
		}
		bot.M.Reconnects.WithLabelValues("slack").Inc()
		a.log.Warn("Socket Mode connection ended; reconnecting", "err", err, "in", backoff)
		if a.sleep(ctx, backoff) != nil {
			return nil
		}
		backoff = min(backoff*2, 30*time.Second)
	}
}

// pump reads the client's events until the client stops.
func (a *Adapter) pump(ctx context.Context, client *socketmode.Client, errc <-chan error) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-errc:
			return err
		case evt := <-client.Events:
			a.socketEvent(ctx, client, evt)
		}
	}
}

// socketEvent handles one Socket Mode event, acking each request: events
// and buttons at once, slash commands and form submissions with their
// reply when it is ready within the inline wait.
func (a *Adapter) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		a.connected.Store(true)
		a.log.Info("connected to Slack (Socket Mode)")
	case socketmode.EventTypeConnecting:
		a.connected.Store(false)
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("Socket Mode trouble", "type", string(evt.Type), "detail", evt.Data)
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("Slack refused the app token (slack.app_token)")
	case socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		a.ack(ctx, client, evt.Request.EnvelopeID, nil)
		if a.currentHandler() == nil {
			return
		}
		env, err := decodeEnvelope(evt.Request.Payload)
		if err != nil {
			a.log.Warn("bad event payload", "err", err)
			return
		}
		a.event(env)
	case socketmode.EventTypeSlashCommand:
		sc, ok := evt.Data.(slackapi.SlashCommand)
		if !ok || evt.Request == nil {
			return
		}
		id := evt.Request.EnvelopeID
		if checkSlash(sc) != nil {
			a.ack(ctx, client, id, nil)
			return
		}
		// The inline wait must not hold up the other events.
		a.later(func(context.Context) { a.ack(ctx, client, id, a.slash(ctx, sc, maxSocketAck)) })
	case socketmode.EventTypeInteractive:
		ic, ok := evt.Data.(slackapi.InteractionCallback)
		if !ok || evt.Request == nil {
			return
		}
		id := evt.Request.EnvelopeID
		a.later(func(context.Context) {
			ack, err := a.interaction(ctx, &ic)
			if err != nil {
				a.log.Warn("interaction refused", "err", err)
				ack = nil
			}
			a.ack(ctx, client, id, ack)
		})
	}
}

func (a *Adapter) ack(ctx context.Context, client *socketmode.Client, envelopeID string, payload any) {
	if envelopeID == "" {
		return
	}
	if err := client.AckCtx(ctx, envelopeID, payload); err != nil {
		a.log.Warn("acknowledging a Socket Mode request failed", "err", err)
	}
}
