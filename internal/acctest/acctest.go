// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package acctest runs the provider's acceptance tests against a server
// (testenv's emulator or real server), serving the provider in-process to
// terraform-plugin-testing.
package acctest

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/provider"
	"github.com/xclade/terraform-provider-xclade/internal/releasectx"
	"github.com/xclade/terraform-provider-xclade/internal/testenv"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// Environment variables that point the tests at a real server.
const (
	EnvBaseURL  = testenv.EnvBaseURL
	EnvAPIKey   = testenv.EnvAPIKey
	EnvEmail    = testenv.EnvEmail
	EnvPassword = testenv.EnvPassword
)

// Env is one test's server, the means to talk to it, and the provider
// pointed at it.
type Env struct{ *testenv.Env }

// New starts an emulator for t (with opts), or connects to the real server.
func New(t testing.TB, opts ...emulator.Option) *Env { return &Env{testenv.New(t, opts...)} }

// Real reports whether the tests run against a real server.
func Real() bool { return testenv.Real() }

// Context is a context bounded for one out-of-band call.
func Context(t testing.TB) context.Context { return testenv.Context(t) }

// Factories serves the provider in-process for terraform-plugin-testing.
func (e *Env) Factories(opts ...provider.Option) map[string]func() (tfprotov6.ProviderServer, error) {
	opts = append([]provider.Option{provider.WithGetenv(e.Getenv), provider.WithRetryDelays(5*time.Millisecond, 50*time.Millisecond)}, opts...)
	return map[string]func() (tfprotov6.ProviderServer, error){
		"xclade": releasectx.NewWithError(provider.New("acctest", opts...)()),
	}
}

// CreateKey makes a key out of band, as someone outside Terraform would,
// and revokes it when the test ends (a real server keeps what tests make).
func (e *Env) CreateKey(t testing.TB, title, typ string) *xclade.APIKey {
	t.Helper()
	k, err := e.Client.CreateAPIKey(Context(t), xclade.CreateAPIKeyRequest{Title: title, Type: typ})
	if err != nil {
		t.Fatalf("creating key %q out of band: %v", title, err)
	}
	t.Cleanup(func() { _, _ = e.Client.RevokeAPIKey(context.Background(), k.ID, 0) })
	return k.APIKey
}
