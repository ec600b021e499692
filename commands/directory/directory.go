// Package directory is the partner directory: who provides what, where.
// Organisations offer services; each service covers themes (a small taxonomy
// with synonyms) and serves areas (the wards of Stevenage, places just
// outside, or the whole town). People ask in plain words ("who supports
// older people in Bedwell?") and the matcher finds the themes and the area
// with no language model: a curated vocabulary and careful matching. The
// provision map shows, for each area and theme, local services, town-wide
// cover only, or a gap. Admins keep the directory with commands or CSV.
//
// The directory lives in bbolt (buckets directory_orgs and
// directory_services) and is held in memory as an index rebuilt at start and
// after every change, so questions never touch the disk.
package directory

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/agnivade/levenshtein"

	"partnerbot/bot"
	"partnerbot/storage"
)

// PageSize is how many services one answer shows.
const PageSize = 5

// Directory is the partner directory.
type Directory struct {
	env *bot.Env
	m   *matcher
	ix  atomic.Pointer[index]
	// mu serialises writes, so the index rebuilt after one is never
	// replaced by an older one.
	mu sync.Mutex
}

// New builds the directory on env: the vocabulary from env.Config.Directory
// (the built-in one, a file in its place, extra synonyms and aliases) and
// the index from env.DB.
func New(env *bot.Env) (*Directory, error) {
	if env == nil || env.DB == nil {
		return nil, fmt.Errorf("directory: an environment with a database is needed")
	}
	var cfg bot.DirectoryConfig
	if env.Config != nil {
		cfg = env.Config.Directory
	}
	v, err := LoadVocabulary(cfg)
	if err != nil {
		return nil, err
	}
	m, err := compile(v)
	if err != nil {
		return nil, err
	}
	d := &Directory{env: env, m: m}
	ix, err := load(env.DB, d.m)
	if err != nil {
		return nil, err
	}
	d.ix.Store(ix)
	return d, nil
}

func (d *Directory) index() *index { return d.ix.Load() }

// update runs fn in a write transaction and rebuilds the index after it
// commits.
func (d *Directory) update(fn func(tx *storage.Tx) error) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.env.DB.Update(fn); err != nil {
		return err
	}
	ix, err := load(d.env.DB, d.m)
	if err != nil {
		return err
	}
	d.ix.Store(ix)
	return nil
}

// Vocabulary returns the vocabulary in use.
func (d *Directory) Vocabulary() *Vocabulary { return d.m.v }

// Organisations returns the organisations' names, sorted.
func (d *Directory) Organisations() []string {
	ix := d.index()
	out := make([]string, len(ix.orgs))
	for i, o := range ix.orgs {
		out[i] = o.Name
	}
	return out
}

// MatchOrganisation finds the organisation a typed name means: ignoring
// case and punctuation, forgiving a small typo (one edit, two for long
// names), or naming one word-run of exactly one organisation
// ("riverside" → "Sample Riverside Trust").
func (d *Directory) MatchOrganisation(name string) (string, bool) {
	return matchOrg(d.index(), name)
}

func matchOrg(ix *index, name string) (string, bool) {
	k := key(name)
	if k == "" {
		return "", false
	}
	if o, ok := ix.orgByKey[k]; ok {
		return o.Name, true
	}
	max := 1
	if len(k) >= 12 {
		max = 2
	}
	best, bestD, ties := "", max+1, 0
	for _, o := range ix.orgs {
		ok := key(o.Name)
		if abs(len(ok)-len(k)) > max {
			continue
		}
		d := levenshtein.ComputeDistance(k, ok)
		switch {
		case d < bestD:
			best, bestD, ties = o.Name, d, 1
		case d == bestD:
			ties++
		}
	}
	if ties == 1 {
		return best, true
	}
	if len(k) < 3 {
		return "", false
	}
	var found []string
	for _, o := range ix.orgs {
		if strings.Contains(" "+key(o.Name)+" ", " "+k+" ") {
			found = append(found, o.Name)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}

// Themes returns the theme names found in free text, with synonyms, plurals
// and multi-word phrases, in vocabulary order. The resource library tags
// with it.
func (d *Directory) Themes(text string) []string {
	q := d.m.parse(text)
	ts := append([]string(nil), q.themes...)
	d.m.sortThemes(ts)
	return ts
}

// Theme returns the theme a name or synonym means ("foodbank" → "food").
func (d *Directory) Theme(name string) (string, bool) { return d.m.lookupTheme(name) }

// Area returns the area a name, alias or near miss means ("Pin Green" →
// "Almond Hill", "Bedwel" → "Bedwell", "Stevenage" → "Stevenage").
func (d *Directory) Area(name string) (string, bool) {
	if a, ok := d.m.lookupArea(name); ok {
		return a, true
	}
	a, _, ok := d.m.fuzzyArea(name)
	return a, ok
}

// ThemeNames returns every theme, in vocabulary order (parents before
// children as the vocabulary lists them).
func (d *Directory) ThemeNames() []string { return d.m.v.ThemeNames() }

// AreaNames returns the wards, the places just outside the borough, and
// "Stevenage" for the whole town: the names autocomplete offers.
func (d *Directory) AreaNames() []string { return append([]string(nil), d.m.areas...) }

// Services returns the active services of an organisation (all of them if
// org is ""), in the order they were added.
func (d *Directory) Services(org string) []Service {
	ix := d.index()
	var out []Service
	list := ix.all
	if org != "" {
		list = ix.byOrg[key(org)]
	}
	for _, s := range list {
		if s.Status != Inactive {
			out = append(out, *s)
		}
	}
	return out
}
