package slack

import (
	"encoding/json"
	"net/http"
)

// Routes are the adapter's HTTP endpoints, for serve's HTTP server:
// "/slack/commands" (the slash command), "/slack/interactions" (buttons
// and the poll form) and "/slack/events" (mentions and direct messages).
// Every request is verified with the signing secret; bodies over 1 MB get
// 413.
func (a *Adapter) Routes() map[string]http.Handler {
	return map[string]http.Handler{
		"/slack/commands":     http.HandlerFunc(a.serveCommand),
		"/slack/interactions": http.HandlerFunc(a.serveInteraction),
		"/slack/events":       http.HandlerFunc(a.serveEvent),
	}
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request) {
	body, ok := a.readSigned(w, r)
	if !ok {
		return
	}
	sc, err := decodeSlash(body)
	if err != nil {
		a.log.Warn("bad slash command", "err", err)
		http.Error(w, "bad slash command", http.StatusBadRequest)
		return
	}
	writeAck(w, a.slash(r.Context(), sc, 0))
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	body, ok := a.readSigned(w, r)
	if !ok {
		return
	}
	if a.currentHandler() == nil {
		http.Error(w, "starting up", http.StatusServiceUnavailable)
		return
	}
	ic, err := decodeInteraction(body)
	if err != nil {
		a.log.Warn("bad interaction payload", "err", err)
		http.Error(w, "bad interaction payload", http.StatusBadRequest)
		return
	}
	ack, err := a.interaction(r.Context(), ic)
	if err != nil {
		a.log.Warn("interaction refused", "err", err)
		http.Error(w, "bad interaction payload", http.StatusBadRequest)
		return
	}
	writeAck(w, ack)
}

func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request) {
	body, ok := a.readSigned(w, r)
	if !ok {
		return
	}
	env, err := decodeEnvelope(body)
	if err != nil {
		http.Error(w, "bad event payload", http.StatusBadRequest)
		return
	}
	if env.Type == "url_verification" {
		writeAck(w, map[string]string{"challenge": env.Challenge})
		return
	}
	if a.currentHandler() == nil {
		// Slack retries, and the retry finds the bot ready.
		http.Error(w, "starting up", http.StatusServiceUnavailable)
		return
	}
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		a.log.Debug("Slack retried an event", "event", env.EventID, "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
	}
	a.event(env)
	w.WriteHeader(http.StatusOK)
}

// writeAck answers 200 with ack as JSON, or an empty body for nil.
func writeAck(w http.ResponseWriter, ack any) {
	if ack == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	b, err := json.Marshal(ack)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}
