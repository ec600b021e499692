// Package web is the read-only web face of the partner directory, served by
// `serve`: /map, the provision map as an HTML table (themes × areas, each
// cell a count of local services, "Town-wide only" or "Gap", with colour
// and words), /map/{area}/{theme}, the services behind one cell, and
// /directory, a search with the same question language as `who`, answered
// as cards.
//
// Pages are rendered on the server with html/template from embedded files:
// no build step, no JavaScript, readable on a phone and meant to meet WCAG
// 2.2 AA. They are public, or behind a shared link token when [web] token
// is set: the first visit carries ?token=…, which sets a cookie for the
// visits after it.
package web

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	ttemplate "text/template"

	"partnerbot/bot"
	"partnerbot/bot/when"
	"partnerbot/commands/directory"
)

//go:embed templates/*.html static/style.css
var files embed.FS

// StylePath is where the style sheet is served.
const StylePath = "/web/style.css"

// cookieName holds the proof of a valid token after the first visit.
const cookieName = "partnerbot_web"

// Web serves the map and directory pages.
type Web struct {
	env   *bot.Env
	dir   *directory.Directory
	cfg   bot.WebConfig
	pages map[string]*template.Template
	css   []byte
}

// New builds the pages on env (its clock, time zone and [web] config) and
// the directory they show. It panics only if the embedded templates are
// broken, which the tests catch.
func New(env *bot.Env, dir *directory.Directory) *Web {
	w := &Web{env: env, dir: dir, pages: map[string]*template.Template{}}
	if env != nil && env.Config != nil {
		w.cfg = env.Config.Web
	}
	for _, name := range []string{"map", "cell", "directory", "problem"} {
		w.pages[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/card.html", "templates/"+name+".html"))
	}
	src, err := fs.ReadFile(files, "static/style.css")
	if err != nil {
		panic(err)
	}
	var css bytes.Buffer
	t := ttemplate.Must(ttemplate.New("css").Option("missingkey=error").Parse(string(src)))
	if err := t.Execute(&css, Palette); err != nil {
		panic(err)
	}
	w.css = css.Bytes()
	return w
}

// Commands returns nothing: the pages are not a chat command.
func (w *Web) Commands() []*bot.Command { return nil }

// Routes returns the pages for serve's mux (Go 1.22 patterns), or none
// when [web] is not enabled.
func (w *Web) Routes() map[string]http.Handler {
	if !w.cfg.Enabled {
		return nil
	}
	return w.Handlers()
}

// Handlers returns the pages whether or not [web] is enabled (for tests
// and for embedding elsewhere).
func (w *Web) Handlers() map[string]http.Handler {
	return map[string]http.Handler{
		"GET /map":                w.guard(w.serveMap),
		"GET /map/{area}/{theme}": w.guard(w.serveCell),
		"GET /directory":          w.guard(w.serveDirectory),
		"GET " + StylePath:        http.HandlerFunc(w.serveCSS),
	}
}

// Mux returns a mux serving Handlers, for tests and small servers.
func (w *Web) Mux() *http.ServeMux {
	mux := http.NewServeMux()
	for p, h := range w.Handlers() {
		mux.Handle(p, h)
	}
	return mux
}

func (w *Web) serveCSS(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Content-Type", "text/css; charset=utf-8")
	rw.Header().Set("Cache-Control", "public, max-age=3600")
	rw.Header().Set("X-Content-Type-Options", "nosniff")
	rw.Write(w.css)
}

// proof is what the cookie holds: a digest of the token, so the cookie
// stops working when the token changes.
func proof(token string) string {
	sum := sha256.Sum256([]byte("partnerbot-web\x00" + token))
	return hex.EncodeToString(sum[:])
}

// guard checks the shared link token when one is configured: ?token=… (which
// sets the cookie) or the cookie from an earlier visit. Anything else gets a
// friendly 403 page.
func (w *Web) guard(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		securityHeaders(rw)
		if w.cfg.Token == "" {
			h(rw, r)
			return
		}
		want := proof(w.cfg.Token)
		if t := r.URL.Query().Get("token"); t != "" {
			if subtle.ConstantTimeCompare([]byte(proof(t)), []byte(want)) == 1 {
				http.SetCookie(rw, &http.Cookie{
					Name: cookieName, Value: want, Path: "/",
					MaxAge: 180 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode,
					Secure: r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"),
				})
				h(rw, r)
				return
			}
		} else if c, err := r.Cookie(cookieName); err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(want)) == 1 {
			h(rw, r)
			return
		}
		w.log().Info("web: refused a visit without a valid token", "path", r.URL.Path)
		w.problem(rw, http.StatusForbidden, "This page needs the partnership’s link",
			"The provision map and directory are shared with partners through a link that carries a token. "+
				"Open the link you were sent (it ends in ?token=…) and this browser will remember it. "+
				"If it still doesn’t work, the link may have changed: ask the Steering Group for the current one.")
	})
}

func securityHeaders(rw http.ResponseWriter) {
	h := rw.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "private, no-cache")
}

func (w *Web) log() *slog.Logger {
	if w.env != nil && w.env.Log != nil {
		return w.env.Log
	}
	return slog.Default()
}

// page is what every template gets.
type page struct {
	Title   string
	Nav     string // "map" or "directory": the current page in the menu
	Updated string
	Style   string
	Wide    bool // the map: as wide as the screen allows
	Body    any
}

// render writes a page; a failure is logged (the status is already sent).
func (w *Web) render(rw http.ResponseWriter, status int, name, title, nav string, body any) {
	var buf bytes.Buffer
	_, wide := body.(mapView)
	p := page{Title: title, Nav: nav, Style: StylePath, Body: body, Wide: wide}
	if w.env != nil && w.env.Clock != nil {
		p.Updated = when.FormatDateTime(w.env.Clock.Now(), w.env.Loc)
	}
	if err := w.pages[name].Execute(&buf, p); err != nil {
		w.log().Error("web: rendering a page", "page", name, "err", err)
		http.Error(rw, "Sorry, something went wrong showing this page.", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.WriteHeader(status)
	rw.Write(buf.Bytes())
}

// problem is a page that explains what went wrong and where to go next.
type problem struct {
	Heading, Text string
	Links         []link
}

type link struct{ Href, Text string }

func (w *Web) problem(rw http.ResponseWriter, status int, heading, text string, links ...link) {
	w.render(rw, status, "problem", heading, "", problem{Heading: heading, Text: text, Links: links})
}

var funcs = template.FuncMap{"plural": plural}
