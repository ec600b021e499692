package resource

import (
	"net/url"
	"sort"
	"strings"
	"unicode"

	"partnerbot/bot"
)

// maxURLLen bounds a shared link.
const maxURLLen = 2000

const shareExample = `resource share https://example.org/toolkit "Warm spaces toolkit" #energy-and-warmth "How to run a warm space"`

// CheckURL validates a link someone wants to share and returns it cleaned
// (Slack's <url|label> wrapping removed, scheme and host lower-cased). Only
// http and https links with a host are accepted.
func CheckURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	// Slack wraps links as <https://x.org|x.org>.
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
		if i := strings.IndexByte(s, '|'); i >= 0 {
			s = s[:i]
		}
	}
	if s == "" {
		return "", bot.Refuse(shareExample, "I need a link to share, starting with https://.")
	}
	if len(s) > maxURLLen {
		return "", bot.Refuse(shareExample, "That link is too long (%d characters; the most I take is %d).", len(s), maxURLLen)
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "", bot.Refuse(shareExample, "%q has a space in it, so it isn't a link. Paste the whole address, starting with https://.", s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", bot.Refuse(shareExample, "%q isn't a link I can read. Paste the whole address, starting with https://.", s)
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme == "":
		return "", bot.Refuse(shareExample, "%q has no https:// at the start. Paste the whole address, for example https://%s.", s, strings.TrimPrefix(s, "//"))
	case scheme != "http" && scheme != "https":
		return "", bot.Refuse(shareExample, "I only share web links (http or https), not %s: links.", scheme)
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return "", bot.Refuse(shareExample, "%q has no website name after %s://.", s, scheme)
	case u.User != nil:
		return "", bot.Refuse(shareExample, "That link has a user name or password in it. Share the address without them.")
	}
	host := strings.ToLower(u.Hostname())
	if strings.ContainsAny(host, "_ ") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, "..") {
		return "", bot.Refuse(shareExample, "%q isn't a website name I can read.", u.Hostname())
	}
	u.Scheme = scheme
	u.Host = strings.ToLower(u.Host)
	return u.String(), nil
}

// NormaliseURL returns the form of a (checked) link used to find duplicates:
// http and https alike, host lower-cased without a default port, no
// trailing slash, no fragment, no utm_* tracking parameters, the remaining
// query parameters sorted.
func NormaliseURL(checked string) string {
	u, err := url.Parse(checked)
	if err != nil {
		return strings.ToLower(checked)
	}
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(strings.ToLower(k), "utm_") {
			delete(q, k)
		}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var qs []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			qs = append(qs, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	out := host + path
	if len(qs) > 0 {
		out += "?" + strings.Join(qs, "&")
	}
	return out
}
