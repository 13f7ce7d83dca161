// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

// The provider under faults: every scenario runs create, rename and
// destroy of a key (and a read of the data source) with a fault injected
// into the emulator at each step, then asks the API that no key was
// duplicated, none was orphaned, and state matches the server.

import (
	"context"
	"fmt"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// The suite's tally, reported when every scenario has finished: scenarios
// run, keys duplicated, keys orphaned.
var faultScenarios, faultDuplicates, faultOrphans atomic.Int64

type faultScenario struct {
	name string
	// faults injected before the create, rename and destroy steps.
	create, rename, destroy []emulator.Fault
	// extra provider configuration (e.g. a short request_timeout).
	providerCfg string
}

func faultScenarioTable() []faultScenario {
	any := func(f emulator.Fault) []emulator.Fault { return []emulator.Fault{f} }
	return []faultScenario{
		{
			name:    "dropped connection before the write",
			create:  any(emulator.Fault{Method: "POST", Path: "/admin/api-keys", DropBeforeHandling: true}),
			rename:  any(emulator.Fault{Method: "POST", Path: "/admin/api-keys/{id}", DropBeforeHandling: true}),
			destroy: any(emulator.Fault{Method: "POST", Path: "/admin/api-keys/{id}/revoke", DropBeforeHandling: true}),
		},
		{
			name:    "dropped connection after the write",
			create:  any(emulator.Fault{Method: "POST", Path: "/admin/api-keys", DropAfterHandling: true}),
			rename:  any(emulator.Fault{Method: "POST", Path: "/admin/api-keys/{id}", DropAfterHandling: true}),
			destroy: any(emulator.Fault{Method: "POST", Path: "/admin/api-keys/{id}/revoke", DropAfterHandling: true}),
		},
		{
			name:    "429 with Retry-After",
			create:  any(emulator.Fault{Status: 429, RetryAfter: "1", Times: 2}),
			rename:  any(emulator.Fault{Status: 429, RetryAfter: "1", Times: 2}),
			destroy: any(emulator.Fault{Status: 429, RetryAfter: "1", Times: 2}),
		},
		{
			name:    "503 bursts",
			create:  any(emulator.Fault{Status: 503, Times: 3}),
			rename:  any(emulator.Fault{Status: 503, Times: 3}),
			destroy: any(emulator.Fault{Status: 503, Times: 3}),
		},
		{
			name:        "slow responses past the timeout",
			providerCfg: `request_timeout = "1s"`,
			create:      any(emulator.Fault{Method: "POST", Path: "/admin/api-keys", Delay: 1500 * time.Millisecond}),
			rename:      any(emulator.Fault{Method: "POST", Path: "/admin/api-keys/{id}", Delay: 1500 * time.Millisecond}),
			destroy:     any(emulator.Fault{Method: "POST", Path: "/admin/api-keys/{id}/revoke", Delay: 1500 * time.Millisecond}),
		},
	}
}

func TestAccFaults_resourceLifecycle(t *testing.T) {
	// Runs after the parallel subtests, so it sees them all.
	t.Cleanup(func() {
		t.Logf("fault suite: scenarios=%d keys duplicated=%d keys orphaned=%d",
			faultScenarios.Load(), faultDuplicates.Load(), faultOrphans.Load())
	})
	for _, sc := range faultScenarioTable() {
		for _, typ := range []string{"secret", "publishable"} {
			t.Run(sc.name+"/"+typ, func(t *testing.T) {
				e := acctest.New(t)
				emu := e.NeedEmulator(t)
				title, renamed := e.Title("fault"), e.Title("fault-renamed")
				cfg := func(title string) string {
					return fmt.Sprintf("provider \"xclade\" {\n  %s\n}\n", sc.providerCfg) + keyConfig(title, typ, "")
				}
				inject := func(faults []emulator.Fault) func() {
					return func() {
						emu.ClearFaults()
						for _, f := range faults {
							emu.InjectFault(f)
						}
					}
				}
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: e.Factories(),
					CheckDestroy:             e.CheckDestroyRevoked,
					Steps: []resource.TestStep{
						{
							PreConfig:         inject(sc.create),
							Config:            cfg(title),
							ConfigStateChecks: []statecheck.StateCheck{onlyKeyMatchesState(e, emu, title, renamed)},
						},
						{
							PreConfig:         inject(sc.rename),
							Config:            cfg(renamed),
							ConfigStateChecks: []statecheck.StateCheck{onlyKeyMatchesState(e, emu, title, renamed)},
						},
						{
							PreConfig: inject(sc.destroy),
							Config:    cfg(renamed),
							Destroy:   true,
							// A destroy step's Check runs after the destroy.
							Check: func(*terraform.State) error {
								defer faultScenarios.Add(1)
								return exactlyOneKeyRevoked(t, emu, title, renamed)
							},
						},
					},
				})
			})
		}
	}
}

// onlyKeyMatchesState checks that exactly one key carries this test's
// titles, that it is live, and that it is the one in state, with the token
// state holds.
func onlyKeyMatchesState(e *acctest.Env, emu *emulator.Server, titles ...string) statecheck.StateCheck {
	return e.KeyOnServer(addr, func(s map[string]any, k *xclade.APIKey) error {
		var mine []emulator.Key
		for _, key := range emu.Keys() {
			for _, title := range titles {
				if key.Title == title {
					mine = append(mine, key)
				}
			}
		}
		if len(mine) != 1 {
			faultDuplicates.Add(int64(len(mine) - 1))
			return fmt.Errorf("%d keys carry the test's titles, want exactly 1: %+v", len(mine), mine)
		}
		if mine[0].ID != k.ID || k.RevokedAt != nil {
			faultOrphans.Add(1)
			return fmt.Errorf("the key on the server (%s) is not the live key in state (%s)", mine[0].ID, k.ID)
		}
		return matchesServer(s, k)
	})
}

func exactlyOneKeyRevoked(t *testing.T, emu *emulator.Server, titles ...string) error {
	var mine []emulator.Key
	for _, key := range emu.Keys() {
		for _, title := range titles {
			if key.Title == title {
				mine = append(mine, key)
			}
		}
	}
	if len(mine) != 1 {
		faultDuplicates.Add(int64(max(len(mine)-1, 0)))
		return fmt.Errorf("%d keys after destroy, want exactly the 1 revoked key", len(mine))
	}
	if mine[0].RevokedAt == nil {
		faultOrphans.Add(1)
		return fmt.Errorf("%s is still live after destroy: orphaned", mine[0].ID)
	}
	t.Logf("scenario ok: 1 key, revoked at %s", mine[0].RevokedAt.Format(time.RFC3339Nano))
	return nil
}

// The data source pages through results under 503 bursts, 429s and dropped
// connections and still returns the exact set.
func TestAccFaults_dataSourceRead(t *testing.T) {
	e := acctest.New(t)
	emu := e.NeedEmulator(t)
	var want []string
	for i := range 7 {
		k, err := e.Client.CreateAPIKey(acctest.Context(t), xclade.CreateAPIKeyRequest{Title: e.Title(fmt.Sprint(i)), Type: "secret"})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, k.ID)
	}
	cfg := fmt.Sprintf(`
data "xclade_api_keys" "test" {
  query     = %q
  page_size = 2
}
`, e.Prefix())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys", Status: 503, Times: 2})
				emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys", DropBeforeHandling: true})
				emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys", Status: 429, RetryAfter: "0"})
				emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys", DropAfterHandling: true})
			},
			Config: cfg,
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("data.xclade_api_keys.test", "total", "7"),
				func(s *terraform.State) error {
					got := s.RootModule().Resources["data.xclade_api_keys.test"].Primary.Attributes
					for i, id := range want {
						if got[fmt.Sprintf("api_keys.%d.id", i)] != id {
							return fmt.Errorf("api_keys.%d.id = %s, want %s", i, got[fmt.Sprintf("api_keys.%d.id", i)], id)
						}
					}
					if emu.PendingFaults() != 0 {
						return fmt.Errorf("%d faults were never hit", emu.PendingFaults())
					}
					return nil
				},
			),
		}},
	})
}

// A revoked credential mid-run fails with a message that names the
// credential method and the fix, and leaves no key behind.
func TestAccFaults_unauthorizedMidRun(t *testing.T) {
	e := acctest.New(t)
	emu := e.NeedEmulator(t)
	title := e.Title("401")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { emu.InjectFault(emulator.Fault{Method: "POST", Path: "/admin/api-keys", Status: 401}) },
				Config:      keyConfig(title, "secret", ""),
				ExpectError: regexp.MustCompile(`(?s)HTTP 401.*refused the\s+secret API key\s+sk_[0-9a-f]{3}\*\*\*[0-9a-f]{3}.*set\s+api_key\s+\(or\s+XCLADE_API_KEY\)`),
			},
			{
				Config: keyConfig(title, "secret", ""),
				ConfigStateChecks: []statecheck.StateCheck{checkFunc(func(context.Context) error {
					n := 0
					for _, k := range emu.Keys() {
						if k.Title == title {
							n++
						}
					}
					if n != 1 {
						return fmt.Errorf("%d keys after a refused create and a retry, want 1", n)
					}
					return nil
				})},
			},
		},
	})
}
