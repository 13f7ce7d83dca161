// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package testenv gives a test an xclade server and a client for it, with
// no Terraform in sight: by default an in-process emulator per test, or a
// real xclade (Medusa) server when XCLADE_TEST_BASE_URL and credentials are
// set, so the same tests check both.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/faultproxy"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// Environment variables that point the tests at a real server.
const (
	EnvBaseURL  = "XCLADE_TEST_BASE_URL"
	EnvAPIKey   = "XCLADE_TEST_API_KEY"
	EnvEmail    = "XCLADE_TEST_EMAIL"
	EnvPassword = "XCLADE_TEST_PASSWORD"
)

// Env is one test's xclade server and the means to talk to it.
type Env struct {
	// Emulator is nil against a real server.
	Emulator *emulator.Server
	BaseURL  string
	// Client talks to the same server with the same credentials as the
	// provider, for out-of-band changes and for checks that ask the API.
	Client *xclade.Client
	vars   map[string]string
	prefix string
}

// Real reports whether the tests run against a real server.
func Real() bool { return os.Getenv(EnvBaseURL) != "" }

// New starts an emulator for t (with opts), or connects to the real server.
func New(t testing.TB, opts ...emulator.Option) *Env {
	t.Helper()
	e := &Env{prefix: UniquePrefix(t)}
	if Real() {
		e.BaseURL = os.Getenv(EnvBaseURL)
		e.vars = map[string]string{"XCLADE_BASE_URL": e.BaseURL}
		if k := os.Getenv(EnvAPIKey); k != "" {
			e.vars["XCLADE_API_KEY"] = k
		} else {
			e.vars["XCLADE_EMAIL"] = os.Getenv(EnvEmail)
			e.vars["XCLADE_PASSWORD"] = os.Getenv(EnvPassword)
		}
	} else {
		e.Emulator = emulator.New(opts...)
		srv := httptest.NewServer(e.Emulator)
		t.Cleanup(srv.Close)
		e.BaseURL = srv.URL
		admin, err := e.Emulator.CreateKey("acctest-admin", "secret")
		if err != nil {
			t.Fatalf("bootstrapping the emulator's admin key: %v", err)
		}
		e.vars = map[string]string{"XCLADE_BASE_URL": e.BaseURL, "XCLADE_API_KEY": admin.Token}
	}
	e.Client = e.NewClient(t, e.BaseURL, nil)
	return e
}

// NewClient is a client with this server's credentials for baseURL (the
// server's, or a proxy's in front of it), changed by mutate if not nil.
func (e *Env) NewClient(t testing.TB, baseURL string, mutate func(*xclade.Config)) *xclade.Client {
	t.Helper()
	cfg := xclade.Config{
		BaseURL: baseURL, APIKey: xclade.Secret(e.vars["XCLADE_API_KEY"]),
		Email: e.vars["XCLADE_EMAIL"], Password: xclade.Secret(e.vars["XCLADE_PASSWORD"]), Settings: xclade.Settings{UserAgent: "terraform-provider-xclade-acctest", MaxRetries: 2},
	}
	if mutate != nil {
		mutate(&cfg)
	}
	client, err := xclade.New(cfg)
	if err != nil {
		t.Fatalf("test client: %v", err)
	}
	return client
}

// Proxy puts a fault proxy between the provider and the server: the
// provider (Factories, Vars) talks to the server through it from now on,
// while Client still talks to the server directly, as another process would.
func (e *Env) Proxy(t testing.TB) *faultproxy.Proxy {
	t.Helper()
	p := faultproxy.New(e.BaseURL)
	t.Cleanup(p.Close)
	e.vars["XCLADE_BASE_URL"] = p.URL()
	return p
}

// NeedEmulator skips a test that needs the emulator's out-of-band hooks (fault
// injection, a settable server clock). Such tests always run in make test;
// they are skipped only in the real-server conformance pass.
func (e *Env) NeedEmulator(t testing.TB) *emulator.Server {
	t.Helper()
	if e.Emulator == nil {
		t.Skip("needs the emulator's fault and clock hooks: covered by make test, not by the real-server pass")
	}
	return e.Emulator
}

// Getenv is the environment the provider under test sees.
func (e *Env) Getenv(name string) string {
	if v, ok := e.vars[name]; ok {
		return v
	}
	if strings.HasPrefix(name, "XCLADE_") {
		return "" // never let the developer's own credentials leak into a test
	}
	return os.Getenv(name)
}

// Setenv changes a variable of the environment the provider under test
// sees ("" unsets it); Client keeps the server's own credentials.
func (e *Env) Setenv(name, value string) { e.vars[name] = value }

// Vars returns the XCLADE_* variables that point the provider at this
// server, for tests that run terraform as a separate process.
func (e *Env) Vars() map[string]string {
	out := make(map[string]string, len(e.vars))
	for k, v := range e.vars {
		out[k] = v
	}
	return out
}

// Title is a title unique to this test run, so tests sharing a real server
// never see each other's keys.
func (e *Env) Title(suffix string) string { return e.prefix + "-" + suffix }

// Prefix is the start of every Title of this test.
func (e *Env) Prefix() string { return e.prefix }

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

// UniquePrefix is a name prefix unique to this run of t: the test's name
// and random bytes, for names on servers that tests share.
func UniquePrefix(t testing.TB) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := strings.Trim(nonWord.ReplaceAllString(t.Name(), "-"), "-")
	if len(name) > 40 {
		name = name[len(name)-40:]
	}
	return fmt.Sprintf("tfacc-%s-%s", name, hex.EncodeToString(b))
}

// Context is a context bounded for one out-of-band call.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
