package directory

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"partnerbot/storage"
)

// Header is the directory CSV's first line, exactly.
const Header = "organisation,service,description,themes,areas,eligibility,email,phone,website,address,opening_times"

var columns = strings.Split(Header, ",")

// maxRows caps one import.
const maxRows = 100000

// A Report says what an import did. Row numbers count as a spreadsheet
// shows them: the header is row 1, the first service row 2.
type Report struct {
	Added, Updated, Unchanged int
	Rejected                  []Rejection
}

// A Rejection is a row left out of an import, and why.
type Rejection struct {
	Row    int    `json:"row"`
	Reason string `json:"reason"`
}

func (r Rejection) String() string { return fmt.Sprintf("row %d: %s", r.Row, r.Reason) }

// String is the report as people read it, one rejected row a line.
func (r Report) String() string {
	var b strings.Builder
	rows := r.Added + r.Updated + r.Unchanged + len(r.Rejected)
	fmt.Fprintf(&b, "Read %d %s: %d added, %d updated, %d unchanged, %d rejected.", rows, plural(rows, "row", "rows"), r.Added, r.Updated, r.Unchanged, len(r.Rejected))
	for _, x := range r.Rejected {
		b.WriteString("\n  " + x.String())
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// A csvRow is a valid row read from a file.
type csvRow struct {
	n int
	s Service
}

// ErrNotDirectoryCSV is wrapped by Import's error when the file is not CSV
// with the directory header; nothing is written then.
var ErrNotDirectoryCSV = errors.New("not a directory CSV")

// readCSV reads and checks a directory CSV without writing anything.
func (d *Directory) readCSV(r io.Reader) ([]csvRow, []Rejection, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3) // a spreadsheet's byte order mark
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("%w: the file is empty; its first line must be:\n%s", ErrNotDirectoryCSV, Header)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrNotDirectoryCSV, err)
	}
	if strings.Join(head, ",") != Header || len(head) != len(columns) {
		got := strings.Join(head, ",")
		if utf8.RuneCountInString(got) > 200 {
			got = string([]rune(got)[:200]) + "…"
		}
		return nil, nil, fmt.Errorf("%w: the first line must be exactly\n%s\nbut it is\n%s", ErrNotDirectoryCSV, Header, got)
	}
	var rows []csvRow
	var rejected []Rejection
	seen := map[string]int{}
	for n := 2; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%w: row %d: %v", ErrNotDirectoryCSV, n, err)
		}
		if n > maxRows {
			return nil, nil, fmt.Errorf("%w: more than %d rows; split the file", ErrNotDirectoryCSV, maxRows-1)
		}
		if len(rec) != len(columns) {
			rejected = append(rejected, Rejection{n, fmt.Sprintf("has %d fields, not %d (%s)", len(rec), len(columns), Header)})
			continue
		}
		f := map[string]string{}
		for i, c := range columns {
			f[c] = strings.TrimSpace(rec[i])
		}
		s, problem := d.serviceFrom(f)
		if problem != "" {
			rejected = append(rejected, Rejection{n, problem})
			continue
		}
		k := serviceKey(s.Organisation, s.Name)
		if first, dup := seen[k]; dup {
			rejected = append(rejected, Rejection{n, fmt.Sprintf("repeats %s / %s from row %d", s.Organisation, s.Name, first)})
			continue
		}
		seen[k] = n
		rows = append(rows, csvRow{n, s})
	}
	return rows, rejected, nil
}

// serviceFrom builds a service from named fields, checking each; the
// problem is "" when all is well.
func (d *Directory) serviceFrom(f map[string]string) (Service, string) {
	s := Service{
		Organisation: f["organisation"], Name: f["service"], Description: f["description"],
		Eligibility: f["eligibility"], Email: f["email"], Phone: f["phone"], Website: f["website"],
		Address: f["address"], OpeningTimes: f["opening_times"], Status: Active,
	}
	switch {
	case key(s.Organisation) == "":
		return s, "the organisation is missing"
	case key(s.Name) == "":
		return s, "the service is missing"
	}
	problem := checkLengths(f)
	if problem != "" {
		return s, problem
	}
	if s.Themes, problem = d.themesFrom(f["themes"]); problem != "" {
		return s, problem
	}
	if s.Areas, problem = d.areasFrom(f["areas"]); problem != "" {
		return s, problem
	}
	if problem = checkContact(s.Email, s.Phone, s.Website); problem != "" {
		return s, problem
	}
	for _, v := range []string{s.Organisation, s.Name, s.Eligibility, s.Email, s.Phone, s.Website, s.Address, s.OpeningTimes} {
		if strings.ContainsAny(v, "\r\n") {
			return s, fmt.Sprintf("%q has a line break; only the description may", v)
		}
	}
	return s, ""
}

// themesFrom reads a ;-separated list of themes (names or synonyms).
func (d *Directory) themesFrom(list string) ([]string, string) {
	var out []string
	for _, t := range strings.Split(list, ";") {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		theme, ok := d.m.lookupTheme(t)
		if !ok {
			if near := d.m.nearestTheme(t); near != "" {
				return nil, fmt.Sprintf("theme '%s' — did you mean %s?", t, near)
			}
			return nil, fmt.Sprintf("theme '%s' is not one I know (themes: %s)", t, strings.Join(d.ThemeNames(), "; "))
		}
		if !contains(out, theme) {
			out = append(out, theme)
		}
	}
	if len(out) == 0 {
		return nil, "no themes (for example: food;older people)"
	}
	return out, ""
}

// areasFrom reads a ;-separated list of areas (names or aliases; Stevenage
// for the whole town).
func (d *Directory) areasFrom(list string) ([]string, string) {
	var out []string
	for _, a := range strings.Split(list, ";") {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		area, ok := d.m.lookupArea(a)
		if !ok {
			if near := d.m.nearestArea(a); near != "" {
				return nil, fmt.Sprintf("area '%s' — did you mean %s?", a, near)
			}
			return nil, fmt.Sprintf("area '%s' is not one I know (areas: %s)", a, strings.Join(d.AreaNames(), "; "))
		}
		if !contains(out, area) {
			out = append(out, area)
		}
	}
	if len(out) == 0 {
		return nil, "no areas (for example: Bedwell;Shephall, or Stevenage for the whole town)"
	}
	return out, ""
}

func checkContact(email, phone, website string) string {
	if email != "" {
		at := strings.Index(email, "@")
		if at <= 0 || strings.Count(email, "@") != 1 || !strings.Contains(email[at:], ".") || strings.ContainsFunc(email, unicode.IsSpace) {
			return fmt.Sprintf("email '%s' is not an email address", email)
		}
	}
	if phone != "" {
		digits := 0
		for _, r := range phone {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case strings.ContainsRune(" +()-.", r):
			default:
				return fmt.Sprintf("phone '%s' should have only digits, spaces and + ( ) -", phone)
			}
		}
		if digits < 3 {
			return fmt.Sprintf("phone '%s' has too few digits", phone)
		}
	}
	if website != "" && !strings.HasPrefix(website, "https://") && !strings.HasPrefix(website, "http://") {
		return fmt.Sprintf("website '%s' should start with https://", website)
	}
	if website != "" && strings.ContainsFunc(website, unicode.IsSpace) {
		return fmt.Sprintf("website '%s' has a space in it", website)
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Import reads directory CSV and upserts every valid row by organisation and
// service, in one transaction. Rows with unknown themes or areas, missing
// names or bad contact details are rejected and reported with their row
// number; the rest are written. If the file is not CSV with exactly the
// header line Header, nothing is written and the error (wrapping
// ErrNotDirectoryCSV) says why. A service that was made inactive stays
// inactive.
func (d *Directory) Import(r io.Reader) (Report, error) {
	return d.importAs(r, "import")
}

func (d *Directory) importAs(r io.Reader, by string) (Report, error) {
	var rep Report
	rows, rejected, err := d.readCSV(r)
	if err != nil {
		return rep, err
	}
	rep.Rejected = rejected
	now := d.env.Now().UTC()
	err = d.update(func(tx *storage.Tx) error {
		rep.Added, rep.Updated, rep.Unchanged = 0, 0, 0
		for _, row := range rows {
			res, err := d.upsert(tx, row.s, now, by)
			if err != nil {
				return err
			}
			switch res {
			case added:
				rep.Added++
			case updated:
				rep.Updated++
			default:
				rep.Unchanged++
			}
		}
		return nil
	})
	if err != nil {
		return Report{}, err
	}
	d.env.Log.Info("directory import", "added", rep.Added, "updated", rep.Updated, "unchanged", rep.Unchanged, "rejected", len(rep.Rejected), "by", by)
	return rep, nil
}

type upsertResult int

const (
	unchanged upsertResult = iota
	added
	updated
)

// upsert writes s, creating its organisation if need be. An existing
// service keeps its place in the order, its status, and its organisation's
// spelling.
func (d *Directory) upsert(tx *storage.Tx, s Service, now time.Time, by string) (upsertResult, error) {
	org, err := ensureOrg(tx, s.Organisation, now)
	if err != nil {
		return unchanged, err
	}
	s.Organisation = org.Name
	k := serviceKey(s.Organisation, s.Name)
	var old Service
	found, err := storage.Get(tx, ServiceBucket, k, &old)
	if err != nil {
		return unchanged, err
	}
	res := added
	if found {
		if old.sameContent(&s) {
			return unchanged, nil
		}
		s.Seq, s.Status = old.Seq, old.Status
		res = updated
	} else if s.Seq, err = storage.NextID(tx, ServiceBucket); err != nil {
		return unchanged, err
	}
	if s.Status == "" {
		s.Status = Active
	}
	s.Updated, s.UpdatedBy = now, by
	return res, storage.Put(tx, ServiceBucket, k, &s)
}

func ensureOrg(tx *storage.Tx, name string, now time.Time) (*Organisation, error) {
	var o Organisation
	found, err := storage.Get(tx, OrgBucket, key(name), &o)
	if err != nil || found {
		return &o, err
	}
	o = Organisation{Name: name, Added: now}
	if o.Seq, err = storage.NextID(tx, OrgBucket); err != nil {
		return nil, err
	}
	return &o, storage.Put(tx, OrgBucket, key(name), &o)
}

// Export writes the active services as directory CSV: the header line, then
// one row per service in the order the services were first added (an
// imported file's order is kept; later additions follow). Fields are quoted
// as encoding/csv quotes them, except that a description is always quoted,
// as the example file does, so an imported file in that form round-trips
// byte for byte.
func (d *Directory) Export(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(Header + "\n")
	for _, s := range d.index().all {
		if s.Status == Inactive {
			continue
		}
		fields := []string{s.Organisation, s.Name, s.Description, strings.Join(s.Themes, ";"), strings.Join(s.Areas, ";"),
			s.Eligibility, s.Email, s.Phone, s.Website, s.Address, s.OpeningTimes}
		for i, f := range fields {
			if i > 0 {
				bw.WriteByte(',')
			}
			writeField(bw, f, i == 2 && f != "")
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// writeField writes one field the way encoding/csv does (quoted if it needs
// it, quotes doubled), or quoted anyway if force.
func writeField(w *bufio.Writer, f string, force bool) {
	if !force && !needsQuotes(f) {
		w.WriteString(f)
		return
	}
	w.WriteByte('"')
	w.WriteString(strings.ReplaceAll(f, `"`, `""`))
	w.WriteByte('"')
}

// needsQuotes is encoding/csv's rule.
func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` || strings.ContainsAny(f, ",\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsSpace(r)
}
