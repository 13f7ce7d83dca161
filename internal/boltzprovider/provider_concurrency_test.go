// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
)

// Whatever Terraform's -parallelism (10 here), the provider has at most
// max_concurrent_requests requests at the server at once: from the provider
// block, else from BOLTZ_MAX_CONCURRENT_REQUESTS.
func TestAccProvider_maxConcurrentRequests(t *testing.T) {
	for name, tc := range map[string]struct {
		provider, env string
		want          int64
	}{
		"argument":    {provider: "provider \"boltz\" {\n  max_concurrent_requests = 2\n}\n", env: "7", want: 2},
		"environment": {env: "3", want: 3},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := acctest.NewBoltz(t, boltzemulator.WithLatency(40*time.Millisecond, 0))
			server := &inFlight{next: e.Emulator}
			srv := httptest.NewServer(server)
			t.Cleanup(srv.Close)
			e.Setenv("BOLTZ_BASE_URL", srv.URL)
			e.Setenv("BOLTZ_MAX_CONCURRENT_REQUESTS", tc.env)
			cfg := tc.provider + fmt.Sprintf(`resource "boltz_api_key" "k" {
  count = 12
  name  = "%s-${count.index}"
}
`, e.Title("cap"))
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckDestroyRevoked,
				Steps:                    []resource.TestStep{{Config: cfg}},
			})
			peak := server.peak.Load()
			t.Logf("at most %d requests at the server at once", peak)
			// Below 2 the cap would hold whatever the provider did.
			if peak > tc.want || peak < 2 {
				t.Errorf("%d requests at the server at once, want 2 to %d", peak, tc.want)
			}
		})
	}
}

// A variable that is not a cap is named with the argument it stands for,
// before any key is created.
func TestAccProvider_maxConcurrentRequestsInvalidEnvironment(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	e.Setenv("BOLTZ_MAX_CONCURRENT_REQUESTS", "lots")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{{
			Config:      `resource "boltz_api_key" "k" { name = "` + e.Title("k") + `" }`,
			ExpectError: regexp.MustCompile(`(?s)Invalid BOLTZ_MAX_CONCURRENT_REQUESTS.*BOLTZ_MAX_CONCURRENT_REQUESTS \(for\s+max_concurrent_requests\)\s+must\s+be\s+a\s+whole\s+number\s+between\s+1\s+and\s+256,\s+got\s+"lots"`),
		}},
	})
	if keys := e.LiveKeysNamed(t, e.Prefix()); len(keys) != 0 {
		t.Errorf("%d keys created with an invalid cap", len(keys))
	}
}

// inFlight counts the requests being served at once.
type inFlight struct {
	next      http.Handler
	now, peak atomic.Int64
}

func (f *inFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.now.Add(1)
	defer f.now.Add(-1)
	for p := f.peak.Load(); n > p && !f.peak.CompareAndSwap(p, n); p = f.peak.Load() {
	}
	f.next.ServeHTTP(w, r)
}
