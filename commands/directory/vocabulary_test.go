package directory

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"partnerbot/bot"
	"partnerbot/bot/bottest"
)

func TestDefaultVocabulary(t *testing.T) {
	v := DefaultVocabulary()
	if len(v.Themes) != 16 || len(v.Wards) != 13 || !slices.Equal(v.Outside, []string{"Great Ashby"}) {
		t.Fatalf("themes %d, wards %q, outside %q", len(v.Themes), v.Wards, v.Outside)
	}
	if v.Aliases["Pin Green"] != "Almond Hill" || v.Aliases["St Nicks"] != "St Nicholas" || v.Aliases["Poplars"] != "Bandley Hill and Poplars" || v.Aliases["Town Centre"] != "Bedwell" {
		t.Errorf("aliases %v", v.Aliases)
	}
	m, _ := compile(v)
	if !slices.Equal(m.expand["cost of living"], []string{"cost of living", "food", "money and debt", "energy and warmth"}) {
		t.Errorf("cost of living expands to %q", m.expand["cost of living"])
	}
}

func TestVocabularyConfig(t *testing.T) {
	dir := t.TempDir()
	custom := filepath.Join(dir, "vocab.md")
	os.WriteFile(custom, []byte(`# Ours
| theme | parent | synonyms people type |
|---|---|---|
| sport | | football, swimming |
| swimming lessons | sport | swim school |

The wards: North, South.

Outside the borough: Knebworth (North Herts).

| people say | area |
|---|---|
| Uptown | North |
`), 0o600)
	tests := []struct {
		name string
		cfg  bot.DirectoryConfig
		err  string
		q    string
		want string // "themes @ area"
	}{
		{name: "extra synonym", cfg: bot.DirectoryConfig{ExtraSynonyms: map[string][]string{"food": {"soup kitchen"}}}, q: "soup kitchens in Bedwell", want: "food @ Bedwell"},
		{name: "extra alias", cfg: bot.DirectoryConfig{ExtraAliases: map[string]string{"Fairlands": "Shephall"}}, q: "food in fairlands", want: "food @ Shephall"},
		{name: "unknown theme", cfg: bot.DirectoryConfig{ExtraSynonyms: map[string][]string{"sports": {"football"}}}, err: `"sports" is not a theme`},
		{name: "unknown area", cfg: bot.DirectoryConfig{ExtraAliases: map[string]string{"Fairlands": "Fairlands Valley"}}, err: `"Fairlands Valley" is not an area`},
		{name: "file", cfg: bot.DirectoryConfig{Vocabulary: custom}, q: "swim school uptown", want: "swimming lessons @ North"},
		{name: "missing file", cfg: bot.DirectoryConfig{Vocabulary: filepath.Join(dir, "nope.md")}, err: "directory.vocabulary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := bottest.NewEnv(t, now)
			env.Config.Directory = tt.cfg
			d, err := New(env.Env)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			a, _ := d.Ask(tt.q, 1)
			if got := strings.Join(a.Themes, ",") + " @ " + a.Area; got != tt.want {
				t.Errorf("%q read as %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

func TestParseVocabularyErrors(t *testing.T) {
	for name, tt := range map[string]struct{ text, err string }{
		"no themes":  {"The wards: A, B.", "no themes"},
		"no wards":   {"| theme | parent | synonyms |\n|--|--|--|\n| food | | |\n", "no wards"},
		"bad parent": {"| theme | parent | synonyms |\n|--|--|--|\n| food | meals | |\n\nThe wards: A.", `parent "meals"`},
		"bad alias":  {"| theme | parent | synonyms |\n|--|--|--|\n| food | | |\n\nThe wards: A.\n\n| people say | area |\n|--|--|\n| X | B |\n", `alias area "B"`},
		"duplicate":  {"| theme | parent | synonyms |\n|--|--|--|\n| food | | |\n| Food | | |\n\nThe wards: A.", "listed twice"},
		"short row":  {"| theme | parent | synonyms |\n|--|--|--|\n| food |\n\nThe wards: A.", "three cells"},
	} {
		if _, err := ParseVocabulary(tt.text); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: err %v, want %q", name, err, tt.err)
		}
	}
}
