// Package load holds partnerbot's load benchmark: signed Slack slash
// commands (directory questions and poll votes) from 200 concurrent clients
// over loopback against the real router, capabilities and Slack adapter on
// a durable (fsync on) database. It has no code of its own; run it with
//
//	go test -run '^$' -bench . -benchtime 6000x ./bench/load
//
// Figures and what they mean are in bench/load.md.
package load
