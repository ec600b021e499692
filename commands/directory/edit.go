package directory

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"partnerbot/bot"
	"partnerbot/storage"
)

// fieldNames maps what admins may type to CSV column names.
var fieldNames = map[string]string{
	"description": "description", "desc": "description",
	"themes": "themes", "theme": "themes",
	"areas": "areas", "area": "areas",
	"eligibility": "eligibility", "for": "eligibility",
	"email": "email",
	"phone": "phone", "tel": "phone",
	"website": "website", "web": "website", "url": "website",
	"address": "address",
	"hours":   "opening_times", "opening_times": "opening_times", "opening": "opening_times", "times": "opening_times", "opening-times": "opening_times",
	"status": "status",
	"name":   "name",
}

type editToken struct {
	text   string
	quoted bool
}

// splitEdit splits the text of add/edit/remove into words, keeping quoted
// phrases (straight or curly quotes) together, also after key= .
func splitEdit(s string) []editToken {
	var out []editToken
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		var b strings.Builder
		quoted := false
		for i < len(rs) && !unicode.IsSpace(rs[i]) {
			if strings.ContainsRune("\"“”„", rs[i]) {
				quoted = quoted || b.Len() == 0
				i++
				for i < len(rs) && !strings.ContainsRune("\"“”", rs[i]) {
					b.WriteRune(rs[i])
					i++
				}
				i++ // closing quote
				continue
			}
			b.WriteRune(rs[i])
			i++
		}
		out = append(out, editToken{b.String(), quoted})
	}
	return out
}

// editArgs is what add/edit/remove were given: names, then fields.
type editArgs struct {
	names  []string
	fields map[string]string
	order  []string
}

func parseEdit(text, example string) (editArgs, error) {
	e := editArgs{fields: map[string]string{}}
	toks := splitEdit(text)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.quoted && t.text == "--confirm" {
			continue
		}
		word, val, hasEq := t.text, "", false
		if !t.quoted {
			if k, v, ok := strings.Cut(t.text, "="); ok {
				word, val, hasEq = k, v, true
			}
			word = strings.TrimSuffix(word, ":")
		}
		field, isField := fieldNames[strings.ToLower(word)]
		if t.quoted || !isField {
			if len(e.fields) > 0 {
				return e, bot.Refuse(example, "I expected a field name (description, themes, areas, eligibility, email, phone, website, address, hours, status, name) where “%s” is. Quote values with spaces.", t.text)
			}
			if len(e.names) == 2 {
				return e, bot.Refuse(example, "I expected a field name after the organisation and service, not “%s”. Quote names with spaces.", t.text)
			}
			e.names = append(e.names, strings.TrimSpace(t.text))
			continue
		}
		if !hasEq {
			if i+1 >= len(toks) {
				return e, bot.Refuse(example, "%s needs a value after it.", word)
			}
			i++
			val = toks[i].text
		}
		if _, dup := e.fields[field]; dup {
			return e, bot.Refuse(example, "%s is given twice.", word)
		}
		e.fields[field] = strings.TrimSpace(val)
		e.order = append(e.order, field)
	}
	return e, nil
}

const (
	addExample    = `directory add "Shephall Men's Shed" "Tuesday Shed" themes "older people;loneliness" areas Shephall email shed@menshed.example`
	editExample   = `directory edit "Sample Riverside Trust" "Tuesday Lunch Club" phone "01438 000111"`
	removeExample = `directory remove "Sample Riverside Trust" "Warm Welcome Space"`
)

func (d *Directory) add(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	e, err := parseEdit(req.Args.String("details"), addExample)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(e.names) == 0 || key(e.names[0]) == "" {
		return bot.Reply{}, bot.Refuse(addExample, "Name the organisation first (in quotes if it has spaces).")
	}
	now := d.env.Now().UTC()
	by := string(req.Person)
	if len(e.names) == 1 {
		if len(e.fields) > 0 {
			return bot.Reply{}, bot.Refuse(addExample, "Fields belong to a service: name the service after the organisation.")
		}
		if o, ok := d.index().orgByKey[key(e.names[0])]; ok {
			return bot.Reply{}, bot.Refuse(addExample, "%s is already in the directory. Add a service to it by naming the service too.", o.Name)
		}
		if problem := checkOrgName(e.names[0]); problem != "" {
			return bot.Reply{}, bot.Refuse(`directory add "Shephall Men's Shed"`, "I can't add that organisation: %s.", problem)
		}
		err := d.update(func(tx *storage.Tx) error { _, err := ensureOrg(tx, e.names[0], now); return err })
		if err != nil {
			return bot.Reply{}, err
		}
		return bot.Reply{Text: fmt.Sprintf("Added the organisation *%s*. Now add its services: `directory add %s \"Service\" themes … areas …`", e.names[0], bot.Quote(e.names[0])),
			Data: map[string]any{"organisation": e.names[0]}}, nil
	}
	if _, ok := e.fields["name"]; ok {
		return bot.Reply{}, bot.Refuse(addExample, "`name` is for renaming with `directory edit`.")
	}
	if _, ok := e.fields["status"]; ok {
		return bot.Reply{}, bot.Refuse(addExample, "A new service is active; pause it later with `directory edit … status inactive`.")
	}
	org := e.names[0]
	if o, ok := d.index().orgByKey[key(org)]; ok {
		org = o.Name
	}
	f := map[string]string{"organisation": org, "service": e.names[1]}
	for k, v := range e.fields {
		f[k] = v
	}
	if f["themes"] == "" || f["areas"] == "" {
		return bot.Reply{}, bot.Refuse(addExample, "A service needs its themes and areas (;-separated, in quotes), e.g. themes \"food;older people\" areas \"Bedwell;Shephall\" (Stevenage for the whole town).")
	}
	s, problem := d.serviceFrom(f)
	if problem != "" {
		return bot.Reply{}, bot.Refuse(addExample, "I can't add that: %s.", problem)
	}
	exists := false
	err = d.update(func(tx *storage.Tx) error {
		var old Service
		found, err := storage.Get(tx, ServiceBucket, serviceKey(s.Organisation, s.Name), &old)
		if err != nil {
			return err
		}
		if found {
			exists = true
			return nil
		}
		_, err = d.upsert(tx, s, now, by)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if exists {
		return bot.Reply{}, bot.Refuse(editExample, "%s already has a service called %s; change it with `directory edit`.", s.Organisation, s.Name)
	}
	d.env.Log.Info("directory add", "organisation", s.Organisation, "service", s.Name, "by", by)
	var b strings.Builder
	fmt.Fprintf(&b, "Added to the directory:\n")
	writeService(&b, &s, false)
	fmt.Fprintf(&b, "   Themes: %s · Areas: %s", strings.Join(s.Themes, ", "), strings.Join(s.Areas, ", "))
	return bot.Reply{Text: b.String(),
		Data: map[string]any{"organisation": s.Organisation, "service": s.Name, "themes": s.Themes, "areas": s.Areas}}, nil
}

// matchService finds a service of org by a typed name.
func matchService(ix *index, org, name string) (*Service, bool) {
	k := key(name)
	var near []*Service
	for _, s := range ix.byOrg[key(org)] {
		sk := key(s.Name)
		if sk == k {
			return s, true
		}
		if len(k) >= 3 && (strings.Contains(" "+sk+" ", " "+k+" ") || levenshteinAtMost(sk, k, 1)) {
			near = append(near, s)
		}
	}
	if len(near) == 1 {
		return near[0], true
	}
	return nil, false
}

func (d *Directory) services(org string) string {
	var names []string
	for _, s := range d.index().byOrg[key(org)] {
		names = append(names, s.Name)
	}
	if len(names) == 0 {
		return "it has no services yet"
	}
	return "its services: " + strings.Join(names, ", ")
}

func (d *Directory) edit(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	e, err := parseEdit(req.Args.String("details"), editExample)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(e.names) == 0 {
		return bot.Reply{}, bot.Refuse(editExample, "Name the organisation and the service, then the fields to change.")
	}
	ix := d.index()
	org, ok := matchOrg(ix, e.names[0])
	if !ok {
		return bot.Reply{}, d.unknownOrg(e.names[0], "directory edit")
	}
	if len(e.fields) == 0 {
		return bot.Reply{}, bot.Refuse(editExample, "What should change? Give a field and its new value.")
	}
	now := d.env.Now().UTC()
	by := string(req.Person)
	if len(e.names) == 1 {
		newName, ok := e.fields["name"]
		if !ok || len(e.fields) > 1 {
			return bot.Reply{}, bot.Refuse(editExample, "Fields belong to a service: name the service after %s (%s). An organisation itself only has a name: `directory edit %s name \"New name\"`.", org, d.services(org), bot.Quote(org))
		}
		return d.renameOrg(org, newName, by)
	}
	s, ok := matchService(ix, org, e.names[1])
	if !ok {
		return bot.Reply{}, bot.Refuse(editExample, "%s has no service called “%s”; %s.", org, e.names[1], d.services(org))
	}
	f := map[string]string{
		"organisation": s.Organisation, "service": s.Name, "description": s.Description,
		"themes": strings.Join(s.Themes, ";"), "areas": strings.Join(s.Areas, ";"), "eligibility": s.Eligibility,
		"email": s.Email, "phone": s.Phone, "website": s.Website, "address": s.Address, "opening_times": s.OpeningTimes,
	}
	status := s.Status
	for k, v := range e.fields {
		switch k {
		case "name":
			f["service"] = v
		case "status":
			v = strings.ToLower(v)
			if v != Active && v != Inactive {
				return bot.Reply{}, bot.Refuse(`directory edit "Org" "Service" status inactive`, "status is active or inactive, not “%s”.", v)
			}
			status = v
		default:
			f[k] = v
		}
	}
	ns, problem := d.serviceFrom(f)
	if problem != "" {
		return bot.Reply{}, bot.Refuse(editExample, "I can't make that change: %s.", problem)
	}
	ns.Status, ns.Seq = status, s.Seq
	ns.Updated, ns.UpdatedBy = now, by
	oldKey, newKey := serviceKey(s.Organisation, s.Name), serviceKey(ns.Organisation, ns.Name)
	clash := false
	err = d.update(func(tx *storage.Tx) error {
		if newKey != oldKey {
			var other Service
			found, err := storage.Get(tx, ServiceBucket, newKey, &other)
			if err != nil {
				return err
			}
			if found {
				clash = true
				return nil
			}
			if err := storage.Delete(tx, ServiceBucket, oldKey); err != nil {
				return err
			}
		}
		return storage.Put(tx, ServiceBucket, newKey, &ns)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if clash {
		return bot.Reply{}, bot.Refuse(editExample, "%s already has a service called %s.", org, ns.Name)
	}
	d.env.Log.Info("directory edit", "organisation", ns.Organisation, "service", ns.Name, "fields", strings.Join(e.order, ","), "by", by)
	var b strings.Builder
	writeService(&b, &ns, true)
	if ns.Status == Inactive {
		b.WriteString("   _inactive: left out of answers, the map and exports_\n")
	}
	return bot.Reply{Title: "Updated " + ns.Name, Text: strings.TrimRight(b.String(), "\n"),
		Data: map[string]any{"organisation": ns.Organisation, "service": ns.Name, "status": ns.Status, "changed": e.order}}, nil
}

func (d *Directory) renameOrg(org, newName, by string) (bot.Reply, error) {
	if key(newName) == "" {
		return bot.Reply{}, bot.Refuse(`directory edit "Old name" name "New name"`, "The new name is empty.")
	}
	if problem := checkOrgName(newName); problem != "" {
		return bot.Reply{}, bot.Refuse(`directory edit "Old name" name "New name"`, "I can't rename it: %s.", problem)
	}
	clash := false
	err := d.update(func(tx *storage.Tx) error {
		var o Organisation
		if _, err := storage.Get(tx, OrgBucket, key(org), &o); err != nil {
			return err
		}
		if key(newName) != key(org) {
			var other Organisation
			found, err := storage.Get(tx, OrgBucket, key(newName), &other)
			if err != nil {
				return err
			}
			if found {
				clash = true
				return nil
			}
		}
		var moved []Service
		if err := storage.Each(tx, ServiceBucket, key(org)+"/", func(k string, s *Service) error {
			moved = append(moved, *s)
			return nil
		}); err != nil {
			return err
		}
		for _, s := range moved {
			if err := storage.Delete(tx, ServiceBucket, serviceKey(s.Organisation, s.Name)); err != nil {
				return err
			}
			s.Organisation = newName
			if err := storage.Put(tx, ServiceBucket, serviceKey(newName, s.Name), &s); err != nil {
				return err
			}
		}
		if err := storage.Delete(tx, OrgBucket, key(org)); err != nil {
			return err
		}
		o.Name = newName
		return storage.Put(tx, OrgBucket, key(newName), &o)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if clash {
		return bot.Reply{}, bot.Errorf("There is already an organisation called %s.", newName)
	}
	d.env.Log.Info("directory rename organisation", "from", org, "to", newName, "by", by)
	return bot.Reply{Text: fmt.Sprintf("Renamed *%s* to *%s*.", org, newName), Data: map[string]any{"organisation": newName, "was": org}}, nil
}

func (d *Directory) remove(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	e, err := parseEdit(req.Args.String("details"), removeExample)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(e.fields) > 0 || len(e.names) == 0 {
		return bot.Reply{}, bot.Refuse(removeExample, "Name the organisation, and the service to remove just that.")
	}
	ix := d.index()
	org, ok := matchOrg(ix, e.names[0])
	if !ok {
		return bot.Reply{}, d.unknownOrg(e.names[0], "directory remove")
	}
	by := string(req.Person)
	if len(e.names) == 2 {
		s, ok := matchService(ix, org, e.names[1])
		if !ok {
			return bot.Reply{}, bot.Refuse(removeExample, "%s has no service called “%s”; %s.", org, e.names[1], d.services(org))
		}
		if err := d.update(func(tx *storage.Tx) error {
			return storage.Delete(tx, ServiceBucket, serviceKey(s.Organisation, s.Name))
		}); err != nil {
			return bot.Reply{}, err
		}
		d.env.Log.Info("directory remove service", "organisation", org, "service", s.Name, "by", by)
		return bot.Reply{Text: fmt.Sprintf("Removed *%s* from %s.", s.Name, org), Data: map[string]any{"organisation": org, "service": s.Name}}, nil
	}
	n := len(ix.byOrg[key(org)])
	if n > 0 && !req.Args.Bool("confirm") {
		cmd := fmt.Sprintf("directory remove %s --confirm", bot.Quote(org))
		return bot.Reply{
			Text:      fmt.Sprintf("%s has %d %s (%s). Remove the organisation and all of them? `%s`", org, n, plural(n, "service", "services"), strings.TrimPrefix(d.services(org), "its services: "), cmd),
			Ephemeral: true,
			Choices:   []bot.Choice{{Label: "Remove " + org, Command: cmd, Style: "danger"}},
			Data:      map[string]any{"organisation": org, "services": n, "removed": false},
		}, nil
	}
	err = d.update(func(tx *storage.Tx) error {
		var keys []string
		if err := storage.Each(tx, ServiceBucket, key(org)+"/", func(k string, s *Service) error { keys = append(keys, k); return nil }); err != nil {
			return err
		}
		for _, k := range keys {
			if err := storage.Delete(tx, ServiceBucket, k); err != nil {
				return err
			}
		}
		return storage.Delete(tx, OrgBucket, key(org))
	})
	if err != nil {
		return bot.Reply{}, err
	}
	d.env.Log.Info("directory remove organisation", "organisation", org, "services", n, "by", by)
	return bot.Reply{Text: fmt.Sprintf("Removed *%s* and its %d %s.", org, n, plural(n, "service", "services")), Data: map[string]any{"organisation": org, "services": n, "removed": true}}, nil
}

func levenshteinAtMost(a, b string, n int) bool {
	if abs(len(a)-len(b)) > n {
		return false
	}
	return levenshteinDistance(a, b) <= n
}

func isNotCSV(err error) bool { return errors.Is(err, ErrNotDirectoryCSV) }
