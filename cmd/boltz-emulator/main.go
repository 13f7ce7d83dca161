// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Command boltz-emulator serves the in-memory Boltz admin API-key emulator
// on a loopback address, for demos, manual testing and the SDK conformance
// script.
//
//	boltz-emulator -listen 127.0.0.1:0 -env-file .env
//
// Once listening it bootstraps an admin key and prints BOLTZ_BASE_URL=… and
// BOLTZ_API_KEY=… on stdout and, with -env-file, writes the same lines to
// that file.
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

	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
	"github.com/xclade/terraform-provider-xclade/internal/emukit"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "boltz-emulator:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends (SIGINT/SIGTERM in main), then shuts down.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("boltz-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address to listen on")
	envFile := fs.String("env-file", "", "also write the BOLTZ_* lines to this file")
	workspaces := fs.String("workspaces", "", "comma-separated ids of workspaces to create besides "+boltzemulator.DefaultWorkspaceID)
	revokeAgain := fs.Int("revoke-again-status", 200, "status for revoking an already revoked key (200, 400 or 409)")
	verbose := fs.Bool("v", false, "log each request (method, path, status) to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}

	srv := boltzemulator.New(boltzemulator.WithRevokeAgainStatus(*revokeAgain))
	for _, ws := range strings.Split(*workspaces, ",") {
		if ws = strings.TrimSpace(ws); ws != "" {
			if err := srv.CreateWorkspace(ws); err != nil {
				return err
			}
		}
	}
	ln, err := emukit.Listen(*listen)
	if err != nil {
		return err
	}
	defer ln.Close()

	admin := srv.CreateAdminKey("bootstrap", false)
	out := "BOLTZ_BASE_URL=http://" + ln.Addr().String() + "\nBOLTZ_API_KEY=" + admin.Secret + "\n"
	return emukit.Serve(ctx, ln, srv, out, *envFile, *verbose, stdout, stderr)
}
