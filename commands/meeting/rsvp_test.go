package meeting

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"partnerbot/storage"
)

func tallyFor(t *testing.T, m *Meetings, id string) tally {
	t.Helper()
	var tl tally
	if err := m.env.DB.View(func(tx *storage.Tx) error {
		rs, err := rsvps(tx, id)
		tl = tallyOf(rs)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return tl
}

// checkFIFO: the going list never exceeds the capacity, and (with no guests)
// everyone going answered yes before everyone waiting.
func checkFIFO(t *testing.T, tl tally, capacity int) {
	t.Helper()
	if tl.heads() > capacity {
		t.Fatalf("%d going, capacity %d", tl.heads(), capacity)
	}
	if len(tl.waiting) > 0 && tl.heads() < capacity {
		t.Fatalf("%d waiting while only %d of %d places are taken", len(tl.waiting), tl.heads(), capacity)
	}
	for _, g := range tl.going {
		for _, w := range tl.waiting {
			if g.Queue > w.Queue {
				t.Fatalf("%s (queue %d) is going ahead of %s (queue %d)", g.Person, g.Queue, w.Person, w.Queue)
			}
		}
	}
}

func TestRSVPCapacityConcurrent(t *testing.T) {
	env, m := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	must(t, env, "admin", `event create "Volunteers' evening" on 3 March 2027 at 18:00 capacity 5`)
	env.Posts.Take()
	const n = 40
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if r := env.Run(fmt.Sprintf("u%02d", i), "rsvp e1 yes"); r.Error {
				t.Error(r.Text)
			}
		}(i)
	}
	wg.Wait()
	tl := tallyFor(t, m, "e1")
	if tl.heads() != 5 || len(tl.waiting) != n-5 {
		t.Fatalf("going %d, waiting %d", tl.heads(), len(tl.waiting))
	}
	checkFIFO(t, tl, 5)
	env.Posts.Take()

	// Three going drop out while ten newcomers say yes and two waiting say maybe.
	before := map[string]bool{}
	for _, r := range tl.going {
		before[string(r.Person)] = true
	}
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			if r := env.Run(p, "rsvp e1 apologies"); r.Error {
				t.Error(r.Text)
			}
		}(string(tl.going[i].Person))
	}
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			if r := env.Run(p, "rsvp e1 maybe"); r.Error {
				t.Error(r.Text)
			}
		}(string(tl.waiting[len(tl.waiting)-1-i].Person))
	}
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if r := env.Run(fmt.Sprintf("new%02d", i), "rsvp e1 yes"); r.Error {
				t.Error(r.Text)
			}
		}(i)
	}
	wg.Wait()
	after := tallyFor(t, m, "e1")
	checkFIFO(t, after, 5)
	if after.heads() != 5 || len(after.waiting) != n-5-3-2+10 {
		t.Fatalf("going %d, waiting %d", after.heads(), len(after.waiting))
	}
	// Each promoted person was told, once, privately.
	told := map[string]int{}
	for _, p := range env.Posts.Take() {
		if p.Kind == "direct" {
			told[p.Target]++
		}
	}
	promoted := 0
	for _, r := range after.going {
		if !before[string(r.Person)] {
			promoted++
			if told[string(r.Person)] != 1 {
				t.Errorf("%s promoted but told %d times", r.Person, told[string(r.Person)])
			}
		}
	}
	if promoted != 3 || len(told) != 3 {
		t.Errorf("promoted %d, told %v", promoted, told)
	}
}

func TestRSVPGuestsAndWaitlist(t *testing.T) {
	env, m := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	must(t, env, "admin", `event create "Lunch" on 3 March 2027 at 12:00 capacity 4`)
	must(t, env, "alice", "rsvp e1 yes +2")                      // 3 places
	r := must(t, env, "bob", `rsvp e1 yes +1 "with my manager"`) // 2 more: waits
	if r.Data["status"] != "waitlist" || r.Data["waitlist_place"] != 1 {
		t.Fatalf("bob: %v %s", r.Data, r.Text)
	}
	must(t, env, "carol", "rsvp e1 yes") // the last place: but bob is first in the queue, so carol waits too
	if tl := tallyFor(t, m, "e1"); tl.heads() != 3 || len(tl.waiting) != 2 {
		t.Fatalf("going %d waiting %d", tl.heads(), len(tl.waiting))
	}
	if r := env.Run("alice", "rsvp e1 yes +4"); !r.Error || !contains(r.Text, "kept your answer") {
		t.Fatalf("alice over capacity: %s", r.Text)
	}
	env.Posts.Take()
	must(t, env, "alice", "rsvp e1 yes") // alice drops her guests: bob (+1) and carol fit
	tl := tallyFor(t, m, "e1")
	if tl.heads() != 4 || len(tl.waiting) != 0 {
		t.Fatalf("going %d waiting %d", tl.heads(), len(tl.waiting))
	}
	var direct []string
	for _, p := range env.Posts.Take() {
		if p.Kind == "direct" {
			direct = append(direct, p.Target)
		}
	}
	if len(direct) != 2 {
		t.Errorf("told %v", direct)
	}
	list := must(t, env, "admin", "rsvp list e1")
	t.Log(list.Text)
	going := list.Data["going"].([]string)
	if len(going) != 3 || going[0] != "alice" || going[1] != "bob" {
		t.Errorf("going = %v", going)
	}
	for _, k := range []string{"going", "waitlist", "maybe", "apologies"} {
		if _, ok := list.Data[k].([]string); !ok {
			t.Errorf("data.%s is %T", k, list.Data[k])
		}
	}
	byOrg := list.Data["by_org"].(map[string]int)
	if byOrg["Age UK Stevenage"] != 1 || byOrg["Stevenage Borough Council"] != 1 || list.Data["organisations"] != 2 {
		t.Errorf("by_org = %v", byOrg)
	}
}

func TestRSVPMeeting(t *testing.T) {
	env, _ := setup(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	must(t, env, "admin", `meeting schedule "Partnership meeting" every first Tuesday at 10:00`)
	must(t, env, "alice", "rsvp next yes")
	must(t, env, "bob", "rsvp m1 apologies")
	must(t, env, "carol", `rsvp m1-20261201 maybe "depends on the trains"`)
	must(t, env, "amir", "rsvp m1-20261201 no")
	must(t, env, "dan", "rsvp m1-20270105 yes")
	l := must(t, env, "admin", "rsvp list m1-20261201")
	t.Log(l.Text)
	if g := l.Data["going"].([]string); len(g) != 1 || g[0] != "alice" {
		t.Errorf("going %v", g)
	}
	if a := l.Data["apologies"].([]string); len(a) != 2 {
		t.Errorf("apologies %v", a)
	}
	if mb := l.Data["maybe"].([]string); len(mb) != 1 || mb[0] != "carol" {
		t.Errorf("maybe %v", mb)
	}
	if !contains(l.Text, "Apologies (2): bob, amir") {
		t.Errorf("text:\n%s", l.Text)
	}
	// Changing an answer replaces it.
	must(t, env, "bob", "rsvp next yes")
	l = must(t, env, "admin", "rsvp list next")
	if g := l.Data["going"].([]string); len(g) != 2 {
		t.Errorf("going %v", g)
	}
}
