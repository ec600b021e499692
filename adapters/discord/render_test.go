package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"partnerbot/bot"
)

func TestRenderShortTextIsContent(t *testing.T) {
	h := newHarness(t, "http")
	m := h.a.render(bot.Private("Vote recorded: *A*"))
	if m.Content != "Vote recorded: **A**" || m.Embeds != nil || m.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("%+v", m)
	}
}

func TestRenderEmbedLimits(t *testing.T) {
	h := newHarness(t, "http")
	var fields []bot.Field
	for i := 0; i < 40; i++ {
		fields = append(fields, bot.Field{Name: strings.Repeat("n", 300), Value: strings.Repeat("v", 2000)})
	}
	m := h.a.render(bot.Reply{Title: strings.Repeat("T", 400), Text: strings.Repeat("d", 9000), Fields: fields, Context: []string{"shared by Sam", "Tue 1 Dec 2026, 10:00"}})
	e := m.Embeds[0]
	total := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description) + utf8.RuneCountInString(e.Footer.Text)
	for _, f := range e.Fields {
		if utf8.RuneCountInString(f.Name) > 256 || utf8.RuneCountInString(f.Value) > 1024 {
			t.Errorf("field too long")
		}
		total += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
	}
	if utf8.RuneCountInString(e.Title) > 256 || utf8.RuneCountInString(e.Description) > 4096 || len(e.Fields) > 25 || total > 6000 {
		t.Errorf("embed over Discord's limits: title %d desc %d fields %d total %d", utf8.RuneCountInString(e.Title), utf8.RuneCountInString(e.Description), len(e.Fields), total)
	}
	if e.Footer.Text != "shared by Sam · Tue 1 Dec 2026, 10:00" {
		t.Errorf("footer %q", e.Footer.Text)
	}
}

func TestRenderButtonsAndMenus(t *testing.T) {
	h := newHarness(t, "http")
	choices := func(n int) []bot.Choice {
		var cs []bot.Choice
		for i := 0; i < n; i++ {
			cs = append(cs, bot.Choice{Label: fmt.Sprintf("Option %d", i), Command: fmt.Sprintf("vote 3 %d", i), Style: []string{"primary", "danger", ""}[i%3]})
		}
		return cs
	}
	m := h.a.render(bot.Reply{Text: "Pick one", Choices: choices(12)})
	if len(m.Components) != 3 {
		t.Fatalf("12 buttons in %d rows, want 3", len(m.Components))
	}
	row := m.Components[0].(discordgo.ActionsRow)
	b := row.Components[1].(discordgo.Button)
	if len(row.Components) != 5 || b.Style != discordgo.DangerButton || b.CustomID != "vote 3 1" || row.Components[2].(discordgo.Button).Style != discordgo.SecondaryButton {
		t.Errorf("row %+v", row)
	}

	m = h.a.render(bot.Reply{Text: "Pick one", Choices: choices(30)})
	if len(m.Components) != 2 {
		t.Fatalf("30 choices in %d rows, want 2 select menus", len(m.Components))
	}
	menu := m.Components[1].(discordgo.ActionsRow).Components[0].(discordgo.SelectMenu)
	if len(menu.Options) != 5 || menu.Options[0].Value != "vote 3 25" {
		t.Errorf("second menu %+v", menu)
	}
	// Choosing from the menu runs the option's command.
	req, err := h.a.componentRequest(&discordgo.Interaction{Type: discordgo.InteractionMessageComponent, GuildID: guild, ChannelID: channel,
		Member: &discordgo.Member{User: &discordgo.User{ID: userID}},
		Data:   discordgo.MessageComponentInteractionData{CustomID: menu.CustomID, ComponentType: discordgo.SelectMenuComponent, Values: []string{"vote 3 27"}}})
	if err != nil || req.Action != "vote 3 27" {
		t.Errorf("menu choice: %+v %v", req, err)
	}
}

func TestLongButtonCommandStored(t *testing.T) {
	h := newHarness(t, "http")
	long := `rsvp e12 yes --note "` + strings.Repeat("bringing the banner ", 8) + `"`
	m := h.a.render(bot.Reply{Text: "Coming?", Choices: []bot.Choice{{Label: "Yes", Command: long}, {Label: "Yes again", Command: long}}})
	row := m.Components[0].(discordgo.ActionsRow)
	id0 := row.Components[0].(discordgo.Button).CustomID
	id1 := row.Components[1].(discordgo.Button).CustomID
	if !strings.HasPrefix(id0, "c:") || len(id0) > 100 || id0 == id1 {
		t.Fatalf("custom ids %q %q", id0, id1)
	}
	for _, id := range []string{id0, id1} {
		got, err := h.a.resolveCustomID(id)
		if err != nil || got != long {
			t.Errorf("resolve %q: %q %v", id, got, err)
		}
	}
	// Rendering again gives the same ids (no growth on every tally update).
	again := h.a.render(bot.Reply{Text: "Coming?", Choices: []bot.Choice{{Label: "Yes", Command: long}}})
	if again.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.Button).CustomID != id0 {
		t.Error("custom id changed between renders")
	}
	for _, bad := range []string{"", "c:zz", "c:" + strings.Repeat("0", 16), strings.Repeat("x", 101), "vote 1\x00A", "m:0"} {
		if _, err := h.a.resolveCustomID(bad); err == nil {
			t.Errorf("custom id %q accepted", bad)
		}
	}
}

func TestRenderImageAttached(t *testing.T) {
	h := newHarness(t, "http")
	png := []byte("\x89PNG fake")
	_, err := h.a.Post(context.Background(), "discord:100:300", bot.Reply{Title: "Results", Text: "A wins", Image: png, ImageName: "poll 3 results!.png"})
	if err != nil {
		t.Fatal(err)
	}
	post := h.fake.wait("POST /api/v9/channels/300/messages")
	if len(post.Files) != 1 || post.Files[0] != "poll-3-results-.png" {
		t.Errorf("files %v", post.Files)
	}
	if dig(post.Body, "embeds", 0, "image", "url") != "attachment://poll-3-results-.png" {
		t.Errorf("embed image %v", dig(post.Body, "embeds", 0, "image"))
	}
}

func TestImageReplyDeferredOverHTTP(t *testing.T) {
	chart := &bot.Command{Name: "gaps", Summary: "the provision map", Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		return bot.Reply{Title: "Gaps", Text: "map", Image: []byte("png"), ImageName: "gaps.png"}, nil
	}}
	h := newHarness(t, "http", chart)
	code, out := h.post(h.signed(interaction(2, `{"name":"gaps","options":[]}`, "")))
	if code != 200 || dig(out, "type") != 5.0 {
		t.Fatalf("chart answered %d %v, want deferred", code, out)
	}
	edit := h.fake.wait("PATCH /api/v9/webhooks/555/tok-1/messages/@original")
	if len(edit.Files) != 1 || edit.Files[0] != "gaps.png" {
		t.Errorf("follow-up files %v", edit.Files)
	}
}

func TestMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"*bold* and `code`":                 "**bold** and `code`",
		"*a* *b*":                           "**a** **b**",
		"2 * 3 * 4":                         "2 * 3 * 4",
		"**already**":                       "**already**",
		"see <https://example.org|the kit>": "see [the kit](https://example.org)",
	} {
		if got := markdown(in); got != want {
			t.Errorf("markdown(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRepliesAsUserSeesThem prints a few rendered replies (go test -v).
func TestRepliesAsUserSeesThem(t *testing.T) {
	h := newHarness(t, "http")
	for _, r := range []bot.Reply{
		bot.Private("Vote recorded: A"),
		pollReply(h.env.DB),
		bot.ErrorReply(bot.Refuse("vote 3 A", "Poll 3 is closed.")),
	} {
		b, _ := json.MarshalIndent(responseData(h.a.render(r)), "", "  ")
		t.Logf("%s", b)
	}
}
