// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/emulator"
)

// A create whose later step fails keeps the new key in state (tainted), so
// the next apply replaces it and revokes it: never an orphan.
func TestAccAPIKey_partialCreateIsTainted(t *testing.T) {
	e := acctest.New(t)
	emu := e.NeedEmulator(t)
	title := e.Title("partial")
	cfg := keyConfig(title, "publishable", fmt.Sprintf("  sales_channel_ids = [%q]", emu.DefaultSalesChannelID()))
	keysTitled := func() (live, revoked int) {
		for _, k := range emu.Keys() {
			if k.Title != title {
				continue
			}
			if k.RevokedAt == nil {
				live++
			} else {
				revoked++
			}
		}
		return live, revoked
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					emu.InjectFault(emulator.Fault{Method: "POST", Path: "/admin/api-keys/{id}/sales-channels", Status: 500})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Cannot link sales channels to xclade API key apk_`),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{checkFunc(func(context.Context) error {
					if live, revoked := keysTitled(); live != 1 || revoked != 1 {
						return fmt.Errorf("%d live and %d revoked keys, want the tainted one revoked and one live", live, revoked)
					}
					return nil
				})},
			},
		},
	})
}

// Servers older than Medusa 2.11 allow one active secret key: the error
// reaches the user with the explanation.
func TestAccAPIKey_singleSecretKeyServer(t *testing.T) {
	e := acctest.New(t, emulator.WithSingleActiveSecretKey())
	e.NeedEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{{
			Config:      keyConfig(e.Title("second"), "secret", ""),
			ExpectError: regexp.MustCompile(`(?s)one\s+active\s+secret\s+key.*older\s+than\s+Medusa\s+2\.11`),
		}},
	})
}
