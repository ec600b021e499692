// Package e2e holds partnerbot's end-to-end tests across platforms: a real
// App (commands.Build on a temporary database and a fake clock) runs the
// Slack and Discord adapters at once, both in HTTP mode, exactly as `serve`
// wires them, against httptest fakes of Slack's Web API and Discord's REST
// API that record every call and can be taken down and brought back.
//
// The tests drive the bot the way the platforms do: signed Slack slash
// commands and block_actions button presses, and Ed25519-signed Discord
// application-command and component interactions. They check that one poll
// or event posted to a two-platform room gathers votes and RSVPs from both
// into one tally, that every posted copy is updated, that linked identities
// count once, and that an outage on one platform never blocks the other and
// its missed updates are delivered when it recovers.
//
// The package has no non-test code; this file only documents it.
package e2e
