package slack

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	slackapi "github.com/slack-go/slack"

	"partnerbot/bot"
)

// decodeSlash reads a slash command from its form-encoded body.
func decodeSlash(body []byte) (slackapi.SlashCommand, error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return slackapi.SlashCommand{}, err
	}
	sc := slackapi.SlashCommand{
		TeamID:      form.Get("team_id"),
		TeamDomain:  form.Get("team_domain"),
		ChannelID:   form.Get("channel_id"),
		ChannelName: form.Get("channel_name"),
		UserID:      form.Get("user_id"),
		UserName:    form.Get("user_name"),
		Command:     form.Get("command"),
		Text:        form.Get("text"),
		ResponseURL: form.Get("response_url"),
		TriggerID:   form.Get("trigger_id"),
		APIAppID:    form.Get("api_app_id"),
	}
	if err := checkSlash(sc); err != nil {
		return slackapi.SlashCommand{}, err
	}
	return sc, nil
}

// checkSlash refuses a slash command without the ids every request needs.
func checkSlash(sc slackapi.SlashCommand) error {
	if !validID(sc.TeamID) || !validID(sc.UserID) || !validID(sc.ChannelID) {
		return errors.New("slash command without a valid team_id, user_id and channel_id")
	}
	return nil
}

// validID accepts Slack's ids (T…, U…, W…, C…, D…, G…): letters and digits.
func validID(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}

// slashRequest turns a slash command into a request.
func (a *Adapter) slashRequest(sc slackapi.SlashCommand) *bot.Request {
	return &bot.Request{
		User:     userID(sc.TeamID, sc.UserID),
		Channel:  channelID(sc.TeamID, sc.ChannelID),
		Text:     inbound(sc.Text, sc.TeamID),
		UserName: sc.UserName,
		Time:     a.now(),
		DM:       strings.HasPrefix(sc.ChannelID, "D"),
	}
}

// slash handles a slash command and returns what to ack it with: a
// message, or nil for an empty 200 when the reply will follow through
// response_url. maxAck bounds the ack's JSON size (Socket Mode drops acks
// of 20 KB and more); 0 means no bound.
func (a *Adapter) slash(ctx context.Context, sc slackapi.SlashCommand, maxAck int) any {
	req := a.slashRequest(sc)
	if wantsPollModal(req.Text) && sc.TriggerID != "" && a.currentHandler() != nil {
		err := a.openPollModal(ctx, sc)
		if err == nil {
			return nil
		}
		a.log.Warn("opening the poll form failed; running `poll` as typed instead", "err", err)
	}
	deliver := func(ctx context.Context, r bot.Reply) { a.deliverSlash(ctx, sc, r) }
	rep, inTime := a.runInline(req, sc.UserName, deliver)
	if !inTime {
		return nil
	}
	if len(rep.Image) > 0 && !rep.Ephemeral && !rep.Error {
		a.later(func(ctx context.Context) { deliver(ctx, rep) })
		return nil
	}
	m := replyAsMessage(rep, false)
	if maxAck > 0 {
		if b, err := json.Marshal(m); err != nil || len(b) > maxAck {
			a.later(func(ctx context.Context) { deliver(ctx, rep) })
			return nil
		}
	}
	return m
}

// deliverSlash sends a slash command's late reply: through response_url
// where possible, otherwise straight to the channel (chat.postMessage, or
// chat.postEphemeral for a private reply). A public reply with an image is
// posted to the channel so the image can be uploaded beside it.
func (a *Adapter) deliverSlash(ctx context.Context, sc slackapi.SlashCommand, r bot.Reply) {
	ch := channelID(sc.TeamID, sc.ChannelID)
	if len(r.Image) > 0 && !r.Ephemeral && !r.Error {
		_, err := a.Post(ctx, ch, r)
		if err == nil {
			return
		}
		a.log.Warn("posting a reply with an image failed; sending it without", "channel", string(ch), "err", err)
	}
	err := a.respond(ctx, sc.ResponseURL, replyAsMessage(r, false))
	if err == nil {
		return
	}
	a.log.Warn("replying through response_url failed; posting instead", "channel", string(ch), "err", err)
	if r.Ephemeral || r.Error {
		err = a.postEphemeral(ctx, sc.ChannelID, sc.UserID, r)
	} else {
		_, err = a.postMessage(ctx, sc.ChannelID, "", r)
	}
	if err != nil {
		a.log.Error("a slash command's reply could not be delivered", "user", sc.UserID, "channel", sc.ChannelID, "err", err)
	}
}
