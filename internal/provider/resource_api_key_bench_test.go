// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// BenchmarkRefreshRPCs is the provider's share of one resource in a
// `terraform plan` of an unchanged configuration: the four calls Terraform
// makes for each xclade_api_key (validate, upgrade, read, plan), through the
// provider's protocol server in this process. Terraform makes them N times
// for N resources, so their CPU and allocations are what a large refresh
// costs beyond Terraform itself (make bench measures the whole command).
func BenchmarkRefreshRPCs(b *testing.B) {
	for _, typ := range []string{"secret", "publishable"} {
		b.Run(typ, func(b *testing.B) {
			ctx := context.Background()
			r := newRPCBench(b, typ)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				r.refresh(ctx, b)
			}
		})
	}
}

// rpcBench holds one created key's state and the values Terraform would
// send for it.
type rpcBench struct {
	srv      tfprotov6.ProviderServer
	typ      tftypes.Object
	config   *tfprotov6.DynamicValue
	rawState []byte
}

func newRPCBench(b *testing.B, keyType string) *rpcBench {
	b.Helper()
	ctx := context.Background()
	env := acctest.New(b)
	srv, schemas, err := acctest.ConfiguredServer(ctx, env.Factories()["xclade"])
	if err != nil {
		b.Fatal(err)
	}
	typ := schemas.ResourceSchemas["xclade_api_key"].ValueType().(tftypes.Object)
	config := acctest.NullObject(typ, map[string]tftypes.Value{
		"title": tftypes.NewValue(tftypes.String, env.Title("bench")),
		"type":  tftypes.NewValue(tftypes.String, keyType),
	})
	r := &rpcBench{srv: srv, typ: typ, config: mustDynamic(b, typ, config)}

	plan, err := srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "xclade_api_key", Config: r.config, ProposedNewState: r.config,
		PriorState: mustDynamic(b, typ, tftypes.NewValue(typ, nil)),
	})
	if err != nil || acctest.DiagError(plan.Diagnostics) != nil {
		b.Fatalf("plan create: %v %v", err, acctest.DiagError(plan.Diagnostics))
	}
	applied, err := srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: "xclade_api_key", Config: r.config, PlannedState: plan.PlannedState,
		PriorState: mustDynamic(b, typ, tftypes.NewValue(typ, nil)), PlannedPrivate: plan.PlannedPrivate,
	})
	if err != nil || acctest.DiagError(applied.Diagnostics) != nil {
		b.Fatalf("apply: %v %v", err, acctest.DiagError(applied.Diagnostics))
	}
	state, err := applied.NewState.Unmarshal(typ)
	if err != nil {
		b.Fatal(err)
	}
	if r.rawState, err = json.Marshal(jsonValue(state)); err != nil {
		b.Fatal(err)
	}
	return r
}

// refresh makes the calls of one resource in a plan, checking that the
// plan is empty: a refresh that plans a change is not the case measured.
func (r *rpcBench) refresh(ctx context.Context, b *testing.B) {
	v, err := r.srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "xclade_api_key", Config: r.config})
	if err != nil || acctest.DiagError(v.Diagnostics) != nil {
		b.Fatalf("validate: %v %v", err, acctest.DiagError(v.Diagnostics))
	}
	up, err := r.srv.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "xclade_api_key", RawState: &tfprotov6.RawState{JSON: r.rawState},
	})
	if err != nil || acctest.DiagError(up.Diagnostics) != nil {
		b.Fatalf("upgrade: %v %v", err, acctest.DiagError(up.Diagnostics))
	}
	read, err := r.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "xclade_api_key", CurrentState: up.UpgradedState})
	if err != nil || acctest.DiagError(read.Diagnostics) != nil {
		b.Fatalf("read: %v %v", err, acctest.DiagError(read.Diagnostics))
	}
	plan, err := r.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "xclade_api_key", Config: r.config, PriorState: read.NewState, ProposedNewState: read.NewState,
		PriorPrivate: read.Private,
	})
	if err != nil || acctest.DiagError(plan.Diagnostics) != nil {
		b.Fatalf("plan: %v %v", err, acctest.DiagError(plan.Diagnostics))
	}
	if len(plan.RequiresReplace) > 0 {
		b.Fatalf("an unchanged key plans a replacement: %v", plan.RequiresReplace)
	}
}

func mustDynamic(b testing.TB, t tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	dv, err := tfprotov6.NewDynamicValue(t, v)
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

// jsonValue is v as Terraform writes it in a state file.
func jsonValue(v tftypes.Value) any {
	if v.IsNull() {
		return nil
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Bool):
		var x bool
		_ = v.As(&x)
		return x
	case v.Type().Is(tftypes.Number):
		var f big.Float
		_ = v.As(&f)
		x, _ := f.Float64()
		return x
	case v.Type().Is(tftypes.Object{}), v.Type().Is(tftypes.Map{}):
		var m map[string]tftypes.Value
		_ = v.As(&m)
		out := make(map[string]any, len(m))
		for k, e := range m {
			out[k] = jsonValue(e)
		}
		return out
	default: // list, set, tuple
		var l []tftypes.Value
		_ = v.As(&l)
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = jsonValue(e)
		}
		return out
	}
}
