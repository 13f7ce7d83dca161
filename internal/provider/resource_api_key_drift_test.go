// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// Each drift test changes the key on the server out of band (as another
// admin would) and asserts what the next plan proposes.

// driftSteps creates the key from cfg, lets change alter it on the server,
// and expects the next plan to propose action (with checks).
func driftSteps(t *testing.T, e *acctest.Env, cfg, what string, change func(ctx context.Context, id string) error,
	action plancheck.ResourceActionType, checks ...plancheck.PlanCheck) []resource.TestStep {
	ids := acctest.IDs{}
	return []resource.TestStep{
		{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{ids.Capture(addr)}},
		{
			PreConfig:          acctest.Do(t, what, func(ctx context.Context) error { return change(ctx, ids[addr]) }),
			Config:             cfg,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: append(
				[]plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}, checks...)},
		},
	}
}

func TestAccAPIKey_driftRenamed(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("drift-rename")
	cfg := keyConfig(title, "secret", "")
	rename := func(ctx context.Context, id string) error {
		_, err := e.Client.UpdateAPIKey(ctx, id, "renamed-by-someone")
		return err
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: append(driftSteps(t, e, cfg, "rename out of band", rename, plancheck.ResourceActionUpdate,
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("title"), knownvalue.StringExact(title))),
			resource.TestStep{
				// Applying puts the title back, with the same key.
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					e.KeyOnServer(addr, matchesServer),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.StringRegexp(secretTokenRE)),
				},
			}),
	})
}

func TestAccAPIKey_driftRevoked(t *testing.T) {
	e := acctest.New(t)
	cfg := keyConfig(e.Title("drift-revoke"), "secret", "")
	revoke := func(ctx context.Context, id string) error {
		_, err := e.Client.RevokeAPIKey(ctx, id, 0)
		return err
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: append(driftSteps(t, e, cfg, "revoke out of band", revoke, plancheck.ResourceActionCreate),
			resource.TestStep{
				// The apply creates a working replacement.
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("revoked_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.StringRegexp(secretTokenRE)),
					e.KeyOnServer(addr, matchesServer),
				},
			}),
	})
}

func TestAccAPIKey_driftDeleted(t *testing.T) {
	e := acctest.New(t)
	remove := func(ctx context.Context, id string) error {
		if _, err := e.Client.RevokeAPIKey(ctx, id, 0); err != nil {
			return err
		}
		return e.Client.DeleteAPIKey(ctx, id)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: driftSteps(t, e, keyConfig(e.Title("drift-delete"), "publishable", ""), "revoke and delete out of band",
			remove, plancheck.ResourceActionCreate),
	})
}

// A revocation scheduled outside Terraform keeps the key (it still works)
// and shows in revoked_at; the plan proposes nothing.
func TestAccAPIKey_driftScheduledRevocation(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("drift-scheduled")
	ids := acctest.IDs{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{Config: keyConfig(title, "secret", ""), ConfigStateChecks: []statecheck.StateCheck{ids.Capture(addr)}},
			{
				PreConfig: acctest.Do(t, "schedule a revocation out of band", func(ctx context.Context) error {
					_, err := e.Client.RevokeAPIKey(ctx, ids[addr], time.Hour)
					return err
				}),
				Config:   keyConfig(title, "secret", ""),
				PlanOnly: true,
			},
			{
				Config: keyConfig(title, "secret", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("revoked_at"), knownvalue.StringRegexp(rfc3339msRE)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("revoked_by"), knownvalue.NotNull()),
				},
			},
		},
	})
}

func TestAccAPIKey_driftSalesChannels(t *testing.T) {
	e := acctest.New(t)
	ctx := acctest.Context(t)
	sc, err := e.CreateSalesChannel(ctx, e.Title("sc"))
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.CreateSalesChannel(ctx, e.Title("sc-other"))
	if err != nil {
		t.Fatal(err)
	}
	title := e.Title("drift-sc")
	cfg := keyConfig(title, "publishable", "  sales_channel_ids = "+hclList([]string{sc.ID}))
	relink := func(ctx context.Context, id string) error {
		_, err := e.Client.UpdateAPIKeySalesChannels(ctx, id, []string{other.ID}, []string{sc.ID})
		return err
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps:                    driftSteps(t, e, cfg, "relink sales channels out of band", relink, plancheck.ResourceActionUpdate),
	})
}
