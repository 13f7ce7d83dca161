// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
)

// The resource's model moves in and out of Terraform values through
// tfkit.Model: the framework's conversion by the tfsdk tags, with the
// fields worked out once: a quarter less of the provider's CPU in a
// refresh (bench/results.md, "Speed devices", which also says why it is
// kept); TestAPIKeyModelMatchesReflection keeps it equal to the framework's.

// apiKeySchema is the resource's schema, built once.
var apiKeySchema = sync.OnceValue(func() schema.Schema {
	var resp resource.SchemaResponse
	(&apiKeyResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return resp.Schema
})

// apiKeyModel converts the resource's values.
var apiKeyModel = sync.OnceValue(func() *tfkit.Model { return tfkit.NewModel(apiKeySchema()) })

// apiKeyObjectType is the resource schema's object type.
func apiKeyObjectType() basetypes.ObjectType { return apiKeyModel().Type() }

// frameworkConversion converts through the framework's tfsdk.State.Get and
// Set instead, for make bench to measure tfkit.Model (bench-provider,
// XCLADE_BENCH_OFF=conversion).
var frameworkConversion bool

// WithFrameworkConversion sets frameworkConversion, for bench-provider.
func WithFrameworkConversion() Option {
	return func(*xcladeProvider) { frameworkConversion = true }
}

// readModel reads a state, plan or config value of the resource.
func readModel(ctx context.Context, raw tftypes.Value, diags *diag.Diagnostics) apiKeyResourceModel {
	var m apiKeyResourceModel
	if frameworkConversion {
		diags.Append(frameworkState(raw).Get(ctx, &m)...)
		return m
	}
	apiKeyModel().Read(ctx, raw, &m, diags)
	return m
}

// setRaw stores m in a state or plan value's Raw field.
func (m *apiKeyResourceModel) setRaw(ctx context.Context, raw *tftypes.Value, diags *diag.Diagnostics) {
	if frameworkConversion {
		st := frameworkState(*raw)
		d := st.Set(ctx, m)
		if diags.Append(d...); !d.HasError() {
			*raw = st.Raw
		}
		return
	}
	apiKeyModel().Set(ctx, raw, m, diags)
}

func frameworkState(raw tftypes.Value) tfsdk.State {
	return tfsdk.State{Schema: apiKeySchema(), Raw: raw}
}
