package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// InteractionsPath is where Discord posts interactions in http mode.
const InteractionsPath = "/discord/interactions"

// Routes returns the HTTP interactions endpoint, POST /discord/interactions.
// Every request must be signed with the application's Ed25519 key
// (discord.public_key): an unsigned or badly signed request gets 401 and
// reaches no command.
func (a *Adapter) Routes() map[string]http.Handler {
	return map[string]http.Handler{InteractionsPath: http.HandlerFunc(a.serveHTTP)}
}

func parsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("discord.public_key must be the application's public key: %d hex digits", 2*ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}

// verify checks Discord's signature: Ed25519 over the timestamp header
// followed by the body.
func (a *Adapter) verify(h http.Header, body []byte) bool {
	if len(a.publicKey) != ed25519.PublicKeySize {
		return false
	}
	ts := h.Get("X-Signature-Timestamp")
	sigHex := h.Get("X-Signature-Ed25519")
	if ts == "" || len(ts) > 32 || len(sigHex) != 2*ed25519.SignatureSize {
		return false
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil {
		return false
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(msg, ts...)
	msg = append(msg, body...)
	return ed25519.Verify(a.publicKey, msg, sig)
}

// httpResponder writes the first response into the HTTP response.
type httpResponder struct {
	w     http.ResponseWriter
	wrote bool
}

func (r *httpResponder) respond(_ context.Context, resp *discordgo.InteractionResponse) error {
	if r.wrote {
		return errors.New("discord: responded twice")
	}
	body, err := json.Marshal(resp)
	if err != nil {
		return err
	}
	r.wrote = true
	r.w.Header().Set("Content-Type", "application/json")
	_, err = r.w.Write(body)
	if f, ok := r.w.(http.Flusher); ok {
		f.Flush()
	}
	return err
}

func (*httpResponder) files() bool { return false }

func (a *Adapter) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "could not read the request", http.StatusBadRequest)
		return
	}
	if !a.verify(r.Header, body) {
		a.log.Info("refused an interaction with a bad signature", "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	i, err := decodeInteraction(body)
	if err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	if i.Type != discordgo.InteractionPing && a.currentHandler() == nil {
		http.Error(w, "not ready", http.StatusServiceUnavailable)
		return
	}
	rs := &httpResponder{w: w}
	if err := a.answer(r.Context(), i, rs); err != nil && !rs.wrote {
		switch {
		case errors.Is(err, errBadPayload):
			http.Error(w, "malformed interaction", http.StatusBadRequest)
		case errors.Is(err, errNotStarted):
			http.Error(w, "not ready", http.StatusServiceUnavailable)
		default:
			a.log.Warn("answering an interaction failed", "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}
}
