package discord

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"partnerbot/bot"
)

// transport is the REST client's RoundTripper. It sends requests meant for
// discord.com to base instead when discord.api_url is set (discordgo's
// endpoints are fixed strings), and waits out a 429 by its Retry-After at
// most MaxRetries times before letting discordgo see it.
type transport struct {
	base *url.URL
	next http.RoundTripper
	a    *Adapter
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.base != nil && isDiscordHost(req.URL.Host) {
		r2 := req.Clone(req.Context())
		u := *req.URL
		u.Scheme = t.base.Scheme
		u.Host = t.base.Host
		u.Path = strings.TrimRight(t.base.Path, "/") + req.URL.Path
		if req.URL.RawPath != "" {
			u.RawPath = strings.TrimRight(t.base.Path, "/") + req.URL.RawPath
		}
		r2.URL = &u
		r2.Host = u.Host
		req = r2
	}
	for attempt := 0; ; attempt++ {
		resp, err := t.next.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests || attempt >= MaxRetries {
			return resp, err
		}
		wait, body := retryAfter(resp)
		if req.Body != nil && req.GetBody == nil {
			// Cannot replay the body: let discordgo report the rate limit.
			resp.Body = io.NopCloser(bytes.NewReader(body))
			return resp, nil
		}
		t.a.rateWaits.Add(1)
		bot.M.RateLimitWaits.WithLabelValues("discord").Inc()
		t.a.log.Info("rate limited; waiting", "url", req.URL.Path, "wait", wait, "attempt", attempt+1)
		if err := t.a.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
		if req.GetBody != nil {
			b, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = b
		}
	}
}

func isDiscordHost(h string) bool {
	return h == "discord.com" || h == "discordapp.com" || strings.HasSuffix(h, ".discord.com")
}

// retryAfter reads how long a 429 asks us to wait: the Retry-After header
// or the body's retry_after (seconds, possibly fractional), capped at
// MaxRetryWait. It consumes the body and returns it.
func retryAfter(resp *http.Response) (time.Duration, []byte) {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	_ = resp.Body.Close()
	secs := -1.0
	var rl struct {
		RetryAfter float64 `json:"retry_after"`
	}
	if json.Unmarshal(body, &rl) == nil && rl.RetryAfter > 0 {
		secs = rl.RetryAfter
	}
	if secs < 0 {
		if f, err := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64); err == nil && f >= 0 {
			secs = f
		}
	}
	if secs < 0 {
		secs = 1
	}
	d := time.Duration(secs * float64(time.Second))
	if d > MaxRetryWait {
		d = MaxRetryWait
	}
	return d, body
}
