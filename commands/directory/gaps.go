package directory

import (
	"context"
	"fmt"
	"strings"

	"partnerbot/bot"
)

// gaps shows the provision map: whole, for one area, or for one theme.
func (d *Directory) gaps(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	what := unquote(strings.Join(req.Args.List("what"), " "))
	p := d.Map()
	if key(what) == "" {
		return d.gapsMatrix(p), nil
	}
	area, areaOK := d.m.lookupArea(what)
	if !areaOK {
		if theme, ok := d.m.lookupTheme(what); ok {
			return d.gapsTheme(p, theme), nil
		}
		area, _, areaOK = d.m.fuzzyArea(what)
	}
	if areaOK {
		if area == Town {
			return d.gapsTown(p), nil
		}
		return d.gapsArea(p, area), nil
	}
	if ts := d.Themes(what); len(ts) == 1 {
		return d.gapsTheme(p, ts[0]), nil
	}
	msg := fmt.Sprintf("“%s” is neither an area nor a theme I know.", neutralise(bot.OneLine(what)))
	if near := d.m.nearestArea(what); near != "" {
		msg += fmt.Sprintf(" Did you mean %s?", near)
	} else if near := d.m.nearestTheme(what); near != "" {
		msg += fmt.Sprintf(" Did you mean %s?", near)
	}
	msg += fmt.Sprintf("\nAreas: %s.\nThemes: %s.", strings.Join(p.Areas, ", "), strings.Join(p.Themes, ", "))
	return bot.Reply{}, bot.Refuse("gaps Bedwell", "%s", msg)
}

func (d *Directory) gapsArea(p ProvisionMap, area string) bot.Reply {
	var gaps, townwide []string
	local := map[string]int{}
	var localNames []string
	for i, a := range p.Areas {
		if a != area {
			continue
		}
		for _, c := range p.Cells[i] {
			switch c.State {
			case CellGap:
				gaps = append(gaps, c.Theme)
			case CellTownwide:
				townwide = append(townwide, c.Theme)
			default:
				local[c.Theme] = len(c.Local)
				localNames = append(localNames, fmt.Sprintf("%s (%d)", c.Theme, len(c.Local)))
			}
		}
	}
	var b strings.Builder
	line := func(label string, xs []string) {
		if len(xs) == 0 {
			fmt.Fprintf(&b, "*%s:* none\n", label)
			return
		}
		fmt.Fprintf(&b, "*%s:* %s\n", label, strings.Join(xs, ", "))
	}
	line("Gaps — nothing serves "+area, gaps)
	line("Town-wide services only", townwide)
	line("Local services", localNames)
	fmt.Fprintf(&b, "\n`who THEME in %s` lists the services.", area)
	return bot.Reply{
		Title: "Provision in " + area,
		Text:  b.String(),
		Data:  map[string]any{"area": area, "gaps": nonNil(gaps), "townwide_only": nonNil(townwide), "local": local},
	}
}

func (d *Directory) gapsTheme(p ProvisionMap, theme string) bot.Reply {
	var gaps, townwide, localNames []string
	local := map[string]int{}
	j := 0
	for k, t := range p.Themes {
		if t == theme {
			j = k
		}
	}
	for i, a := range p.Areas {
		c := p.Cells[i][j]
		switch c.State {
		case CellGap:
			gaps = append(gaps, a)
		case CellTownwide:
			townwide = append(townwide, a)
		default:
			local[a] = len(c.Local)
			localNames = append(localNames, fmt.Sprintf("%s (%d)", a, len(c.Local)))
		}
	}
	var b strings.Builder
	if kids := d.m.expand[theme]; len(kids) > 1 {
		fmt.Fprintf(&b, "_%s includes %s._\n", capital(theme), andList(kids[1:]))
	}
	line := func(label string, xs []string) {
		if len(xs) == 0 {
			fmt.Fprintf(&b, "*%s:* none\n", label)
			return
		}
		fmt.Fprintf(&b, "*%s:* %s\n", label, strings.Join(xs, ", "))
	}
	line("Gaps — nothing at all", gaps)
	line("Town-wide services only", townwide)
	line("Local services", localNames)
	return bot.Reply{
		Title: capital(theme) + " across the areas",
		Text:  strings.TrimRight(b.String(), "\n"),
		Data:  map[string]any{"theme": theme, "gaps": nonNil(gaps), "townwide_only": nonNil(townwide), "local": local},
	}
}

// gapsTown: themes nothing serves anywhere, and themes with no town-wide
// service.
func (d *Directory) gapsTown(p ProvisionMap) bot.Reply {
	ix := d.index()
	var none, noTownwide []string
	for _, t := range p.Themes {
		any, town := false, false
		for _, x := range d.m.expand[t] {
			for _, pos := range ix.byTheme[x] {
				any = true
				if ix.active[pos].Townwide() {
					town = true
				}
			}
		}
		if !any {
			none = append(none, t)
		} else if !town {
			noTownwide = append(noTownwide, t)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*No service anywhere:* %s\n", orNone(none))
	fmt.Fprintf(&b, "*No town-wide service (local only):* %s\n", orNone(noTownwide))
	b.WriteString("\n`gaps` shows every area; `gaps AREA` one of them.")
	return bot.Reply{Title: "Provision across Stevenage", Text: b.String(),
		Data: map[string]any{"area": Town, "gaps": nonNil(none), "no_townwide": nonNil(noTownwide)}}
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// areaCodes gives each area a short column heading: initials of a name of
// several words ("AH", "BHP"), the first two letters of one word ("Be").
func areaCodes(areas []string) []string {
	codes := make([]string, len(areas))
	used := map[string]bool{}
	for i, a := range areas {
		ws := strings.Fields(a)
		var c string
		if len(ws) > 1 {
			for _, w := range ws {
				if w != "and" && w != "of" {
					c += strings.ToUpper(w[:1])
				}
			}
		} else {
			r := []rune(a)
			c = string(r[:min(2, len(r))])
		}
		if len([]rune(c)) > 3 {
			c = string([]rune(c)[:3])
		}
		for n := 3; used[c] && n <= len([]rune(a)); n++ {
			c = string([]rune(strings.ReplaceAll(a, " ", ""))[:n])
		}
		used[c] = true
		codes[i] = c
	}
	return codes
}

// gapsMatrix is the whole map, compact enough to read at a glance.
func (d *Directory) gapsMatrix(p ProvisionMap) bot.Reply {
	codes := areaCodes(p.Areas)
	width := 0
	for _, t := range p.Themes {
		width = max(width, len([]rune(t)))
	}
	var b strings.Builder
	b.WriteString("```\n")
	fmt.Fprintf(&b, "%-*s", width, "")
	for _, c := range codes {
		fmt.Fprintf(&b, " %3s", c)
	}
	b.WriteString("\n")
	gaps := map[string][]string{}
	townwide := map[string][]string{}
	nGaps := 0
	for j, t := range p.Themes {
		fmt.Fprintf(&b, "%-*s", width, t)
		for i, a := range p.Areas {
			c := p.Cells[i][j]
			cell := ""
			switch c.State {
			case CellGap:
				cell = "✗"
				gaps[a] = append(gaps[a], t)
				nGaps++
			case CellTownwide:
				cell = "·"
				townwide[a] = append(townwide[a], t)
			default:
				cell = fmt.Sprint(len(c.Local))
				if len(c.Local) > 99 {
					cell = "99+"
				}
			}
			fmt.Fprintf(&b, " %3s", cell)
		}
		b.WriteString("\n")
	}
	b.WriteString("```\n")
	b.WriteString("Number: local services · *·* town-wide only · *✗* gap (nothing at all)\n")
	var legend []string
	for i, a := range p.Areas {
		legend = append(legend, codes[i]+" "+a)
	}
	b.WriteString(strings.Join(legend, " · "))
	b.WriteString("\n`gaps AREA` or `gaps THEME` for the detail.")
	for _, a := range p.Areas {
		gaps[a] = nonNil(gaps[a])
		townwide[a] = nonNil(townwide[a])
	}
	r := bot.Reply{
		Title: fmt.Sprintf("Provision map: %d gaps", nGaps),
		Text:  b.String(),
		Data:  map[string]any{"areas": p.Areas, "themes": p.Themes, "gaps": gaps, "townwide_only": townwide},
	}
	// The picture, where the platform takes images; the text stays as the
	// accessible fallback.
	if png, err := p.HeatMap(); err == nil {
		r.Image, r.ImageName = png, "provision-map.png"
	} else {
		if d.env.Log != nil {
			d.env.Log.Warn("provision map picture failed", "err", err)
		}
	}
	return r
}
