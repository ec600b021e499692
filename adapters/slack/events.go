package slack

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"partnerbot/bot"
)

// envelope is an Events API payload: the outer event_callback (or
// url_verification) with the inner event partnerbot reads. The same JSON
// arrives over HTTP and as a Socket Mode events_api payload.
type envelope struct {
	Type           string `json:"type"`
	Challenge      string `json:"challenge"`
	TeamID         string `json:"team_id"`
	EventID        string `json:"event_id"`
	EventTime      int64  `json:"event_time"`
	Authorizations []struct {
		UserID string `json:"user_id"`
		IsBot  bool   `json:"is_bot"`
	} `json:"authorizations"`
	Event innerEvent `json:"event"`
}

// innerEvent is an app_mention or message event.
type innerEvent struct {
	Type        string `json:"type"`
	Subtype     string `json:"subtype"`
	User        string `json:"user"`
	BotID       string `json:"bot_id"`
	Text        string `json:"text"`
	Channel     string `json:"channel"`
	ChannelType string `json:"channel_type"`
	TS          string `json:"ts"`
	ThreadTS    string `json:"thread_ts"`
	Team        string `json:"team"`
}

// decodeEnvelope reads an Events API payload.
func decodeEnvelope(raw []byte) (*envelope, error) {
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, err
	}
	return &env, nil
}

// eventRequest turns an event into a request, or reports false for events
// partnerbot ignores: other event types, edits and other subtypes, bots'
// messages (its own included), and events without a team, user or channel.
// app_mention reads the text after the bot's mention; message.im reads a
// direct message. Both HTTP and Socket Mode use it.
func (a *Adapter) eventRequest(env *envelope) (*bot.Request, bool) {
	if env.Type != "event_callback" {
		return nil, false
	}
	ev := env.Event
	botID := a.botUser()
	if botID == "" {
		for _, au := range env.Authorizations {
			if au.IsBot && au.UserID != "" {
				botID = au.UserID
				break
			}
		}
	}
	if ev.Subtype != "" || ev.BotID != "" || ev.User == "" || ev.User == botID {
		return nil, false
	}
	team := env.TeamID
	if team == "" {
		team = ev.Team
	}
	if !validID(team) || !validID(ev.User) || !validID(ev.Channel) {
		return nil, false
	}
	req := &bot.Request{
		User:    userID(team, ev.User),
		Channel: channelID(team, ev.Channel),
		Time:    a.now(),
	}
	switch {
	case ev.Type == "app_mention":
		if ev.ChannelType == "im" || strings.HasPrefix(ev.Channel, "D") {
			return nil, false // the message.im event of the same message answers it
		}
		req.Mention = true
	case ev.Type == "message" && (ev.ChannelType == "im" || ev.ChannelType == "" && strings.HasPrefix(ev.Channel, "D")):
		req.DM = true
	default:
		return nil, false
	}
	req.Text = inbound(stripMention(ev.Text, botID), team)
	return req, true
}

// event handles an Events API payload after its ack: a retried event
// (the same event_id) is handled once, even across restarts.
func (a *Adapter) event(env *envelope) {
	req, ok := a.eventRequest(env)
	if !ok {
		return
	}
	var at time.Time
	if env.EventTime > 0 {
		at = time.Unix(env.EventTime, 0).UTC()
	}
	fresh, err := a.dedupe.claim(env.EventID, at, a.now())
	if err != nil {
		a.log.Error("recording an event id failed; not handling it", "event", env.EventID, "err", err)
		return
	}
	if !fresh {
		a.log.Debug("event already handled", "event", env.EventID)
		return
	}
	ev := env.Event
	thread := ev.ThreadTS // answer in the thread the question was asked in
	a.runLater(req, "", func(ctx context.Context, r bot.Reply) {
		var err error
		if (r.Ephemeral || r.Error) && !req.DM {
			err = a.postEphemeral(ctx, ev.Channel, ev.User, r)
		} else if len(r.Image) > 0 && thread == "" {
			_, err = a.Post(ctx, req.Channel, r)
		} else {
			_, err = a.postMessage(ctx, ev.Channel, thread, r)
		}
		if err != nil {
			a.log.Warn("replying to a message failed", "channel", ev.Channel, "err", err)
		}
	})
}
