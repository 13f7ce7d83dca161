// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// BenchmarkRefreshRPCs is the provider's share of one boltz_api_key in a
// `terraform plan` of an unchanged configuration: the calls Terraform makes
// for it (validate, upgrade, read, plan) through the provider's protocol
// server in this process, for a key made out of band and imported. Its CPU
// and allocations, times N, are what a refresh of N keys costs beyond
// Terraform (boltz-bench measures the whole command).
func BenchmarkRefreshRPCs(b *testing.B) {
	ctx := context.Background()
	e := acctest.NewBoltz(b)
	srv, schemas, err := acctest.ConfiguredServer(ctx, e.Factories()["boltz"])
	if err != nil {
		b.Fatal(err)
	}
	typ := schemas.ResourceSchemas["boltz_api_key"].ValueType()
	id := createKey(b, e, "bench")
	imported, err := srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "boltz_api_key", ID: id})
	if err != nil || acctest.DiagError(imported.Diagnostics) != nil || len(imported.ImportedResources) != 1 {
		b.Fatalf("import: %v %v", err, acctest.DiagError(imported.Diagnostics))
	}
	first, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "boltz_api_key", CurrentState: imported.ImportedResources[0].State})
	if err != nil || acctest.DiagError(first.Diagnostics) != nil {
		b.Fatalf("read: %v %v", err, acctest.DiagError(first.Diagnostics))
	}
	state, err := first.NewState.Unmarshal(typ)
	if err != nil {
		b.Fatal(err)
	}
	// The configuration is the state's arguments: name and mode.
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		b.Fatal(err)
	}
	config := mustDynamic(b, typ, acctest.NullObject(typ, map[string]tftypes.Value{"name": attrs["name"], "mode": attrs["mode"]}))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v, err := srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "boltz_api_key", Config: config})
		if err != nil || acctest.DiagError(v.Diagnostics) != nil {
			b.Fatalf("validate: %v %v", err, acctest.DiagError(v.Diagnostics))
		}
		read, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "boltz_api_key", CurrentState: first.NewState,
			CurrentIdentity: first.NewIdentity})
		if err != nil || acctest.DiagError(read.Diagnostics) != nil {
			b.Fatalf("read: %v %v", err, acctest.DiagError(read.Diagnostics))
		}
		plan, err := srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: "boltz_api_key", Config: config, PriorState: read.NewState, ProposedNewState: read.NewState,
			PriorPrivate: read.Private, PriorIdentity: read.NewIdentity,
		})
		if err != nil || acctest.DiagError(plan.Diagnostics) != nil {
			b.Fatalf("plan: %v %v", err, acctest.DiagError(plan.Diagnostics))
		}
		if len(plan.RequiresReplace) > 0 {
			b.Fatalf("an unchanged key plans a replacement: %v", plan.RequiresReplace)
		}
	}
}
