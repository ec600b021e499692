// Command partnerbot is the Social Inclusion Partnership's chat bot.
//
//	partnerbot                          the console chat (embedded database, demo data, you are an admin)
//	partnerbot console [--db PATH] [--as NAME]
//	partnerbot exec [--db PATH] [--as NAME] [--now RFC3339] [--json] TEXT
//	partnerbot serve --config FILE
//	partnerbot import --db PATH FILE.csv
//	partnerbot export --db PATH [FILE]
//	partnerbot backup --db PATH OUT
//	partnerbot slack-manifest
//	partnerbot discord-register --config FILE
//	partnerbot version
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	_ "time/tzdata" // the binary must know Europe/London in a minimal container
)

// usageError is a mistake in the command line: print it with the usage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `partnerbot — the Social Inclusion Partnership's chat bot

Usage:
  partnerbot                                   open the console chat (demo data, you are an admin)
  partnerbot console [--db PATH] [--as NAME] [--config FILE]
  partnerbot exec [--db PATH] [--as NAME] [--now RFC3339] [--json] [--config FILE] TEXT
  partnerbot serve --config FILE               run Slack, Discord, the scheduler and the HTTP server
  partnerbot import --db PATH FILE.csv         load the partner directory from CSV
  partnerbot export --db PATH [FILE]           write the partner directory as CSV
  partnerbot backup --db PATH OUT              write a consistent copy of the database
  partnerbot restore --db PATH BACKUP          replace the database with a backup (server stopped)
  partnerbot privacy export|forget --db PATH USER   everything held about a person, or remove it
  partnerbot slack-manifest [--config FILE]    print a Slack app manifest to paste into api.slack.com
  partnerbot discord-register --config FILE    register the slash commands with Discord
  partnerbot version

Type "help" in the chat to see what the bot can do.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var err error
	cmd := ""
	if len(args) > 0 && (!strings.HasPrefix(args[0], "-") || isHelpOrVersion(args[0])) {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "", "console":
		err = runConsole(args, stdin, stdout, stderr, cmd == "")
	case "exec":
		return runExec(args, stdout, stderr)
	case "serve":
		err = runServe(args, stderr)
	case "import":
		err = runImport(args, stdout)
	case "export":
		err = runExport(args, stdout)
	case "backup":
		err = runBackup(args, stdout)
	case "restore":
		err = runRestore(args, stdout)
	case "slack-manifest":
		err = runSlackManifest(args, stdout)
	case "discord-register":
		err = runDiscordRegister(args, stdout)
	case "privacy":
		err = runPrivacy(args, stdout)
	case "healthcheck":
		err = runHealthcheck(args, stdout)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, versionString())
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
	default:
		err = usageError{fmt.Sprintf("unknown command %q", cmd)}
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "partnerbot: %s\n\n%s", ue.msg, usage)
			return 2
		}
		fmt.Fprintf(stderr, "partnerbot: %s\n", strings.TrimSpace(err.Error()))
		return 1
	}
	return 0
}

func isHelpOrVersion(a string) bool {
	switch a {
	case "-h", "--help", "-v", "--version":
		return true
	}
	return false
}
