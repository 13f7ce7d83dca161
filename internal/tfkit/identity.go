// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Both providers' keys have the same identity (Terraform 1.12+): the key's
// id alone. It names the key for its whole life, where names and titles
// need not be unique, so import blocks can say identity = { id = "…" } and
// terraform query can hand it out.

// IDIdentitySchema is the identity schema of a resource named by its id;
// description says what the id looks like.
func IDIdentitySchema(description string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{RequiredForImport: true, Description: description},
		},
	}
}

var idIdentityType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}

// SetIdentity records id as the identity. identity is nil when the
// framework has none to fill (it always has one for a resource with an
// identity schema; the guard keeps a missing one from panicking). Built as
// a raw value: a refresh sets it for every key.
func SetIdentity(identity *tfsdk.ResourceIdentity, id string) {
	if identity == nil || id == "" {
		return
	}
	identity.Raw = tftypes.NewValue(idIdentityType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id)})
}

// ImportID is the id an import names: terraform import's or an import
// block's id, else the id of an import block's identity. byIdentity says
// which, so that an error can show the form the user wrote.
func ImportID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (id string, byIdentity bool) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, false
	}
	var v types.String
	diags.Append(req.Identity.GetAttribute(ctx, path.Root("id"), &v)...)
	return v.ValueString(), true
}
