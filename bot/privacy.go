package bot

// Privacy is implemented by every capability that holds personal data, so
// that `partnerbot privacy export USER` can show everything held about a
// person and `privacy forget USER` can remove it (UK GDPR).
type Privacy interface {
	// PrivacyName names the capability in an export ("polls", "reminders").
	PrivacyName() string
	// PersonalData returns what is held about person, JSON-encodable.
	PersonalData(person ID) (any, error)
	// Forget removes person's personal data. Anonymous ballots stay counted;
	// a named vote in a closed poll becomes "a former member".
	Forget(person ID) error
}

// PrivacyName is "people".
func (p *People) PrivacyName() string { return "people" }

// PersonalData is the display name held for person.
func (p *People) PersonalData(person ID) (any, error) {
	return map[string]string{"id": string(person), "display_name": p.Name(person)}, nil
}

// PrivacyName is "linked_identities".
func (l *Links) PrivacyName() string { return "linked_identities" }

// PersonalData lists the identities linked to person.
func (l *Links) PersonalData(person ID) (any, error) {
	ids := l.Identities(l.Resolve(person))
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out, nil
}

// Forget unlinks person from the others.
func (l *Links) Forget(person ID) error {
	l.mu.RLock()
	_, linked := l.cache[person]
	var followers []ID
	for id, p := range l.cache {
		if p == person {
			followers = append(followers, id)
		}
	}
	l.mu.RUnlock()
	if linked {
		if err := l.Unlink(person); err != nil {
			return err
		}
	}
	for _, f := range followers {
		if err := l.Unlink(f); err != nil {
			return err
		}
	}
	return nil
}
