package when

import (
	"sync"
	"time"
	_ "time/tzdata" // the partnership's zone must load on any host
)

// civil is a calendar date with no time zone.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil { y, m, d := t.Date(); return civil{y, m, d} }

func (c civil) add(days int) civil {
	return civilOf(time.Date(c.y, c.m, c.d+days, 12, 0, 0, 0, time.UTC))
}

func (c civil) weekday() time.Weekday {
	return time.Date(c.y, c.m, c.d, 12, 0, 0, 0, time.UTC).Weekday()
}

func (c civil) before(o civil) bool {
	if c.y != o.y {
		return c.y < o.y
	}
	if c.m != o.m {
		return c.m < o.m
	}
	return c.d < o.d
}

func daysIn(m time.Month, y int) int { return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day() }

// naive returns the wall clock of t in loc as if it were UTC.
func naive(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
}

// wallToInstant is the instant (in UTC) at which loc's clocks read the wall
// time of c at hh:mm.
func wallToInstant(c civil, hh, mm int, loc *time.Location) time.Time {
	return resolveNaive(time.Date(c.y, c.m, c.d, hh, mm, 0, 0, time.UTC), loc)
}

// resolveNaive turns a wall-clock time (held in a UTC time.Time) into the
// instant it names in loc. In an autumn overlap it is the first of the two
// instants; in a spring-forward gap it moves forward by the length of the gap
// (01:30 on 28 Mar 2027 in London is 02:30 BST).
func resolveNaive(wall time.Time, loc *time.Location) time.Time {
	var offs []int
	for _, d := range []time.Duration{-48 * time.Hour, -24 * time.Hour, 0, 24 * time.Hour, 48 * time.Hour} {
		_, off := wall.Add(d).In(loc).Zone()
		seen := false
		for _, o := range offs {
			seen = seen || o == off
		}
		if !seen {
			offs = append(offs, off)
		}
	}
	var best, latest time.Time
	found := false
	for _, off := range offs {
		u := wall.Add(-time.Duration(off) * time.Second)
		if naive(u, loc).Equal(wall) && (!found || u.Before(best)) {
			best, found = u, true
		}
		if latest.IsZero() || u.After(latest) {
			latest = u
		}
	}
	if found {
		return best.UTC()
	}
	return latest.UTC()
}

var zones sync.Map // name -> *time.Location

// loadZone loads a time zone by name, caching it; "" is UTC.
func loadZone(name string) (*time.Location, error) {
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, l)
	return l, nil
}
