package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"partnerbot/bot"
)

// Post sends r to a channel with chat.postMessage and returns the ref
// "CHANNEL|TS" that Update takes. A reply's image is uploaded to the
// channel after the message (files.uploadV2); a failed upload is logged.
func (a *Adapter) Post(ctx context.Context, channel bot.ID, r bot.Reply) (string, error) {
	ch, err := a.local(channel)
	if err != nil {
		return "", err
	}
	ts, err := a.postMessage(ctx, ch, "", r)
	if err != nil {
		return "", err
	}
	if len(r.Image) > 0 {
		a.upload(ctx, ch, r)
	}
	return ch + "|" + ts, nil
}

// Update replaces a posted message with chat.update. ref is what Post
// returned.
func (a *Adapter) Update(ctx context.Context, channel bot.ID, ref string, r bot.Reply) error {
	ch, ts, ok := strings.Cut(ref, "|")
	if !ok || ch == "" || ts == "" {
		return fmt.Errorf("slack: %q is not a message reference (CHANNEL|TS)", ref)
	}
	m := render(r)
	err := a.retry(ctx, func() error {
		_, _, _, err := a.api.UpdateMessageContext(ctx, ch, ts,
			slackapi.MsgOptionText(m.Text, false), slackapi.MsgOptionBlocks(m.Blocks...))
		return err
	})
	if err != nil {
		bot.M.PostFailures.WithLabelValues("slack").Inc()
		return fmt.Errorf("slack: updating %s in %s: %w", ts, channel, err)
	}
	return nil
}

// Direct sends r privately to a user: conversations.open, then
// chat.postMessage in that conversation.
func (a *Adapter) Direct(ctx context.Context, user bot.ID, r bot.Reply) error {
	u, err := a.local(user)
	if err != nil {
		return err
	}
	var ch *slackapi.Channel
	err = a.retry(ctx, func() error {
		var err error
		ch, _, _, err = a.api.OpenConversationContext(ctx, &slackapi.OpenConversationParameters{Users: []string{u}})
		return err
	})
	if err != nil {
		bot.M.PostFailures.WithLabelValues("slack").Inc()
		return fmt.Errorf("slack: opening a direct message with %s: %w", user, err)
	}
	_, err = a.postMessage(ctx, ch.ID, "", r)
	return err
}

// postMessage posts r to channel ch (in thread if set) and returns its ts.
func (a *Adapter) postMessage(ctx context.Context, ch, thread string, r bot.Reply) (string, error) {
	m := render(r)
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(m.Text, false), slackapi.MsgOptionBlocks(m.Blocks...), slackapi.MsgOptionDisableLinkUnfurl()}
	if thread != "" {
		opts = append(opts, slackapi.MsgOptionTS(thread))
	}
	var ts string
	err := a.retry(ctx, func() error {
		var err error
		_, ts, err = a.api.PostMessageContext(ctx, ch, opts...)
		return err
	})
	if err != nil {
		bot.M.PostFailures.WithLabelValues("slack").Inc()
		return "", fmt.Errorf("slack: posting to %s: %w", ch, err)
	}
	return ts, nil
}

// postEphemeral shows r to one user in a channel (chat.postEphemeral).
func (a *Adapter) postEphemeral(ctx context.Context, ch, user string, r bot.Reply) error {
	m := render(r)
	return a.retry(ctx, func() error {
		_, err := a.api.PostEphemeralContext(ctx, ch, user, slackapi.MsgOptionText(m.Text, false), slackapi.MsgOptionBlocks(m.Blocks...))
		return err
	})
}

// upload shares the reply's image in the channel with files.uploadV2.
func (a *Adapter) upload(ctx context.Context, ch string, r bot.Reply) {
	name := r.ImageName
	if name == "" {
		name = "chart.png"
	}
	title := r.Title
	if title == "" {
		title = name
	}
	err := a.retry(ctx, func() error {
		_, err := a.api.UploadFileContext(ctx, slackapi.UploadFileParameters{
			Reader: bytes.NewReader(r.Image), FileSize: len(r.Image), Filename: name, Title: title, Channel: ch,
		})
		return err
	})
	if err != nil {
		a.log.Warn("uploading an image failed", "channel", ch, "err", err)
	}
}

// local checks that id is a Slack id and returns its local part.
func (a *Adapter) local(id bot.ID) (string, error) {
	if id.Platform() != "slack" || id.Local() == "" {
		return "", fmt.Errorf("slack: %q is not a Slack id (slack:TEAM:ID)", id)
	}
	return id.Local(), nil
}

// retry runs call, waiting out Slack's rate limits (429 with Retry-After)
// at most MaxRetries times. Other errors are returned at once.
func (a *Adapter) retry(ctx context.Context, call func() error) error {
	for attempt := 0; ; attempt++ {
		err := call()
		var rl *slackapi.RateLimitedError
		if err == nil || !errors.As(err, &rl) || attempt >= MaxRetries {
			return err
		}
		wait := rl.RetryAfter
		if wait <= 0 {
			wait = time.Second
		}
		if wait > MaxRetryWait {
			wait = MaxRetryWait
		}
		bot.M.RateLimitWaits.WithLabelValues("slack").Inc()
		a.log.Info("rate limited by Slack; waiting", "wait", wait, "attempt", attempt+1)
		if err := a.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// trustedResponseURL reports whether a response_url may be posted to:
// Slack's own https://hooks.slack.com/…, or the host of the configured
// api_url (a fake of Slack in tests). Anything else in a payload is
// refused, so a forged payload can't make the bot call other addresses.
func (a *Adapter) trustedResponseURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil {
		return false
	}
	if u.Scheme == "https" && u.Host == "hooks.slack.com" {
		return true
	}
	return a.apiHost != "" && u.Host == a.apiHost && (u.Scheme == "http" || u.Scheme == "https")
}

// respond posts m to a response_url.
func (a *Adapter) respond(ctx context.Context, responseURL string, m message) error {
	if !a.trustedResponseURL(responseURL) {
		return fmt.Errorf("slack: refusing to post to response_url %q (not hooks.slack.com)", responseURL)
	}
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, responseURL, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := a.httpc.Do(req)
		if err != nil {
			return fmt.Errorf("slack: posting to response_url: %w", err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests && attempt < MaxRetries {
			wait := time.Second
			if s := resp.Header.Get("Retry-After"); s != "" {
				if d, err := time.ParseDuration(s + "s"); err == nil && d > 0 {
					wait = min(d, MaxRetryWait)
				}
			}
			bot.M.RateLimitWaits.WithLabelValues("slack").Inc()
			if err := a.sleep(ctx, wait); err != nil {
				return err
			}
			continue
		}
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("slack: response_url answered %s", resp.Status)
		}
		return nil
	}
}

// replyAsMessage renders a reply for a slash command or response_url.
func replyAsMessage(r bot.Reply, forButton bool) message {
	m := render(r)
	m.ResponseType = "in_channel"
	if r.Ephemeral || r.Error || forButton {
		m.ResponseType = "ephemeral"
	}
	if forButton {
		f := false
		m.ReplaceOriginal = &f
	}
	return m
}
