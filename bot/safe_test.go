package bot

import (
	"context"
	"strings"
	"testing"
)

func TestNeutralise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hello", "hello"},
		{"@everyone come", "@\u200beveryone come"},
		{"@HERE", "@\u200bHERE"},
		{"@channel!", "@\u200bchannel!"},
		{"<!channel> <!here>", "<\u200b!channel> <\u200b!here>"},
		{"<@U123> <@&456>", "<\u200b@U123> <\u200b@&456>"},
		{"```code```", "`\u200b``code`\u200b``"},
		{"email sam@example.org", "email sam@example.org"},
		{"@everyone_else", "@everyone_else"},
	}
	for _, tt := range tests {
		if got := Neutralise(tt.in); got != tt.want {
			t.Errorf("Neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Neutralise(Neutralise(tt.in)); got != tt.want {
			t.Errorf("Neutralise is not idempotent on %q: %q", tt.in, got)
		}
	}
	if got := OneLine("a\nb\t c\u2028d"); got != "a b c d" {
		t.Errorf("OneLine = %q", got)
	}
}

// TestRouterNeutralisesEveryReply: whatever a command echoes, the reply
// carries no working mass mention, but keeps its own code blocks.
func TestRouterNeutralisesEveryReply(t *testing.T) {
	r := NewRouter()
	r.Register(&Command{Name: "echo", Args: []Arg{{Name: "text", Kind: Text}}, Handle: func(ctx context.Context, req *Request) (Reply, error) {
		return Reply{Title: req.Args.String("text"), Text: "```\n" + req.Args.String("text") + "\n```", Fields: []Field{{Name: "x", Value: "@here"}}, Context: []string{"<!channel>"}, Choices: []Choice{{Label: "@everyone", Command: "echo @everyone"}}}, nil
	}})
	rep := r.Handle(context.Background(), &Request{User: "console:local:x", Text: "echo @everyone <!here>"})
	all := rep.Title + rep.Text + rep.Fields[0].Value + rep.Context[0] + rep.Choices[0].Label
	for _, bad := range []string{"@everyone", "<!here>", "@here", "<!channel>"} {
		if strings.Contains(all, bad) {
			t.Errorf("reply still contains %q: %q", bad, all)
		}
	}
	if !strings.HasPrefix(rep.Text, "```") || rep.Choices[0].Command != "echo @everyone" {
		t.Errorf("the reply's own formatting or button command was changed: %q / %q", rep.Text, rep.Choices[0].Command)
	}
}
