package org

import (
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Linking accounts (bot.Rekeyer). When `whoami link` joins the account from
// to the person to, the person's organisation carries over, in one
// transaction: from's membership moves to to if to has none; if to has one
// already, to's stays and from's is dropped (a person belongs to one member
// organisation). Memberships from recorded as an admin are recorded by to.
// Running it again changes nothing.

// Rekey merges from's membership into to.
func (o *Org) Rekey(from, to bot.ID, now time.Time) error {
	if from == "" || to == "" || from == to {
		return nil
	}
	var (
		moved  bool   // from had a membership
		result string // to's organisation afterwards
	)
	err := o.env.DB.Update(func(tx *storage.Tx) error {
		moved, result = false, ""
		var fromM, toM Membership
		hasFrom, err := storage.Get(tx, MembersBucket, string(from), &fromM)
		if err != nil {
			return err
		}
		hasTo, err := storage.Get(tx, MembersBucket, string(to), &toM)
		if err != nil {
			return err
		}
		// Memberships from recorded are now recorded by to.
		type entry struct {
			k string
			m Membership
		}
		var recorded []entry
		if err := storage.Each(tx, MembersBucket, "", func(k string, m *Membership) error {
			if m.AddedBy == from {
				recorded = append(recorded, entry{k, *m})
			}
			return nil
		}); err != nil {
			return err
		}
		for _, e := range recorded {
			if e.k == string(from) {
				fromM.AddedBy = to // from recorded their own: moved below
				continue
			}
			e.m.AddedBy = to
			if err := storage.Put(tx, MembersBucket, e.k, e.m); err != nil {
				return err
			}
		}
		if !hasFrom {
			return nil
		}
		moved = true
		if !hasTo {
			toM = fromM
			if err := storage.Put(tx, MembersBucket, string(to), toM); err != nil {
				return err
			}
		}
		result = toM.Org
		return storage.Delete(tx, MembersBucket, string(from))
	})
	if err != nil || !moved {
		return err
	}
	o.mu.Lock()
	delete(o.members, from)
	o.members[to] = result
	o.mu.Unlock()
	return nil
}
