package discord

import (
	"io"
	"log/slog"
	"testing"

	"github.com/bwmarrin/discordgo"

	"partnerbot/bot"
)

// FuzzDecodeInteraction feeds arbitrary bodies to the interaction decoder
// and the request builders: they must never panic, and whatever they make
// of a body must be a well-formed request.
func FuzzDecodeInteraction(f *testing.F) {
	seeds := []string{
		`{"type":1}`,
		interaction(2, `{"name":"who","options":[{"name":"question","type":3,"value":"food banks"}]}`, ""),
		interaction(2, `{"name":"poll","options":[{"name":"create","type":1,"options":[{"name":"question","type":3,"value":"Q?"},{"name":"options","type":3,"value":"A, B"},{"name":"quorum","type":4,"value":1e300}]}]}`, ""),
		interaction(2, `{"name":"poll","options":[{"name":"results","type":1,"options":[{"name":"id","type":4,"value":"3"}]}]}`, ""),
		interaction(2, `{"name":"vote","options":[null,{"name":"id","type":4,"value":null}]}`, ""),
		interaction(3, `{"custom_id":"vote 1 A","component_type":2}`, ""),
		interaction(3, `{"custom_id":"m:0","component_type":3,"values":["c:0011223344556677"]}`, ""),
		interaction(4, `{"name":"rsvp","options":[{"name":"event","type":3,"value":"e","focused":true}]}`, ""),
		interaction(5, `{"custom_id":"modal:poll","components":[{"type":1,"components":[{"type":4,"custom_id":"question","value":"Q"}]}]}`, ""),
		interaction(5, `{"custom_id":"modal:poll","components":[{"type":1,"components":null},null]}`, ""),
		`{"type":2,"channel_id":"1","user":{"id":"2"},"data":{"name":"help"}}`,
		`{"type":3,"data":null}`,
		`{"type":2,"data":{"options":[{"type":1,"options":[{"type":1}]}]}}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	a, err := New(bot.DiscordConfig{Mode: "http", GuildID: "100"}, Options{
		Log:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		Commands: func() []*bot.Command { return testSpecs(&recorder{}) },
		Autocomplete: func(kind, prefix string) []string {
			return []string{prefix, prefix + "x"}
		},
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		i, err := decodeInteraction(body)
		if err != nil {
			return
		}
		var req *bot.Request
		switch i.Type {
		case discordgo.InteractionApplicationCommand:
			req, _, _ = a.commandRequest(i)
		case discordgo.InteractionMessageComponent:
			req, _ = a.componentRequest(i)
		case discordgo.InteractionModalSubmit:
			req, _ = a.modalRequest(i)
		case discordgo.InteractionApplicationCommandAutocomplete:
			resp := a.autocomplete(i)
			if len(resp.Data.Choices) > maxChoices {
				t.Fatalf("%d autocomplete choices", len(resp.Data.Choices))
			}
		}
		if req != nil {
			if _, err := bot.ParseID(string(req.User)); err != nil {
				t.Fatalf("user id %q: %v", req.User, err)
			}
			if _, err := bot.ParseID(string(req.Channel)); err != nil {
				t.Fatalf("channel id %q: %v", req.Channel, err)
			}
		}
	})
}
