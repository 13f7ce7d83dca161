// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// apiKeyValues must agree with the framework's reflection (the tfsdk tags)
// for every attribute, both ways, for known, null and unknown values: a
// field it missed would silently drop a value from state or plan.
func TestAPIKeyModelMatchesFramework(t *testing.T) {
	ctx := context.Background()
	var sr resource.SchemaResponse
	(&apiKeyResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	at := timetypes.NewRFC3339ValueMust("2026-01-02T03:04:05.000Z")
	known := apiKeyModel{
		ID: types.StringValue("key_1"), Name: types.StringValue("n"), WorkspaceID: types.StringValue("ws_1"),
		AllowedIPs:    types.SetValueMust(types.StringType, []attr.Value{types.StringValue("10.0.0.1")}),
		ExpiresInDays: types.Int64Value(90), Mode: types.StringValue("test"),
		Keepers:     types.MapValueMust(types.StringType, map[string]attr.Value{"v": types.StringValue("1")}),
		RotateAfter: types.StringValue("720h"), RotationDueAt: at, Key: types.StringValue("sk_1"),
		KeyPrefix: types.StringValue("sk_test_1234"), KeyType: types.StringValue("workspace"), Livemode: types.BoolValue(false),
		IsActive: types.BoolValue(true), CreatedAt: at, ExpiresAt: at, LastUsedAt: at,
	}
	nulls := apiKeyModel{AllowedIPs: types.SetNull(types.StringType), Keepers: types.MapNull(types.StringType)}
	unknowns := apiKeyModel{
		ID: types.StringUnknown(), Name: types.StringValue("n"), WorkspaceID: types.StringUnknown(),
		AllowedIPs: types.SetUnknown(types.StringType), ExpiresInDays: types.Int64Unknown(), Mode: types.StringUnknown(),
		Keepers: types.MapUnknown(types.StringType), RotateAfter: types.StringUnknown(), RotationDueAt: timetypes.NewRFC3339Unknown(),
		Key: types.StringUnknown(), KeyPrefix: types.StringUnknown(), KeyType: types.StringUnknown(), Livemode: types.BoolUnknown(),
		IsActive: types.BoolUnknown(), CreatedAt: timetypes.NewRFC3339Unknown(), ExpiresAt: timetypes.NewRFC3339Unknown(),
		LastUsedAt: timetypes.NewRFC3339Unknown(),
	}
	for name, m := range map[string]apiKeyModel{"known": known, "null": nulls, "unknown": unknowns} {
		t.Run(name, func(t *testing.T) {
			var diags diag.Diagnostics
			var got tftypes.Value
			apiKeyValues().Set(ctx, &got, &m, &diags)
			framework := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)}
			diags.Append(framework.Set(ctx, &m)...)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !got.Equal(framework.Raw) {
				t.Fatalf("Set differs from the framework's:\n got:       %s\n framework: %s", got, framework.Raw)
			}
			var back, want apiKeyModel
			apiKeyValues().Read(ctx, got, &back, &diags)
			diags.Append(framework.Get(ctx, &want)...)
			var backV, wantV tftypes.Value
			apiKeyValues().Set(ctx, &backV, &back, &diags)
			apiKeyValues().Set(ctx, &wantV, &want, &diags)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !backV.Equal(wantV) || !backV.Equal(got) {
				t.Fatalf("Read differs from the framework's Get:\n got:       %s\n framework: %s", backV, wantV)
			}
		})
	}
}
