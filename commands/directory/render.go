package directory

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"partnerbot/bot"
)

// maxDescription is the longest description shown in an answer.
const maxDescription = 140

// oneLine shortens a description to one line for an answer.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxDescription {
		return s
	}
	r := []rune(s)[:maxDescription]
	cut := strings.LastIndex(string(r), " ")
	if cut < maxDescription/2 {
		cut = len(string(r))
	}
	return strings.TrimRight(string(r)[:cut], " ,;:.-") + "…"
}

// contact is a service's phone, email and website on one line.
func contact(s *Service) string {
	var parts []string
	if s.Phone != "" {
		parts = append(parts, s.Phone)
	}
	if s.Email != "" {
		parts = append(parts, s.Email)
	}
	if s.Website != "" {
		parts = append(parts, strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(s.Website, "https://"), "http://"), "/"))
	}
	return strings.Join(parts, " · ")
}

// writeService writes one service as an answer shows it: name and
// organisation, a one-line description, who it is for and when, and how
// to get in touch.
func writeService(b *strings.Builder, s *Service, showAreas bool) {
	fmt.Fprintf(b, "• *%s* — %s\n", s.Name, s.Organisation)
	if s.Description != "" {
		fmt.Fprintf(b, "   %s\n", oneLine(s.Description))
	}
	var facts []string
	if s.Eligibility != "" {
		facts = append(facts, "For: "+s.Eligibility)
	}
	if s.OpeningTimes != "" {
		facts = append(facts, s.OpeningTimes)
	}
	if showAreas && !s.Townwide() {
		facts = append(facts, "Areas: "+strings.Join(s.Areas, ", "))
	}
	if len(facts) > 0 {
		fmt.Fprintf(b, "   %s\n", strings.Join(facts, " · "))
	}
	if c := contact(s); c != "" {
		fmt.Fprintf(b, "   %s\n", c)
	}
}

// capital makes the first letter upper case.
func capital(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// andList joins names: "a", "a and b", "a, b and c".
func andList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// renderAnswer turns an answer into the reply `who` gives.
func (d *Directory) renderAnswer(a Answer) bot.Reply {
	where := "across Stevenage"
	if a.Area != "" && a.Area != Town {
		where = "in " + a.Area
	}
	title := capital(andList(a.Themes)) + " " + where
	var b strings.Builder
	if a.Total == 0 {
		fmt.Fprintf(&b, "I found no service for *%s* %s", andList(a.Themes), where)
		if a.Area != "" && a.Area != Town {
			b.WriteString(", not even one covering the whole town")
		}
		b.WriteString(". That looks like a gap in provision")
		if a.Area != "" && a.Area != Town {
			fmt.Fprintf(&b, ": `gaps %s` shows the others there.", a.Area)
		} else {
			b.WriteString(".")
		}
		d.notes(&b, a)
		return bot.Reply{Title: title, Text: strings.TrimRight(b.String(), "\n"), Data: answerData(a)}
	}
	townwide := a.Total - a.Local
	switch {
	case a.Area == "" || a.Area == Town:
		fmt.Fprintf(&b, "%d %s.", a.Total, plural(a.Total, "service", "services"))
	case a.Local == 0:
		fmt.Fprintf(&b, "Nothing based in %s, but %d %s across Stevenage.", a.Area, townwide, plural(townwide, "service works", "services work"))
	default:
		fmt.Fprintf(&b, "%d in %s, %d across Stevenage.", a.Local, a.Area, townwide)
	}
	if a.Pages > 1 {
		from := (a.Page-1)*PageSize + 1
		fmt.Fprintf(&b, " Showing %d–%d.", from, from+len(a.Results)-1)
	}
	b.WriteString("\n")
	d.notes(&b, a)
	b.WriteString("\n")
	group := ""
	for i := range a.Results {
		r := &a.Results[i]
		g := "*Across Stevenage*"
		switch {
		case r.Local:
			g = "*Based in " + a.Area + "*"
		case (a.Area == "" || a.Area == Town) && !r.Townwide():
			g = "*In particular areas*"
		}
		if g != group {
			if group != "" {
				b.WriteString("\n")
			}
			b.WriteString(g + "\n")
			group = g
		}
		writeService(&b, &r.Service, a.Area == "" || a.Area == Town)
	}
	rep := bot.Reply{Title: title, Data: answerData(a)}
	if a.Page < a.Pages {
		more := a.Total - (a.Page*PageSize - PageSize + len(a.Results))
		next := fmt.Sprintf("who %s page %d", a.Question, a.Page+1)
		fmt.Fprintf(&b, "\n…and %d more: `%s`", more, next)
		rep.Choices = []bot.Choice{{Label: "Next page", Command: next}}
	}
	rep.Text = strings.TrimRight(b.String(), "\n")
	return rep
}

// notes explains what the matcher read, where it might surprise.
func (d *Directory) notes(b *strings.Builder, a Answer) {
	if a.AreaTyped != "" {
		fmt.Fprintf(b, "_I read “%s” as %s._\n", a.AreaTyped, a.Area)
	}
	for _, t := range a.Themes {
		if kids := d.m.expand[t]; len(kids) > 1 {
			fmt.Fprintf(b, "_%s includes %s._\n", capital(t), andList(kids[1:]))
		}
	}
	if len(a.Themes) > 1 && a.Total > 0 {
		b.WriteString("_Services offering all of these come first._\n")
	}
	if len(a.OtherAreas) > 0 {
		fmt.Fprintf(b, "_This is for %s only; ask again for %s._\n", a.Area, andList(a.OtherAreas))
	}
	if a.Area == "" {
		b.WriteString("_Name an area to narrow it, e.g. `… in Bedwell`._\n")
	}
}

// answerData is `who`'s machine-readable reply.
func answerData(a Answer) map[string]any {
	results := make([]map[string]any, 0, len(a.Results))
	for _, r := range a.Results {
		results = append(results, map[string]any{
			"organisation":  r.Organisation,
			"service":       r.Name,
			"areas":         r.Areas,
			"themes":        r.Themes,
			"townwide":      r.Townwide(),
			"local":         r.Local,
			"description":   r.Description,
			"eligibility":   r.Eligibility,
			"email":         r.Email,
			"phone":         r.Phone,
			"website":       r.Website,
			"opening_times": r.OpeningTimes,
		})
	}
	themes := a.Themes
	if themes == nil {
		themes = []string{}
	}
	return map[string]any{"themes": themes, "area": a.Area, "results": results, "total": a.Total, "page": a.Page, "pages": a.Pages, "local": a.Local}
}
