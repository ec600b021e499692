package poll

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"

	"partnerbot/bot"
)

// Anonymity.
//
// An anonymous poll stores no user id at all: not on its ballots, not as its
// creator, not in its electorate, and its ballots carry no time. Each ballot
// is filed under a keyed hash of who cast it (the person, or "org:NAME" for
// --per-org), HMAC-SHA256 with a random 32-byte secret made for that poll, so
// the same voter finds and replaces their own ballot when they vote again.
// The creator and the electorate (people or organisations) are kept as hashes under the same secret
// with different prefixes, so they can't be matched to ballots.
//
// While the poll is open the secret is in the database (the bot needs it to
// let people change their vote after a restart), so someone who reads the raw
// database file of a running bot could hash every known id and match ballots.
// No command ever does so or shows it. When the poll closes the secret is
// wiped in the same transaction that closes it; from then on the hashes are
// keyed by a secret nobody has, and the poll can't be de-anonymised by
// anyone, admins and database readers included.

// newSecret makes a poll's secret.
func newSecret() ([]byte, error) {
	b := make([]byte, 32)
	_, err := rand.Read(b)
	return b, err
}

// keyed hashes what under the poll's secret with a purpose prefix.
func keyed(secret []byte, purpose, what string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write([]byte(what))
	return hex.EncodeToString(m.Sum(nil))
}

// voterKey is the key a voter's (or their organisation's) ballot is filed
// under.
func (p *Poll) voterKey(who string) string {
	if p.Anonymous {
		return keyed(p.Secret, "ballot", who)
	}
	return who
}

// electorKey is how a person is named in the frozen electorate.
func (p *Poll) electorKey(person bot.ID) string {
	if p.Anonymous {
		return keyed(p.Secret, "elector", string(person))
	}
	return string(person)
}

// orgElectorKey is how an organisation is named in a --per-org poll's
// frozen electorate.
func (p *Poll) orgElectorKey(org string) string {
	if p.Anonymous {
		return keyed(p.Secret, "elector", orgWho(org))
	}
	return org
}

// orgElector reports whether org was in the electorate frozen at opening.
func (p *Poll) orgElector(org string) bool {
	k := p.orgElectorKey(org)
	for _, e := range p.Electors {
		if e == k {
			return true
		}
	}
	return false
}

// isCreator reports whether person created the poll.
func (p *Poll) isCreator(person bot.ID) bool {
	if p.Anonymous {
		return p.Secret != nil && hmac.Equal([]byte(p.CreatorKey), []byte(keyed(p.Secret, "creator", string(person))))
	}
	return p.Creator == person
}

// orgWho is the "who" of an organisation's ballot.
func orgWho(org string) string { return "org:" + org }
