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
	if err := checkLoopback(*listen); err != nil {
		return err
	}

	srv := emulator.New(emulator.WithAdmin(*email, *password))
	ln, err := net.Listen("tcp", *listen)
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

// checkLoopback refuses to expose the emulator (and its known admin
// password) beyond this machine.
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

// logRequests logs method, path and status only: never headers or query
// strings, which may carry credentials or tokens.
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
