package discord

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"partnerbot/bot"
)

func gatewayInteraction(typ discordgo.InteractionType, data discordgo.InteractionData) *discordgo.InteractionCreate {
	return &discordgo.InteractionCreate{Interaction: &discordgo.Interaction{
		ID: "4100", AppID: "555", Token: "gw-tok", Type: typ, Data: data,
		GuildID: guild, ChannelID: channel,
		Member: &discordgo.Member{Nick: "Sam", Roles: []string{"1"}, User: &discordgo.User{ID: userID, Username: "sam"}},
	}}
}

func TestGatewayInteractionShim(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, "gateway", whoCommand(rec))
	ic := gatewayInteraction(discordgo.InteractionApplicationCommand, discordgo.ApplicationCommandInteractionData{
		Name:    "who",
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "food banks in Shephall"}},
	})
	h.a.HandleInteractionCreate(context.Background(), ic)
	cb := h.fake.wait("POST /api/v9/interactions/4100/gw-tok/callback")
	if dig(cb.Body, "type") != 4.0 || dig(cb.Body, "data", "embeds", 0, "title") != "Who supports older people in Bedwell" {
		t.Errorf("callback %v", cb.Body)
	}
	if p, ok := dig(cb.Body, "data", "allowed_mentions", "parse").([]any); !ok || len(p) != 0 {
		t.Errorf("callback without allowed_mentions none")
	}
	if req := rec.last(); req.Text != "who food banks in Shephall" || req.User != "discord:100:200" || req.Admin {
		t.Errorf("request %+v", req)
	}
}

func TestGatewayButtonAndAdminRole(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, "gateway", testSpecs(rec)...)
	ic := gatewayInteraction(discordgo.InteractionMessageComponent, discordgo.MessageComponentInteractionData{CustomID: "rsvp e7 yes", ComponentType: discordgo.ButtonComponent})
	ic.Member.Roles = []string{"5", adminRl}
	h.a.HandleInteractionCreate(context.Background(), ic)
	cb := h.fake.wait("POST /api/v9/interactions/4100/gw-tok/callback")
	if dig(cb.Body, "data", "flags") != 64.0 || dig(cb.Body, "data", "content") != "ran: rsvp e7 yes" {
		t.Errorf("callback %v", cb.Body)
	}
	if req := rec.last(); req.Action != "rsvp e7 yes" || !req.Admin {
		t.Errorf("request %+v", req)
	}
}

func TestGatewayMentions(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, "gateway", whoCommand(rec), &bot.Command{
		Name: "whoami", Summary: "your identity",
		Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			return bot.Private("You are %s.", req.User), nil
		},
	})
	h.a.SetBotUserID("42")
	msg := func(content string, mentions ...string) *discordgo.MessageCreate {
		m := &discordgo.Message{ID: "6000", ChannelID: channel, GuildID: guild, Content: content,
			Author: &discordgo.User{ID: userID, Username: "sam"}, Member: &discordgo.Member{Nick: "Sam"}}
		for _, id := range mentions {
			m.Mentions = append(m.Mentions, &discordgo.User{ID: id})
		}
		return &discordgo.MessageCreate{Message: m}
	}
	ctx := context.Background()

	// Not mentioned: ignored. From a bot: ignored.
	h.a.HandleMessageCreate(ctx, msg("who runs the food bank?"))
	botMsg := msg("<@42> who", "42")
	botMsg.Author.Bot = true
	h.a.HandleMessageCreate(ctx, botMsg)
	if n := len(h.fake.all()); n != 0 {
		t.Fatalf("answered messages it should ignore: %v", h.fake.all())
	}

	// A question mentioning the bot goes to the directory (the fallback).
	h.a.HandleMessageCreate(ctx, msg("<@!42> food banks in Shephall? @everyone", "42"))
	post := h.fake.wait("POST /api/v9/channels/300/messages")
	if dig(post.Body, "message_reference", "message_id") != "6000" {
		t.Errorf("not a reply: %v", post.Body)
	}
	if p, ok := dig(post.Body, "allowed_mentions", "parse").([]any); !ok || len(p) != 0 || dig(post.Body, "allowed_mentions", "replied_user") != false {
		t.Errorf("reply may ping: %v", dig(post.Body, "allowed_mentions"))
	}
	if req := rec.last(); req.Args.String("question") != "food banks in Shephall? @everyone" || !req.Mention {
		t.Errorf("request %+v", req)
	}

	// A private answer goes by direct message, not into the channel.
	h.a.HandleMessageCreate(ctx, msg("<@42> whoami", "42"))
	h.fake.wait("POST /api/v9/users/@me/channels")
	dm := h.fake.wait("POST /api/v9/channels/800/messages")
	if got, _ := dig(dm.Body, "content").(string); !strings.Contains(got, "discord:100:200") {
		t.Errorf("DM %v", dm.Body)
	}

	// In a DM no mention is needed and the team is the configured guild.
	dmMsg := msg("whoami")
	dmMsg.GuildID = ""
	dmMsg.ChannelID = "800"
	h.a.HandleMessageCreate(ctx, dmMsg)
	dm = h.fake.wait("POST /api/v9/channels/800/messages")
	if got, _ := dig(dm.Body, "content").(string); got != "You are discord:100:200." {
		t.Errorf("DM answer %q", got)
	}
}

func TestDirectAndUpdateValidateIDs(t *testing.T) {
	h := newHarness(t, "gateway")
	ctx := context.Background()
	if err := h.a.Direct(ctx, "slack:T1:U1", bot.Say("hi")); err == nil {
		t.Error("Direct to a Slack id")
	}
	if _, err := h.a.Post(ctx, "discord:100:../x", bot.Say("hi")); err == nil {
		t.Error("Post to a malformed channel")
	}
	if err := h.a.Update(ctx, "discord:100:300", "not-an-id", bot.Say("hi")); err == nil {
		t.Error("Update with a malformed message id")
	}
	if len(h.fake.all()) != 0 {
		t.Errorf("calls made for bad ids: %v", h.fake.all())
	}
}
