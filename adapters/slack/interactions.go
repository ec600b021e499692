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

// errForged marks a payload that no genuine Slack request would carry.
var errForged = errors.New("interaction payload without a valid team and user")

// decodeInteraction reads an interaction from its form-encoded body (the
// JSON is in the "payload" field).
func decodeInteraction(body []byte) (*slackapi.InteractionCallback, error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, err
	}
	payload := form.Get("payload")
	if payload == "" {
		return nil, errors.New("interaction without a payload")
	}
	return decodeInteractionJSON([]byte(payload))
}

// decodeInteractionJSON reads an interaction payload.
func decodeInteractionJSON(payload []byte) (*slackapi.InteractionCallback, error) {
	var ic slackapi.InteractionCallback
	if err := json.Unmarshal(payload, &ic); err != nil {
		return nil, err
	}
	return &ic, nil
}

// presser returns the team and user of an interaction, or errForged.
func presser(ic *slackapi.InteractionCallback) (team, user string, err error) {
	team = ic.Team.ID
	if team == "" {
		team = ic.User.TeamID
	}
	user = ic.User.ID
	if !validID(team) || !validID(user) {
		return "", "", errForged
	}
	return team, user, nil
}

// commandAction returns the command text of the first command button in a
// block_actions payload ("" if none).
func commandAction(ic *slackapi.InteractionCallback) string {
	for _, act := range ic.ActionCallback.BlockActions {
		if act != nil && strings.HasPrefix(act.ActionID, actionPrefix) && act.Value != "" && len(act.Value) <= maxButtonValue {
			return act.Value
		}
	}
	return ""
}

// interaction handles a button press or a modal submission and returns
// what to ack it with (nil for an empty 200). An error means the payload
// is malformed or forged: answer 400 and do nothing.
//
// A button's value is command text, run as the presser through the
// router with the presser's own permissions, exactly as if typed: a forged
// payload can do no more than its presser could by typing.
func (a *Adapter) interaction(ctx context.Context, ic *slackapi.InteractionCallback) (any, error) {
	team, user, err := presser(ic)
	if err != nil {
		return nil, err
	}
	switch ic.Type {
	case slackapi.InteractionTypeBlockActions:
		cmd := commandAction(ic)
		if cmd == "" {
			return nil, nil // a control that isn't a command button
		}
		ch := ic.Channel.ID
		if ch == "" {
			ch = ic.Container.ChannelID
		}
		req := &bot.Request{User: userID(team, user), Text: cmd, Action: cmd, Time: a.now(), UserName: ic.User.Name}
		if validID(ch) {
			req.Channel = channelID(team, ch)
			req.DM = strings.HasPrefix(ch, "D")
		}
		a.runLater(req, ic.User.Name, func(ctx context.Context, r bot.Reply) {
			a.deliverToPresser(ctx, ic.ResponseURL, ch, user, r)
		})
		return nil, nil
	case slackapi.InteractionTypeViewSubmission:
		if ic.View.CallbackID == pollModalID {
			return a.submitPoll(ctx, ic, team, user)
		}
	}
	return nil, nil
}

// deliverToPresser shows a button's reply to the person who pressed it:
// ephemerally through response_url (never replacing the shared message),
// or with chat.postEphemeral.
func (a *Adapter) deliverToPresser(ctx context.Context, responseURL, ch, user string, r bot.Reply) {
	err := errors.New("no response_url")
	if responseURL != "" {
		err = a.respond(ctx, responseURL, replyAsMessage(r, true))
	}
	if err == nil {
		return
	}
	if validID(ch) {
		err2 := a.postEphemeral(ctx, ch, user, r)
		if err2 == nil {
			return
		}
		err = errors.Join(err, err2)
	}
	a.log.Warn("a button's reply could not be delivered", "user", user, "channel", ch, "err", err)
}
