// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
	"github.com/xclade/terraform-provider-xclade/internal/boltzprovider"
	"github.com/xclade/terraform-provider-xclade/internal/clock"
)

const addr = "boltz_api_key.test"

var wsSecretRE = regexp.MustCompile(`^sk_bc_ws_(live|test)_[0-9A-Za-z]+$`)

func keyConfig(name, extra string) string {
	return fmt.Sprintf(`
resource "boltz_api_key" "test" {
  name = %q
%s
}
`, name, extra)
}

// serverAgrees asks the API whether the key in state is the one it holds,
// with the same settings.
func serverAgrees(e *acctest.BoltzEnv, check func(k *boltz.APIKey, state map[string]any) error) acctest.StateFunc {
	return func(values map[string]map[string]any) error {
		st := values[addr]
		k, err := e.Client.Lookup(context.Background(), fmt.Sprint(st["id"]))
		if err != nil {
			return err
		}
		if secret, _ := st["key"].(string); secret != "" && secret[:12] != k.KeyPrefix {
			return fmt.Errorf("the secret in state does not belong to %s (prefix %s)", k.ID, k.KeyPrefix)
		}
		if k.Name != st["name"] || !k.IsActive {
			return fmt.Errorf("server has %q active=%v, state %v", k.Name, k.IsActive, st["name"])
		}
		return check(k, st)
	}
}

func TestAccAPIKey_lifecycle(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	name := e.Title("ci")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				Config: keyConfig(name, `  allowed_ips = ["10.0.0.1", "2001:DB8::1"]
  expires_in_days = 30
  mode = "test"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("key_type"), knownvalue.StringExact("workspace")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("livemode"), knownvalue.Bool(false)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("last_used_at"), knownvalue.Null()),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("expires_at")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.StringRegexp(wsSecretRE)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(boltzemulator.DefaultWorkspaceID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("mode"), knownvalue.StringExact("test")),
					// The configured spelling stays, although the server normalised it.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("allowed_ips"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("10.0.0.1"), knownvalue.StringExact("2001:DB8::1")})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					serverAgrees(e, func(k *boltz.APIKey, st map[string]any) error {
						if k.ExpiresAt == nil || k.ExpiresAt.Sub(k.CreatedAt) != 30*24*time.Hour || k.Livemode {
							return fmt.Errorf("server key %+v", k)
						}
						if len(k.AllowedIPs) != 2 || k.AllowedIPs[1] != "2001:db8::1" {
							return fmt.Errorf("the server should have normalised the address: %v", k.AllowedIPs)
						}
						return nil
					}),
				},
			},
			{
				// Refreshed against the normalised addresses: nothing to change.
				Config: keyConfig(name, `  allowed_ips = ["10.0.0.1", "2001:DB8::1"]
  expires_in_days = 30
  mode = "test"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Another spelling of the same addresses only updates state.
				Config: keyConfig(name, `  allowed_ips = ["2001:db8:0::1", "10.0.0.1"]
  expires_in_days = 30
  mode = "test"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{serverAgrees(e, func(k *boltz.APIKey, st map[string]any) error {
					if k.KeyPrefix != st["key_prefix"] {
						return fmt.Errorf("the key was replaced")
					}
					return nil
				})},
			},
			{
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
				// The secret comes only from create; the server spells the address its way.
				ImportStateVerifyIgnore: []string{"key", "allowed_ips"},
			},
			{
				// Another address replaces the key: nothing can be updated.
				Config: keyConfig(name, `  allowed_ips = ["10.0.0.2"]
  expires_in_days = 30
  mode = "test"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)}},
			},
		},
	})
}

func TestAccAPIKey_importWarnsAndMatches(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	name := e.Title("imp")
	k, err := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: name, AllowedIPs: []string{"192.0.2.1"}, ExpiresInDays: 90})
	if err != nil {
		t.Fatal(err)
	}
	cfg := keyConfig(name, `  allowed_ips = ["192.0.2.1"]
  expires_in_days = 90`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: k.ID, ImportStatePersist: true,
				ImportStateCheck: func(s []*terraform.InstanceState) error {
					if len(s) != 1 || s[0].Attributes["key"] != "" || s[0].Attributes["expires_in_days"] != "90" || s[0].Attributes["mode"] != "live" {
						return fmt.Errorf("imported %v", s[0].Attributes)
					}
					return nil
				},
			},
			{
				// The imported key matches its configuration: no replacement.
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccAPIKey_importRefusals(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	revoked, _ := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: e.Title("revoked")})
	if err := e.Emulator.RevokeKey(revoked.ID); err != nil {
		t.Fatal(err)
	}
	cfg := keyConfig(e.Title("x"), "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: "key_nosuchkey",
				ExpectError: regexp.MustCompile(`(?s)Cannot import key_nosuchkey.*lists no key key_nosuchkey`)},
			{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: revoked.ID,
				ExpectError: regexp.MustCompile(`(?s)Cannot import.*was revoked`)},
			{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: e.Admin.ID,
				ExpectError: regexp.MustCompile(`(?s)Cannot import.*admin key`)},
		},
	})
}

// last_used_at moves whenever the key is used, outside Terraform: never a change.
func TestAccAPIKey_lastUsedAtNeverPlans(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	var secret string
	use := func() {
		// Any authenticated request sets last_used_at, even the 403 a workspace key gets.
		req, _ := http.NewRequest(http.MethodGet, e.BaseURL+"/compute/v1/admin/api-keys", nil)
		req.Header.Set("x-api-key", secret)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	cfg := keyConfig(e.Title("used"), "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_used_at"), knownvalue.Null()),
				acctest.StateFunc(func(v map[string]map[string]any) error { secret, _ = v[addr]["key"].(string); return nil }),
			}},
			{
				PreConfig: use, Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_used_at"), knownvalue.NotNull()),
				},
			},
			{
				// An in-place change (rotate_after) shows no last_used_at change either.
				PreConfig: func() { time.Sleep(10 * time.Millisecond); use() },
				Config:    keyConfig(e.Title("used"), `  rotate_after = "720h"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("last_used_at"), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("rotation_due_at"), knownvalue.NotNull()),
				}},
			},
		},
	})
}

func TestAccAPIKey_rotation(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	clk := clock.NewFake(time.Now())
	cfg := keyConfig(e.Title("rot"), `  rotate_after = "720h"
  expires_in_days = 60`)
	var first string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(boltzprovider.WithClock(clk)),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{acctest.StateFunc(func(v map[string]map[string]any) error {
				first, _ = v[addr]["id"].(string)
				if v[addr]["rotation_due_at"] == nil {
					return fmt.Errorf("rotation_due_at is null")
				}
				return nil
			})}},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				PreConfig: func() { clk.Advance(721 * time.Hour) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)}},
				ConfigStateChecks: []statecheck.StateCheck{acctest.CheckFunc(func(ctx context.Context) error {
					clk.Set(time.Now()) // the successor is new: not due
					k, err := e.Client.Lookup(ctx, first)
					if err != nil || k.IsActive {
						return fmt.Errorf("the rotated-out key %s should be revoked: %+v %v", first, k, err)
					}
					return nil
				})},
			},
		},
	})
}
