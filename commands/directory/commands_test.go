package directory

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"partnerbot/bot"
)

func TestWhoData(t *testing.T) {
	_, env := withExample(t)
	r := env.Run("alice", "who cost of living in Shephall")
	if r.Error {
		t.Fatal(r.Text)
	}
	b, _ := json.Marshal(r.Data)
	var data struct {
		Themes  []string `json:"themes"`
		Area    string   `json:"area"`
		Total   int      `json:"total"`
		Page    int      `json:"page"`
		Results []struct {
			Organisation string   `json:"organisation"`
			Service      string   `json:"service"`
			Areas        []string `json:"areas"`
			Themes       []string `json:"themes"`
			Townwide     bool     `json:"townwide"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &data); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(data.Themes, []string{"cost of living"}) || data.Area != "Shephall" || data.Total != 3 || data.Page != 1 || len(data.Results) != 3 {
		t.Fatalf("data %s", b)
	}
	if data.Results[2].Service != "Debt and Benefits Advice" || !data.Results[2].Townwide || data.Results[0].Townwide || data.Results[0].Organisation != "Sample Riverside Trust" {
		t.Errorf("results %s", b)
	}
	if !strings.Contains(r.Text, "*Based in Shephall*") || !strings.Contains(r.Text, "*Across Stevenage*") {
		t.Errorf("text:\n%s", r.Text)
	}
}

func TestWhoReplies(t *testing.T) {
	d, env := newTest(t)
	if _, err := d.Import(strings.NewReader(generate(d, 200, 3))); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text  string
		error bool
		has   []string
	}{
		{"who food in Hitchin", true, []string{"I don't know the area “Hitchin”", "Almond Hill, Bandley Hill and Poplars", "Stevenage for the whole town"}},
		{"who food near Bedwel Hill", false, []string{"I read “Bedwel” as Bedwell"}},
		{"who is there?", true, []string{"I couldn't tell what kind of help", "older people, young people"}},
		{"who", true, []string{"who supports older people in Bedwell?"}},
		{"who food page 2", false, []string{"Showing 6–10", "…and", "`who food page 3`"}},
		{"who food page 99", true, []string{"only"}},
		{"who digital inclusion in Great Ashby and Chells", false, []string{"ask again for Chells"}},
	}
	for _, tt := range tests {
		r := env.Run("alice", tt.text)
		if r.Error != tt.error {
			t.Errorf("%q: error %v:\n%s", tt.text, r.Error, r.Text)
		}
		for _, h := range tt.has {
			if !strings.Contains(r.Text, h) {
				t.Errorf("%q: no %q in\n%s", tt.text, h, r.Text)
			}
		}
	}
	// A plain question that mentions the bot goes to who.
	r := env.Router.Handle(context.Background(), &bot.Request{User: bot.ConsoleUser("bob"), Channel: bot.ConsoleChannel, Mention: true, Text: "anyone doing food banks in Shephall?"})
	if r.Error || r.Data["area"] != "Shephall" {
		t.Errorf("mention: %v %s", r.Data, r.Text)
	}
	// The next-page button runs the next page.
	r = env.Run("alice", "who food")
	if len(r.Choices) != 1 || r.Choices[0].Command != "who food page 2" {
		t.Errorf("choices %+v", r.Choices)
	}
}

func TestGapsData(t *testing.T) {
	_, env := withExample(t)
	r := env.Run("alice", "gaps Bedwell --json")
	if r.Error {
		t.Fatal(r.Text)
	}
	gaps := r.Data["gaps"].([]string)
	// Bedwell: warm space (energy, loneliness), youth club; debt advice and
	// young minds are town-wide.
	want := []string{"older people", "children and families", "food", "housing", "disability", "carers", "employment and skills", "digital inclusion", "domestic abuse", "refugees and migrants"}
	if !slices.Equal(gaps, want) {
		t.Errorf("gaps %q", gaps)
	}
	if tw := r.Data["townwide_only"].([]string); !slices.Equal(tw, []string{"money and debt", "mental health"}) {
		t.Errorf("townwide_only %q", tw)
	}
	if r.Data["area"] != "Bedwell" {
		t.Errorf("area %v", r.Data["area"])
	}
	for text, area := range map[string]string{"gaps pin green": "Almond Hill", "gaps \"Symmonds Green\"": "Symonds Green", "gaps st nicks": "St Nicholas"} {
		if r := env.Run("alice", text); r.Data["area"] != area {
			t.Errorf("%s: area %v", text, r.Data["area"])
		}
	}
	r = env.Run("alice", "gaps cost of living")
	if r.Data["theme"] != "cost of living" || slices.Contains(r.Data["gaps"].([]string), "Shephall") || !slices.Contains(r.Data["gaps"].([]string), "Great Ashby") && !slices.Contains(r.Data["townwide_only"].([]string), "Great Ashby") {
		t.Errorf("gaps cost of living: %v", r.Data)
	}
	r = env.Run("alice", "gaps foodbanks")
	if r.Data["theme"] != "food" {
		t.Errorf("gaps foodbanks: %v", r.Data)
	}
	r = env.Run("alice", "gaps")
	if g := r.Data["gaps"].(map[string][]string); !slices.Contains(g["Great Ashby"], "food") || slices.Contains(g["Chells"], "food") {
		t.Errorf("matrix gaps: %v", g)
	}
	if r := env.Run("alice", "gaps Hitchin"); !r.Error || !strings.Contains(r.Text, "neither an area nor a theme") {
		t.Errorf("gaps Hitchin: %s", r.Text)
	}
}

func TestMapCells(t *testing.T) {
	d, _ := withExample(t)
	p := d.Map()
	for _, tt := range []struct{ area, theme, state string }{
		{"Shephall", "food", CellLocal},
		{"Shephall", "cost of living", CellLocal},
		{"Bedwell", "money and debt", CellTownwide},
		{"Bedwell", "cost of living", CellLocal},
		{"Great Ashby", "cost of living", CellTownwide},
		{"Great Ashby", "food", CellGap},
		{"Chells", "food", CellLocal},
	} {
		c, ok := p.Cell(tt.area, tt.theme)
		if !ok || c.State != tt.state {
			t.Errorf("%s × %s: %q, want %q", tt.area, tt.theme, c.State, tt.state)
		}
	}
}

func TestAdminCommands(t *testing.T) {
	d, env := withExample(t)
	steps := []struct {
		user, text string
		error      bool
		has        string
	}{
		{"alice", `directory add "Shephall Men's Shed"`, true, "Only admins"},
		{"admin", `directory add "Shephall Men's Shed"`, false, "Added the organisation"},
		{"admin", `directory add "shephall mens shed"`, true, "already in the directory"},
		{"admin", `directory add "Shephall Men's Shed" "Tuesday Shed" themes "older people;lonely" areas="Shephall;Bedwel"`, true, "area 'Bedwel' — did you mean Bedwell?"},
		{"admin", `directory add "Shephall Men's Shed" "Tuesday Shed" themes "older people;lonely" areas Shephall`, false, "Added to the directory"},
		{"admin", `directory add "Shephall Men's Shed" "Tuesday Shed" themes food areas Shephall`, true, "already has a service"},
		{"admin", `directory add "Shephall Men's Shed" "Tuesday Shed" themes food`, true, "needs its themes and areas"},
		{"admin", `directory add "Shephall Men's Shed" "Other" colour blue themes food areas Bedwell`, true, "I expected a field name"},
		{"admin", `directory edit "Shephall Mens Shed" "tuesday shed" phone "01438 000999" hours “Tuesdays 10:00-15:00”`, false, "01438 000999"},
		{"admin", `directory edit "Shephall Mens Shed" "tuesday shed" email nope`, true, "email 'nope' is not an email address"},
		{"admin", `directory edit "Shephall Mens Shed" "Wednesday Shed" phone 1`, true, "has no service called"},
		{"admin", `directory edit "Nobody" "Tuesday Shed" phone 1`, true, "I don't know an organisation"},
		{"admin", `directory edit "Shephall Men's Shed" "Tuesday Shed" status paused`, true, "status is active or inactive"},
		{"admin", `directory edit "Shephall Men's Shed" "Tuesday Shed" status inactive`, false, "inactive"},
		{"alice", "who older people in Shephall", false, "Tuesday Lunch Club"},
		{"admin", `directory edit "Shephall Men's Shed" "Tuesday Shed" status active name "The Shed"`, false, "The Shed"},
		{"admin", `directory edit riverside name "Riverside Community Trust"`, false, "Renamed *Sample Riverside Trust* to *Riverside Community Trust*"},
		{"alice", `directory show riverside community`, false, "Tuesday Lunch Club"},
		{"admin", `directory remove "Riverside Community Trust" "Warm Welcome"`, false, "Removed *Warm Welcome Space*"},
		{"admin", `directory remove "Riverside Community Trust"`, false, "Remove the organisation and all of them?"},
		{"admin", `directory remove "Riverside Community Trust" --confirm`, false, "Removed *Riverside Community Trust* and its 1 service"},
		{"alice", `directory show riverside`, true, "I don't know an organisation"},
	}
	for _, s := range steps {
		r := env.Run(s.user, s.text)
		if r.Error != s.error || !strings.Contains(r.Text, s.has) {
			t.Fatalf("%s: %q: error=%v\n%s", s.user, s.text, r.Error, r.Text)
		}
	}
	if got := d.Organisations(); slices.Contains(got, "Sample Riverside Trust") || !slices.Contains(got, "Shephall Men's Shed") {
		t.Errorf("organisations %q", got)
	}
	a, _ := d.Ask("lonely old folk in Shephall, older people", 1)
	if len(a.Results) == 0 || a.Results[0].Name != "The Shed" {
		t.Errorf("after edits: %+v", a.Results)
	}
	// A reopened directory reads the same from bbolt.
	d2, err := New(env.Env)
	if err != nil || !slices.Equal(d2.Organisations(), d.Organisations()) {
		t.Errorf("reopen: %v %q", err, d2.Organisations())
	}
}

func TestImportExportCommands(t *testing.T) {
	d, env := newTest(t)
	csvData, _ := os.ReadFile("testdata/directory-example.csv")
	r := env.Router.Handle(context.Background(), &bot.Request{User: bot.ConsoleUser("admin"), Channel: bot.ConsoleChannel, Text: "directory import", Attachment: csvData})
	if r.Error || r.Data["added"] != 6 || !strings.Contains(r.Text, "6 added") {
		t.Fatalf("import: %s %v", r.Text, r.Data)
	}
	if r := env.Run("admin", "directory import"); !r.Error || !strings.Contains(r.Text, "Attach a CSV file") {
		t.Errorf("no attachment: %s", r.Text)
	}
	if r := env.Run("admin", "directory import ```organisation,service\nA,B\n```"); !r.Error || !strings.Contains(r.Text, "Nothing was imported") {
		t.Errorf("bad paste: %s", r.Text)
	}
	r = env.Run("admin", "directory import "+Header+"\nPasted Org,Pasted,desc,food,Manr,,,,,,")
	if r.Error || !strings.Contains(r.Text, "row 2: area 'Manr' — did you mean Manor?") {
		t.Errorf("pasted: %s", r.Text)
	}
	r = env.Run("admin", "directory export")
	if r.Error || r.Data["csv"] != string(csvData) || !strings.HasPrefix(r.Text, "```\n"+Header) {
		t.Errorf("export:\n%s", r.Text)
	}
	if r := env.Run("alice", "directory export"); !r.Error {
		t.Errorf("a member exported")
	}
	_ = d
}

func TestMatchOrganisation(t *testing.T) {
	d, _ := withDemo(t)
	for in, want := range map[string]string{
		"sample riverside trust":  "Sample Riverside Trust",
		"Sample Riverside Trst":   "Sample Riverside Trust",
		"riverside":               "Sample Riverside Trust",
		"Shephall Mens Shed":      "Shephall Men's Shed",
		"stevenage works":         "Stevenage Works",
		"Stevenage":               "",
		"nobody at all":           "",
		"":                        "",
		"Bedwell Good Neighbour":  "Bedwell Good Neighbours",
		"Bedwell Good Neighbours": "Bedwell Good Neighbours",
	} {
		got, ok := d.MatchOrganisation(in)
		if got != want || ok != (want != "") {
			t.Errorf("MatchOrganisation(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
