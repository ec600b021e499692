package meeting

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

var _ bot.Rekeyer = (*Meetings)(nil)

// people lists the local names of rs with their guests, "sam+1".
func people(rs []*RSVP) []string {
	out := []string{}
	for _, r := range rs {
		s := r.Person.Local()
		if r.Guests > 0 {
			s += fmt.Sprintf("+%d", r.Guests)
		}
		out = append(out, s)
	}
	return out
}

// TestRekey: linking samd (from) into sam (to) merges their answers for what
// is still to come, keeping the newer, and keeps the capacity and waiting
// list right; what is over stays as it was.
func TestRekey(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		create  string   // as samd if it starts with "samd:", else as admin
		answers []string // "user answer…", a minute apart
		later   time.Duration
		// Wanted after linking, for e1.
		going, waiting, maybe, no []string
		promoted                  []string // told a place came up
		redrawn                   bool
		then                      [2]string // a command as sam, and what its reply says
	}{
		{name: "only the other account answered",
			create: `event create "Fair" on 12/12/2026 at 11:00`, answers: []string{"samd yes", "ola yes"},
			going: []string{"sam", "ola"}, redrawn: true},
		{name: "both going: counted once",
			create: `event create "Fair" on 12/12/2026 at 11:00`, answers: []string{"sam yes", "samd yes"},
			going: []string{"sam"}, redrawn: true},
		{name: "the newer answer stays",
			create: `event create "Fair" on 12/12/2026 at 11:00`, answers: []string{"sam yes", "samd maybe"},
			maybe: []string{"sam"}, redrawn: true},
		{name: "the person's newer answer stays",
			create: `event create "Fair" on 12/12/2026 at 11:00`, answers: []string{"samd no", "sam yes +1"},
			going: []string{"sam+1"}, redrawn: true},
		{name: "a dropped place goes to the waiting list",
			create:  `event create "Fair" on 12/12/2026 at 11:00 capacity 2`,
			answers: []string{"sam yes", "bob yes", "ola yes", "samd no"},
			going:   []string{"bob", "ola"}, no: []string{"sam"}, promoted: []string{"ola"}, redrawn: true},
		{name: "a place held on either account is kept, with the earlier queue place",
			create:  `event create "Fair" on 12/12/2026 at 11:00 capacity 2`,
			answers: []string{"samd yes", "bob yes", "ola yes", "sam yes"},
			going:   []string{"sam", "bob"}, waiting: []string{"ola"}, redrawn: true},
		{name: "newer guests that don't fit: the place stays as it was held",
			create:  `event create "Fair" on 12/12/2026 at 11:00 capacity 2`,
			answers: []string{"samd yes", "bob yes", "sam yes +1"},
			going:   []string{"sam", "bob"}, redrawn: true},
		{name: "two places merge into one: the waiting list moves up",
			create:  `event create "Fair" on 12/12/2026 at 11:00 capacity 2`,
			answers: []string{"samd yes", "sam yes", "ola yes"},
			going:   []string{"sam", "ola"}, promoted: []string{"ola"}, redrawn: true},
		{name: "what is over stays as it was",
			create: `event create "Fair" on 21/11/2026 at 11:00`, answers: []string{"sam yes", "samd yes"}, later: 48 * time.Hour,
			going: []string{"sam", "samd"}},
		{name: "the organiser can still cancel it",
			create: `samd:event create "Fair" on 12/12/2026 at 11:00`, answers: []string{"ola yes"},
			going: []string{"ola"}, then: [2]string{"event cancel e1", "Cancelled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, m := setup(t, now)
			creator, create := "admin", tt.create
			if c, ok := strings.CutPrefix(create, "samd:"); ok {
				creator, create = "samd", c
			}
			must(t, env, creator, create)
			for _, a := range tt.answers {
				env.Fake.Advance(time.Minute)
				user, answer, _ := strings.Cut(a, " ")
				must(t, env, user, "rsvp e1 "+answer)
			}
			env.Fake.Advance(tt.later)
			env.Posts.Take()

			from, to := bot.ConsoleUser("samd"), bot.ConsoleUser("sam")
			if err := m.Rekey(from, to, env.Fake.Now()); err != nil {
				t.Fatal(err)
			}
			var redrawn bool
			promoted := []string{}
			for _, p := range env.Posts.Take() {
				switch p.Kind {
				case "update":
					redrawn = redrawn || p.Target == "event:e1"
				case "direct":
					promoted = append(promoted, bot.ID(p.Target).Local())
				}
			}
			tl := tallyFor(t, m, "e1")
			for _, c := range []struct {
				what      string
				got, want []string
			}{
				{"going", people(tl.going), tt.going},
				{"waiting", people(tl.waiting), tt.waiting},
				{"maybe", people(tl.maybe), tt.maybe},
				{"apologies", people(tl.no), tt.no},
				{"promoted", promoted, tt.promoted},
			} {
				if c.want == nil {
					c.want = []string{}
				}
				if !slices.Equal(c.got, c.want) {
					t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
				}
			}
			if redrawn != tt.redrawn {
				t.Errorf("card redrawn: %v, want %v", redrawn, tt.redrawn)
			}
			list := must(t, env, "admin", "rsvp list e1")
			if counts, _ := list.Data["counts"].(map[string]int); counts["going_people"] != len(tt.going) {
				t.Errorf("rsvp list counts %v people going, want %d:\n%s", counts["going_people"], len(tt.going), list.Text)
			}

			// Again: nothing changes, nothing is posted.
			before := dumpBuckets(t, env.DB)
			if err := m.Rekey(from, to, env.Fake.Now()); err != nil {
				t.Fatal(err)
			}
			if after := dumpBuckets(t, env.DB); after != before {
				t.Errorf("a second Rekey changed the data:\nbefore\n%s\nafter\n%s", before, after)
			}
			if posts := env.Posts.Take(); len(posts) != 0 {
				t.Errorf("a second Rekey posted %v", posts)
			}
			if tt.then[0] != "" {
				if r := must(t, env, "sam", tt.then[0]); !strings.Contains(r.Text, tt.then[1]) {
					t.Errorf("%s: %q, want it to say %q", tt.then[0], r.Text, tt.then[1])
				}
			}
		})
	}
}

// TestRekeyMeetingDate: answers for a meeting date merge the same way.
func TestRekeyMeetingDate(t *testing.T) {
	env, m := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	must(t, env, "samd", `meeting schedule "Partnership meeting" every first Tuesday at 10:00`)
	occ := occOf(firstTuesday(2026, time.December))
	must(t, env, "sam", "rsvp "+occ+" maybe")
	env.Fake.Advance(time.Minute)
	must(t, env, "samd", "rsvp "+occ+" yes")
	env.Posts.Take()
	if err := m.Rekey(bot.ConsoleUser("samd"), bot.ConsoleUser("sam"), env.Fake.Now()); err != nil {
		t.Fatal(err)
	}
	tl := tallyFor(t, m, occ)
	if got := people(tl.going); !slices.Equal(got, []string{"sam"}) || len(tl.maybe) != 0 {
		t.Errorf("going %v, maybe %v; want sam going only", got, people(tl.maybe))
	}
	ups := 0
	for _, p := range env.Posts.Take() {
		if p.Kind == "update" && p.Target == "occ:"+occ {
			ups++
		}
	}
	if ups != 1 {
		t.Errorf("the meeting card was redrawn %d times, want once", ups)
	}
	// The meeting is now the person's: they can manage it from either account.
	var mt *Meeting
	if err := env.DB.View(func(tx *storage.Tx) error {
		var err error
		mt, _, err = getMeeting(tx, 1)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if mt.Creator != bot.ConsoleUser("sam") {
		t.Errorf("the meeting's creator is %s, want the person", mt.Creator)
	}
}
