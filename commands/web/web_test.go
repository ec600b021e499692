package web

import (
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"partnerbot/bot/bottest"
	"partnerbot/commands/directory"
)

var now = time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)

// newWeb builds the pages on the demo directory, with token set in config
// ("" for public pages).
func newWeb(t testing.TB, token string) (*Web, *directory.Directory) {
	t.Helper()
	env := bottest.NewEnv(t, now)
	env.Config.Web.Enabled = true
	env.Config.Web.Token = token
	d, err := directory.New(env.Env)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SeedDemo(); err != nil {
		t.Fatal(err)
	}
	return New(env.Env, d), d
}

type response struct {
	status  int
	body    string
	header  http.Header
	cookies []*http.Cookie
}

func get(t testing.TB, h http.Handler, target string, cookies ...*http.Cookie) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: string(body), header: res.Header, cookies: res.Cookies()}
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}

func TestRoutes(t *testing.T) {
	w, _ := newWeb(t, "")
	want := []string{"GET /map", "GET /map/{area}/{theme}", "GET /directory", "GET " + StylePath}
	routes := w.Routes()
	for _, p := range want {
		if routes[p] == nil {
			t.Errorf("no route %q", p)
		}
	}
	if len(routes) != len(want) {
		t.Errorf("routes: %d, want %d", len(routes), len(want))
	}
	// The patterns must be valid on a Go 1.22 mux, together.
	mux := http.NewServeMux()
	for p, h := range routes {
		mux.Handle(p, h)
	}
	if w.Commands() != nil {
		t.Error("the pages are not a chat command")
	}
	w.cfg.Enabled = false
	if len(w.Routes()) != 0 {
		t.Error("routes served with [web] disabled")
	}
}

func TestMapPage(t *testing.T) {
	w, d := newWeb(t, "")
	res := get(t, w.Mux(), "/map")
	if res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	b := res.body
	mustContain(t, "/map", b,
		`<html lang="en-GB">`, `name="viewport"`, `href="#main"`, `<main id="main"`,
		`<caption id="map-caption"><span>Services by theme and area</span></caption>`, `<th scope="col">Bedwell</th>`, `<th scope="col">Great Ashby</th>`,
		`<th scope="row">older people</th>`, `aria-current="page"`,
		`<span class="nw">Town-wide</span> only`, "Gap", " local",
		`href="/map/bedwell/older-people"`, `href="/map/bandley-hill-and-poplars/`, StylePath)
	p := d.Map()
	cells := strings.Count(b, "<td class=")
	if cells != len(p.Areas)*len(p.Themes) {
		t.Errorf("%d cells, want %d", cells, len(p.Areas)*len(p.Themes))
	}
	// Every cell says in words what its colour says.
	for i, a := range p.Areas {
		for j, th := range p.Themes {
			c := p.Cells[i][j]
			want := `<td class="` + c.State + `"><a href="` + cellPath(a, th) + `"><span class="vh">` + esc(th) + ` in ` + esc(a) + `: </span>` + label(c) + `</a></td>`
			if !strings.Contains(b, want) {
				t.Fatalf("cell %s × %s: missing %s", a, th, want)
			}
		}
	}
	// The legend names all three states.
	mustContain(t, "legend", b, "<strong>3 local</strong>", `<strong><span class="nw">Town-wide</span> only</strong>`, "<strong>Gap</strong>")
}

// label is a cell's label as the map writes it.
func label(c directory.Cell) string {
	if c.State == directory.CellTownwide {
		return `<span class="nw">Town-wide</span> only`
	}
	return cellLabel(c)
}

func TestCellPage(t *testing.T) {
	w, d := newWeb(t, "")
	mux := w.Mux()
	p := d.Map()
	for _, tc := range []struct{ path, area, theme string }{
		{"/map/bedwell/older-people", "Bedwell", "older people"},
		{"/map/shephall/food", "Shephall", "food"},
		{"/map/pin-green/foodbank", "Almond Hill", "food"}, // names people use
		{"/map/longmeadow/domestic-abuse", "Longmeadow", "domestic abuse"},
		{"/map/great-ashby/cost-of-living", "Great Ashby", "cost of living"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res := get(t, mux, tc.path)
			if res.status != http.StatusOK {
				t.Fatalf("status %d", res.status)
			}
			c, _ := p.Cell(tc.area, tc.theme)
			mustContain(t, tc.path, res.body, "<h1>"+esc(capital(tc.theme)+" in "+tc.area)+"</h1>", cellLabel(c))
			last := 0
			for _, ref := range append(append([]directory.ServiceRef{}, c.Local...), c.Townwide...) {
				i := strings.Index(res.body, esc(ref.Service))
				if i < 0 {
					t.Errorf("missing service %q", ref.Service)
					continue
				}
				if i < last {
					t.Errorf("%q out of order: local services come first", ref.Service)
				}
				last = i
			}
			if len(c.Local) > 0 {
				mustContain(t, tc.path, res.body, "Based in "+esc(tc.area))
			}
			if len(c.Townwide) > 0 {
				mustContain(t, tc.path, res.body, "Across Stevenage</h2>")
			}
			if c.State == directory.CellGap && !strings.Contains(res.body, "nothing serves") {
				t.Error("a gap doesn't say so")
			}
		})
	}
	res := get(t, mux, "/map/hitchin/food")
	if res.status != http.StatusNotFound {
		t.Errorf("unknown area: status %d", res.status)
	}
	mustContain(t, "unknown cell", res.body, "isn’t there", "Bedwell", "older people", `href="/map"`)
}

// answerOf runs a question through the page.
func answerOf(t *testing.T, h http.Handler, q string, extra ...string) response {
	t.Helper()
	target := "/directory?q=" + url.QueryEscape(q)
	for _, e := range extra {
		target += "&" + e
	}
	return get(t, h, target)
}

func TestDirectoryPage(t *testing.T) {
	w, d := newWeb(t, "")
	mux := w.Mux()
	a, err := d.Ask("older people in Bedwell", 1)
	if err != nil || a.Total == 0 {
		t.Fatalf("demo answer: %+v %v", a, err)
	}
	var names []string
	for _, r := range a.Results {
		names = append(names, esc(r.Name))
	}
	long := strings.Repeat("food ", 50)
	for _, tc := range []struct {
		name, q, extra string
		status         int
		want           []string
	}{
		{"empty", "", "", 200, []string{`<label for="q">`, "For example", `href="/directory?q=older%20people%20in%20Bedwell"`}},
		{"answer", "older people in Bedwell", "", 200, append([]string{
			`<h2 id="answer">Older people in Bedwell</h2>`, "Based in Bedwell", `value="older people in Bedwell"`,
			`href="/map/bedwell/older-people"`, `href="tel:01438000`, `href="mailto:`, `href="https://`}, names...)},
		{"question mark and synonyms", "who supports pensioners in Bedwell?", "", 200, []string{"Older people in Bedwell"}},
		{"near miss", "food in Bedwel", "", 200, []string{esc("I read “Bedwel” as Bedwell.")}},
		{"parent theme", "cost of living in Shephall", "", 200, []string{"Cost of living includes food, money and debt and energy and warmth."}},
		{"no area", "carers", "", 200, []string{"Carers across Stevenage", "Name an area to narrow it"}},
		{"unknown area", "food in Hitchin", "", 200, []string{esc("I don’t know the area “Hitchin”, so I haven’t guessed."),
			"The areas I know", `href="/directory?q=food%20in%20Bedwell"`, ">Great Ashby</a>", ">Stevenage</a>"}},
		{"did you mean", "food in Rebuk", "", 200, []string{"Did you mean Roebuck?"}},
		{"no theme", "something nice in Bedwell", "", 200, []string{esc("I couldn’t tell what kind of help"),
			"Try a theme", `href="/directory?q=older%20people%20in%20Bedwell"`}},
		{"punctuation only", "???", "", 200, []string{"What would you like to find?"}},
		{"too long", long, "", 400, []string{"please keep it under 200"}},
		{"bad page", "food", "page=abc", 400, []string{esc("“abc” isn’t a page number")}},
		{"page past the end", "older people in Bedwell", "page=9", 200, []string{"There is only 1 page for that.", "Go to page 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := answerOf(t, mux, tc.q, tc.extra)
			if res.status != tc.status {
				t.Errorf("status %d, want %d", res.status, tc.status)
			}
			mustContain(t, tc.name, res.body, tc.want...)
		})
	}
}

func TestDirectoryPaging(t *testing.T) {
	w, d := newWeb(t, "")
	mux := w.Mux()
	const q = "food"
	a1, _ := d.Ask(q, 1)
	if a1.Pages < 2 {
		t.Fatalf("the demo has %d page(s) for %q; the test needs two", a1.Pages, q)
	}
	a2, _ := d.Ask(q, 2)
	p1 := answerOf(t, mux, q)
	p2 := answerOf(t, mux, q, "page=2")
	// "page 2" in the question works as in chat.
	p2b := answerOf(t, mux, q+" page 2")
	mustContain(t, "page 1", p1.body, "Page 1 of", `href="/directory?q=food&amp;page=2" rel="next"`, "Showing 1–5.")
	mustContain(t, "page 2", p2.body, "Page 2 of", `rel="prev"`, `href="/directory?q=food" rel="prev"`)
	if strings.Contains(p1.body, `rel="prev"`) {
		t.Error("page 1 links to a previous page")
	}
	for _, r := range a2.Results {
		mustContain(t, "page 2", p2.body, esc(r.Name))
		mustContain(t, "page 2 in the question", p2b.body, esc(r.Name))
	}
	if !strings.Contains(p1.body, esc(a1.Results[0].Name)) || strings.Contains(p2.body, `<h4>`+esc(a1.Results[0].Name)+`</h4>`) {
		t.Error("page 2 repeats page 1")
	}
}

func TestEscaping(t *testing.T) {
	w, _ := newWeb(t, "")
	mux := w.Mux()
	for _, q := range []string{
		`<script>alert(1)</script> food in Bedwell`,
		`food in <script>alert(1)</script>`,
		`"><script>alert(1)</script>`,
		`<img src=x onerror=alert(1)> in Hitchin`,
	} {
		res := answerOf(t, mux, q)
		if res.status != http.StatusOK {
			t.Errorf("%q: status %d", q, res.status)
		}
		low := strings.ToLower(res.body)
		if strings.Contains(low, "<script") || strings.Contains(low, "<img") {
			t.Errorf("%q rendered unescaped:\n%s", q, res.body)
		}
		if !strings.Contains(res.body, "&lt;") {
			t.Errorf("%q not echoed escaped", q)
		}
	}
	// Hostile path segments are not echoed at all.
	res := get(t, mux, "/map/%3Cscript%3E/food")
	if res.status != http.StatusNotFound || strings.Contains(res.body, "<script") {
		t.Errorf("hostile cell path: %d", res.status)
	}
}

func TestToken(t *testing.T) {
	w, _ := newWeb(t, "s3cret-link")
	mux := w.Mux()
	var cookie *http.Cookie
	for _, tc := range []struct {
		name, target string
		cookie       bool
		badCookie    bool
		status       int
	}{
		{"no token", "/map", false, false, 403},
		{"wrong token", "/map?token=guess", false, false, 403},
		{"directory without token", "/directory?q=food", false, false, 403},
		{"cell without token", "/map/bedwell/food", false, false, 403},
		{"right token", "/map?token=s3cret-link", false, false, 200},
		{"cookie from the first visit", "/directory?q=food%20in%20Bedwell", true, false, 200},
		{"cookie on a cell", "/map/bedwell/food", true, false, 200},
		{"forged cookie", "/map", false, true, 403},
		{"wrong token beats a cookie", "/map?token=guess", true, false, 403},
		{"style sheet is public", StylePath, false, false, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cs []*http.Cookie
			if tc.cookie {
				if cookie == nil {
					t.Fatal("no cookie was set")
				}
				cs = append(cs, cookie)
			}
			if tc.badCookie {
				cs = append(cs, &http.Cookie{Name: cookieName, Value: proof("guess")})
			}
			res := get(t, mux, tc.target, cs...)
			if res.status != tc.status {
				t.Fatalf("status %d, want %d", res.status, tc.status)
			}
			if tc.status == 403 {
				mustContain(t, tc.name, res.body, `<html lang="en-GB">`, "needs the partnership’s link", "?token=")
				if strings.Contains(res.body, "s3cret") {
					t.Error("the 403 page gives the token away")
				}
			}
			for _, c := range res.cookies {
				if c.Name == cookieName {
					cookie = c
					if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Value == "s3cret-link" {
						t.Errorf("cookie %+v", c)
					}
				}
			}
		})
	}
	public, _ := newWeb(t, "")
	if res := get(t, public.Mux(), "/map"); res.status != 200 {
		t.Errorf("public map: %d", res.status)
	}
}

func TestHeaders(t *testing.T) {
	w, _ := newWeb(t, "")
	res := get(t, w.Mux(), "/directory?q=food")
	if ct := res.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	if csp := res.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q", csp)
	}
	css := get(t, w.Mux(), StylePath)
	if css.header.Get("Content-Type") != "text/css; charset=utf-8" || !strings.Contains(css.body, Palette.Local) {
		t.Errorf("style sheet: %q", css.header.Get("Content-Type"))
	}
	if strings.Contains(css.body, "{{") || strings.Contains(css.body, "<no value>") {
		t.Error("the style sheet has an unfilled colour")
	}
}

// TestAccessibleMarkup checks what an automated checker would: a form
// label for every input, scope on every th, one h1, headings that don't
// skip a level.
func TestAccessibleMarkup(t *testing.T) {
	w, _ := newWeb(t, "")
	mux := w.Mux()
	heading := regexp.MustCompile(`<h([1-6])[ >]`)
	th := regexp.MustCompile(`<th[ >]`)
	for _, target := range []string{"/map", "/map/bedwell/older-people", "/directory", "/directory?q=older%20people%20in%20Bedwell", "/directory?q=food+in+Hitchin", "/map/nowhere/food"} {
		b := get(t, mux, target).body
		if n := strings.Count(b, "<h1"); n != 1 {
			t.Errorf("%s: %d h1", target, n)
		}
		prev := 0
		for _, m := range heading.FindAllStringSubmatch(b, -1) {
			lvl := int(m[1][0] - '0')
			if lvl > prev+1 {
				t.Errorf("%s: h%d after h%d", target, lvl, prev)
			}
			prev = lvl
		}
		if len(th.FindAllString(b, -1)) != strings.Count(b, `<th scope=`) {
			t.Errorf("%s: a th without scope", target)
		}
		if strings.Contains(b, "ZgotmplZ") {
			t.Errorf("%s: html/template refused a value (ZgotmplZ)", target)
		}
		if strings.Count(b, "<input") != strings.Count(b, `<label for=`) {
			t.Errorf("%s: an input without a label", target)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Bandley Hill and Poplars": "bandley-hill-and-poplars",
		"St Nicholas":              "st-nicholas",
		"children and families":    "children-and-families",
		"Girls' Night":             "girls-night",
		"  odd -- name ":           "odd-name",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
