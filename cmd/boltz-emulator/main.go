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
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
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
	if err := checkLoopback(*listen); err != nil {
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
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	defer ln.Close()

	admin := srv.CreateAdminKey("bootstrap", false)
	out := "BOLTZ_BASE_URL=http://" + ln.Addr().String() + "\nBOLTZ_API_KEY=" + admin.Secret + "\n"
	if *envFile != "" {
		if err := os.WriteFile(*envFile, []byte(out), 0o600); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(stdout, out); err != nil {
		return err
	}

	var h http.Handler = srv
	if *verbose {
		h = logRequests(h, log.New(stderr, "", log.LstdFlags))
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// checkLoopback refuses to expose the emulator (and the admin key it
// prints) beyond this machine.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("invalid -listen address %q: %v", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to listen on %q: only loopback addresses (127.0.0.0/8, ::1, localhost) are allowed", addr)
	}
	return nil
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection (the emulator's
// fault injection hijacks it).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests logs method, path and status only: never headers (x-api-key)
// or query strings.
func logRequests(next http.Handler, l *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		status := "dropped"
		if rec.status != 0 {
			status = fmt.Sprint(rec.status)
		}
		l.Printf("%s %s %s", r.Method, r.URL.Path, status)
	})
}
