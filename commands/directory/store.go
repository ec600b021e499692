package directory

import (
	"fmt"
	"sort"
	"time"

	"partnerbot/storage"
)

// Buckets the directory owns. Organisations are keyed by their normalised
// name; services by normalised organisation and service names joined by "/".
const (
	OrgBucket     = "directory_orgs"
	ServiceBucket = "directory_services"
)

func init() { storage.Declare(OrgBucket, ServiceBucket) }

// Service statuses.
const (
	Active   = "active"
	Inactive = "inactive"
)

// An Organisation is a member organisation (after Open Referral UK's
// organization). Its services carry the contact details.
type Organisation struct {
	Name  string    `json:"name"`
	Seq   uint64    `json:"seq"`
	Added time.Time `json:"added"`
}

// A Service is one thing an organisation offers (after Open Referral UK's
// service), with the themes it covers and the areas it serves.
type Service struct {
	Organisation string   `json:"organisation"`
	Name         string   `json:"service"`
	Description  string   `json:"description,omitempty"`
	Themes       []string `json:"themes"`
	Areas        []string `json:"areas"`
	Eligibility  string   `json:"eligibility,omitempty"`
	Email        string   `json:"email,omitempty"`
	Phone        string   `json:"phone,omitempty"`
	Website      string   `json:"website,omitempty"`
	Address      string   `json:"address,omitempty"`
	OpeningTimes string   `json:"opening_times,omitempty"`
	// Status is "active" or "inactive"; inactive services are kept but not
	// offered in answers, the map or exports.
	Status string `json:"status"`
	// Seq orders services as they were first added (the export order).
	Seq       uint64    `json:"seq"`
	Updated   time.Time `json:"updated"`
	UpdatedBy string    `json:"updated_by,omitempty"`
}

// Townwide reports whether the service serves the whole town.
func (s *Service) Townwide() bool { return s.serves(Town) }

func (s *Service) serves(area string) bool {
	for _, a := range s.Areas {
		if a == area {
			return true
		}
	}
	return false
}

func (s *Service) has(theme string) bool {
	for _, t := range s.Themes {
		if t == theme {
			return true
		}
	}
	return false
}

// sameContent reports whether two services say the same (ignoring
// bookkeeping).
func (s *Service) sameContent(o *Service) bool {
	return s.Organisation == o.Organisation && s.Name == o.Name && s.Description == o.Description &&
		eqStrings(s.Themes, o.Themes) && eqStrings(s.Areas, o.Areas) && s.Eligibility == o.Eligibility &&
		s.Email == o.Email && s.Phone == o.Phone && s.Website == o.Website && s.Address == o.Address &&
		s.OpeningTimes == o.OpeningTimes
}

func eqStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func serviceKey(org, service string) string { return key(org) + "/" + key(service) }

// index is the directory held in memory, rebuilt from bbolt at start and
// after every change. It is never modified once built.
type index struct {
	orgs     []*Organisation // by name
	orgByKey map[string]*Organisation
	all      []*Service // every service, by Seq
	byOrg    map[string][]*Service
	active   []*Service       // active services, ordered by organisation then service name
	byTheme  map[string][]int // theme -> positions in active
	// bits holds each active service's themes and areas as bit sets, so a
	// question is a scan of a small array.
	bits []serviceBits
	// byArea lists the positions in active of the services serving each
	// area (by the matcher's area number), in order.
	byArea map[int][]int32
}

// A bitset holds up to maxNames themes or areas.
type bitset [2]uint64

const maxNames = 128

func (b *bitset) set(i int)          { b[i>>6] |= 1 << (i & 63) }
func (b bitset) has(i int) bool      { return b[i>>6]&(1<<(i&63)) != 0 }
func (b bitset) meets(o bitset) bool { return b[0]&o[0] != 0 || b[1]&o[1] != 0 }
func (b *bitset) or(o bitset)        { b[0] |= o[0]; b[1] |= o[1] }

type serviceBits struct {
	themes, areas bitset
	// first is the service's first (main) theme, -1 if unknown.
	first int
}

func load(db *storage.DB, m *matcher) (*index, error) {
	ix := &index{orgByKey: map[string]*Organisation{}, byOrg: map[string][]*Service{}, byTheme: map[string][]int{}}
	err := db.View(func(tx *storage.Tx) error {
		if err := storage.Each(tx, OrgBucket, "", func(k string, o *Organisation) error {
			ix.orgs = append(ix.orgs, o)
			ix.orgByKey[k] = o
			return nil
		}); err != nil {
			return err
		}
		return storage.Each(tx, ServiceBucket, "", func(k string, s *Service) error {
			ix.all = append(ix.all, s)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("directory: loading: %w", err)
	}
	sort.Slice(ix.orgs, func(i, j int) bool { return lessName(ix.orgs[i].Name, ix.orgs[j].Name) })
	sort.Slice(ix.all, func(i, j int) bool { return ix.all[i].Seq < ix.all[j].Seq })
	for _, s := range ix.all {
		ix.byOrg[key(s.Organisation)] = append(ix.byOrg[key(s.Organisation)], s)
		if s.Status != Inactive {
			ix.active = append(ix.active, s)
		}
	}
	sort.SliceStable(ix.active, func(i, j int) bool {
		a, b := ix.active[i], ix.active[j]
		if key(a.Organisation) != key(b.Organisation) {
			return lessName(a.Organisation, b.Organisation)
		}
		return lessName(a.Name, b.Name)
	})
	ix.bits = make([]serviceBits, len(ix.active))
	ix.byArea = map[int][]int32{}
	for i, s := range ix.active {
		b := &ix.bits[i]
		b.first = -1
		for k, t := range s.Themes {
			ix.byTheme[t] = append(ix.byTheme[t], i)
			if n, ok := m.themeOrder[t]; ok {
				b.themes.set(n)
				if k == 0 {
					b.first = n
				}
			}
		}
		for _, a := range s.Areas {
			if n, ok := m.areaOrder[a]; ok {
				b.areas.set(n)
				ix.byArea[n] = append(ix.byArea[n], int32(i))
			}
		}
	}
	return ix, nil
}

func lessName(a, b string) bool {
	ka, kb := key(a), key(b)
	if ka != kb {
		return ka < kb
	}
	return a < b
}
