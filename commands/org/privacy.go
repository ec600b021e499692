package org

import (
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Privacy (UK GDPR). Held about a person: their membership (organisation,
// who added them, when), and as an admin, the memberships they recorded
// (Membership.AddedBy). Forget removes their membership and clears their id
// from the memberships they recorded (those people stay members); one
// transaction, safe to run again.

// PrivacyName is "organisations".
func (o *Org) PrivacyName() string { return "organisations" }

// OrgExport is what `privacy export` shows for organisations.
type OrgExport struct {
	// Membership is their organisation, if any.
	Membership *ExportedMembership `json:"membership"`
	// Added counts the memberships of others they recorded as an admin.
	Added int `json:"memberships_recorded"`
}

// ExportedMembership is a membership in an export.
type ExportedMembership struct {
	Org     string `json:"organisation"`
	AddedBy string `json:"added_by,omitempty"`
	At      string `json:"since"`
}

// PersonalData returns person's membership and how many they recorded.
func (o *Org) PersonalData(person bot.ID) (any, error) {
	var out OrgExport
	if person == "" {
		return out, nil
	}
	err := o.env.DB.View(func(tx *storage.Tx) error {
		return storage.Each(tx, MembersBucket, "", func(k string, m *Membership) error {
			if bot.ID(k) == person {
				out.Membership = &ExportedMembership{Org: m.Org, AddedBy: string(m.AddedBy), At: m.At.UTC().Format(time.RFC3339)}
			} else if m.AddedBy == person {
				out.Added++
			}
			return nil
		})
	})
	return out, err
}

// Forget removes person's membership and their id from the memberships they
// recorded.
func (o *Org) Forget(person bot.ID) error {
	if person == "" {
		return nil
	}
	removed := false
	err := o.env.DB.Update(func(tx *storage.Tx) error {
		removed = false
		type entry struct {
			k string
			m Membership
		}
		var recorded []entry
		err := storage.Each(tx, MembersBucket, "", func(k string, m *Membership) error {
			if bot.ID(k) == person {
				removed = true
			} else if m.AddedBy == person {
				recorded = append(recorded, entry{k, *m})
			}
			return nil
		})
		if err != nil {
			return err
		}
		if removed {
			if err := storage.Delete(tx, MembersBucket, string(person)); err != nil {
				return err
			}
		}
		for _, e := range recorded {
			e.m.AddedBy = ""
			if err := storage.Put(tx, MembersBucket, e.k, e.m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if removed {
		o.mu.Lock()
		delete(o.members, person)
		o.mu.Unlock()
	}
	return nil
}
