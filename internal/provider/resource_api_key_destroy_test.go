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
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// With revoke_delay, destroy schedules the revocation: the key keeps working
// for the grace period.
func TestAccAPIKey_destroyWithRevokeDelay(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("delay")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(s *terraform.State) error {
			for _, rs := range s.RootModule().Resources {
				k, err := e.Client.GetAPIKey(context.Background(), rs.Primary.ID)
				if err != nil {
					return err
				}
				now := e.Client.ServerNow()
				if k.RevokedAt == nil || k.RevokedAt.Before(now.Add(80*time.Minute)) || k.RevokedAt.After(now.Add(100*time.Minute)) {
					return fmt.Errorf("want revocation scheduled ~90m ahead, got revoked_at %v (now %v)", k.RevokedAt, now)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: keyConfig(title, "secret", `  revoke_delay = "90m"`)},
		},
	})
}

func TestAccAPIKey_destroyDeletes(t *testing.T) {
	e := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyDeleted,
		Steps: []resource.TestStep{
			{Config: keyConfig(e.Title("delete"), "publishable", `  delete_on_destroy = true`)},
		},
	})
}

// Changing revoke_delay or delete_on_destroy touches only state: the plan
// shows an update whose API-side values are all known, and the key on the
// server is unchanged.
func TestAccAPIKey_destroySettingsUpdateInPlace(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("settings")
	ids := acctest.IDs{}
	var updatedAt time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{Config: keyConfig(title, "secret", ""), ConfigStateChecks: []statecheck.StateCheck{
				ids.Capture(addr),
				e.KeyOnServer(addr, func(_ map[string]any, k *xclade.APIKey) error { updatedAt = k.UpdatedAt; return nil }),
			}},
			{
				Config: keyConfig(title, "secret", "  revoke_delay = \"24h\"\n  delete_on_destroy = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(rfc3339msRE)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("revoke_delay"), knownvalue.StringExact("24h")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.StringRegexp(secretTokenRE)),
					e.KeyOnServer(addr, func(s map[string]any, k *xclade.APIKey) error {
						if !k.UpdatedAt.Equal(updatedAt) || k.RevokedAt != nil {
							return fmt.Errorf("a state-only change reached the server: updated_at %v -> %v, revoked_at %v", updatedAt, k.UpdatedAt, k.RevokedAt)
						}
						return matchesServer(s, k)
					}),
				},
			},
		},
	})
}
