package main

import (
	"encoding/json"
	"fmt"
	"io"

	"partnerbot/bot"
	"partnerbot/storage"
)

// runPrivacy is `partnerbot privacy export|forget --db PATH USER`.
func runPrivacy(args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "export" && args[0] != "forget") {
		return usageError{"privacy needs export or forget: partnerbot privacy export --db PATH slack:T1:U1"}
	}
	verb := args[0]
	db, app, rest, err := openForAdmin("privacy "+verb, args[1:], "USER")
	if err != nil {
		return err
	}
	defer db.Close()
	if len(rest) != 1 {
		return usageError{fmt.Sprintf("privacy %s needs one user id: partnerbot privacy %s --db PATH slack:T1:U1 (a console name works too)", verb, verb)}
	}
	user, err := bot.ParseID(rest[0])
	if err != nil {
		user = bot.ConsoleUser(rest[0])
	}
	switch verb {
	case "export":
		data, err := app.PersonalData(user)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(data)
	default:
		if err := app.Forget(user); err != nil {
			return err
		}
		// Rewrite the file so the removed data is gone from its free pages.
		path := db.Path()
		if err := db.Close(); err != nil {
			return err
		}
		if err := storage.CompactFile(path); err != nil {
			return fmt.Errorf("the data was removed, but rewriting the file failed (run it again): %w", err)
		}
		fmt.Fprintf(stdout, "Forgot %s: personal data removed; anonymous ballots stay counted and named votes in closed polls now read \"a former member\".\n", user)
		return nil
	}
}
