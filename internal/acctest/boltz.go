// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package acctest

import (
	"context"
	"fmt"
	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
	"github.com/xclade/terraform-provider-xclade/internal/testenv"
	"maps"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
	"github.com/xclade/terraform-provider-xclade/internal/boltzprovider"
	"github.com/xclade/terraform-provider-xclade/internal/faultproxy"
	"github.com/xclade/terraform-provider-xclade/internal/releasectx"
	"github.com/xclade/terraform-provider-xclade/internal/secret"
)

// BoltzEnv is one Boltz acceptance test's emulator and the means to talk
// to it. There is no real Boltz server to test against: the emulator,
// checked against the vendor's SDK, is the only one.
type BoltzEnv struct {
	Emulator *boltzemulator.Server
	BaseURL  string
	// Admin is the admin key the provider authenticates with.
	Admin boltzemulator.Key
	// Client talks to the emulator directly with the admin key, as another
	// process would: for out-of-band changes and checks that ask the API.
	Client *boltz.Client
	vars   map[string]string
	prefix string
}

// NewBoltz starts a Boltz emulator (with opts) for t and bootstraps its admin key.
func NewBoltz(t testing.TB, opts ...boltzemulator.Option) *BoltzEnv {
	t.Helper()
	e := &BoltzEnv{prefix: testenv.UniquePrefix(t), Emulator: boltzemulator.New(opts...)}
	srv := httptest.NewServer(e.Emulator)
	t.Cleanup(srv.Close)
	e.BaseURL = srv.URL
	e.Admin = e.Emulator.CreateAdminKey("acctest-admin", false)
	e.vars = map[string]string{"BOLTZ_BASE_URL": e.BaseURL, "BOLTZ_API_KEY": e.Admin.Secret}
	e.Client = e.NewClient(t, e.BaseURL, nil)
	return e
}

// NewClient is a client with the admin key for baseURL, changed by mutate if not nil.
func (e *BoltzEnv) NewClient(t testing.TB, baseURL string, mutate func(*boltz.Config)) *boltz.Client {
	t.Helper()
	cfg := boltz.Config{BaseURL: baseURL, APIKey: secret.Secret(e.Admin.Secret), Settings: apiclient.Settings{UserAgent: "terraform-provider-boltz-acctest",
		MaxRetries: 2, MinRetryDelay: time.Millisecond, MaxRetryDelay: 20 * time.Millisecond}}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := boltz.New(cfg)
	if err != nil {
		t.Fatalf("test client: %v", err)
	}
	return c
}

// Proxy puts a fault proxy between the provider and the emulator; Client
// still talks to the emulator directly.
func (e *BoltzEnv) Proxy(t testing.TB) *faultproxy.Proxy {
	t.Helper()
	p := faultproxy.New(e.BaseURL)
	t.Cleanup(p.Close)
	e.vars["BOLTZ_BASE_URL"] = p.URL()
	return p
}

// Getenv is the environment the provider under test sees: only its own
// variables, never the developer's BOLTZ_* credentials.
func (e *BoltzEnv) Getenv(name string) string { return e.vars[name] }

// Setenv changes a variable the provider under test sees ("" unsets it).
func (e *BoltzEnv) Setenv(name, value string) { e.vars[name] = value }

// Vars returns the BOLTZ_* variables, for terraform run as a separate process.
func (e *BoltzEnv) Vars() map[string]string { return maps.Clone(e.vars) }

// Factories serves the Boltz provider in-process for terraform-plugin-testing.
func (e *BoltzEnv) Factories(opts ...boltzprovider.Option) map[string]func() (tfprotov6.ProviderServer, error) {
	opts = append([]boltzprovider.Option{boltzprovider.WithGetenv(e.Getenv), boltzprovider.WithRetryDelays(5*time.Millisecond, 50*time.Millisecond)}, opts...)
	return map[string]func() (tfprotov6.ProviderServer, error){
		"boltz": releasectx.NewWithError(boltzprovider.New("acctest", opts...)()),
	}
}

// Title is a key name unique to this test.
func (e *BoltzEnv) Title(suffix string) string { return e.prefix + "-" + suffix }

// Prefix is the start of every Title of this test.
func (e *BoltzEnv) Prefix() string { return e.prefix }

// CheckDestroyRevoked asks the API about every managed boltz_api_key that
// was in state: each must be revoked (inactive) or gone from the list.
func (e *BoltzEnv) CheckDestroyRevoked(s *terraform.State) error {
	keys, err := e.Client.List(context.Background(), "")
	if err != nil {
		return err
	}
	byID := make(map[string]boltz.APIKey, len(keys))
	for _, k := range keys {
		byID[k.ID] = k
	}
	for addr, rs := range s.RootModule().Resources {
		if rs.Type != "boltz_api_key" || strings.HasPrefix(addr, "data.") {
			continue
		}
		if k, ok := byID[rs.Primary.ID]; ok && k.IsActive {
			return fmt.Errorf("%s (%s, %q) is still active after destroy", k.ID, k.KeyPrefix, k.Name)
		}
	}
	return nil
}

// LiveKeysNamed is every active key whose name starts with prefix.
func (e *BoltzEnv) LiveKeysNamed(t testing.TB, prefix string) []boltz.APIKey {
	t.Helper()
	keys, err := e.Client.List(Context(t), "")
	if err != nil {
		t.Fatal(err)
	}
	var out []boltz.APIKey
	for _, k := range keys {
		if k.IsActive && strings.HasPrefix(k.Name, prefix) {
			out = append(out, k)
		}
	}
	return out
}
