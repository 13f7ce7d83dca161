// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Command xclade-emulator serves the in-memory xclade Admin API emulator on
// a loopback address, for demos and manual testing of the provider.
//
//	xclade-emulator -listen 127.0.0.1:0 -bootstrap-secret-key -env-file .env
//
// Once listening it prints XCLADE_BASE_URL=… (and XCLADE_API_KEY=… with
// -bootstrap-secret-key) on stdout and, with -env-file, writes the same lines
// to that file.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/xclade/terraform-provider-xclade/internal/emukit"
	"github.com/xclade/terraform-provider-xclade/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "xclade-emulator:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends (SIGINT/SIGTERM in main), then shuts down.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("xclade-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address to listen on")
	email := fs.String("admin-email", "admin@xclade.local", "seeded admin e-mail")
	password := fs.String("admin-password", "supersecret", "seeded admin password")
	bootstrap := fs.Bool("bootstrap-secret-key", false, "create a secret API key at start and print it")
	envFile := fs.String("env-file", "", "also write the XCLADE_* lines to this file")
	verbose := fs.Bool("v", false, "log each request (method, path, status) to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}

	srv := emulator.New(emulator.WithAdmin(*email, *password))
	ln, err := emukit.Listen(*listen)
	if err != nil {
		return err
	}
	defer ln.Close()

	lines := []string{"XCLADE_BASE_URL=http://" + ln.Addr().String()}
	if *bootstrap {
		k, err := srv.CreateKey("bootstrap", "secret")
		if err != nil {
			return err
		}
		lines = append(lines, "XCLADE_API_KEY="+k.Token)
	}
	out := strings.Join(lines, "\n") + "\n"
	return emukit.Serve(ctx, ln, srv, out, *envFile, *verbose, stdout, stderr)
}
