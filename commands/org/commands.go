package org

import (
	"context"
	"fmt"
	"strings"

	"partnerbot/bot"
)

// Commands returns `org` (list, members, add-member, remove-member) and
// `whoami`.
func (o *Org) Commands() []*bot.Command {
	orgArg := bot.Arg{Name: "org", Kind: bot.Text, Required: true, Help: "a member organisation, as the directory names it", Autocomplete: "org"}
	return safeCommands([]*bot.Command{
		{
			Name:     "org",
			Summary:  "member organisations and who belongs to them",
			Examples: []string{"org list", `org members "Sample Riverside Trust"`, `org add-member @sam "Sample Riverside Trust"`},
			Subs: []*bot.Command{
				{Name: "list", Summary: "the member organisations and how many people each has here", Examples: []string{"org list"}, Handle: o.list},
				{Name: "members", Summary: "who belongs to an organisation", Examples: []string{`org members "Sample Riverside Trust"`}, Args: []bot.Arg{orgArg}, Handle: o.membersCmd},
				{
					Name: "add-member", Summary: "put a person in an organisation (one each; adding again moves them)", Admin: true,
					Usage:    "org add-member USER ORG",
					Examples: []string{`org add-member @sam "Sample Riverside Trust"`},
					Args:     []bot.Arg{{Name: "user", Kind: bot.Word, Required: true, Help: "a mention (@sam), or on the console the name given to --as"}, orgArg},
					Handle:   o.addMember,
				},
				{
					Name: "remove-member", Summary: "take a person out of their organisation", Admin: true,
					Usage:    "org remove-member USER [ORG]",
					Examples: []string{`org remove-member @sam "Sample Riverside Trust"`},
					Args:     []bot.Arg{{Name: "user", Kind: bot.Word, Required: true, Help: "a mention (@sam), or on the console the name given to --as"}, {Name: "org", Kind: bot.Text, Help: "their organisation (checked if given)", Autocomplete: "org"}},
					Handle:   o.removeMember,
				},
			},
		},
		{
			Name:     "whoami",
			Summary:  "your id, your organisation and whether you are an admin",
			Examples: []string{"whoami"},
			Handle:   o.whoami,
		},
	})
}

// unquote strips the quotes a Text argument keeps.
func unquote(s string) string {
	return strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "\"“”„'"))
}

func (o *Org) matchOrg(typed, example string) (string, error) {
	name := unquote(typed)
	if name == "" {
		return "", bot.Refuse(example, "Which organisation? `org list` shows them.")
	}
	canon, ok := o.names.MatchOrganisation(name)
	if !ok {
		return "", bot.Refuse(example, "I don't know an organisation called %q. `org list` shows the member organisations.", name)
	}
	return canon, nil
}

func (o *Org) list(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	orgs := o.Organisations()
	if len(orgs) == 0 {
		return bot.Reply{Text: "There are no member organisations yet: they come from the directory (`directory import`).", Data: map[string]any{"orgs": []any{}}}, nil
	}
	counts := map[string]int{}
	o.mu.RLock()
	for _, g := range o.members {
		counts[g]++
	}
	o.mu.RUnlock()
	var b strings.Builder
	data := make([]map[string]any, 0, len(orgs))
	people := 0
	for _, g := range orgs {
		n := counts[g]
		people += n
		who := "nobody here yet"
		if n == 1 {
			who = "1 person"
		} else if n > 1 {
			who = fmt.Sprintf("%d people", n)
		}
		fmt.Fprintf(&b, "• %s — %s\n", g, who)
		data = append(data, map[string]any{"name": g, "members": n})
	}
	return bot.Reply{
		Title:   fmt.Sprintf("Member organisations (%d)", len(orgs)),
		Text:    strings.TrimRight(b.String(), "\n"),
		Context: []string{fmt.Sprintf("%d people belong to an organisation. Admins add them with `org add-member USER ORG`.", people)},
		Data:    map[string]any{"orgs": data},
	}, nil
}

func (o *Org) membersCmd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	org, err := o.matchOrg(req.Args.String("org"), `org members "Sample Riverside Trust"`)
	if err != nil {
		return bot.Reply{}, err
	}
	ids := o.Members(org)
	strs := make([]string, len(ids))
	for i, id := range ids {
		strs[i] = string(id)
	}
	data := map[string]any{"org": org, "members": strs}
	if len(ids) == 0 {
		return bot.Reply{Text: fmt.Sprintf("Nobody from %s is here yet. An admin can add them with `org add-member USER %s`.", org, bot.Quote(org)), Data: data}, nil
	}
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "• %s\n", o.env.People.Label(id))
	}
	return bot.Reply{Title: fmt.Sprintf("%s (%d)", org, len(ids)), Text: strings.TrimRight(b.String(), "\n"), Data: data}, nil
}

func (o *Org) addMember(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	user, err := ResolveUser(req.User, req.Args.String("user"))
	if err != nil {
		return bot.Reply{}, err
	}
	example := fmt.Sprintf("org add-member %s \"Sample Riverside Trust\"", req.Args.String("user"))
	org, err := o.matchOrg(req.Args.String("org"), example)
	if err != nil {
		return bot.Reply{}, err
	}
	prev, err := o.Add(ctx, user, org, req.Person)
	if err != nil {
		return bot.Reply{}, err
	}
	name := o.env.People.Label(user)
	data := map[string]any{"user": string(user), "org": org, "previous": prev}
	switch prev {
	case "":
		return withData(bot.Say("%s is now a member of %s.", name, org), data), nil
	case org:
		return withData(bot.Say("%s was already a member of %s.", name, org), data), nil
	default:
		return withData(bot.Say("%s has moved from %s to %s (one organisation each).", name, prev, org), data), nil
	}
}

func (o *Org) removeMember(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	user, err := ResolveUser(req.User, req.Args.String("user"))
	if err != nil {
		return bot.Reply{}, err
	}
	cur, ok := o.OrgOf(user)
	name := o.env.People.Label(user)
	if req.Args.Has("org") {
		org, err := o.matchOrg(req.Args.String("org"), fmt.Sprintf("org remove-member %s", req.Args.String("user")))
		if err != nil {
			return bot.Reply{}, err
		}
		if !ok || cur != org {
			if !ok {
				return bot.Reply{}, bot.Errorf("%s isn't a member of %s (or of any organisation).", name, org)
			}
			return bot.Reply{}, bot.Errorf("%s isn't a member of %s: they belong to %s.", name, org, cur)
		}
	}
	if !ok {
		return bot.Reply{}, bot.Errorf("%s isn't a member of any organisation.", name)
	}
	if _, err := o.Remove(ctx, user); err != nil {
		return bot.Reply{}, err
	}
	return withData(bot.Say("%s is no longer a member of %s.", name, cur), map[string]any{"user": string(user), "org": cur}), nil
}

func (o *Org) whoami(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	person := req.Person
	if person == "" {
		person = req.User
	}
	if req.UserName != "" {
		_ = o.env.People.Remember(req.User, req.UserName)
	}
	org, ok := o.OrgOf(person)
	if !ok && person != req.User {
		org, ok = o.OrgOf(req.User)
	}
	role := "member"
	if req.Admin {
		role = "admin (Steering Group)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "You are *%s* — `%s`", o.env.People.Name(req.User), req.User)
	if person != req.User {
		fmt.Fprintf(&b, ", linked to `%s`", person)
	}
	b.WriteString(".\n")
	if ok {
		fmt.Fprintf(&b, "Organisation: %s\n", org)
	} else {
		b.WriteString("Organisation: none yet (an admin can add you with `org add-member`)\n")
	}
	fmt.Fprintf(&b, "Role: %s", role)
	return bot.Reply{Text: b.String(), Ephemeral: true, Data: map[string]any{
		"user": string(req.User), "person": string(person), "org": org, "admin": req.Admin,
	}}, nil
}

func withData(r bot.Reply, data map[string]any) bot.Reply {
	r.Data = data
	return r
}
