package directory

import (
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Privacy (UK GDPR). The directory's services are organisations' public
// information, not personal data. What it holds about a person is who last
// changed a service: UpdatedBy is the id of the admin who added or edited
// it, or imported it from `directory import` ("import" and "demo" mark the
// command-line import and the demo data). Organisations record no one.
//
// Forget, in one transaction, idempotently: the services stay as they are,
// with UpdatedBy cleared where it names the person (the time of the change
// is kept).

// PrivacyName is "directory".
func (d *Directory) PrivacyName() string { return "directory" }

// ExportedChange is a service a person last added or changed.
type ExportedChange struct {
	Organisation string `json:"organisation"`
	Service      string `json:"service"`
	Updated      string `json:"updated"`
}

// PersonalData lists the services person last added or changed.
func (d *Directory) PersonalData(person bot.ID) (any, error) {
	out := []ExportedChange{}
	if person == "" {
		return out, nil
	}
	err := d.env.DB.View(func(tx *storage.Tx) error {
		return storage.Each(tx, ServiceBucket, "", func(_ string, s *Service) error {
			if s.UpdatedBy == string(person) {
				out = append(out, ExportedChange{Organisation: s.Organisation, Service: s.Name, Updated: s.Updated.UTC().Format(time.RFC3339)})
			}
			return nil
		})
	})
	return out, err
}

// Forget clears person from the services they last changed, in one
// transaction, and rebuilds the index.
func (d *Directory) Forget(person bot.ID) error {
	if person == "" {
		return nil
	}
	return d.update(func(tx *storage.Tx) error {
		type hit struct {
			key string
			s   Service
		}
		var hits []hit // collected first: Each must not see its bucket change
		if err := storage.Each(tx, ServiceBucket, "", func(k string, s *Service) error {
			if s.UpdatedBy == string(person) {
				hits = append(hits, hit{k, *s})
			}
			return nil
		}); err != nil {
			return err
		}
		for _, h := range hits {
			h.s.UpdatedBy = ""
			if err := storage.Put(tx, ServiceBucket, h.key, &h.s); err != nil {
				return err
			}
		}
		return nil
	})
}
