package bot

import (
	"fmt"
	"log/slog"
	"time"
)

// Rekeyer is implemented by capabilities that keep data under a person's id,
// so that linking two accounts merges it.
//
// Linking (`whoami link`) only changes how later requests resolve: the
// redeeming account's requests carry the person's id from then on. Ballots,
// RSVPs and memberships that either account gave before the link are filed
// under its own id, so without a merge the person would count twice. Rekey
// moves what is filed under from to to: where both have something, it keeps
// one (the newer, unless the capability says otherwise). It must be one
// transaction per capability and idempotent (a second call changes nothing),
// and it updates any posted copies whose count changed.
type Rekeyer interface {
	Rekey(from, to ID, now time.Time) error
}

// AddRekeyer registers r to be called after every successful Redeem, for the
// redeeming account and every account that was following it.
func (l *Links) AddRekeyer(r Rekeyer) {
	if r == nil {
		return
	}
	l.mu.Lock()
	l.rekeyers = append(l.rekeyers, r)
	l.mu.Unlock()
}

// rekey merges the data of each account in froms into person. The link is
// already committed when this runs, so a capability that fails is logged
// rather than undoing it (its Rekey is idempotent and may be run again); the
// others still run.
func (l *Links) rekey(froms []ID, person ID, now time.Time) {
	l.mu.RLock()
	rs := append([]Rekeyer(nil), l.rekeyers...)
	l.mu.RUnlock()
	log := l.Log
	if log == nil {
		log = slog.Default()
	}
	for _, from := range froms {
		if from == "" || from == person {
			continue
		}
		for _, r := range rs {
			if err := r.Rekey(from, person, now); err != nil {
				log.Error("merging a linked account's data failed", "from", string(from), "to", string(person), "capability", fmt.Sprintf("%T", r), "err", err)
			}
		}
	}
}
