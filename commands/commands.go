// Package commands assembles partnerbot: it builds every capability on one
// environment, registers their commands with a router and their jobs with a
// scheduler, and collects their HTTP routes. The binary, the adapters' end
// to end tests and the benchmarks all start from Build.
package commands

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"partnerbot/bot"
	"partnerbot/commands/directory"
	"partnerbot/commands/meeting"
	"partnerbot/commands/org"
	"partnerbot/commands/poll"
	"partnerbot/commands/remind"
	"partnerbot/commands/resource"
	"partnerbot/commands/room"
	"partnerbot/commands/web"
	"partnerbot/storage"
)

// App is an assembled bot.
type App struct {
	Env       *bot.Env
	Router    *bot.Router
	Scheduler *bot.Scheduler
	Hub       *bot.Hub
	Links     *bot.Links
	// Directory is the partner directory (the CLI imports and exports it).
	Directory *directory.Directory
	// suggest gives autocomplete values by kind.
	suggest map[string]func() []string
	// Privacy are the capabilities that hold personal data.
	Privacy []bot.Privacy
	// Routes are the HTTP paths capabilities serve (the calendar, the map).
	Routes map[string]http.Handler
}

// Build assembles the bot on db with cfg and clock.
func Build(cfg *bot.Config, db *storage.DB, clock bot.Clock, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.Default()
	}
	rooms, err := cfg.BuildRooms()
	if err != nil {
		return nil, err
	}
	hub := bot.NewHub(db, rooms, log)
	env := &bot.Env{
		DB:     db,
		Clock:  clock,
		Loc:    cfg.Location(),
		Pub:    hub,
		Rooms:  rooms,
		People: bot.NewPeople(db),
		Log:    log,
		Config: cfg,
	}
	r := bot.NewRouter()
	r.Clock = clock
	r.Rooms = rooms
	r.Log = log
	r.Admins = cfg.AdminSet()
	r.Fallback = "who"
	links, err := bot.NewLinks(db)
	if err != nil {
		return nil, err
	}
	r.Identities = links
	links.Log = log
	hub.Clock = clock
	app := &App{Env: env, Router: r, Scheduler: bot.NewScheduler(clock, log), Hub: hub, Links: links, Routes: map[string]http.Handler{}, suggest: map[string]func() []string{}}
	app.Scheduler.Add(hub.RetryJob())
	app.Privacy = append(app.Privacy, env.People, links)
	if err := app.build(); err != nil {
		return nil, err
	}
	r.Register(r.HelpCommand())
	return app, nil
}

// add registers a capability's commands, jobs and routes.
func (a *App) add(c bot.Capability) error {
	a.Router.Register(c.Commands()...)
	if p, ok := c.(bot.Privacy); ok {
		a.Privacy = append(a.Privacy, p)
	}
	if rk, ok := c.(bot.Rekeyer); ok {
		a.Links.AddRekeyer(rk) // linking accounts merges what they hold here
	}
	if j, ok := c.(bot.WithJobs); ok {
		a.Scheduler.Add(j.Jobs()...)
	}
	if h, ok := c.(interface {
		Routes() map[string]http.Handler
	}); ok {
		for path, handler := range h.Routes() {
			if _, dup := a.Routes[path]; dup {
				return fmt.Errorf("two capabilities serve %s", path)
			}
			a.Routes[path] = handler
		}
	}
	return nil
}

// build creates every capability.
func (a *App) build() error {
	dir, err := directory.New(a.Env)
	if err != nil {
		return fmt.Errorf("directory: %w", err)
	}
	a.Directory = dir
	orgs, err := org.New(a.Env, dir)
	if err != nil {
		return fmt.Errorf("organisations: %w", err)
	}
	polls, err := poll.New(a.Env, orgs)
	if err != nil {
		return fmt.Errorf("polls: %w", err)
	}
	meetings, err := meeting.New(a.Env, orgs.OrgOf)
	if err != nil {
		return fmt.Errorf("meetings: %w", err)
	}
	reminders, err := remind.New(a.Env)
	if err != nil {
		return fmt.Errorf("reminders: %w", err)
	}
	library, err := resource.New(a.Env, dir)
	if err != nil {
		return fmt.Errorf("resources: %w", err)
	}
	rooms := room.New(a.Env, a.Hub, a.Links)
	pages := web.New(a.Env, dir)
	for _, c := range []bot.Capability{dir, polls, meetings, reminders, library, orgs, rooms, pages} {
		if err := a.add(c); err != nil {
			return err
		}
	}
	// whoami link: join a person's accounts across platforms.
	if who := a.Router.Command("whoami"); who != nil {
		who.Subs = append(who.Subs, rooms.LinkCommands()...)
	}
	a.suggest["theme"] = dir.ThemeNames
	a.suggest["area"] = dir.AreaNames
	a.suggest["org"] = orgs.Organisations
	return nil
}

// SeedDemo loads the demo directory into a new database.
func (a *App) SeedDemo() error {
	if err := a.Directory.SeedDemo(); err != nil {
		return err
	}
	return a.Env.DB.MarkSeeded()
}

// ImportDirectory loads directory CSV and returns the report to print.
func (a *App) ImportDirectory(r io.Reader) (string, error) {
	rep, err := a.Directory.Import(r)
	if err != nil {
		return "", err
	}
	return rep.String(), nil
}

// ExportDirectory writes the directory as CSV.
func (a *App) ExportDirectory(w io.Writer) error {
	return a.Directory.Export(w)
}

// PersonalData gathers everything held about user, by capability.
func (a *App) PersonalData(user bot.ID) (map[string]any, error) {
	person := a.Links.Resolve(user)
	out := map[string]any{"user": string(user), "person": string(person)}
	for _, p := range a.Privacy {
		d, err := p.PersonalData(person)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.PrivacyName(), err)
		}
		out[p.PrivacyName()] = d
	}
	return out, nil
}

// Forget removes user's personal data from every capability.
func (a *App) Forget(user bot.ID) error {
	person := a.Links.Resolve(user)
	for _, p := range a.Privacy {
		if err := p.Forget(person); err != nil {
			return fmt.Errorf("%s: %w", p.PrivacyName(), err)
		}
		if person != user {
			if err := p.Forget(user); err != nil {
				return fmt.Errorf("%s: %w", p.PrivacyName(), err)
			}
		}
	}
	return nil
}

// Autocomplete suggests values for Discord's autocomplete: kind is "theme",
// "area", "poll", "event", "room" or "org".
func (a *App) Autocomplete(kind, prefix string) []string {
	var all []string
	switch kind {
	case "room":
		all = a.Env.Rooms.Names()
	default:
		if src, ok := a.suggest[kind]; ok {
			all = src()
		}
	}
	prefix = strings.ToLower(prefix)
	var out []string
	for _, s := range all {
		if strings.Contains(strings.ToLower(s), prefix) {
			out = append(out, s)
			if len(out) == 25 {
				break
			}
		}
	}
	return out
}
