// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/clock"
	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/provider"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

func TestAccAPIKey_keepersReplace(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("keepers")
	cfg := func(v string) string {
		return keyConfig(title, "secret", fmt.Sprintf("  keepers = { version = %q }", v))
	}
	ids := acctest.IDs{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{Config: cfg("1"), ConfigStateChecks: []statecheck.StateCheck{ids.Capture(addr)}},
			{Config: cfg("1"), PlanOnly: true},
			{
				Config: cfg("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{revokedOnServer(e, ids, addr)},
			},
		},
	})
}

// rotate_after replaces the key once the (test) clock passes created_at +
// rotate_after; before that the plan is empty.
func TestAccAPIKey_rotateAfter(t *testing.T) {
	e := acctest.New(t)
	fake := clock.NewFake(time.Now())
	title := e.Title("rotate")
	cfg := keyConfig(title, "secret", `  rotate_after = "720h"`)
	ids := acctest.IDs{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(provider.WithClock(fake)),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					ids.Capture(addr),
					e.KeyOnServer(addr, func(s map[string]any, k *xclade.APIKey) error {
						want := xclade.FormatTime(k.CreatedAt.Add(720 * time.Hour))
						if s["rotation_due_at"] != want {
							return fmt.Errorf("rotation_due_at %v, want %s", s["rotation_due_at"], want)
						}
						return nil
					}),
				},
			},
			{
				PreConfig: func() { fake.Advance(719 * time.Hour) },
				Config:    cfg,
				PlanOnly:  true,
			},
			{
				PreConfig: func() { fake.Advance(2 * time.Hour) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("token")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					revokedOnServer(e, ids, addr),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.StringRegexp(secretTokenRE)),
					// The replacement was created by the server's real clock:
					// bring the test clock back to it, or the new key would be
					// 721 hours old at once and the follow-up plan would
					// rotate it again.
					checkFunc(func(context.Context) error { fake.Set(time.Now()); return nil }),
				},
			},
		},
	})
}

// The zero-downtime recipe: create_before_destroy with revoke_delay creates
// the new key first, and the old key keeps working for the grace period.
func TestAccAPIKey_rotationCreateBeforeDestroy(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("cbd")
	cfg := func(v string) string {
		return keyConfig(title, "secret", fmt.Sprintf(`  revoke_delay = "1h"
  keepers      = { version = %q }
  lifecycle {
    create_before_destroy = true
  }`, v))
	}
	ids := acctest.IDs{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{Config: cfg("1"), ConfigStateChecks: []statecheck.StateCheck{ids.Capture(addr)}},
			{
				Config: cfg("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreateBeforeDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					checkFunc(func(ctx context.Context) error {
						old, err := e.Client.GetAPIKey(ctx, ids[addr])
						if err != nil {
							return err
						}
						now := e.Client.ServerNow()
						if old.RevokedAt == nil || !old.RevokedAt.After(now.Add(50*time.Minute)) {
							return fmt.Errorf("old key %s: want revocation scheduled ~1h ahead, got %v", old.ID, old.RevokedAt)
						}
						return nil
					}),
					e.KeyOnServer(addr, func(s map[string]any, k *xclade.APIKey) error {
						if k.ID == ids[addr] || k.RevokedAt != nil {
							return fmt.Errorf("new key %s is not a live replacement (old %s, revoked_at %v)", k.ID, ids[addr], k.RevokedAt)
						}
						return matchesServer(s, k)
					}),
				},
			},
		},
	})
}

// expire_after schedules the key's revocation on the server at create;
// once it has passed, the refresh drops the key and the plan creates its
// successor.
func TestAccAPIKey_expireAfter(t *testing.T) {
	fake := clock.NewFake(time.Now())
	e := acctest.New(t, emulator.WithClock(fake.Now))
	e.NeedEmulator(t)
	cfg := keyConfig(e.Title("expire"), "secret", "  rotate_after = \"1h\"\n  expire_after = \"2h\"")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(provider.WithClock(fake)),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("expires_at")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					e.KeyOnServer(addr, func(s map[string]any, k *xclade.APIKey) error {
						if k.RevokedAt == nil || k.RevokedAt.Sub(k.CreatedAt).Round(time.Second) != 2*time.Hour {
							return fmt.Errorf("the server's revoked_at %v is not created_at + 2h", k.RevokedAt)
						}
						if s["expires_at"] != xclade.FormatTime(*k.RevokedAt) || s["revoked_at"] != s["expires_at"] {
							return fmt.Errorf("expires_at %v, revoked_at %v, want the server's %s", s["expires_at"], s["revoked_at"], xclade.FormatTime(*k.RevokedAt))
						}
						return nil
					}),
				},
			},
			{Config: cfg, PlanOnly: true},
			{
				PreConfig:          func() { fake.Advance(3 * time.Hour) },
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}
