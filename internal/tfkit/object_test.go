// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
)

type inner struct {
	ID   types.String `tfsdk:"id"`
	Note string       `tfsdk:"-"`
}

type model struct {
	inner
	On    types.Bool        `tfsdk:"on"`
	At    timetypes.RFC3339 `tfsdk:"at"`
	IDs   types.Set         `tfsdk:"ids"`
	Attrs types.Map         `tfsdk:"attrs"`
}

var modelType = basetypes.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "on": types.BoolType, "at": timetypes.RFC3339Type{},
	"ids": types.SetType{ElemType: types.StringType}, "attrs": types.MapType{ElemType: types.StringType},
}}

// ObjectValue and ObjectInto agree with the framework's own conversion of
// the same model, both ways, for known, null and unknown values, embedded
// fields included: a field either one missed would drop a value from state.
func TestObjectMatchesTheFramework(t *testing.T) {
	ctx := context.Background()
	for name, m := range map[string]model{
		"known": {inner: inner{ID: types.StringValue("a")}, On: types.BoolValue(true),
			At:    timetypes.NewRFC3339ValueMust("2026-01-02T03:04:05.000Z"),
			IDs:   types.SetValueMust(types.StringType, []attr.Value{types.StringValue("x"), types.StringValue("y")}),
			Attrs: types.MapValueMust(types.StringType, map[string]attr.Value{"k": types.StringValue("v")})},
		"null": {IDs: types.SetNull(types.StringType), Attrs: types.MapNull(types.StringType)},
		"unknown": {inner: inner{ID: types.StringUnknown()}, On: types.BoolUnknown(), At: timetypes.NewRFC3339Unknown(),
			IDs: types.SetUnknown(types.StringType), Attrs: types.MapUnknown(types.StringType)},
	} {
		t.Run(name, func(t *testing.T) {
			obj, diags := types.ObjectValueFrom(ctx, modelType.AttrTypes, m)
			if diags.HasError() {
				t.Fatal(diags)
			}
			want, err := obj.ToTerraformValue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tfkit.ObjectValue(ctx, modelType.TerraformType(ctx).(tftypes.Object), m)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Fatalf("ObjectValue differs from the framework's:\n got:  %s\n want: %s", got, want)
			}
			var back model
			if err := tfkit.ObjectInto(ctx, modelType, want, &back); err != nil {
				t.Fatal(err)
			}
			var viaFramework model
			if diags := obj.As(ctx, &viaFramework, basetypes.ObjectAsOptions{}); diags.HasError() {
				t.Fatal(diags)
			}
			if !back.ID.Equal(viaFramework.ID) || !back.On.Equal(viaFramework.On) || !back.At.Equal(viaFramework.At) ||
				!back.IDs.Equal(viaFramework.IDs) || !back.Attrs.Equal(viaFramework.Attrs) {
				t.Fatalf("ObjectInto differs from the framework's:\n got:  %+v\n want: %+v", back, viaFramework)
			}
		})
	}
}

// A model that does not fit the object type is an error, not a panic or a
// silently missing attribute.
func TestObjectValueRejectsAModelThatDoesNotFit(t *testing.T) {
	ctx := context.Background()
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String, "other": tftypes.String}}
	if _, err := tfkit.ObjectValue(ctx, typ, inner{ID: types.StringValue("a")}); err == nil {
		t.Fatal("a model without the attribute other converted")
	}
	var m inner
	raw := tftypes.NewValue(typ, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "a"), "other": tftypes.NewValue(tftypes.String, "b")})
	if err := tfkit.ObjectInto(ctx, basetypes.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType, "other": types.StringType}}, raw, &m); err == nil {
		t.Fatal("a value with an attribute the model lacks converted")
	}
}
