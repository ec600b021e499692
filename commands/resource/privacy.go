package resource

import (
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Privacy (UK GDPR). Held about a person: the resources they shared, with
// their id (By) and display name (ByName). The link index holds only links
// and resource numbers.
//
// Forget, in one transaction, idempotently: the resources they shared stay
// in the library (they are the partnership's), with no id and no name;
// they are shown as shared by "a former member", and only admins can
// remove them. Cards already posted on Slack or Discord keep the name they
// were posted with until they are next updated.

// FormerMember names the sharer of a forgotten person's resource.
const FormerMember = "a former member"

// PrivacyName is "resources".
func (l *Library) PrivacyName() string { return "resources" }

// ExportedResource is a shared resource in a privacy export.
type ExportedResource struct {
	ID          uint64   `json:"id"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Description string   `json:"description,omitempty"`
	Themes      []string `json:"themes"`
	Room        string   `json:"room,omitempty"`
	SharedAt    string   `json:"shared_at"`
	SharedAs    string   `json:"shared_as,omitempty"`
}

func sharedBy(r *Resource, person bot.ID) bool { return person != "" && r.By == person }

// PersonalData lists the resources person shared.
func (l *Library) PersonalData(person bot.ID) (any, error) {
	out := []ExportedResource{}
	err := l.env.DB.View(func(tx *storage.Tx) error {
		return storage.Each(tx, Bucket, "", func(_ string, r *Resource) error {
			if !sharedBy(r, person) {
				return nil
			}
			themes := r.Themes
			if themes == nil {
				themes = []string{}
			}
			out = append(out, ExportedResource{ID: r.ID, Title: r.Title, URL: r.URL, Description: r.Description,
				Themes: themes, Room: r.Room, SharedAt: r.At.UTC().Format(time.RFC3339), SharedAs: r.ByName})
			return nil
		})
	})
	return out, err
}

// Forget removes person's id and name from the resources they shared, in
// one transaction; the resources stay, shared by "a former member".
func (l *Library) Forget(person bot.ID) error {
	if person == "" {
		return nil
	}
	return l.env.DB.Update(func(tx *storage.Tx) error {
		var theirs []Resource
		if err := storage.Each(tx, Bucket, "", func(_ string, r *Resource) error {
			if sharedBy(r, person) {
				theirs = append(theirs, *r)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, r := range theirs {
			r.By, r.ByName = "", ""
			if err := storage.Put(tx, Bucket, idKey(r.ID), &r); err != nil {
				return err
			}
		}
		return nil
	})
}
