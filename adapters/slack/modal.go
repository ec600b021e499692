package slack

import (
	"context"
	"strconv"
	"strings"

	slackapi "github.com/slack-go/slack"

	"partnerbot/bot"
)

// The poll form: callback id, block ids and the kinds offered.
const (
	pollModalID   = "partnerbot_poll"
	blockQuestion = "question"
	blockOptions  = "options"
	blockKind     = "kind"
	blockPoints   = "points"
	blockCloses   = "closes"
	inputAction   = "value"
	maxOptions    = 20
)

var pollKinds = []struct{ value, label string }{
	{"single", "Single choice"},
	{"multi", "Multiple choice (approval)"},
	{"ranked", "Ranked choice"},
	{"consent", "Consent (agree / abstain / disagree / block)"},
	{"dots", "Dot voting"},
}

// wantsPollModal reports whether text is "poll" alone: the form opens.
func wantsPollModal(text string) bool {
	return strings.EqualFold(strings.TrimSpace(text), "poll")
}

// pollModal is the form for creating a poll. The channel it was opened
// from rides in private_metadata (Slack keeps it server-side).
func pollModal(channel string) slackapi.ModalViewRequest {
	kinds := make([]*slackapi.OptionBlockObject, 0, len(pollKinds))
	for _, k := range pollKinds {
		kinds = append(kinds, slackapi.NewOptionBlockObject(k.value, plain(k.label), nil))
	}
	kind := slackapi.NewOptionsSelectBlockElement(slackapi.OptTypeStatic, plain("Single choice"), inputAction, kinds...)
	kind.InitialOption = kinds[0]
	question := slackapi.NewPlainTextInputBlockElement(plain("Which priority should we fund first?"), inputAction).WithMaxLength(300)
	options := slackapi.NewPlainTextInputBlockElement(plain("Food bank\nWarm spaces\nYouth club"), inputAction).WithMultiline(true).WithMaxLength(3000)
	points := slackapi.NewPlainTextInputBlockElement(plain("3"), inputAction).WithMaxLength(3)
	closes := slackapi.NewPlainTextInputBlockElement(plain("next Friday at 17:00"), inputAction).WithMaxLength(100)
	return slackapi.ModalViewRequest{
		Type:            slackapi.VTModal,
		CallbackID:      pollModalID,
		Title:           plain("New poll"),
		Submit:          plain("Open poll"),
		Close:           plain("Cancel"),
		PrivateMetadata: channel,
		Blocks: slackapi.Blocks{BlockSet: []slackapi.Block{
			slackapi.NewInputBlock(blockQuestion, plain("Question"), nil, question),
			slackapi.NewInputBlock(blockOptions, plain("Options, one per line"), plain("Between 2 and 20."), options),
			slackapi.NewInputBlock(blockKind, plain("Kind"), nil, kind),
			slackapi.NewInputBlock(blockPoints, plain("Points per voter (dot voting only)"), nil, points).WithOptional(true),
			slackapi.NewInputBlock(blockCloses, plain("Closes"), plain("Optional: in 3 days, next Friday at 17:00, on 3 March at 14:00"), closes).WithOptional(true),
		}},
	}
}

// openPollModal opens the poll form (views.open with the trigger id).
func (a *Adapter) openPollModal(ctx context.Context, sc slackapi.SlashCommand) error {
	return a.retry(ctx, func() error {
		_, err := a.api.OpenViewContext(ctx, sc.TriggerID, pollModal(sc.ChannelID))
		return err
	})
}

// formValue reads a text input or a select from a submitted view.
func formValue(ic *slackapi.InteractionCallback, block string) string {
	if ic.View.State == nil {
		return ""
	}
	act, ok := ic.View.State.Values[block][inputAction]
	if !ok {
		return ""
	}
	if act.SelectedOption.Value != "" {
		return act.SelectedOption.Value
	}
	return strings.TrimSpace(act.Value)
}

// pollCommand builds the `poll` command text from the form, or returns
// errors to show on the form's fields.
func pollCommand(ic *slackapi.InteractionCallback) (string, map[string]string) {
	errs := map[string]string{}
	q := oneLine(formValue(ic, blockQuestion))
	if q == "" {
		errs[blockQuestion] = "Please write the question people will vote on."
	}
	var opts []string
	for _, line := range strings.Split(formValue(ic, blockOptions), "\n") {
		if o := oneLine(line); o != "" {
			opts = append(opts, o)
		}
	}
	switch {
	case len(opts) < 2:
		errs[blockOptions] = "A poll needs at least two options, one per line."
	case len(opts) > maxOptions:
		errs[blockOptions] = "A poll can have at most 20 options; you gave " + strconv.Itoa(len(opts)) + "."
	}
	kind := formValue(ic, blockKind)
	var flags []string
	switch kind {
	case "", "single":
	case "multi", "ranked", "consent":
		flags = append(flags, "--"+kind)
	case "dots":
		p := formValue(ic, blockPoints)
		if p == "" {
			p = "3"
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100 {
			errs[blockPoints] = "Points must be a whole number from 1 to 100, for example 3."
		}
		flags = append(flags, "--dots", strconv.Itoa(n))
	default:
		errs[blockKind] = "Please pick a kind of poll from the list."
	}
	if c := oneLine(formValue(ic, blockCloses)); c != "" {
		flags = append(flags, "--closes", bot.Quote(c))
	}
	if len(errs) > 0 {
		return "", errs
	}
	parts := []string{"poll", quoted(q)}
	for _, o := range opts {
		parts = append(parts, quoted(o))
	}
	return strings.Join(append(parts, flags...), " "), nil
}

// quoted always quotes s, so an option such as "--multi" stays an option.
func quoted(s string) string {
	q := bot.Quote(s)
	if !strings.HasPrefix(q, `"`) {
		q = `"` + q + `"`
	}
	return q
}

// submitPoll runs the form's poll command as the person who submitted it.
// A refusal in time is shown on the form's fields (response_action
// errors); otherwise the form closes and the reply goes to the channel the
// form was opened from (or privately when the reply is private).
func (a *Adapter) submitPoll(ctx context.Context, ic *slackapi.InteractionCallback, team, user string) (any, error) {
	text, errs := pollCommand(ic)
	if len(errs) > 0 {
		return slackapi.NewErrorsViewSubmissionResponse(errs), nil
	}
	ch := ic.View.PrivateMetadata
	req := &bot.Request{User: userID(team, user), Text: text, Time: a.now(), UserName: ic.User.Name}
	if validID(ch) {
		req.Channel = channelID(team, ch)
		req.DM = strings.HasPrefix(ch, "D")
	} else {
		ch = ""
	}
	deliver := func(ctx context.Context, r bot.Reply) { a.deliverFromForm(ctx, ch, team, user, r) }
	rep, inTime := a.runInline(req, ic.User.Name, deliver)
	if !inTime {
		return nil, nil
	}
	if rep.Error {
		return slackapi.NewErrorsViewSubmissionResponse(map[string]string{fieldFor(rep.Text): truncate(plainMessage(rep.Text), 300)}), nil
	}
	a.later(func(ctx context.Context) { deliver(ctx, rep) })
	return nil, nil
}

// deliverFromForm sends the reply to a form: to the channel it was opened
// from, privately there when the reply is private, or as a direct message
// when there is no channel.
func (a *Adapter) deliverFromForm(ctx context.Context, ch, team, user string, r bot.Reply) {
	var err error
	switch {
	case ch == "":
		err = a.Direct(ctx, userID(team, user), r)
	case r.Ephemeral || r.Error:
		err = a.postEphemeral(ctx, ch, user, r)
	default:
		_, err = a.Post(ctx, channelID(team, ch), r)
	}
	if err != nil {
		a.log.Warn("the reply to a poll form could not be delivered", "user", user, "channel", ch, "err", err)
	}
}

// fieldFor picks the form field a refusal is about.
func fieldFor(msg string) string {
	m := strings.ToLower(msg)
	switch {
	case strings.Contains(m, "clos"), strings.Contains(m, "time"), strings.Contains(m, "date"), strings.Contains(m, "when"):
		return blockCloses
	case strings.Contains(m, "option"), strings.Contains(m, "choice"):
		return blockOptions
	case strings.Contains(m, "dot"), strings.Contains(m, "point"):
		return blockPoints
	}
	return blockQuestion
}

// plainMessage drops mrkdwn code marks from a refusal for a plain-text
// field error.
func plainMessage(s string) string {
	return oneLine(strings.ReplaceAll(s, "`", ""))
}
