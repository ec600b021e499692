package web

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium or Chrome to drive: $PARTNERBOT_CHROMIUM, then
// Debian's /usr/bin/chromium, then the usual names on PATH.
func chromium() string {
	names := []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
	if p := os.Getenv("PARTNERBOT_CHROMIUM"); p != "" {
		names = append([]string{p}, names...)
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// screenshot keeps a picture of the page in the test's temporary directory
// and, when $PARTNERBOT_SCREENSHOT_DIR is set, there too (CI keeps them).
func screenshot(t *testing.T, dir, name string, png []byte) {
	t.Helper()
	dirs := []string{dir}
	if d := os.Getenv("PARTNERBOT_SCREENSHOT_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
	}
}

// TestBrowser drives the pages in a real headless Chromium, as a partner
// would on a phone and on a desktop: open the map from the shared link,
// follow a cell to its services, search the directory, and keep
// screenshots of each page.
func TestBrowser(t *testing.T) {
	path := chromium()
	if path == "" {
		t.Skip("no Chromium to drive: install Debian's chromium (apt-get install chromium) or set PARTNERBOT_CHROMIUM; skipping the browser test")
	}
	const token = "browser-link-token"
	w, d := newWeb(t, token)
	srv := httptest.NewServer(w.Mux())
	defer srv.Close()
	shots := t.TempDir()

	// A watchdog for the whole test: the browser goes when it fires.
	parent, stop := context.WithTimeout(context.Background(), 45*time.Second)
	defer stop()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancel()

	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	shoot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		screenshot(t, shots, name, png)
	}
	eval := func(js string) bool {
		t.Helper()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return ok
	}
	desktop := chromedp.EmulateViewport(1280, 900)
	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulatePortrait)

	// Without the link, a friendly refusal.
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.URL+"/map"))
	if err != nil {
		t.Fatalf("opening /map: %v", err)
	}
	if resp.Status != 403 || !strings.Contains(text("main"), "needs the partnership’s link") {
		t.Fatalf("/map without the token: %d %q", resp.Status, text("main"))
	}
	shoot("forbidden.png")

	// The shared link, on a desktop.
	run("the map from the shared link", desktop, chromedp.Navigate(srv.URL+"/map?token="+token), chromedp.WaitVisible(chromedp.CSS("table.map")))
	if c := text("caption"); c != "Services by theme and area" {
		t.Errorf("caption %q", c)
	}
	shoot("map-desktop.png")

	// The keyboard reaches the skip link first, and focus shows: a thick
	// outline and a yellow background.
	run("tab", chromedp.KeyEvent("\t"))
	if !eval(`document.activeElement.classList.contains('skip') && document.activeElement.getBoundingClientRect().top >= 0`) {
		t.Error("the first Tab does not show the skip link")
	}
	run("focus a cell", chromedp.Focus(chromedp.CSS(`a[href="/map/bedwell/older-people"]`)))
	if !eval(`(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle === 'solid' && parseFloat(s.outlineWidth) >= 2 && s.backgroundColor === 'rgb(255, 221, 0)'; })()`) {
		t.Error("a focused cell link shows no focus style")
	}
	shoot("map-focus.png")

	// On a phone the cookie carries on; the table scrolls, the page does not.
	run("phone viewport", phone)
	resp, err = chromedp.Run(ctx, chromedp.NavigateResponse(srv.URL+"/map"))
	if err != nil || resp.Status != 200 {
		t.Fatalf("/map with the cookie: %v %v", resp, err)
	}
	if !eval(`document.documentElement.scrollWidth <= window.innerWidth`) {
		t.Error("on a phone the page scrolls sideways; only the table should")
	}
	if !eval(`getComputedStyle(document.querySelector('th[scope=row]')).position === 'sticky'`) {
		t.Error("the theme column is not sticky")
	}
	if !eval(`document.querySelector('.scroll').scrollWidth > document.querySelector('.scroll').clientWidth`) {
		t.Error("the table should scroll sideways inside its frame on a phone")
	}
	shoot("map-phone.png")

	// Follow a cell to its services.
	pm := d.Map()
	cell, ok := pm.Cell("Bedwell", "older people")
	if !ok || len(cell.Local) == 0 {
		t.Fatalf("the demo has no local older people's service in Bedwell: %+v", cell)
	}
	resp, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`a[href="/map/bedwell/older-people"]`)))
	if err != nil || resp.Status != 200 {
		t.Fatalf("following the Bedwell × older people cell: %v %v", resp, err)
	}
	if h := text("h1"); h != "Older people in Bedwell" {
		t.Errorf("cell page heading %q", h)
	}
	main := text("main")
	for _, ref := range append(cell.Local, cell.Townwide...) {
		if !strings.Contains(main, ref.Service) {
			t.Errorf("cell page lacks %q", ref.Service)
		}
	}
	shoot("cell-phone.png")

	// Search the directory as a person would: type, then press Search.
	run("the directory", chromedp.Navigate(srv.URL+"/directory"), chromedp.WaitVisible(chromedp.ID("q")), chromedp.SendKeys(chromedp.ID("q"), "older people in Bedwell"))
	resp, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`button[type=submit]`)))
	if err != nil || resp.Status != 200 {
		t.Fatalf("searching: %v %v", resp, err)
	}
	if h := text("#answer"); h != "Older people in Bedwell" {
		t.Errorf("answer heading %q", h)
	}
	a, err := d.Ask("older people in Bedwell", 1)
	if err != nil || len(a.Results) == 0 {
		t.Fatalf("the directory's own answer: %+v %v", a, err)
	}
	main = text("main")
	for _, r := range a.Results {
		if !strings.Contains(main, r.Name) {
			t.Errorf("search results lack %q", r.Name)
		}
	}
	if !eval(`document.documentElement.scrollWidth <= window.innerWidth`) {
		t.Error("the results scroll sideways on a phone")
	}
	shoot("directory-phone.png")

	// A place the directory doesn't know gets the list of those it does.
	run("an unknown area", chromedp.Navigate(srv.URL+"/directory?q="+url.QueryEscape("food banks in Hitchin")), chromedp.WaitVisible(chromedp.CSS(".message")))
	if m := text(".message"); !strings.Contains(m, "I don’t know the area “Hitchin”") || !strings.Contains(m, "Great Ashby") {
		t.Errorf("unknown area message %q", m)
	}
	shoot("unknown-area-phone.png")
	run("desktop", desktop, chromedp.Navigate(srv.URL+"/directory?q=older%20people%20in%20Bedwell"))
	shoot("directory-desktop.png")

	// The skip link is the first thing the keyboard reaches.
	if !eval(`(() => { const a = document.querySelector('a'); return a.classList.contains('skip') && a.getAttribute('href') === '#main'; })()`) {
		t.Error("the first link is not the skip link")
	}
}
