package resource

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
)

// fakeThemes is a small ThemeMatcher: theme names and their synonyms.
type fakeThemes map[string][]string

func (f fakeThemes) ThemeNames() []string { return bot.SortedKeys(f) }

func (f fakeThemes) Themes(text string) []string {
	t := " " + strings.ToLower(text) + " "
	var out []string
	for _, name := range f.ThemeNames() {
		for _, s := range append([]string{name}, f[name]...) {
			if strings.Contains(t, " "+s+" ") {
				out = append(out, name)
				break
			}
		}
	}
	return out
}

var themes = fakeThemes{
	"older people":      {"elderly", "seniors", "pensioners"},
	"food":              {"food bank", "foodbank", "food parcels"},
	"money and debt":    {"debt", "benefits", "universal credit"},
	"energy and warmth": {"warm space", "warm spaces", "heating"},
	"young people":      {"youth", "teenagers"},
}

var now = time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)

func newEnv(t *testing.T) *bottest.Env {
	t.Helper()
	env := bottest.NewEnv(t, now)
	lib, err := New(env.Env, themes)
	if err != nil {
		t.Fatal(err)
	}
	env.Router.Register(lib.Commands()...)
	return env
}

// dataJSON renders reply data as exec --json would.
func dataJSON(t *testing.T, r bot.Reply) map[string]any {
	t.Helper()
	b, err := json.Marshal(r.Data)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func mustOK(t *testing.T, r bot.Reply) bot.Reply {
	t.Helper()
	if r.Error {
		t.Fatalf("unexpected error: %s", r.Text)
	}
	return r
}

func TestShareBadURLs(t *testing.T) {
	env := newEnv(t)
	cases := []struct{ url, want string }{
		{"javascript:alert(1)", "only share web links"},
		{"ftp://example.org/file", "not ftp"},
		{"https://", "no website name"},
		{"http:///path", "no website name"},
		{"example.org/toolkit", "no https://"},
		{`"https://example.org/a b"`, "has a space"},
		{"mailto:sam@example.org", "not mailto"},
		{"https://user:secret@example.org/", "password"},
		{"data:text/html,hello", "not data"},
		{"https://exa_mple.org/", "isn't a website name"},
		{"https://" + strings.Repeat("a", 2100) + ".org", "too long"},
	}
	for _, c := range cases {
		t.Run(c.url, func(t *testing.T) {
			r := env.Run("alice", `resource share `+c.url+` "Toolkit"`)
			if !r.Error || !strings.Contains(r.Text, c.want) {
				t.Fatalf("share %s: got %q, want an error containing %q", c.url, r.Text, c.want)
			}
			if !strings.Contains(r.Text, "For example") {
				t.Errorf("error has no example: %q", r.Text)
			}
		})
	}
	if got := mustOK(t, env.Run("alice", "resource list")); !strings.Contains(got.Text, "Nothing") {
		t.Errorf("a refused share was stored: %s", got.Text)
	}
}

func TestShareParsing(t *testing.T) {
	cases := []struct {
		text                   string
		url, title, desc, room string
		tags                   []string
		wantErr                string
	}{
		{text: `resource share https://x.org "Title"`, url: "https://x.org", title: "Title"},
		{text: `resource share https://x.org “Curly title” #food "A description"`, url: "https://x.org", title: "Curly title", desc: "A description", tags: []string{"food"}},
		{text: `resource share https://x.org #food #"older people" "T" "D"`, url: "https://x.org", title: "T", desc: "D", tags: []string{"food", "older people"}},
		{text: `resource share https://x.org Plain words title #older-people`, url: "https://x.org", title: "Plain words title", tags: []string{"older-people"}},
		{text: `resource share https://x.org "T" --room sip-general`, url: "https://x.org", title: "T", room: "sip-general"},
		{text: `resource share --room=food-group https://x.org "T"`, url: "https://x.org", title: "T", room: "food-group"},
		{text: `resource share https://x.org`, wantErr: "title"},
		{text: `resource share`, wantErr: "link"},
		{text: `resource share #food`, wantErr: "link"},
		{text: `resource share https://x.org "` + strings.Repeat("t", 201) + `"`, wantErr: "too long"},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			s, err := parseShare(c.text)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("got %v, want error containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.url != c.url || s.title != c.title || s.description != c.desc || s.room != c.room || strings.Join(s.tags, "|") != strings.Join(c.tags, "|") {
				t.Fatalf("got %+v", *s)
			}
		})
	}
}

func TestNormaliseURL(t *testing.T) {
	same := [][2]string{
		{"https://Example.org/Toolkit/", "https://example.org/Toolkit"},
		{"http://example.org/toolkit", "https://EXAMPLE.ORG/toolkit/"},
		{"https://example.org/t?utm_source=slack&utm_medium=x", "https://example.org/t"},
		{"https://example.org/t#section-2", "https://example.org/t"},
		{"https://example.org:443/t", "https://example.org/t"},
		{"https://example.org/t?b=2&a=1", "https://example.org/t?a=1&b=2&utm_campaign=z"},
		{"<https://example.org/t|example.org/t>", "https://example.org/t"},
	}
	for _, p := range same {
		a, err := CheckURL(p[0])
		if err != nil {
			t.Fatal(err)
		}
		b, err := CheckURL(p[1])
		if err != nil {
			t.Fatal(err)
		}
		if NormaliseURL(a) != NormaliseURL(b) {
			t.Errorf("%s and %s should be the same link: %s vs %s", p[0], p[1], NormaliseURL(a), NormaliseURL(b))
		}
	}
	differ := [][2]string{
		{"https://example.org/a", "https://example.org/b"},
		{"https://example.org/t?id=1", "https://example.org/t?id=2"},
		{"https://example.org/T", "https://example.org/t"},
		{"https://example.org:8080/t", "https://example.org/t"},
	}
	for _, p := range differ {
		if NormaliseURL(p[0]) == NormaliseURL(p[1]) {
			t.Errorf("%s and %s should differ", p[0], p[1])
		}
	}
}

func TestShareCardAndDuplicates(t *testing.T) {
	env := newEnv(t)
	r := mustOK(t, env.Run("sam", `resource share https://Example.org/warm/?utm_source=x "Warm spaces toolkit" #energy-and-warmth #elderly "How to run a warm space this winter"`))
	t.Logf("reply: %s", r.Text)
	if got := dataJSON(t, r)["id"]; got != float64(1) {
		t.Fatalf("data id = %v", got)
	}
	posts := env.Posts.Take()
	if len(posts) != 1 || posts[0].Kind != "publish" || posts[0].Target != "sip-general" {
		t.Fatalf("posts = %v", posts)
	}
	card := posts[0].Reply
	t.Logf("card: %s | %s | %v | %v", card.Title, card.Text, card.Fields, card.Context)
	if card.Title != "Warm spaces toolkit" || !strings.Contains(card.Text, "https://example.org/warm/?utm_source=x") ||
		!strings.Contains(card.Text, "How to run a warm space") || card.Key != "resource:1" {
		t.Errorf("card = %+v", card)
	}
	if len(card.Fields) != 1 || card.Fields[0].Value != "energy and warmth, older people" {
		t.Errorf("themes field = %+v", card.Fields)
	}
	if len(card.Context) != 1 || !strings.HasPrefix(card.Context[0], "Shared by sam on Tue 3 Nov 2026") {
		t.Errorf("context = %v", card.Context)
	}

	env.Fake.Advance(48 * time.Hour)
	for _, dup := range []string{
		`resource share http://example.org/warm "Another title"`,
		`resource share https://EXAMPLE.org/warm#top "Warm"`,
		`resource share https://example.org/warm/?utm_campaign=winter "Warm"`,
	} {
		r := env.Run("alice", dup)
		if !r.Error || !strings.Contains(r.Text, `Already shared by sam on Tue 3 Nov: resource 1 ("Warm spaces toolkit")`) {
			t.Errorf("%s: got %q", dup, r.Text)
		}
	}
	if p := env.Posts.Take(); len(p) != 0 {
		t.Errorf("a duplicate was posted: %v", p)
	}
	// A different link is fine, and posted to the room named.
	r = mustOK(t, env.Run("alice", `resource share https://example.org/warm/map "Warm spaces map" --room sip-general`))
	if got := dataJSON(t, r)["id"]; got != float64(2) {
		t.Errorf("second id = %v", got)
	}
	// Unknown room.
	r = env.Run("alice", `resource share https://example.org/x "X" --room nowhere`)
	if !r.Error || !strings.Contains(r.Text, "no room called") {
		t.Errorf("unknown room: %q", r.Text)
	}
}

func TestShareUnknownTheme(t *testing.T) {
	env := newEnv(t)
	r := env.Run("alice", `resource share https://example.org/x "X" #gardening`)
	if !r.Error || !strings.Contains(r.Text, "I don't know the theme #gardening") || !strings.Contains(r.Text, "#older-people") {
		t.Fatalf("got %q", r.Text)
	}
	t.Logf("%s", r.Text)
}

func TestShareFromDMIsNotPosted(t *testing.T) {
	env := newEnv(t)
	rep := env.Router.Handle(t.Context(), &bot.Request{User: "slack:T1:U1", UserName: "Sam", Channel: "slack:T1:D1", DM: true,
		Text: `resource share https://example.org/x "X" #food`})
	mustOK(t, rep)
	if !rep.Ephemeral || rep.Title != "X" || !strings.Contains(rep.Text, "wasn't posted") {
		t.Errorf("reply = %+v", rep)
	}
	if p := env.Posts.Take(); len(p) != 0 {
		t.Errorf("posted from a DM: %v", p)
	}
	// From an unbound channel it goes to that channel.
	rep = env.Router.Handle(t.Context(), &bot.Request{User: "slack:T1:U1", UserName: "Sam", Channel: "slack:T1:C9",
		Text: `resource share https://example.org/y "Y"`})
	mustOK(t, rep)
	if p := env.Posts.Take(); len(p) != 1 || p[0].Target != "slack:T1:C9" {
		t.Errorf("posts = %v", p)
	}
}

func seed(t *testing.T, env *bottest.Env) {
	t.Helper()
	for _, s := range []struct{ user, text string }{
		{"sam", `resource share https://example.org/food-bank-referrals "Food bank referral guide" #food "How to refer someone to the food bank"`},
		{"alice", `resource share https://example.org/pension-credit "Pension credit checker" #money-and-debt #older-people "Helps pensioners claim what they are owed"`},
		{"sam", `resource share https://example.org/warm "Warm spaces toolkit" #energy-and-warmth "Running a warm space for elderly neighbours"`},
		{"bea", `resource share https://example.org/youth "Youth club safeguarding" #young-people`},
		{"alice", `resource share https://example.org/befriending "Befriending toolkit" #older-people "Setting up phone befriending"`},
	} {
		mustOK(t, env.Run(s.user, s.text))
		env.Fake.Advance(time.Hour)
	}
	env.Posts.Take()
}

func ids(t *testing.T, r bot.Reply, key string) []int {
	t.Helper()
	list, _ := dataJSON(t, r)[key].([]any)
	var out []int
	for _, it := range list {
		out = append(out, int(it.(map[string]any)["id"].(float64)))
	}
	return out
}

func TestSearch(t *testing.T) {
	env := newEnv(t)
	seed(t, env)
	cases := []struct {
		query string
		want  []int // in rank order
	}{
		{"food bank", []int{1}},
		{"foodbank", []int{1}},               // synonym of the theme food
		{"elderly", []int{5, 2, 3}},          // theme older people first (newest first among equals), then the description word
		{"pensioners", []int{2, 5}},          // synonym; 2 also has the word in its description
		{"toolkit", []int{5, 3}},             // title words, newest first
		{"toolkits", []int{5, 3}},            // plural folded
		{"befriending toolkit", []int{5, 3}}, // both words in 5's title
		{"SAFEGUARDING", []int{4}},           // case
		{"teenagers", []int{4}},              // synonym of young people
		{"gardening", nil},                   // nothing
		{"warm", []int{3}},                   // title and description
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			r := mustOK(t, env.Run("bea", "resource search "+c.query))
			got := ids(t, r, "results")
			if strings.Join(strings.Fields(trimBrackets(got)), ",") != strings.Join(strings.Fields(trimBrackets(c.want)), ",") {
				t.Errorf("search %q = %v, want %v\n%s", c.query, got, c.want, r.Text)
			}
		})
	}
	r := mustOK(t, env.Run("bea", "resource search elderly"))
	t.Logf("search reply:\n%s", r.Text)
	if r := env.Run("bea", "resource search the of"); !r.Error {
		t.Errorf("a search of only little words should be refused: %q", r.Text)
	}
}

func trimBrackets(v []int) string {
	var s []string
	for _, n := range v {
		s = append(s, bot.Itoa(n))
	}
	return strings.Join(s, " ")
}

func TestList(t *testing.T) {
	env := newEnv(t)
	if r := mustOK(t, env.Run("bea", "resource list")); !strings.Contains(r.Text, "Nothing has been shared") {
		t.Errorf("empty list: %q", r.Text)
	}
	seed(t, env)
	cases := []struct {
		arg  string
		want []int
	}{
		{"", []int{5, 4, 3, 2, 1}},
		{"#older-people", []int{5, 2}},
		{`#"older people"`, []int{5, 2}},
		{"older people", []int{5, 2}},
		{"#elderly", []int{5, 2}},
		{"#food", []int{1}},
		{"#food #young-people", []int{4, 1}},
		{"#money-and-debt", []int{2}},
	}
	for _, c := range cases {
		r := mustOK(t, env.Run("bea", strings.TrimSpace("resource list "+c.arg)))
		if got := trimBrackets(ids(t, r, "resources")); got != trimBrackets(c.want) {
			t.Errorf("list %q = %v, want %v", c.arg, got, c.want)
		}
	}
	r := mustOK(t, env.Run("bea", "resource list"))
	t.Logf("list reply:\n%s", r.Text)
	if r := env.Run("bea", "resource list #gardening"); !r.Error || !strings.Contains(r.Text, "#food") {
		t.Errorf("unknown theme: %q", r.Text)
	}
}

func TestRemovePermissions(t *testing.T) {
	env := newEnv(t)
	seed(t, env)
	cases := []struct {
		user, text string
		ok         bool
		want       string
	}{
		{"bea", "resource remove 1", false, "Only sam (who shared it) or an admin"},
		{"sam", "resource remove 1", true, `Removed resource 1, "Food bank referral guide"`},
		{"sam", "resource remove 1", false, "There's no resource 1"},
		{"admin", "resource remove 2", true, "Removed resource 2"},
		{"sam", "resource remove", false, "needs"},
		{"sam", "resource remove x", false, "should be a number"},
	}
	for _, c := range cases {
		r := env.Run(c.user, c.text)
		if r.Error == c.ok || !strings.Contains(r.Text, c.want) {
			t.Errorf("%s: %s → %q (error %v)", c.user, c.text, r.Text, r.Error)
		}
	}
	// The removed link can be shared again; its card was updated.
	if got := ids(t, mustOK(t, env.Run("bea", "resource list")), "resources"); trimBrackets(got) != "5 4 3" {
		t.Errorf("after removal: %v", got)
	}
	posts := env.Posts.Take()
	if len(posts) != 2 || posts[0].Kind != "update" || posts[0].Target != "resource:1" {
		t.Errorf("posts = %v", posts)
	}
	mustOK(t, env.Run("bea", `resource share https://example.org/food-bank-referrals/ "Food bank referrals (new)"`))
}

func TestPublishFailureStillSaves(t *testing.T) {
	env := newEnv(t)
	env.Posts.Fail = errFake
	r := mustOK(t, env.Run("sam", `resource share https://example.org/x "X"`))
	if !strings.Contains(r.Text, "couldn't post it") || dataJSON(t, r)["id"] != float64(1) {
		t.Errorf("reply = %+v", r)
	}
}

var errFake = &bot.UserError{Msg: "slack is down"}
