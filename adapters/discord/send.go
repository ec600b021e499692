package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"partnerbot/bot"
)

func checkChannel(id bot.ID) (string, error) {
	if id.Platform() != "discord" || !isSnowflake(id.Local()) {
		return "", fmt.Errorf("discord: %q is not a Discord channel id (discord:GUILD:CHANNEL)", id)
	}
	return id.Local(), nil
}

// Post sends a reply to a channel and returns the message id.
func (a *Adapter) Post(ctx context.Context, channel bot.ID, r bot.Reply) (string, error) {
	ch, err := checkChannel(channel)
	if err != nil {
		return "", err
	}
	return a.send(ctx, ch, r)
}

func (a *Adapter) send(ctx context.Context, channelID string, r bot.Reply) (string, error) {
	r.Ephemeral = false
	m := a.render(r)
	msg, err := a.session.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      m.Components,
		Files:           m.Files,
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("discord: posting to %s: %w", channelID, err)
	}
	if msg == nil {
		return "", fmt.Errorf("discord: posting to %s: no message in the answer", channelID)
	}
	return msg.ID, nil
}

// Update replaces a posted message (ref is the message id Post returned).
func (a *Adapter) Update(ctx context.Context, channel bot.ID, ref string, r bot.Reply) error {
	ch, err := checkChannel(channel)
	if err != nil {
		return err
	}
	if !isSnowflake(ref) {
		return fmt.Errorf("discord: %q is not a message id", ref)
	}
	r.Ephemeral = false
	m := a.render(r)
	edit := &discordgo.MessageEdit{
		ID:              ref,
		Channel:         ch,
		Content:         &m.Content,
		Embeds:          &m.Embeds,
		AllowedMentions: noMentions(),
		Files:           m.Files,
	}
	comps := m.Components
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	edit.Components = &comps
	if m.Embeds == nil {
		empty := []*discordgo.MessageEmbed{}
		edit.Embeds = &empty
	}
	if len(m.Files) > 0 {
		// Replace the old chart rather than adding another.
		none := []*discordgo.MessageAttachment{}
		edit.Attachments = &none
	}
	if _, err := a.session.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("discord: updating message %s in %s: %w", ref, ch, err)
	}
	return nil
}

// Direct sends a reply to a user in a direct message.
func (a *Adapter) Direct(ctx context.Context, user bot.ID, r bot.Reply) error {
	if user.Platform() != "discord" || !isSnowflake(user.Local()) {
		return fmt.Errorf("discord: %q is not a Discord user id (discord:GUILD:USER)", user)
	}
	dm, err := a.session.UserChannelCreate(user.Local(), discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: opening a direct message to %s: %w", user, err)
	}
	if _, err := a.send(ctx, dm.ID, r); err != nil {
		return err
	}
	return nil
}
