// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// tfkit.Model's conversions must agree with the framework's reflection
// (the tfsdk tags) for every attribute, in both directions, for known,
// null and unknown values: a field missed in one of them would silently
// drop a value from state or plan.
func TestAPIKeyModelMatchesReflection(t *testing.T) {
	ctx := context.Background()
	var sr resource.SchemaResponse
	(&apiKeyResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	timeoutsType := apiKeyObjectType().AttrTypes["timeouts"].(timeouts.Type)
	known := apiKeyResourceModel{
		ID: types.StringValue("apk_01"), Title: types.StringValue("t"), Type: types.StringValue("publishable"),
		Token: types.StringValue("pk_1"), Redacted: types.StringValue("pk_***1"),
		CreatedAt: timetypes.NewRFC3339ValueMust("2026-01-02T03:04:05.000Z"), CreatedBy: types.StringValue("user_1"),
		UpdatedAt: timetypes.NewRFC3339ValueMust("2026-01-02T03:04:06.000Z"),
		RevokedAt: timetypes.NewRFC3339ValueMust("2026-01-03T00:00:00.000Z"), RevokedBy: types.StringValue("user_2"),
		RevokeDelay: types.StringValue("1h"), DeleteOnDestroy: types.BoolValue(true),
		SalesChannelIDs: types.SetValueMust(types.StringType, []attr.Value{types.StringValue("sc_1"), types.StringValue("sc_2")}),
		Keepers:         types.MapValueMust(types.StringType, map[string]attr.Value{"v": types.StringValue("1")}),
		RotateAfter:     types.StringValue("720h"),
		RotationDueAt:   timetypes.NewRFC3339ValueMust("2026-02-01T03:04:05.000Z"),
		ExpireAfter:     types.StringValue("2160h"),
		ExpiresAt:       timetypes.NewRFC3339ValueMust("2026-04-02T03:04:05.000Z"),
		Timeouts: timeouts.Value{Object: types.ObjectValueMust(timeoutsType.AttrTypes, map[string]attr.Value{
			"create": types.StringValue("1m"), "update": types.StringNull(), "delete": types.StringValue("3m"),
		})},
	}
	nulls := apiKeyResourceModel{
		SalesChannelIDs: types.SetNull(types.StringType), Keepers: types.MapNull(types.StringType),
		Timeouts: timeouts.Value{Object: types.ObjectNull(timeoutsType.AttrTypes)},
	}
	unknowns := apiKeyResourceModel{
		ID: types.StringUnknown(), Title: types.StringValue("t"), Type: types.StringValue("secret"),
		Token: types.StringUnknown(), Redacted: types.StringUnknown(), CreatedAt: timetypes.NewRFC3339Unknown(),
		CreatedBy: types.StringUnknown(), UpdatedAt: timetypes.NewRFC3339Unknown(), RevokedAt: timetypes.NewRFC3339Unknown(),
		RevokedBy: types.StringUnknown(), RevokeDelay: types.StringUnknown(), DeleteOnDestroy: types.BoolUnknown(),
		SalesChannelIDs: types.SetUnknown(types.StringType), Keepers: types.MapUnknown(types.StringType),
		RotateAfter: types.StringUnknown(), RotationDueAt: timetypes.NewRFC3339Unknown(),
		ExpireAfter: types.StringUnknown(), ExpiresAt: timetypes.NewRFC3339Unknown(),
		Timeouts: timeouts.Value{Object: types.ObjectUnknown(timeoutsType.AttrTypes)},
	}
	for name, m := range map[string]apiKeyResourceModel{"known": known, "null": nulls, "unknown": unknowns} {
		t.Run(name, func(t *testing.T) {
			// model -> value
			var diags diag.Diagnostics
			var byHand tftypes.Value
			m.setRaw(ctx, &byHand, &diags)
			if diags.HasError() {
				t.Fatalf("setRaw: %v", diags)
			}
			byReflection := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(apiKeyObjectType().TerraformType(ctx), nil)}
			if d := byReflection.Set(ctx, &m); d.HasError() {
				t.Fatalf("State.Set: %v", d)
			}
			if !byHand.Equal(byReflection.Raw) {
				t.Fatalf("setRaw differs from the framework's:\n by hand:       %s\n by reflection: %s", byHand, byReflection.Raw)
			}
			// value -> model
			got := readModel(ctx, byHand, &diags)
			if diags.HasError() {
				t.Fatalf("readModel: %v", diags)
			}
			var want apiKeyResourceModel
			if d := byReflection.Get(ctx, &want); d.HasError() {
				t.Fatalf("State.Get: %v", d)
			}
			var gotV, wantV tftypes.Value
			got.setRaw(ctx, &gotV, &diags)
			want.setRaw(ctx, &wantV, &diags)
			if !gotV.Equal(wantV) || !gotV.Equal(byHand) {
				t.Fatalf("readModel differs from the framework's Get:\n by hand:       %s\n by reflection: %s", gotV, wantV)
			}
		})
	}
}
