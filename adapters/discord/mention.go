package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"partnerbot/bot"
)

// HandleMessageCreate answers a message that mentions the bot, or any
// message in a direct conversation with it: the text after the mention is
// a command or a question for the directory. Mentions carry their content
// without the privileged message-content intent.
func (a *Adapter) HandleMessageCreate(ctx context.Context, m *discordgo.MessageCreate) {
	if m == nil || m.Message == nil {
		return
	}
	req, ok := a.messageRequest(m.Message)
	if !ok {
		return
	}
	h := a.currentHandler()
	if h == nil {
		return
	}
	rep := h.Handle(ctx, req)
	if rep.Ephemeral && !req.DM {
		// Private answers go by direct message, not into the channel.
		if err := a.Direct(ctx, req.User, rep); err == nil {
			return
		} else {
			a.log.Info("could not answer privately; answering in the channel", "user", string(req.User), "err", err)
		}
	}
	if err := a.replyTo(ctx, m.Message, rep); err != nil {
		a.log.Warn("answering a mention failed", "channel", m.ChannelID, "err", err)
	}
}

// SetBotUserID tells the adapter its own user id (known from the gateway's
// Ready event), so it can recognise mentions of itself.
func (a *Adapter) SetBotUserID(id string) {
	a.mu.Lock()
	a.botID = id
	a.mu.Unlock()
}

// messageRequest makes a request of a message, if the bot should answer it.
func (a *Adapter) messageRequest(m *discordgo.Message) (*bot.Request, bool) {
	if m.Author == nil || m.Author.Bot || !isSnowflake(m.Author.ID) || !isSnowflake(m.ChannelID) {
		return nil, false
	}
	if m.GuildID != "" && !isSnowflake(m.GuildID) {
		return nil, false
	}
	a.mu.RLock()
	botID := a.botID
	a.mu.RUnlock()
	if botID == "" || m.Author.ID == botID {
		return nil, false
	}
	dm := m.GuildID == ""
	mentioned := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			mentioned = true
		}
	}
	if !dm && !mentioned {
		return nil, false
	}
	text := strings.NewReplacer("<@"+botID+">", " ", "<@!"+botID+">", " ").Replace(m.Content)
	text = strings.TrimSpace(text)
	text = strings.TrimLeft(text, ",:; ")
	var nick string
	var roles []string
	if m.Member != nil {
		nick = m.Member.Nick
		roles = m.Member.Roles
	}
	req := &bot.Request{
		User:     a.UserID(m.GuildID, m.Author.ID),
		UserName: displayName(nick, m.Author),
		Channel:  a.ChannelID(m.GuildID, m.ChannelID),
		Text:     text,
		DM:       dm,
		Mention:  mentioned,
		Admin:    a.hasAdminRole(roles),
		Time:     a.now(),
	}
	a.remember(req)
	return req, true
}

// replyTo answers a message in its channel, as a reply to it.
func (a *Adapter) replyTo(ctx context.Context, m *discordgo.Message, rep bot.Reply) error {
	rep.Ephemeral = false
	msg := a.render(rep)
	_, err := a.session.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
		Content:         msg.Content,
		Embeds:          msg.Embeds,
		Components:      msg.Components,
		Files:           msg.Files,
		AllowedMentions: noMentions(),
		Reference:       &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID},
	}, discordgo.WithContext(ctx))
	return err
}
