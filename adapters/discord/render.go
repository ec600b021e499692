package discord

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Discord's limits on messages.
const (
	maxContent       = 2000
	maxEmbedTitle    = 256
	maxEmbedDesc     = 4096
	maxEmbedFields   = 25
	maxFieldName     = 256
	maxFieldValue    = 1024
	maxFooter        = 2048
	maxEmbedTotal    = 6000
	maxRows          = 5
	maxButtonsPerRow = 5
	maxButtons       = maxRows * maxButtonsPerRow
	maxLabel         = 80
	maxMenuLabel     = 100

	colourInfo  = 0x2B6CB0
	colourError = 0xC0392B
)

// ActionsBucket holds button commands too long for a custom_id: key a
// short hash, value the command.
const ActionsBucket = "discord_actions"

const (
	storedPrefix = "c:"
	menuPrefix   = "m:"
)

func init() { storage.Declare(ActionsBucket) }

// noMentions lets no message ping anyone: @everyone, @here, roles and
// users typed by people and echoed by the bot stay plain text.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// A message is a bot.Reply in Discord's terms.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Files      []*discordgo.File
	Flags      discordgo.MessageFlags
}

var (
	slackBold = regexp.MustCompile(`(^|[^*\w])\*([^*\s](?:[^*\n]*[^*\s])?)\*([^*\w]|$)`)
	slackLink = regexp.MustCompile(`<(https?://[^|>\s]+)\|([^>]+)>`)
)

// markdown turns the Slack-style text of replies (*bold*, <url|text>) into
// Discord markdown (**bold**, [text](url)).
func markdown(s string) string {
	s = slackLink.ReplaceAllString(s, "[$2]($1)")
	// Twice, because adjacent matches share their boundary characters.
	for i := 0; i < 2; i++ {
		s = slackBold.ReplaceAllString(s, "$1**$2**$3")
	}
	return s
}

// render turns a reply into a message: plain content for short text, an
// embed for anything with a title, fields, small print or a chart, and
// buttons (or select menus for more than 25 choices).
func (a *Adapter) render(r bot.Reply) message {
	var m message
	if r.Ephemeral {
		m.Flags = discordgo.MessageFlagsEphemeral
	}
	text := markdown(r.Text)
	structured := r.Title != "" || len(r.Fields) > 0 || len(r.Context) > 0 || len(r.Image) > 0 || utf8.RuneCountInString(text) > maxContent
	if !structured {
		m.Content = text
		if strings.TrimSpace(m.Content) == "" {
			// Discord refuses a message with nothing but buttons.
			m.Content = "Done."
			if len(r.Choices) > 0 {
				m.Content = "Choose:"
			}
		}
	} else {
		m.Embeds = []*discordgo.MessageEmbed{a.embed(r, text)}
	}
	if len(r.Image) > 0 {
		name := fileName(r.ImageName)
		m.Files = []*discordgo.File{{Name: name, ContentType: "image/png", Reader: bytes.NewReader(r.Image)}}
		m.Embeds[0].Image = &discordgo.MessageEmbedImage{URL: "attachment://" + name}
	}
	m.Components = a.components(r.Choices)
	return m
}

func (a *Adapter) embed(r bot.Reply, text string) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: colourInfo}
	if r.Error {
		e.Color = colourError
	}
	budget := maxEmbedTotal
	e.Title = truncate(cleanLine(markdown(r.Title)), maxEmbedTitle)
	budget -= utf8.RuneCountInString(e.Title)
	if len(r.Context) > 0 {
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(strings.Join(r.Context, " · "), maxFooter)}
		budget -= utf8.RuneCountInString(e.Footer.Text)
	}
	for i, f := range r.Fields {
		if i >= maxEmbedFields {
			break
		}
		name := truncate(strings.TrimSpace(markdown(f.Name)), maxFieldName)
		if name == "" {
			name = "\u200b"
		}
		value := truncate(strings.TrimSpace(markdown(f.Value)), maxFieldValue)
		if value == "" {
			value = "\u200b"
		}
		n := utf8.RuneCountInString(name) + utf8.RuneCountInString(value)
		if budget-n < 0 {
			break
		}
		budget -= n
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: f.Inline})
	}
	limit := maxEmbedDesc
	if budget < limit {
		limit = budget
	}
	if limit > 0 && text != "" {
		e.Description = truncate(text, limit)
	}
	return e
}

var fileNameRe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func fileName(n string) string {
	n = fileNameRe.ReplaceAllString(n, "-")
	n = strings.Trim(n, "-.")
	if n == "" {
		n = "chart"
	}
	if len(n) > 64 {
		n = n[:64]
	}
	if !strings.Contains(n, ".") {
		n += ".png"
	}
	return n
}

// components lays out choices: rows of up to five buttons for 25 choices
// or fewer, otherwise select menus of up to 25 options each.
func (a *Adapter) components(choices []bot.Choice) []discordgo.MessageComponent {
	if len(choices) == 0 {
		return nil
	}
	used := map[string]bool{}
	var rows []discordgo.MessageComponent
	if len(choices) <= maxButtons {
		var row []discordgo.MessageComponent
		for _, c := range choices {
			row = append(row, discordgo.Button{
				Label:    truncate(buttonLabel(c), maxLabel),
				Style:    buttonStyle(c.Style),
				CustomID: a.customID(c.Command, used),
			})
			if len(row) == maxButtonsPerRow {
				rows = append(rows, discordgo.ActionsRow{Components: row})
				row = nil
			}
		}
		if len(row) > 0 {
			rows = append(rows, discordgo.ActionsRow{Components: row})
		}
		return rows
	}
	for start := 0; start < len(choices) && len(rows) < maxRows; start += maxChoices {
		end := start + maxChoices
		if end > len(choices) {
			end = len(choices)
		}
		menu := discordgo.SelectMenu{
			MenuType:    discordgo.StringSelectMenu,
			CustomID:    menuPrefix + strconv.Itoa(len(rows)),
			Placeholder: "Choose (" + strconv.Itoa(start+1) + "–" + strconv.Itoa(end) + ")",
			MaxValues:   1,
		}
		for _, c := range choices[start:end] {
			menu.Options = append(menu.Options, discordgo.SelectMenuOption{
				Label: truncate(buttonLabel(c), maxMenuLabel),
				Value: a.customID(c.Command, used),
			})
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{menu}})
	}
	return rows
}

func buttonLabel(c bot.Choice) string {
	l := strings.TrimSpace(cleanLine(c.Label))
	if l == "" {
		l = strings.TrimSpace(cleanLine(c.Command))
	}
	if l == "" {
		l = "…"
	}
	return l
}

func buttonStyle(s string) discordgo.ButtonStyle {
	switch s {
	case "primary":
		return discordgo.PrimaryButton
	case "danger":
		return discordgo.DangerButton
	case "success":
		return discordgo.SuccessButton
	}
	return discordgo.SecondaryButton
}

// customID is the custom_id (or menu value) for a button's command: the
// command itself when it fits in 100 bytes and is unique in the message,
// otherwise "c:" and a short id under which the command is stored.
func (a *Adapter) customID(cmd string, used map[string]bool) string {
	if cmd != "" && len(cmd) <= maxCustomID && !used[cmd] && !strings.HasPrefix(cmd, storedPrefix) && !strings.HasPrefix(cmd, menuPrefix) {
		used[cmd] = true
		return cmd
	}
	for n := 0; ; n++ {
		key := actionKey(cmd, n)
		id := storedPrefix + key
		if used[id] {
			continue
		}
		used[id] = true
		if err := a.storeAction(key, cmd); err != nil {
			a.log.Warn("storing a long button command failed", "err", err)
			return truncateBytes(cmd, maxCustomID)
		}
		return id
	}
}

// actionKey is a stable short id for cmd, so re-rendering a message does
// not store the same command again.
func actionKey(cmd string, n int) string {
	h := sha256.Sum256([]byte(cmd + "\x00" + strconv.Itoa(n)))
	return hex.EncodeToString(h[:8])
}

func (a *Adapter) storeAction(key, cmd string) error {
	if a.opts.DB == nil {
		return errNoDB
	}
	return a.opts.DB.Update(func(tx *storage.Tx) error {
		b := storage.Bucket(tx, ActionsBucket)
		if b.Get([]byte(key)) != nil {
			return nil
		}
		return b.Put([]byte(key), []byte(cmd))
	})
}

func (a *Adapter) lookupAction(key string) (string, bool) {
	if a.opts.DB == nil || len(key) != 16 {
		return "", false
	}
	if _, err := hex.DecodeString(key); err != nil {
		return "", false
	}
	var cmd string
	_ = a.opts.DB.View(func(tx *storage.Tx) error {
		if b := tx.Bucket([]byte(ActionsBucket)); b != nil {
			if v := b.Get([]byte(key)); v != nil {
				cmd = string(v)
			}
		}
		return nil
	})
	return cmd, cmd != ""
}

type constError string

func (e constError) Error() string { return string(e) }

const errNoDB = constError("discord: no database for long button commands")
