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

// apiKeyModelOf reads a state, plan or config value of the resource.
func apiKeyModelOf(ctx context.Context, raw tftypes.Value) (apiKeyResourceModel, diag.Diagnostics) {
	var m apiKeyResourceModel
	var diags diag.Diagnostics
	v, err := apiKeyObjectType().ValueFromTerraform(ctx, raw)
	if err != nil {
		diags.AddError("Unexpected xclade_api_key value",
			"The provider could not read a value Terraform sent. This is a bug in the provider: please report it.\n\n"+err.Error())
		return m, diags
	}
	a := v.(basetypes.ObjectValue).Attributes()
	var ok = true
	get := func(name string, into any) {
		var fits bool
		switch p := into.(type) {
		case *types.String:
			*p, fits = a[name].(types.String)
		case *types.Bool:
			*p, fits = a[name].(types.Bool)
		case *types.Set:
			*p, fits = a[name].(types.Set)
		case *types.Map:
			*p, fits = a[name].(types.Map)
		case *timetypes.RFC3339:
			*p, fits = a[name].(timetypes.RFC3339)
		case *timeouts.Value:
			*p, fits = a[name].(timeouts.Value)
		}
		if !fits && ok {
			ok = false
			diags.AddError("Unexpected xclade_api_key value",
				fmt.Sprintf("The attribute %q has an unexpected type (%T). This is a bug in the provider: please report it.", name, a[name]))
		}
	}
	get("id", &m.ID)
	get("title", &m.Title)
	get("type", &m.Type)
	get("token", &m.Token)
	get("redacted", &m.Redacted)
	get("created_at", &m.CreatedAt)
	get("created_by", &m.CreatedBy)
	get("updated_at", &m.UpdatedAt)
	get("revoked_at", &m.RevokedAt)
	get("revoked_by", &m.RevokedBy)
	get("revoke_delay", &m.RevokeDelay)
	get("delete_on_destroy", &m.DeleteOnDestroy)
	get("sales_channel_ids", &m.SalesChannelIDs)
	get("keepers", &m.Keepers)
	get("rotate_after", &m.RotateAfter)
	get("rotation_due_at", &m.RotationDueAt)
	get("timeouts", &m.Timeouts)
	return m, diags
}

// terraformValue is m as a state or plan value of the resource.
func (m *apiKeyResourceModel) terraformValue(ctx context.Context) (tftypes.Value, diag.Diagnostics) {
	typ := apiKeyObjectType()
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
		"timeouts":          m.Timeouts,
	})
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	v, err := obj.ToTerraformValue(ctx)
	if err != nil {
		diags.AddError("Unexpected xclade_api_key value",
			"The provider could not build the value it returns to Terraform. This is a bug in the provider: please report it.\n\n"+err.Error())
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
