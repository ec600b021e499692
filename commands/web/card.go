package web

import (
	"html/template"
	"net/url"
	"strings"

	"partnerbot/commands/directory"
)

// A card is one service as the pages show it.
type card struct {
	Name, Organisation, Description string
	Eligibility, OpeningTimes       string
	Address                         string
	Areas                           string // "Bedwell, St Nicholas" or "" when town-wide
	Townwide, Local                 bool
	Themes                          []string
	Phone                           string
	Tel                             template.URL // tel:+441438…, digits only, so safe to trust
	Email                           string
	Website, WebsiteText            string // Website is "" unless it is http(s)
	// Level is the heading level of the service's name (3 or 4), so that
	// headings nest wherever a card is shown.
	Level int
}

func newCard(s *directory.Service, local bool, level int) card {
	c := card{Level: level,
		Name: s.Name, Organisation: s.Organisation, Description: s.Description,
		Eligibility: s.Eligibility, OpeningTimes: s.OpeningTimes, Address: s.Address,
		Townwide: s.Townwide(), Local: local, Themes: s.Themes,
		Phone: s.Phone, Email: s.Email,
	}
	if !c.Townwide {
		c.Areas = strings.Join(s.Areas, ", ")
	}
	if s.Phone != "" {
		c.Tel = template.URL("tel:" + strings.Map(func(r rune) rune {
			if r == '+' || (r >= '0' && r <= '9') {
				return r
			}
			return -1
		}, s.Phone))
	}
	if s.Website != "" {
		c.WebsiteText = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(s.Website, "https://"), "http://"), "/")
		if u, err := url.Parse(s.Website); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			c.Website = u.String()
		}
	}
	return c
}
