package discord

import (
	"context"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"

	"partnerbot/bot"
	"partnerbot/storage"
)

// errNotStarted is returned for interactions that arrive before Start.
var errNotStarted = errors.New("discord: the adapter has not started")

// A responder sends the first response to an interaction: in the body of
// the HTTP request (http mode) or by REST (gateway mode).
type responder interface {
	respond(ctx context.Context, resp *discordgo.InteractionResponse) error
	// files reports whether the first response can carry attachments.
	files() bool
}

// restResponder answers a gateway interaction through the REST callback.
type restResponder struct {
	a *Adapter
	i *discordgo.Interaction
}

func (r restResponder) respond(ctx context.Context, resp *discordgo.InteractionResponse) error {
	return r.a.session.InteractionRespond(r.i, resp, discordgo.WithContext(ctx))
}

func (restResponder) files() bool { return true }

// HandleInteractionCreate answers an interaction that arrived over the
// gateway: the shim between discordgo's event and the router.
func (a *Adapter) HandleInteractionCreate(ctx context.Context, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	if err := a.answer(ctx, ic.Interaction, restResponder{a: a, i: ic.Interaction}); err != nil {
		a.log.Warn("answering an interaction failed", "type", ic.Type.String(), "err", err)
	}
}

// answer turns an interaction into a request, runs it and responds.
func (a *Adapter) answer(ctx context.Context, i *discordgo.Interaction, rs responder) error {
	if i.AppID == "" {
		a.mu.RLock()
		i.AppID = a.appID
		a.mu.RUnlock()
	}
	switch i.Type {
	case discordgo.InteractionPing:
		return rs.respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
	case discordgo.InteractionApplicationCommand:
		req, modal, err := a.commandRequest(i)
		if err != nil {
			return a.refuse(ctx, rs, err)
		}
		if modal {
			return rs.respond(ctx, pollModal())
		}
		return a.run(ctx, i, req, rs, false)
	case discordgo.InteractionMessageComponent:
		req, err := a.componentRequest(i)
		if err != nil {
			return a.refuse(ctx, rs, err)
		}
		return a.run(ctx, i, req, rs, true)
	case discordgo.InteractionModalSubmit:
		req, err := a.modalRequest(i)
		if err != nil {
			return a.refuse(ctx, rs, err)
		}
		return a.run(ctx, i, req, rs, true)
	case discordgo.InteractionApplicationCommandAutocomplete:
		return rs.respond(ctx, a.autocomplete(i))
	}
	return errBadPayload
}

// refuse answers a request that could not be made into a command: a
// malformed payload is an error for the caller; anything else is told to
// the user privately.
func (a *Adapter) refuse(ctx context.Context, rs responder, err error) error {
	if errors.Is(err, errBadPayload) {
		return err
	}
	m := a.render(bot.ErrorReply(err))
	return rs.respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: responseData(m)})
}

func responseData(m message) *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      m.Components,
		Files:           m.Files,
		Flags:           m.Flags,
		AllowedMentions: noMentions(),
	}
}

// run hands req to the router. A reply ready within the inline wait is the
// interaction's response; otherwise the response is deferred and the reply
// follows when the command finishes.
func (a *Adapter) run(ctx context.Context, i *discordgo.Interaction, req *bot.Request, rs responder, deferEphemeral bool) error {
	h := a.currentHandler()
	if h == nil {
		return errNotStarted
	}
	hctx, cancel := context.WithTimeout(a.base(), followUpTimeout)
	done := make(chan bot.Reply, 1)
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		done <- h.Handle(hctx, req)
	}()
	timer := time.NewTimer(a.inlineWait)
	defer timer.Stop()
	select {
	case rep := <-done:
		if len(rep.Image) == 0 || rs.files() {
			cancel()
			err := rs.respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: responseData(a.render(rep))})
			if err == nil {
				a.rememberCopy(i, rep, "")
			}
			return err
		}
		// A chart can't ride in the body of an HTTP response: defer and
		// attach it to the follow-up.
		done <- rep
	case <-timer.C:
	case <-ctx.Done():
	}
	var flags discordgo.MessageFlags
	if deferEphemeral {
		flags = discordgo.MessageFlagsEphemeral
	}
	if err := rs.respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Flags: flags}}); err != nil {
		cancel()
		return err
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		defer cancel()
		select {
		case rep := <-done:
			a.followUp(hctx, i, rep, deferEphemeral)
		case <-hctx.Done():
			a.log.Warn("a deferred command did not finish", "user", string(req.User), "text", req.Text)
		}
	}()
	return nil
}

// followUp delivers a deferred reply: it edits the "thinking…" response,
// or, when the reply's privacy differs from the deferral's, deletes it and
// sends a follow-up message instead.
func (a *Adapter) followUp(ctx context.Context, i *discordgo.Interaction, rep bot.Reply, deferredEphemeral bool) {
	m := a.render(rep)
	embeds := m.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	comps := m.Components
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	if rep.Ephemeral == deferredEphemeral {
		msg, err := a.session.InteractionResponseEdit(i, &discordgo.WebhookEdit{
			Content:         &m.Content,
			Embeds:          &embeds,
			Components:      &comps,
			Files:           m.Files,
			AllowedMentions: noMentions(),
		}, discordgo.WithContext(ctx))
		if err != nil {
			a.log.Warn("sending a deferred reply failed", "err", err)
			return
		}
		if msg != nil {
			a.rememberCopy(i, rep, msg.ID)
		}
		return
	}
	if err := a.session.InteractionResponseDelete(i, discordgo.WithContext(ctx)); err != nil {
		a.log.Debug("deleting the deferred response failed", "err", err)
	}
	msg, err := a.session.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      comps,
		Files:           m.Files,
		AllowedMentions: noMentions(),
		Flags:           m.Flags,
	}, discordgo.WithContext(ctx))
	if err != nil {
		a.log.Warn("sending a follow-up failed", "err", err)
		return
	}
	if msg != nil {
		a.rememberCopy(i, rep, msg.ID)
	}
}

// rememberCopy records where a public reply showing an object (rep.Key)
// was posted, in the hub's posts bucket, so the hub updates it along with
// the copies it posted itself. msgID "" means the interaction's original
// response, looked up now.
func (a *Adapter) rememberCopy(i *discordgo.Interaction, rep bot.Reply, msgID string) {
	if rep.Key == "" || rep.Ephemeral || a.opts.DB == nil || !isSnowflake(i.ChannelID) {
		return
	}
	channel := a.ChannelID(i.GuildID, i.ChannelID)
	store := func(id string) {
		if !isSnowflake(id) {
			return
		}
		err := a.opts.DB.Update(func(tx *storage.Tx) error {
			return storage.Bucket(tx, bot.PostsBucket).Put([]byte(rep.Key+"|"+string(channel)), []byte(id))
		})
		if err != nil {
			a.log.Warn("remembering a posted copy failed", "key", rep.Key, "err", err)
		}
	}
	if msgID != "" {
		store(msgID)
		return
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		ctx, cancel := context.WithTimeout(a.base(), 30*time.Second)
		defer cancel()
		for attempt := 0; attempt < 3; attempt++ {
			msg, err := a.session.InteractionResponse(i, discordgo.WithContext(ctx))
			if err == nil && msg != nil {
				store(msg.ID)
				return
			}
			if a.sleep(ctx, 500*time.Millisecond) != nil {
				return
			}
		}
		a.log.Info("could not find the posted reply to remember it", "key", rep.Key)
	}()
}

// autocomplete suggests values for the option being typed.
func (a *Adapter) autocomplete(i *discordgo.Interaction) *discordgo.InteractionResponse {
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{}}
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return resp
	}
	_, idx := build(a.specs())
	path, opts := data.Name, data.Options
	if len(opts) == 1 && opts[0] != nil && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		path += " " + opts[0].Name
		opts = opts[0].Options
	}
	sc := idx[path]
	if sc == nil {
		return resp
	}
	for _, o := range opts {
		if o == nil || !o.Focused {
			continue
		}
		prefix, _ := o.Value.(string)
		kind := ""
		for _, os := range sc.opts {
			if os.name == o.Name && os.arg != nil {
				kind = os.arg.Autocomplete
			}
		}
		var sugg []string
		if kind != "" && a.opts.Autocomplete != nil {
			sugg = a.opts.Autocomplete(kind, truncate(prefix, maxChoiceLen))
		}
		if len(sugg) == 0 && prefix != "" {
			sugg = []string{prefix}
		}
		for _, s := range sugg {
			if len(resp.Data.Choices) >= maxChoices {
				break
			}
			s = truncate(cleanLine(s), maxChoiceLen)
			if s == "" {
				continue
			}
			resp.Data.Choices = append(resp.Data.Choices, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
		}
		break
	}
	return resp
}
