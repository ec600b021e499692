package directory

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"partnerbot/bot"
)

// fieldHelp lists the fields add and edit take.
const fieldHelp = `FIELD VALUE pairs (or FIELD=VALUE): description, themes "food;older people", areas "Bedwell;Shephall" (Stevenage = whole town), eligibility, email, phone, website, address, hours`

// Commands returns `who`, `gaps` and `directory`.
func (d *Directory) Commands() []*bot.Command {
	return []*bot.Command{
		{
			Name:    "who",
			Summary: "who provides what, where: ask in plain words",
			Usage:   "who QUESTION [page N]",
			Examples: []string{
				"who supports older people in Bedwell?",
				"who food banks in Shephall",
				"who youth clubs near Pin Green",
				"who mental health support for teenagers in St Nicks",
			},
			Args:   []bot.Arg{{Name: "question", Kind: bot.Text, Required: true, Help: "what help, and where (a ward of Stevenage, Great Ashby, or Stevenage for the whole town)"}},
			Handle: safe(d.who),
		},
		{
			Name:     "gaps",
			Summary:  "the provision map: which themes have no provider in which areas",
			Usage:    "gaps [AREA|THEME]",
			Examples: []string{"gaps", "gaps Bedwell", "gaps food"},
			Args:     []bot.Arg{{Name: "what", Kind: bot.List, Help: "an area (the themes missing there) or a theme (the areas missing it)", Autocomplete: "area"}},
			Flags:    []bot.Flag{{Name: "json", Kind: bot.Bool, Help: "accepted for scripts; the facts are always in the reply's data"}},
			Handle:   d.gaps, // not safe(): the matrix is a code block; only vocabulary names are echoed, and the typed text in a refusal is neutralised
		},
		{
			Name:    "directory",
			Summary: "the partner directory: show an organisation; admins add, edit, remove, import and export",
			Subs: []*bot.Command{
				{
					Name: "show", Summary: "an organisation and its services (no name: every organisation)",
					Usage:    "directory show [ORG]",
					Examples: []string{`directory show "Sample Riverside Trust"`, "directory show riverside"},
					Args:     []bot.Arg{{Name: "org", Kind: bot.Text, Help: "an organisation (a close spelling will do)", Autocomplete: "org"}},
					Handle:   safe(d.show),
				},
				{
					Name: "add", Summary: "add an organisation, or a service with its themes and areas", Admin: true,
					Usage: `directory add ORG ["SERVICE" FIELD VALUE…]`,
					Examples: []string{
						`directory add "Shephall Men's Shed"`,
						`directory add "Shephall Men's Shed" "Tuesday Shed" themes "older people;loneliness" areas "Shephall" email shed@menshed.example phone "01438 000999" hours "Tuesdays 10:00-15:00" description "Woodwork, tea and talk for older men."`,
					},
					Args:   []bot.Arg{{Name: "details", Kind: bot.Text, Required: true, Help: "the organisation (quoted), then the service (quoted) and its " + fieldHelp + "; themes and areas are needed"}},
					Handle: safe(d.add),
				},
				{
					Name: "edit", Summary: "change a service's fields, rename it, or pause it (status inactive)", Admin: true,
					Usage: `directory edit ORG ["SERVICE"] FIELD VALUE…`,
					Examples: []string{
						`directory edit "Sample Riverside Trust" "Tuesday Lunch Club" phone "01438 000111" hours "Tuesdays 12:30-14:30"`,
						`directory edit "Sample Riverside Trust" "Warm Welcome Space" status inactive`,
						`directory edit "Sample Riverside Trust" name "Riverside Community Trust"`,
					},
					Args:   []bot.Arg{{Name: "details", Kind: bot.Text, Required: true, Help: "the organisation and service (quoted), then " + fieldHelp + ", status active|inactive, name \"New name\" (to rename; with no service, renames the organisation)"}},
					Handle: safe(d.edit),
				},
				{
					Name: "remove", Summary: "remove a service, or an organisation with all its services", Admin: true,
					Usage:    "directory remove ORG [SERVICE] [--confirm]",
					Examples: []string{`directory remove "Sample Riverside Trust" "Warm Welcome Space"`, `directory remove "Sample Riverside Trust" --confirm`},
					Args:     []bot.Arg{{Name: "details", Kind: bot.Text, Required: true, Help: "ORG, and SERVICE to remove just that service"}},
					Flags:    []bot.Flag{{Name: "confirm", Kind: bot.Bool, Help: "remove an organisation that still has services"}},
					Handle:   safe(d.remove),
				},
				{
					Name: "import", Summary: "add and update services from an attached CSV file (or CSV pasted after the command)", Admin: true,
					Usage:    "directory import (with a .csv file attached)",
					Examples: []string{"directory import"},
					Args:     []bot.Arg{{Name: "csv", Kind: bot.Text, Help: "CSV text, if you can't attach a file"}},
					Handle:   safe(d.importCmd),
				},
				{
					Name: "export", Summary: "the directory as CSV, for a spreadsheet", Admin: true,
					Usage:    "directory export",
					Examples: []string{"directory export"},
					Handle:   d.exportCmd,
				},
			},
		},
	}
}

// who answers a question.
func (d *Directory) who(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	text := strings.TrimSpace(req.Args.String("question"))
	if text == "" {
		text = strings.TrimSpace(req.Text)
	}
	if key(text) == "" {
		return bot.Reply{}, bot.Refuse("who supports older people in Bedwell?", "What would you like to find? Ask in plain words, with a theme and an area.")
	}
	if n := utf8.RuneCountInString(text); n > maxQuestionLen {
		return bot.Reply{}, bot.Refuse("who supports older people in Bedwell?", "That question is too long for me (%d characters; the most is %d). Ask about one kind of help and one area.", n, maxQuestionLen)
	}
	a, err := d.Ask(text, 0)
	if err != nil {
		return bot.Reply{}, err
	}
	if a.UnknownArea != "" {
		msg := fmt.Sprintf("I don't know the area “%s”, so I haven't guessed.", a.UnknownArea)
		if near := d.m.nearestArea(a.UnknownArea); near != "" {
			msg += fmt.Sprintf(" Did you mean %s?", near)
		}
		msg += fmt.Sprintf("\nThe areas I know: %s — or Stevenage for the whole town.", strings.Join(d.m.v.Areas(), ", "))
		return bot.Reply{}, bot.Refuse(exampleWho(a.Themes, ""), "%s", msg)
	}
	if len(a.Themes) == 0 {
		msg := fmt.Sprintf("I couldn't tell what kind of help you're looking for in “%s”.\nTry a theme: %s.", a.Question, strings.Join(d.ThemeNames(), ", "))
		return bot.Reply{}, bot.Refuse(exampleWho(nil, a.Area), "%s", msg)
	}
	if a.Page > a.Pages {
		return bot.Reply{}, bot.Refuse(fmt.Sprintf("who %s page %d", a.Question, a.Pages), "There %s only %d %s for that.", plural(a.Pages, "is", "are"), a.Pages, plural(a.Pages, "page", "pages"))
	}
	return d.renderAnswer(a), nil
}

func exampleWho(themes []string, area string) string {
	t := "food"
	if len(themes) > 0 {
		t = themes[0]
	}
	if area == "" || area == Town {
		area = "Bedwell"
	}
	return "who " + t + " in " + area
}

// show shows an organisation, or lists them all.
func (d *Directory) show(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	name := unquote(req.Args.String("org"))
	ix := d.index()
	if name == "" {
		var b strings.Builder
		names := make([]string, 0, len(ix.orgs))
		for _, o := range ix.orgs {
			n := 0
			for _, s := range ix.byOrg[key(o.Name)] {
				if s.Status != Inactive {
					n++
				}
			}
			fmt.Fprintf(&b, "• %s (%d %s)\n", o.Name, n, plural(n, "service", "services"))
			names = append(names, o.Name)
		}
		if len(ix.orgs) == 0 {
			return bot.Reply{Text: "The directory is empty. Admins can add to it with `directory add` or `directory import`.", Data: map[string]any{"organisations": names}}, nil
		}
		return bot.Reply{Title: fmt.Sprintf("%d organisations", len(ix.orgs)), Text: b.String() + "\n`directory show ORG` for one of them.", Data: map[string]any{"organisations": names}}, nil
	}
	org, ok := matchOrg(ix, name)
	if !ok {
		return bot.Reply{}, d.unknownOrg(name, "directory show")
	}
	var b strings.Builder
	var services []map[string]any
	for _, s := range ix.byOrg[key(org)] {
		writeService(&b, s, true)
		if s.Townwide() {
			b.WriteString("   Areas: the whole town\n")
		}
		fmt.Fprintf(&b, "   Themes: %s", strings.Join(s.Themes, ", "))
		if s.Address != "" {
			fmt.Fprintf(&b, " · %s", s.Address)
		}
		if s.Status == Inactive {
			b.WriteString(" · _inactive_")
		}
		b.WriteString("\n\n")
		services = append(services, map[string]any{"service": s.Name, "themes": s.Themes, "areas": s.Areas, "status": s.Status})
	}
	if len(services) == 0 {
		b.WriteString("No services listed yet.")
	}
	return bot.Reply{Title: org, Text: strings.TrimRight(b.String(), "\n"), Data: map[string]any{"organisation": org, "services": services}}, nil
}

func (d *Directory) unknownOrg(name, cmd string) error {
	msg := fmt.Sprintf("I don't know an organisation called “%s”.", name)
	if len(d.index().orgs) > 0 {
		msg += " `directory show` lists them."
	}
	return bot.Refuse(cmd+` "Sample Riverside Trust"`, "%s", msg)
}

// unquote strips the quotes a Text argument keeps.
func unquote(s string) string {
	return strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "\"“”„"))
}

func (d *Directory) importCmd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	data := req.Attachment
	if len(data) == 0 {
		text := strings.TrimSpace(req.Args.String("csv"))
		text = strings.TrimPrefix(strings.TrimSuffix(text, "```"), "```")
		data = []byte(strings.TrimSpace(text) + "\n")
		if strings.TrimSpace(text) == "" {
			return bot.Reply{}, bot.Refuse("directory import", "Attach a CSV file to `directory import` (or paste the CSV after it). Its first line must be:\n%s", Header)
		}
	}
	rep, err := d.importAs(bytes.NewReader(data), string(req.Person))
	if err != nil {
		if isNotCSV(err) {
			return bot.Reply{}, bot.Errorf("Nothing was imported: %v", strings.TrimPrefix(err.Error(), ErrNotDirectoryCSV.Error()+": "))
		}
		return bot.Reply{}, err
	}
	rejected := make([]map[string]any, 0, len(rep.Rejected))
	for _, r := range rep.Rejected {
		rejected = append(rejected, map[string]any{"row": r.Row, "reason": r.Reason})
	}
	return bot.Reply{Title: "Directory import", Text: rep.String(), Ephemeral: true,
		Data: map[string]any{"added": rep.Added, "updated": rep.Updated, "unchanged": rep.Unchanged, "rejected": rejected}}, nil
}

func (d *Directory) exportCmd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	var buf bytes.Buffer
	if err := d.Export(&buf); err != nil {
		return bot.Reply{}, err
	}
	n := strings.Count(buf.String(), "\n") - 1
	return bot.Reply{
		Title:     fmt.Sprintf("Directory export: %d %s", n, plural(n, "service", "services")),
		Text:      "```\n" + buf.String() + "```",
		Ephemeral: true,
		Data:      map[string]any{"csv": buf.String(), "rows": n},
	}, nil
}
