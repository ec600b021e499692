package slack

import (
	"context"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"

	"partnerbot/bot"
)

// userID is a Slack user's partnerbot id: slack:TEAM:USER.
func userID(team, user string) bot.ID { return bot.ID("slack:" + team + ":" + user) }

// channelID is a Slack channel's partnerbot id: slack:TEAM:CHANNEL.
func channelID(team, ch string) bot.ID { return bot.ID("slack:" + team + ":" + ch) }

// nameLookupTimeout bounds a users.info call made while a person waits.
const nameLookupTimeout = time.Second

// names caches display names looked up with users.info, in memory and in
// People (so results can name voters).
type names struct {
	a  *Adapter
	mu sync.Mutex
	m  map[bot.ID]string
}

func newNames(a *Adapter) *names { return &names{a: a, m: map[bot.ID]string{}} }

// lookup returns the display name of id, asking Slack the first time; hint
// (the user_name Slack sent) is used when the lookup fails.
func (n *names) lookup(ctx context.Context, id bot.ID, hint string) string {
	n.mu.Lock()
	name, ok := n.m[id]
	n.mu.Unlock()
	if ok {
		return name
	}
	ctx, cancel := context.WithTimeout(ctx, nameLookupTimeout)
	defer cancel()
	var u *slackapi.User
	err := n.a.retry(ctx, func() error {
		var err error
		u, err = n.a.api.GetUserInfoContext(ctx, id.Local())
		return err
	})
	if err != nil {
		n.a.log.Debug("users.info failed", "user", string(id), "err", err)
		return hint // not cached: try again next time
	}
	name = u.Profile.DisplayName
	if name == "" {
		name = u.RealName
	}
	if name == "" {
		name = u.Profile.RealName
	}
	if name == "" {
		name = u.Name
	}
	if name == "" {
		name = hint
	}
	n.mu.Lock()
	n.m[id] = name
	n.mu.Unlock()
	if p := n.a.opts.People; p != nil && name != "" {
		if err := p.Remember(id, name); err != nil {
			n.a.log.Warn("remembering a display name failed", "user", string(id), "err", err)
		}
	}
	return name
}

// adminGroups knows the members of the Slack user groups whose members are
// admins (slack.admin_groups: user group ids such as S0123ABCD), cached for
// AdminGroupTTL by the adapter's clock.
type adminGroups struct {
	a       *Adapter
	groups  []string
	mu      sync.Mutex
	members map[string]bool
	fetched time.Time
}

func newAdminGroups(a *Adapter, groups []string) *adminGroups {
	return &adminGroups{a: a, groups: groups}
}

// isAdmin reports whether the Slack user is in an admin group. A failed
// lookup keeps the last known members (or none) and is logged.
func (g *adminGroups) isAdmin(ctx context.Context, user string) bool {
	if len(g.groups) == 0 || user == "" {
		return false
	}
	now := g.a.now()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.members == nil || now.Sub(g.fetched) >= AdminGroupTTL || now.Before(g.fetched) {
		members := map[string]bool{}
		ok := true
		for _, grp := range g.groups {
			var users []string
			err := g.a.retry(ctx, func() error {
				var err error
				users, err = g.a.api.GetUserGroupMembersContext(ctx, grp)
				return err
			})
			if err != nil {
				g.a.log.Warn("usergroups.users.list failed", "group", grp, "err", err)
				ok = false
				break
			}
			for _, u := range users {
				members[u] = true
			}
		}
		if ok {
			g.members, g.fetched = members, now
		} else if g.members == nil {
			g.members = map[string]bool{}
			g.fetched = now.Add(-AdminGroupTTL + time.Minute) // retry in a minute
		}
	}
	return g.members[user]
}

// identify fills in the request's display name and admin flag.
func (a *Adapter) identify(ctx context.Context, req *bot.Request, hint string) {
	req.UserName = a.names.lookup(ctx, req.User, hint)
	if a.admins.isAdmin(ctx, req.User.Local()) {
		req.Admin = true
	}
}
