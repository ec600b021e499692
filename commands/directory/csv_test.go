package directory

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestExportRoundTrip(t *testing.T) {
	want, err := os.ReadFile("testdata/directory-example.csv")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := withExample(t)
	var got bytes.Buffer
	if err := d.Export(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("export differs from the imported file:\n%s\nwant:\n%s", got.Bytes(), want)
	}
	// Importing the export again changes nothing.
	rep, err := d.Import(bytes.NewReader(got.Bytes()))
	if err != nil || rep.Unchanged != 6 || rep.Added+rep.Updated+len(rep.Rejected) != 0 {
		t.Fatalf("re-import: %v %v", rep, err)
	}
	// The demo round-trips too, through a fresh database.
	demo, _ := withDemo(t)
	var a, b bytes.Buffer
	if err := demo.Export(&a); err != nil {
		t.Fatal(err)
	}
	if a.String() != demoCSV {
		t.Errorf("demo export differs from demo.csv")
	}
	d2, _ := newTest(t)
	if _, err := d2.Import(bytes.NewReader(a.Bytes())); err != nil {
		t.Fatal(err)
	}
	if err := d2.Export(&b); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("demo round trip differs (%v)", err)
	}
}

func TestExportQuoting(t *testing.T) {
	d, _ := newTest(t)
	in := Header + "\n" +
		`"Quote ""Us"" Trust",Plain,"Has ""quotes""",food,Bedwell,,,,,,` + "\n" +
		`Org B,Service B,No commas here,food,Bedwell,"Over 60, or carers",,,," Leading space",` + "\n" +
		`Org C,Service C,"Two` + "\n" + `lines",food,Bedwell,,,,,,` + "\n" +
		`Org D,Service D,,food,Bedwell,,,,,,` + "\n"
	want := Header + "\n" +
		`"Quote ""Us"" Trust",Plain,"Has ""quotes""",food,Bedwell,,,,,,` + "\n" +
		`Org B,Service B,"No commas here",food,Bedwell,"Over 60, or carers",,,,Leading space,` + "\n" +
		`Org C,Service C,"Two` + "\n" + `lines",food,Bedwell,,,,,,` + "\n" +
		`Org D,Service D,,food,Bedwell,,,,,,` + "\n"
	rep, err := d.Import(strings.NewReader(in))
	if err != nil || rep.Added != 4 {
		t.Fatalf("%v %v", rep, err)
	}
	var out bytes.Buffer
	d.Export(&out)
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestImportReport(t *testing.T) {
	row := func(org, svc, themes, areas string, extra ...string) string {
		f := []string{org, svc, "A service.", themes, areas, "", "", "", "", "", ""}
		for i := 0; i+1 < len(extra); i += 2 {
			f[slices.Index(columns, extra[i])] = extra[i+1]
		}
		return strings.Join(f, ",") + "\n"
	}
	tests := []struct {
		name                      string
		csv                       string
		added, updated, unchanged int
		rejected                  []string
	}{
		{"good rows", Header + "\n" + row("A", "One", "food", "Bedwell") + row("A", "Two", "food;older people", "Bedwell;Pin Green"), 2, 0, 0, nil},
		{"typo in an area", Header + "\n" + row("A", "One", "food", "Bedwell") + row("A", "Two", "food", "Bedwel"), 1, 0, 0,
			[]string{"row 3: area 'Bedwel' — did you mean Bedwell?"}},
		{"typo in a theme", Header + "\n" + row("A", "One", "fod", "Bedwell"), 0, 0, 0, []string{"row 2: theme 'fod' — did you mean food?"}},
		{"unknown area", Header + "\n" + row("A", "One", "food", "Hitchin"), 0, 0, 0, []string{"row 2: area 'Hitchin' is not one I know (areas: Almond Hill; Bandley Hill and Poplars; Bedwell; Chells; Longmeadow; Manor; Martins Wood; Old Town; Roebuck; St Nicholas; Shephall; Symonds Green; Woodfield; Great Ashby; Stevenage)"}},
		{"synonyms accepted", Header + "\n" + row("A", "One", "foodbank;pensioners", "St Nicks;Stevenage"), 1, 0, 0, nil},
		{"missing names", Header + "\n" + row("", "One", "food", "Bedwell") + row("A", "", "food", "Bedwell"), 0, 0, 0,
			[]string{"row 2: the organisation is missing", "row 3: the service is missing"}},
		{"no themes or areas", Header + "\n" + row("A", "One", "", "Bedwell") + row("A", "Two", "food", " ; "), 0, 0, 0,
			[]string{"row 2: no themes (for example: food;older people)", "row 3: no areas (for example: Bedwell;Shephall, or Stevenage for the whole town)"}},
		{"bad contacts", Header + "\n" + row("A", "One", "food", "Bedwell", "email", "nope") + row("A", "Two", "food", "Bedwell", "website", "www.x.example") + row("A", "Three", "food", "Bedwell", "phone", "call us"), 0, 0, 0,
			[]string{"row 2: email 'nope' is not an email address", "row 3: website 'www.x.example' should start with https://", "row 4: phone 'call us' should have only digits, spaces and + ( ) -"}},
		{"wrong field count", Header + "\n" + "A,One,desc,food,Bedwell\n" + row("A", "Two", "food", "Bedwell"), 1, 0, 0,
			[]string{"row 2: has 5 fields, not 11 (" + Header + ")"}},
		{"repeated row", Header + "\n" + row("A", "One", "food", "Bedwell") + row("a", "ONE", "food", "Chells"), 1, 0, 0,
			[]string{"row 3: repeats a / ONE from row 2"}},
		{"byte order mark", "\xef\xbb\xbf" + Header + "\n" + row("A", "One", "food", "Bedwell"), 1, 0, 0, nil},
		{"CRLF line ends", strings.ReplaceAll(Header+"\n"+row("A", "One", "food", "Bedwell"), "\n", "\r\n"), 1, 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _ := newTest(t)
			rep, err := d.Import(strings.NewReader(tt.csv))
			if err != nil {
				t.Fatal(err)
			}
			var rej []string
			for _, r := range rep.Rejected {
				rej = append(rej, r.String())
			}
			if rep.Added != tt.added || rep.Updated != tt.updated || rep.Unchanged != tt.unchanged || !slices.Equal(rej, tt.rejected) {
				t.Errorf("got %s", rep)
			}
		})
	}
}

func TestImportUpsert(t *testing.T) {
	d, _ := withExample(t)
	in := Header + "\n" +
		`Sample Riverside Trust,Tuesday Lunch Club,"New description.",older people;food,Shephall,Aged 60 and over,lunch@riverside.example,01438 000101,,,Tuesdays` + "\n" +
		`sample riverside trust,Warm Welcome Space,"A warm room with hot drinks, free Wi-Fi and a friendly face through the winter.",energy and warmth;loneliness,Shephall;Bedwell,,warm@riverside.example,01438 000102,https://riverside.example/warm,"Shephall Community Hall, Shephall Way, SG2",Monday to Friday 10:00-16:00 (November to March)` + "\n" +
		`Sample Riverside Trust,Friday Film Club,"Films and popcorn.",loneliness,Shephall,,,,,,` + "\n"
	rep, err := d.Import(strings.NewReader(in))
	if err != nil || rep.Added != 1 || rep.Updated != 1 || rep.Unchanged != 1 {
		t.Fatalf("%v %v", rep, err)
	}
	if got := rep.String(); got != "Read 3 rows: 1 added, 1 updated, 1 unchanged, 0 rejected." {
		t.Errorf("report %q", got)
	}
	svcs := d.Services("Sample Riverside Trust")
	if len(svcs) != 3 || svcs[0].Description != "New description." || svcs[2].Name != "Friday Film Club" {
		t.Errorf("services after upsert: %+v", svcs)
	}
	// The updated service keeps its place in the export; the new one is last.
	var out bytes.Buffer
	d.Export(&out)
	lines := strings.Split(out.String(), "\n")
	if !strings.HasPrefix(lines[1], "Sample Riverside Trust,Tuesday Lunch Club,") || !strings.HasPrefix(lines[7], "Sample Riverside Trust,Friday Film Club,") {
		t.Errorf("export order:\n%s", out.String())
	}
}

func TestImportNotCSV(t *testing.T) {
	for name, in := range map[string]string{
		"empty":            "",
		"wrong header":     "org,service\nA,B\n",
		"reordered header": "service,organisation,description,themes,areas,eligibility,email,phone,website,address,opening_times\n",
		"bad quoting":      Header + "\n" + `A,B,"unclosed,food,Bedwell,,,,,,` + "\nA,C,d,food,Bedwell,,,,,,\n",
		"bare quote":       Header + "\nA,B,de\"sc,food,Bedwell,,,,,,\n",
		"binary":           "\x00\x01\x02PK\x03\x04",
	} {
		t.Run(name, func(t *testing.T) {
			d, _ := withExample(t)
			var before, after bytes.Buffer
			d.Export(&before)
			_, err := d.Import(strings.NewReader(in))
			if !errors.Is(err, ErrNotDirectoryCSV) {
				t.Fatalf("err = %v, want ErrNotDirectoryCSV", err)
			}
			d.Export(&after)
			if before.String() != after.String() {
				t.Errorf("something was written")
			}
		})
	}
}
