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

func TestAccAPIKey_driftRenamed(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("drift-rename")
	ids := acctest.IDs{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{Config: keyConfig(title, "secret", ""), ConfigStateChecks: []statecheck.StateCheck{ids.Capture(addr)}},
			{
				PreConfig: acctest.Do(t, "rename out of band", func(ctx context.Context) error {
					_, err := e.Client.UpdateAPIKey(ctx, ids[addr], "renamed-by-someone")
					return err
				}),
				Config:             keyConfig(title, "secret", ""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("title"), knownvalue.StringExact(title)),
				}},
			},
			{
				// Applying puts the title back, with the same key.
				Config: keyConfig(title, "secret", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					e.KeyOnServer(addr, matchesServer),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.StringRegexp(secretTokenRE)),
				},
			},
		},
	})
}

func TestAccAPIKey_driftRevoked(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("drift-revoke")
	ids := acctest.IDs{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{Config: keyConfig(title, "secret", ""), ConfigStateChecks: []statecheck.StateCheck{ids.Capture(addr)}},
			{
				PreConfig: acctest.Do(t, "revoke out of band", func(ctx context.Context) error {
					_, err := e.Client.RevokeAPIKey(ctx, ids[addr], 0)
					return err
				}),
				Config:             keyConfig(title, "secret", ""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
			},
			{
				// The apply creates a working replacement.
				Config: keyConfig(title, "secret", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("revoked_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.StringRegexp(secretTokenRE)),
					e.KeyOnServer(addr, matchesServer),
				},
			},
		},
	})
}

func TestAccAPIKey_driftDeleted(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("drift-delete")
	ids := acctest.IDs{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{Config: keyConfig(title, "publishable", ""), ConfigStateChecks: []statecheck.StateCheck{ids.Capture(addr)}},
			{
				PreConfig: acctest.Do(t, "revoke and delete out of band", func(ctx context.Context) error {
					if _, err := e.Client.RevokeAPIKey(ctx, ids[addr], 0); err != nil {
						return err
					}
					return e.Client.DeleteAPIKey(ctx, ids[addr])
				}),
				Config:             keyConfig(title, "publishable", ""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
			},
		},
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
	sc, err := e.Client.CreateSalesChannel(ctx, e.Title("sc"))
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.Client.CreateSalesChannel(ctx, e.Title("sc-other"))
	if err != nil {
		t.Fatal(err)
	}
	title := e.Title("drift-sc")
	cfg := keyConfig(title, "publishable", "  sales_channel_ids = "+hclList([]string{sc.ID}))
	ids := acctest.IDs{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{ids.Capture(addr)}},
			{
				PreConfig: acctest.Do(t, "relink sales channels out of band", func(ctx context.Context) error {
					_, err := e.Client.UpdateAPIKeySalesChannels(ctx, ids[addr], []string{other.ID}, []string{sc.ID})
					return err
				}),
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}
