package discord

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"

	"partnerbot/bot"
)

// pollModalID is the custom_id of the form /poll create opens.
const pollModalID = "modal:poll"

const maxPollOptions = 20

// pollModal is the form for a new poll: the question, the options one per
// line, the kind and when it closes.
func pollModal() *discordgo.InteractionResponse {
	row := func(c discordgo.TextInput) discordgo.MessageComponent {
		return discordgo.ActionsRow{Components: []discordgo.MessageComponent{c}}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{
			CustomID: pollModalID,
			Title:    "New poll",
			Components: []discordgo.MessageComponent{
				row(discordgo.TextInput{CustomID: "question", Label: "Question", Style: discordgo.TextInputShort, Required: true, MaxLength: 300, Placeholder: "Which priority should we focus on next year?"}),
				row(discordgo.TextInput{CustomID: "options", Label: "Options, one per line", Style: discordgo.TextInputParagraph, Required: true, MaxLength: 2000, Placeholder: "Cost of living\nOlder people\nYoung people"}),
				row(discordgo.TextInput{CustomID: "kind", Label: "Kind (optional)", Style: discordgo.TextInputShort, Required: false, MaxLength: 100, Placeholder: "multi, ranked, dots 5 or consent; anonymous, per-org"}),
				row(discordgo.TextInput{CustomID: "closes", Label: "Closes (optional)", Style: discordgo.TextInputShort, Required: false, MaxLength: 100, Placeholder: "next Friday at 5pm"}),
			},
		},
	}
}

// modalFields reads the text inputs of a submitted form.
func modalFields(data discordgo.ModalSubmitInteractionData) map[string]string {
	out := map[string]string{}
	var walk func(cs []discordgo.MessageComponent)
	walk = func(cs []discordgo.MessageComponent) {
		for _, c := range cs {
			switch v := c.(type) {
			case *discordgo.ActionsRow:
				if v != nil {
					walk(v.Components)
				}
			case discordgo.ActionsRow:
				walk(v.Components)
			case *discordgo.TextInput:
				if v != nil && len(out) < 10 {
					out[v.CustomID] = v.Value
				}
			case discordgo.TextInput:
				if len(out) < 10 {
					out[v.CustomID] = v.Value
				}
			}
		}
	}
	walk(data.Components)
	return out
}

// modalRequest turns a submitted poll form into `poll "Q" "A" "B" --flags`
// run as the person who filled it in.
func (a *Adapter) modalRequest(i *discordgo.Interaction) (*bot.Request, error) {
	data, ok := i.Data.(discordgo.ModalSubmitInteractionData)
	if !ok {
		return nil, fmt.Errorf("%w: no form data", errBadPayload)
	}
	req, err := a.baseRequest(i)
	if err != nil {
		return nil, err
	}
	if data.CustomID != pollModalID {
		return req, bot.Errorf("That form isn't one I recognise. Start again with /poll create.")
	}
	text, err := pollText(modalFields(data))
	if err != nil {
		return req, err
	}
	req.Text = text
	return req, nil
}

var kindWord = regexp.MustCompile(`^[a-z][a-z-]{0,30}$`)

// pollText builds the poll command from the form's fields.
func pollText(f map[string]string) (string, error) {
	const example = `poll "Which priority first?" "Cost of living" "Older people" --ranked`
	q := strings.TrimSpace(cleanLine(f["question"]))
	if q == "" {
		return "", bot.Refuse(example, "The poll needs a question.")
	}
	parts := []string{"poll", quoteArg(q)}
	n := 0
	for _, line := range strings.Split(f["options"], "\n") {
		line = strings.TrimSpace(cleanLine(line))
		line = strings.TrimLeft(line, "-•* ")
		if line == "" {
			continue
		}
		n++
		if n > maxPollOptions {
			return "", bot.Refuse(example, "A poll can have at most %d options; that form had more.", maxPollOptions)
		}
		parts = append(parts, quoteArg(line))
	}
	if n < 2 {
		return "", bot.Refuse(example, "The poll needs at least two options, one per line.")
	}
	kind := strings.ToLower(strings.TrimSpace(f["kind"]))
	for _, w := range strings.FieldsFunc(kind, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' }) {
		switch {
		case w == "single" || w == "one" || w == "simple":
		case strings.Trim(w, "0123456789%") == "" && len(parts) > 0 && strings.HasPrefix(parts[len(parts)-1], "--"):
			parts = append(parts, w)
		case kindWord.MatchString(strings.TrimPrefix(w, "--")):
			parts = append(parts, "--"+strings.TrimPrefix(w, "--"))
		default:
			return "", bot.Refuse(example, "I don't understand the kind %q. Use single, multi, ranked, dots 5 or consent, and optionally anonymous or per-org.", w)
		}
	}
	if c := strings.TrimSpace(cleanLine(f["closes"])); c != "" {
		parts = append(parts, "--closes", quoteArg(c))
	}
	return strings.Join(parts, " "), nil
}
