// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// A key revoked or expired outside Terraform: the refresh warns which, the
// key leaves state, and the plan creates its replacement.
func TestAccAPIKey_driftOutOfBand(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(e *acctest.BoltzEnv, id string) error
	}{
		{"revoked", func(e *acctest.BoltzEnv, id string) error { return e.Emulator.RevokeKey(id) }},
		{"expired", func(e *acctest.BoltzEnv, id string) error { return e.Emulator.ExpireKey(id) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := acctest.NewBoltz(t)
			cfg := keyConfig(e.Title(c.name), `  expires_in_days = 7`)
			var id string
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckDestroyRevoked,
				Steps: []resource.TestStep{
					{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{acctest.StateFunc(func(v map[string]map[string]any) error {
						id, _ = v[addr]["id"].(string)
						return nil
					})}},
					{
						PreConfig: func() {
							if err := c.change(e, id); err != nil {
								t.Fatal(err)
							}
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)}},
						ConfigStateChecks: []statecheck.StateCheck{acctest.StateFunc(func(v map[string]map[string]any) error {
							if v[addr]["id"] == id {
								return fmt.Errorf("the %s key %s is still in state", c.name, id)
							}
							return nil
						})},
					},
				},
			})
		})
	}
}

// The refresh's warning says what happened, for each kind of drift,
// including a key no longer in the list (the API has no delete, so only a
// protocol-level read can show it).
func TestDrift_warnings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := acctest.NewBoltz(t)
	srv, schemas, err := acctest.ConfiguredServer(ctx, e.Factories()["boltz"])
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.ResourceSchemas["boltz_api_key"].ValueType()
	revoked := createKey(t, e, "revoked")
	expired := createKey(t, e, "expired")
	if err := e.Emulator.RevokeKey(revoked); err != nil {
		t.Fatal(err)
	}
	if err := e.Emulator.ExpireKey(expired); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		revoked:          `(?s)was revoked outside Terraform.*is_active = false.*removed from state`,
		expired:          `(?s)expired outside Terraform.*expired at .*rotate_after shorter than expires_in_days`,
		"key_not_listed": `(?s)is gone.*no longer in the Boltz API's list.*next plan creates a new key`,
	} {
		prior := mustDynamic(t, typ, acctest.NullObject(typ, map[string]tftypes.Value{
			"id": tftypes.NewValue(tftypes.String, id), "name": tftypes.NewValue(tftypes.String, "n"),
		}))
		resp, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "boltz_api_key", CurrentState: prior})
		if err != nil {
			t.Fatal(err)
		}
		st, _ := resp.NewState.Unmarshal(typ)
		if !st.IsNull() || len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
			!regexp.MustCompile(want).MatchString(resp.Diagnostics[0].Summary+" "+resp.Diagnostics[0].Detail) {
			t.Errorf("%s: want the key removed with a warning matching %s, got state %v and %+v", id, want, st, resp.Diagnostics)
		}
	}
}
