package directory

import (
	"strings"
	"testing"

	"partnerbot/bot"
)

// Changing the directory is for admins on every path: a forged or replayed
// button payload from a member (the "Remove ORG" button's command, or any
// typed change sent as an action) is refused and changes nothing.
func TestForgedAdminPayloads(t *testing.T) {
	_, env := withExample(t)
	before := dumpBuckets(t, env.DB)
	actions := []string{
		`directory remove "Sample Riverside Trust" --confirm`,
		`directory remove "Sample Riverside Trust" "Warm Welcome Space"`,
		`directory remove riverside`,
		`directory add "Mallory Ltd" "Scam" themes food areas Bedwell`,
		`directory add "Mallory Ltd"`,
		`directory edit "Sample Riverside Trust" "Tuesday Lunch Club" phone "09999 999999"`,
		`directory edit "Sample Riverside Trust" "Warm Welcome Space" status inactive`,
		`directory edit "Sample Riverside Trust" name "Mallory Trust"`,
		"directory import " + Header + "\nMallory Ltd,Scam,,food,Bedwell,,,,,,",
		`directory export`,
	}
	for _, a := range actions {
		t.Run(a, func(t *testing.T) {
			r := env.Router.Handle(t.Context(), &bot.Request{User: bot.ConsoleUser("mallory"), UserName: "mallory", Channel: bot.ConsoleChannel, Action: a})
			if !r.Error || !strings.Contains(r.Text, "Only admins") {
				t.Errorf("member pressing %q: %q (error %v)", a, r.Text, r.Error)
			}
		})
	}
	if after := dumpBuckets(t, env.DB); after != before {
		t.Errorf("refused payloads changed the buckets:\nbefore %s\nafter %s", before, after)
	}
	// The real button works for an admin.
	r := ok(t, env.Run("admin", `directory remove "Sample Riverside Trust"`))
	if len(r.Choices) != 1 {
		t.Fatalf("no confirm button: %+v", r)
	}
	r = env.Router.Handle(t.Context(), &bot.Request{User: bot.ConsoleUser("admin"), Channel: bot.ConsoleChannel, Action: r.Choices[0].Command})
	if r.Error || !strings.Contains(r.Text, "Removed *Sample Riverside Trust* and its 2 services") {
		t.Errorf("admin confirming: %q", r.Text)
	}
}

func TestFieldCaps(t *testing.T) {
	_, env := withExample(t)
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct{ text, want string }{
		{`directory add "` + long(maxNameLen+1) + `"`, "the name is too long (101 characters; the most is 100)"},
		{`directory add "Org" "` + long(maxNameLen+1) + `" themes food areas Bedwell`, "the service is too long (101 characters; the most is 100)"},
		{`directory add "` + long(maxNameLen+1) + `" "Service" themes food areas Bedwell`, "the organisation is too long (101 characters"},
		{`directory add "Org" "Service" themes food areas Bedwell description "` + long(maxDescLen+1) + `"`, "the description is too long (1001 characters; the most is 1000)"},
		{`directory add "Org" "Service" themes food areas Bedwell eligibility "` + long(maxFieldLen+1) + `"`, "the eligibility is too long"},
		{`directory add "Org" "Service" themes food areas Bedwell address "` + long(maxFieldLen+1) + `"`, "the address is too long"},
		{`directory add "Org" "Service" themes food areas Bedwell hours "` + long(maxFieldLen+1) + `"`, "the opening times is too long"},
		{`directory add "Org" "Service" themes food areas Bedwell phone "` + strings.Repeat("1", maxPhoneLen+1) + `"`, "the phone is too long"},
		{`directory add "Org" "Service" themes food areas Bedwell email "` + long(maxEmailLen) + `@x.org"`, "the email is too long"},
		{`directory add "Org" "Service" themes food areas Bedwell website "https://x.org/` + long(maxWebsiteLen) + `"`, "the website is too long"},
		{`directory add "Org" "Service" themes "` + strings.Repeat("food;", 101) + `" areas Bedwell`, "the themes is too long"},
		{`directory edit "Sample Riverside Trust" "Tuesday Lunch Club" description "` + long(maxDescLen+1) + `"`, "the description is too long"},
		{`directory edit "Sample Riverside Trust" "Tuesday Lunch Club" name "` + long(maxNameLen+1) + `"`, "the service is too long"},
		{`directory edit "Sample Riverside Trust" name "` + long(maxNameLen+1) + `"`, "the name is too long"},
	}
	before := dumpBuckets(t, env.DB)
	for _, c := range cases {
		r := env.Run("admin", c.text)
		if !r.Error || !strings.Contains(r.Text, c.want) || !strings.Contains(r.Text, "For example") {
			t.Errorf("%.70s…: %q, want a refusal with %q and an example", c.text, r.Text, c.want)
		}
	}
	// An import rejects the row, naming it, and takes the rest.
	r := ok(t, env.Run("admin", "directory import "+Header+"\nOrg,Long,"+long(maxDescLen+1)+",food,Bedwell,,,,,,\nOrg,Short,Fine.,food,Bedwell,,,,,,"))
	if !strings.Contains(r.Text, "row 2: the description is too long (1001 characters; the most is 1000)") || !strings.Contains(r.Text, "1 added") {
		t.Errorf("import: %s", r.Text)
	}
	if after := dumpBuckets(t, env.DB); !strings.Contains(after, "Short") || strings.Contains(after, "Long") || len(after) < len(before) {
		t.Errorf("after the caps:\n%s", after)
	}
}

func TestQuestionCap(t *testing.T) {
	_, env := withExample(t)
	q := "who food in Bedwell " + strings.Repeat("please ", 50)
	r := env.Run("bob", q)
	if !r.Error || !strings.Contains(r.Text, "That question is too long for me (") || !strings.Contains(r.Text, "the most is 300") {
		t.Errorf("long question: %q", r.Text)
	}
	ok(t, env.Run("bob", "who food in Bedwell "+strings.Repeat("please ", 30)))
}

// Questions and directory entries are echoed without pinging anyone,
// linking channels or breaking formatting.
func TestHostileDirectoryText(t *testing.T) {
	_, env := withExample(t)
	ok(t, env.Run("admin", "directory add \"<!channel> Trust\" \"@everyone Club <#C1>\" themes food areas Bedwell description \"Hi @here <@U1> ```x\" hours \"<!here>\""))
	for _, text := range []string{
		"who food in Bedwell",
		"who food in Bedwell @everyone",
		"who @everyone <!channel> <#C1> ```",
		"who food in <#C1> @here",
		"directory show",
		"directory show channel trust",
		`directory show "<@U1> @everyone"`,
		"gaps <!here>",
		"gaps food",
	} {
		r := env.Run("bob", text)
		t.Logf("%s → %s", text, strings.SplitN(r.Text, "\n", 3)[0])
		for _, s := range append([]string{r.Title, r.Text}, r.Context...) {
			assertInert(t, text, s)
		}
	}
	for _, text := range []string{
		"directory edit \"channel trust\" \"everyone club\" phone \"01438 000000\"",
		"directory remove \"channel trust\" \"everyone club\"",
	} {
		r := ok(t, env.Run("admin", text))
		assertInert(t, text, r.Title+r.Text)
	}
}

// assertInert fails if s holds a working mass mention, mention or channel
// link, or a code fence.
func assertInert(t *testing.T, what, s string) {
	t.Helper()
	low := strings.ToLower(s)
	for _, bad := range []string{"@everyone", "@here", "@channel", "<!", "<@", "<#", "```"} {
		if strings.Contains(low, bad) {
			t.Errorf("%s carries %q: %q", what, bad, s)
		}
	}
}
