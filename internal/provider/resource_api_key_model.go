// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The resource's model moves in and out of Terraform values by hand, not
// through the framework's tfsdk.State.Get/Set. A refresh reads and writes it
// for every resource, and the framework's reflection costs about a third of
// the provider's CPU on a large refresh (it compiles a regular expression
// per struct field on each call). TestAPIKeyModelMatchesReflection keeps the
// two in step.

// apiKeyObjectType is the resource schema's object type, built once.
var apiKeyObjectType = sync.OnceValue(func() basetypes.ObjectType {
	var resp resource.SchemaResponse
	(&apiKeyResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return resp.Schema.Type().(basetypes.ObjectType)
})

// frameworkConversion makes the model move through the framework's
// reflection instead (bench-provider's XCLADE_BENCH_OFF=conversion).
var frameworkConversion bool

// WithFrameworkConversion converts every xclade_api_key model through the
// framework's tfsdk.State.Get/Set, for make bench to measure the hand path.
func WithFrameworkConversion() Option {
	return func(*xcladeProvider) { frameworkConversion = true }
}

// apiKeySchema is the resource's schema, built once.
var apiKeySchema = sync.OnceValue(func() resource.SchemaResponse {
	var resp resource.SchemaResponse
	(&apiKeyResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return resp
})

// apiKeyModelOf reads a state, plan or config value of the resource.
func apiKeyModelOf(ctx context.Context, raw tftypes.Value) (apiKeyResourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	if frameworkConversion {
		var m apiKeyResourceModel
		diags = tfsdk.State{Schema: apiKeySchema().Schema, Raw: raw}.Get(ctx, &m)
		return m, diags
	}
	v, err := apiKeyObjectType().ValueFromTerraform(ctx, raw)
	if err != nil {
		addProviderBug(&diags, "xclade_api_key", "a value Terraform sent: "+err.Error())
		return apiKeyResourceModel{}, diags
	}
	a := v.(basetypes.ObjectValue).Attributes()
	// Built before diags is returned: Go leaves unspecified whether a return
	// statement reads diags before or after the calls that fill it.
	m := apiKeyResourceModel{
		ID:              attrOf[types.String](a, "id", &diags),
		Title:           attrOf[types.String](a, "title", &diags),
		Type:            attrOf[types.String](a, "type", &diags),
		Token:           attrOf[types.String](a, "token", &diags),
		Redacted:        attrOf[types.String](a, "redacted", &diags),
		CreatedAt:       attrOf[timetypes.RFC3339](a, "created_at", &diags),
		CreatedBy:       attrOf[types.String](a, "created_by", &diags),
		UpdatedAt:       attrOf[timetypes.RFC3339](a, "updated_at", &diags),
		RevokedAt:       attrOf[timetypes.RFC3339](a, "revoked_at", &diags),
		RevokedBy:       attrOf[types.String](a, "revoked_by", &diags),
		RevokeDelay:     attrOf[types.String](a, "revoke_delay", &diags),
		DeleteOnDestroy: attrOf[types.Bool](a, "delete_on_destroy", &diags),
		SalesChannelIDs: attrOf[types.Set](a, "sales_channel_ids", &diags),
		Keepers:         attrOf[types.Map](a, "keepers", &diags),
		RotateAfter:     attrOf[types.String](a, "rotate_after", &diags),
		RotationDueAt:   attrOf[timetypes.RFC3339](a, "rotation_due_at", &diags),
		ExpireAfter:     attrOf[types.String](a, "expire_after", &diags),
		ExpiresAt:       attrOf[timetypes.RFC3339](a, "expires_at", &diags),
		Timeouts:        attrOf[timeouts.Value](a, "timeouts", &diags),
	}
	return m, diags
}

// attrOf is the attribute name of an object's attributes a, as the model's
// type T for it.
func attrOf[T attr.Value](a map[string]attr.Value, name string, diags *diag.Diagnostics) T {
	v, ok := a[name].(T)
	if !ok && !diags.HasError() {
		addProviderBug(diags, "xclade_api_key", fmt.Sprintf("the attribute %q, of unexpected type %T", name, a[name]))
	}
	return v
}

// terraformValue is m as a state or plan value of the resource.
func (m *apiKeyResourceModel) terraformValue(ctx context.Context) (tftypes.Value, diag.Diagnostics) {
	typ := apiKeyObjectType()
	if frameworkConversion {
		st := tfsdk.State{Schema: apiKeySchema().Schema, Raw: tftypes.NewValue(typ.TerraformType(ctx), nil)}
		diags := st.Set(ctx, m)
		return st.Raw, diags
	}
	obj, diags := types.ObjectValue(typ.AttrTypes, map[string]attr.Value{
		"id":                m.ID,
		"title":             m.Title,
		"type":              m.Type,
		"token":             m.Token,
		"redacted":          m.Redacted,
		"created_at":        m.CreatedAt,
		"created_by":        m.CreatedBy,
		"updated_at":        m.UpdatedAt,
		"revoked_at":        m.RevokedAt,
		"revoked_by":        m.RevokedBy,
		"revoke_delay":      m.RevokeDelay,
		"delete_on_destroy": m.DeleteOnDestroy,
		"sales_channel_ids": m.SalesChannelIDs,
		"keepers":           m.Keepers,
		"rotate_after":      m.RotateAfter,
		"rotation_due_at":   m.RotationDueAt,
		"expire_after":      m.ExpireAfter,
		"expires_at":        m.ExpiresAt,
		"timeouts":          m.Timeouts,
	})
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	v, err := obj.ToTerraformValue(ctx)
	if err != nil {
		addProviderBug(&diags, "xclade_api_key", "the value it returns to Terraform: "+err.Error())
	}
	return v, diags
}

// setRaw stores m in a state or plan value's Raw field.
func (m *apiKeyResourceModel) setRaw(ctx context.Context, raw *tftypes.Value, diags *diag.Diagnostics) {
	v, d := m.terraformValue(ctx)
	diags.Append(d...)
	if !d.HasError() {
		*raw = v
	}
}

// readModel is apiKeyModelOf for CRUD methods, which collect diagnostics.
func readModel(ctx context.Context, raw tftypes.Value, diags *diag.Diagnostics) apiKeyResourceModel {
	m, d := apiKeyModelOf(ctx, raw)
	diags.Append(d...)
	return m
}
