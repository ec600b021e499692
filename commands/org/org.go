// Package org records which member organisation each person belongs to, for
// one-vote-per-organisation polls and for `whoami`. The organisations are the
// directory's; this package only keeps memberships.
package org

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// MembersBucket maps a user id to the membership JSON.
const MembersBucket = "org_members"

func init() { storage.Declare(MembersBucket) }

// Names is what the org package needs from the directory: the member
// organisations' names, and matching a typed name to one of them the way the
// directory matches names.
type Names interface {
	Organisations() []string
	MatchOrganisation(name string) (string, bool)
}

// A Membership is one person's organisation.
type Membership struct {
	Org     string    `json:"org"`
	AddedBy bot.ID    `json:"added_by,omitempty"`
	At      time.Time `json:"at"`
}

// Org keeps memberships. It caches them in memory (they are few and read on
// every per-organisation vote); the bbolt bucket is the truth.
type Org struct {
	env   *bot.Env
	names Names

	mu      sync.RWMutex
	members map[bot.ID]string // person -> organisation
}

// New loads the memberships from env.DB.
func New(env *bot.Env, names Names) (*Org, error) {
	if env == nil || env.DB == nil {
		return nil, fmt.Errorf("org: an environment with a database is needed")
	}
	if names == nil {
		return nil, fmt.Errorf("org: a directory of organisation names is needed")
	}
	o := &Org{env: env, names: names, members: map[bot.ID]string{}}
	err := env.DB.View(func(tx *storage.Tx) error {
		return storage.Each(tx, MembersBucket, "", func(k string, m *Membership) error {
			o.members[bot.ID(k)] = m.Org
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("org: loading memberships: %w", err)
	}
	return o, nil
}

// OrgOf returns the organisation person belongs to.
func (o *Org) OrgOf(person bot.ID) (string, bool) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	org, ok := o.members[person]
	return org, ok
}

// Members returns the people in org (as canonically named), sorted.
func (o *Org) Members(org string) []bot.ID {
	if canon, ok := o.names.MatchOrganisation(org); ok {
		org = canon
	}
	o.mu.RLock()
	defer o.mu.RUnlock()
	var out []bot.ID
	for id, g := range o.members {
		if g == org {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// People returns everyone who belongs to an organisation, sorted.
func (o *Org) People() []bot.ID {
	o.mu.RLock()
	defer o.mu.RUnlock()
	out := make([]bot.ID, 0, len(o.members))
	for id := range o.members {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Count returns how many people belong to an organisation, and how many
// organisations have at least one member.
func (o *Org) Count() (people, orgs int) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	seen := map[string]bool{}
	for _, g := range o.members {
		seen[g] = true
	}
	return len(o.members), len(seen)
}

// Organisations returns the member organisations (the directory's), sorted.
// If the directory is empty it falls back to the organisations that have
// members.
func (o *Org) Organisations() []string {
	list := append([]string(nil), o.names.Organisations()...)
	if len(list) == 0 {
		o.mu.RLock()
		seen := map[string]bool{}
		for _, g := range o.members {
			if !seen[g] {
				seen[g] = true
				list = append(list, g)
			}
		}
		o.mu.RUnlock()
	}
	sort.Slice(list, func(i, j int) bool { return strings.ToLower(list[i]) < strings.ToLower(list[j]) })
	return list
}

// Match returns the directory's name for a typed organisation name.
func (o *Org) Match(name string) (string, bool) { return o.names.MatchOrganisation(name) }

// Add puts person in org, moving them out of any other. It returns the
// organisation they were in before ("" if none).
func (o *Org) Add(ctx context.Context, person bot.ID, org string, by bot.ID) (previous string, err error) {
	err = o.env.DB.Update(func(tx *storage.Tx) error {
		var old Membership
		if ok, err := storage.Get(tx, MembersBucket, string(person), &old); err != nil {
			return err
		} else if ok {
			previous = old.Org
		}
		return storage.Put(tx, MembersBucket, string(person), Membership{Org: org, AddedBy: by, At: o.env.Now().UTC()})
	})
	if err != nil {
		return "", err
	}
	o.mu.Lock()
	o.members[person] = org
	o.mu.Unlock()
	return previous, nil
}

// Remove takes person out of their organisation. It reports whether they were
// in one.
func (o *Org) Remove(ctx context.Context, person bot.ID) (was string, err error) {
	err = o.env.DB.Update(func(tx *storage.Tx) error {
		var old Membership
		ok, err := storage.Get(tx, MembersBucket, string(person), &old)
		if err != nil || !ok {
			return err
		}
		was = old.Org
		return storage.Delete(tx, MembersBucket, string(person))
	})
	if err != nil {
		return "", err
	}
	o.mu.Lock()
	delete(o.members, person)
	o.mu.Unlock()
	return was, nil
}
