package main

import (
	"fmt"
	"io"
)

func runServe(args []string, stderr io.Writer) error { return fmt.Errorf("serve: not wired yet") }
func runSlackManifest(args []string, stdout io.Writer) error {
	return fmt.Errorf("slack-manifest: not wired yet")
}
func runDiscordRegister(args []string, stdout io.Writer) error {
	return fmt.Errorf("discord-register: not wired yet")
}
