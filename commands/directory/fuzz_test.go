package directory

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzQuestion(f *testing.F) {
	for _, s := range []string{
		"who supports older people in Bedwell?", "food banks in Shephall", "youth clubs near Pin Green",
		"mental health support for teenagers in St Nick's", "food in Hitchin page 2", "page 0", "in", "in in in near",
		"SEND support in Symmonds Green", "“quoted” ’apostrophes’ — dashes", "over 50s in the Old Town page 999999",
		"\x00\xff in \u00a0 Bedwel", strings.Repeat("food in ", 300),
	} {
		f.Add(s)
	}
	d, _ := withDemo(f)
	f.Fuzz(func(t *testing.T, q string) {
		a, err := d.Ask(q, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Results) > PageSize || a.Page < 1 || a.Pages < 1 {
			t.Fatalf("%q: %d results, page %d of %d", q, len(a.Results), a.Page, a.Pages)
		}
		if !a.Understood() && a.Total > 0 {
			t.Fatalf("%q: results for a question not understood", q)
		}
		if a.Area != "" && a.UnknownArea != "" {
			t.Fatalf("%q: both a known and an unknown area", q)
		}
		rep := d.renderAnswer(a)
		if a.Understood() && !utf8.ValidString(rep.Text) && utf8.ValidString(q) {
			t.Fatalf("%q: invalid UTF-8 reply", q)
		}
		_ = d.Themes(q)
	})
}

func FuzzImportCSV(f *testing.F) {
	example, _ := os.ReadFile("testdata/directory-example.csv")
	f.Add(example)
	f.Add([]byte(Header + "\nA,B,desc,food,Bedwel,,,,,,\n"))
	f.Add([]byte(Header + "\n\"A\"\"\",\"B\nC\",,fod;food,Stevenage;Pin Green,,x@y.example,+44 1438,https://a.example,,\n"))
	f.Add([]byte("\xef\xbb\xbf" + Header + "\r\nA,B,,food,Bedwell,,,,,,\r\n"))
	f.Add([]byte(Header + "\nA,B,\"unclosed\n"))
	f.Add([]byte(""))
	d, _ := newTest(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, rejected, err := d.readCSV(bytes.NewReader(data))
		if err != nil {
			if rows != nil || rejected != nil {
				t.Fatalf("rows returned with an error")
			}
			return
		}
		for _, r := range rows {
			if len(r.s.Themes) == 0 || len(r.s.Areas) == 0 || key(r.s.Organisation) == "" || key(r.s.Name) == "" {
				t.Fatalf("row %d accepted without names, themes or areas: %+v", r.n, r.s)
			}
		}
		for _, r := range rejected {
			if r.Row < 2 || r.Reason == "" {
				t.Fatalf("bad rejection %+v", r)
			}
		}
		// Anything accepted exports and reads back the same.
		rep, err := d.Import(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		_ = rep.String()
		var out bytes.Buffer
		if err := d.Export(&out); err != nil {
			t.Fatal(err)
		}
		back, rej, err := d.readCSV(bytes.NewReader(out.Bytes()))
		if err != nil || len(rej) > 0 || len(back) != len(d.Services("")) {
			t.Fatalf("export does not read back: %v %v (%d of %d)\n%s", err, rej, len(back), len(d.Services("")), out.Bytes())
		}
	})
}
