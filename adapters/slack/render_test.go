package slack

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"partnerbot/bot"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// replyKinds are the kinds of reply whose Block Kit is golden-tested.
var replyKinds = []struct {
	name  string
	reply bot.Reply
}{
	{"plain", bot.Reply{Text: "Hello! Type `help` to see what I can do. Food & fuel <!channel> <@U123> <!subteam^S1>"}},
	{"fields", bot.Reply{
		Title: "Cost of Living Hub",
		Text:  "Advice on bills, benefits and debt.",
		Fields: []bot.Field{
			{Name: "Areas", Value: "Bedwell; Shephall", Inline: true},
			{Name: "Phone", Value: "01438 000000", Inline: true},
			{Name: "Email", Value: "help@example.org"},
		},
		Context: []string{"Shared by <@U999> · Tue 1 Dec 2026, 10:00"},
	}},
	{"choices", bot.Reply{
		Key:   "poll:3",
		Title: "Poll 3: Which priority should we fund first?",
		Text:  "*A* Food bank — 2 votes\n*B* Warm spaces — 1 vote\n*C* Youth club — 0 votes",
		Choices: []bot.Choice{
			{Label: "A", Command: "vote 3 A", Style: "primary"}, {Label: "B", Command: "vote 3 B"}, {Label: "C", Command: "vote 3 C"},
			{Label: "D", Command: "vote 3 D"}, {Label: "E", Command: "vote 3 E"}, {Label: "F " + strings.Repeat("long label ", 10), Command: "vote 3 F"},
			{Label: "Close", Command: "poll close 3", Style: "danger"},
		},
		Context: []string{"Closes Fri 4 Dec 2026, 17:00 · results: `poll results 3`"},
	}},
	{"ephemeral_error", bot.ErrorReply(bot.Refuse(`poll "Q?" "A" "B" --closes "next Friday at 17:00"`, "I couldn't read the closing time %q.", "when pigs <fly>"))},
	{"long_text", bot.Reply{Title: "Directory", Text: longText()}},
	{"image", bot.Reply{Title: "Results: poll 3", Text: "A wins in round 2.", Image: []byte("\x89PNG..."), ImageName: "poll-3.png"}},
}

func longText() string {
	var b strings.Builder
	for i := 0; b.Len() < 7000; i++ {
		b.WriteString("• Stevenage Community Trust & partners — advice, warm spaces and a food bank in Bedwell, Shephall and Pin Green\n")
	}
	return b.String()
}

func TestRenderGolden(t *testing.T) {
	for _, k := range replyKinds {
		t.Run(k.name, func(t *testing.T) {
			m := replyAsMessage(k.reply, false)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // readable goldens: &amp; rather than \u0026amp;
			enc.SetIndent("", "  ")
			if err := enc.Encode(m); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			path := filepath.Join("testdata", k.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Block Kit for %s changed (go test -update to accept):\n%s", k.name, got)
			}
			checkLimits(t, m)
		})
	}
}

// checkLimits checks Slack's Block Kit limits on a rendered message.
func checkLimits(t *testing.T, m message) {
	t.Helper()
	if len(m.Blocks) > maxBlocks {
		t.Errorf("%d blocks", len(m.Blocks))
	}
	raw, _ := json.Marshal(m.Blocks)
	var blocks []map[string]any
	_ = json.Unmarshal(raw, &blocks)
	for _, b := range blocks {
		switch b["type"] {
		case "section":
			if txt, ok := b["text"].(map[string]any); ok && utf8.RuneCountInString(txt["text"].(string)) > maxSectionText {
				t.Errorf("section text of %d characters", utf8.RuneCountInString(txt["text"].(string)))
			}
			if f, ok := b["fields"].([]any); ok && len(f) > maxFieldsPerSect {
				t.Errorf("%d fields", len(f))
			}
		case "actions":
			els := b["elements"].([]any)
			if len(els) > 25 {
				t.Errorf("%d buttons", len(els))
			}
			for _, e := range els {
				label := e.(map[string]any)["text"].(map[string]any)["text"].(string)
				if utf8.RuneCountInString(label) > maxButtonLabel {
					t.Errorf("button label of %d characters", utf8.RuneCountInString(label))
				}
			}
		}
	}
}

func TestRenderNeverPings(t *testing.T) {
	hostile := []string{"<!channel>", "<!here>", "<!everyone>", "<@U123>", "<!subteam^S123|@steering>", "<https://evil.example|innocent>", "&lt;!channel&gt;"}
	for _, h := range hostile {
		r := bot.Reply{Title: h, Text: "hi " + h, Fields: []bot.Field{{Name: h, Value: h}}, Context: []string{h}, Choices: []bot.Choice{{Label: h, Command: "vote 1 A"}}}
		m := render(r)
		raw, _ := json.Marshal(m)
		var all []string
		collectMrkdwn(t, raw, &all)
		all = append(all, m.Text)
		for _, s := range all {
			if strings.ContainsAny(s, "<>") {
				t.Errorf("%s: unescaped markup in %q", h, s)
			}
		}
	}
}

// collectMrkdwn gathers the text of every mrkdwn object in raw JSON.
func collectMrkdwn(t *testing.T, raw []byte, out *[]string) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if x["type"] == "mrkdwn" {
				*out = append(*out, x["text"].(string))
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(v)
}

func TestRenderLimits(t *testing.T) {
	var choices []bot.Choice
	for i := 0; i < 30; i++ {
		choices = append(choices, bot.Choice{Label: strings.Repeat("x", 100), Command: "vote 1 " + string(rune('A'+i%26))})
	}
	choices = append(choices, bot.Choice{Label: "too long", Command: strings.Repeat("y", 2001)})
	var fields []bot.Field
	for i := 0; i < 23; i++ {
		fields = append(fields, bot.Field{Name: "n", Value: strings.Repeat("v", 2500)})
	}
	r := bot.Reply{Title: strings.Repeat("t", 200), Text: strings.Repeat("word & ", 2000), Fields: fields, Choices: choices}
	m := render(r)
	checkLimits(t, m)
	buttons := 0
	for _, b := range m.Blocks {
		raw, _ := json.Marshal(b)
		buttons += strings.Count(string(raw), `"type":"button"`)
	}
	if buttons != 30 {
		t.Errorf("%d buttons, want 30 (the over-long command dropped)", buttons)
	}
	// Huge text is cut at 50 blocks with a note.
	huge := render(bot.Reply{Text: strings.Repeat(strings.Repeat("z", 2900)+"\n", 60)})
	if len(huge.Blocks) != maxBlocks {
		t.Errorf("%d blocks", len(huge.Blocks))
	}
	// Splitting never breaks an entity.
	for _, part := range splitText(escape(strings.Repeat("&", 2000)), maxSectionText) {
		if strings.HasSuffix(part, "&am") || strings.HasPrefix(part, "p;") || strings.HasPrefix(part, "mp;") || strings.HasPrefix(part, ";") {
			t.Errorf("entity split: …%s", part[len(part)-5:])
		}
	}
}

func TestInboundText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"poll list", "poll list"},
		{"who supports older people in Bedwell?", "who supports older people in Bedwell?"},
		{"resource share <https://example.org/toolkit|example.org/toolkit> \"Toolkit\"", `resource share https://example.org/toolkit "Toolkit"`},
		{"poll \"A &amp; B?\" x y --room <#C123|sip-general>", `poll "A & B?" x y --room #sip-general`},
		{"remind <#C123> to send the agenda", "remind slack:T1:C123 to send the agenda"},
		{"org add-member <@U123|sam> \"Trust\"", `org add-member <@U123> "Trust"`},
		{"email <mailto:a@b.org|a@b.org>", "email a@b.org"},
		{"  &lt;!channel&gt; ", "<!channel>"},
	} {
		if got := inbound(tc.in, "T1"); got != tc.want {
			t.Errorf("inbound(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, bot, want string }{
		{"<@UBOT> who runs food banks?", "UBOT", "who runs food banks?"},
		{"hey <@UBOT|partnerbot> help", "UBOT", "hey  help"},
		{"<@UBOT>: poll list", "", "poll list"},
		{"<@UOTHER> help", "UBOT", "<@UOTHER> help"},
	} {
		if got := stripMention(tc.in, tc.bot); got != tc.want {
			t.Errorf("stripMention(%q, %q) = %q, want %q", tc.in, tc.bot, got, tc.want)
		}
	}
}

func TestManifest(t *testing.T) {
	socket := Manifest("", "")
	for _, want := range []string{"command: /sip", "usage_hint:", "- commands", "- chat:write", "- chat:write.public", "- app_mentions:read",
		"- im:history", "- im:read", "- im:write", "- users:read", "- usergroups:read", "- files:write",
		"- app_mention", "- message.im", "is_enabled: true", "socket_mode_enabled: true"} {
		if !strings.Contains(socket, want) {
			t.Errorf("manifest lacks %q", want)
		}
	}
	if strings.Contains(socket, "request_url") {
		t.Error("socket manifest has request URLs")
	}
	httpM := Manifest("/partners", "https://bot.example.org/")
	for _, want := range []string{"command: /partners", "url: https://bot.example.org/slack/commands", "request_url: https://bot.example.org/slack/events",
		"request_url: https://bot.example.org/slack/interactions", "socket_mode_enabled: false"} {
		if !strings.Contains(httpM, want) {
			t.Errorf("HTTP manifest lacks %q", want)
		}
	}
	if testing.Verbose() {
		t.Log("\n" + socket)
	}
}
