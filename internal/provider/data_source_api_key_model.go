// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// apiKeyDataModel is one API key as the data sources show it: an element of
// xclade_api_keys.api_keys, and the whole of xclade_api_key.
type apiKeyDataModel struct {
	ID              types.String      `tfsdk:"id"`
	Title           types.String      `tfsdk:"title"`
	Type            types.String      `tfsdk:"type"`
	Redacted        types.String      `tfsdk:"redacted"`
	Token           types.String      `tfsdk:"token"`
	CreatedAt       timetypes.RFC3339 `tfsdk:"created_at"`
	CreatedBy       types.String      `tfsdk:"created_by"`
	UpdatedAt       timetypes.RFC3339 `tfsdk:"updated_at"`
	RevokedAt       timetypes.RFC3339 `tfsdk:"revoked_at"`
	RevokedBy       types.String      `tfsdk:"revoked_by"`
	SalesChannelIDs types.Set         `tfsdk:"sales_channel_ids"`
}

// apiKeyLookupModel is xclade_api_key: one key, and how it was looked up.
type apiKeyLookupModel struct {
	apiKeyDataModel
	IncludeRevoked types.Bool `tfsdk:"include_revoked"`
}

// apiKeyDataObjectType is apiKeyDataModel as an object type, for the
// elements of xclade_api_keys.api_keys: derived from the schema, so the
// two cannot drift apart.
var apiKeyDataObjectType = schema.NestedAttributeObject{Attributes: apiKeyDataAttributes(false)}.Type().(types.ObjectType)

// apiKeyDataAttributes is the schema of apiKeyDataModel. With lookup, id and
// title are also arguments (xclade_api_key looks a key up by either);
// otherwise every attribute is computed (an element of api_keys).
func apiKeyDataAttributes(lookup bool) map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The key's id (`apk_…`).",
		},
		"title": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The key's name. Titles are not unique and may be empty.",
		},
		"type": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "`secret` (an Admin API credential) or `publishable` (a storefront key).",
		},
		"redacted": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The key shortened for display, e.g. `sk_531***908`; safe to show.",
		},
		"token": schema.StringAttribute{
			Computed: true,
			// Only ever a publishable key, which storefronts send from every
			// browser. In api_keys it is not marked sensitive: Terraform's
			// cost of a sensitive attribute nested in a list grows with the
			// square of the list's length (a plan over 10,000 keys: over 5
			// minutes instead of 4 s).
			Sensitive:           lookup,
			MarkdownDescription: tokenDescription(lookup),
		},
		"created_at": schema.StringAttribute{
			CustomType:          timetypes.RFC3339Type{},
			Computed:            true,
			MarkdownDescription: "When the key was created (RFC 3339, UTC, milliseconds).",
		},
		"created_by": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The id of the user (`user_…`) or secret key (`apk_…`) that created the key.",
		},
		"updated_at": schema.StringAttribute{
			CustomType:          timetypes.RFC3339Type{},
			Computed:            true,
			MarkdownDescription: "When the key was last renamed or revoked (RFC 3339).",
		},
		"revoked_at": schema.StringAttribute{
			CustomType: timetypes.RFC3339Type{},
			Computed:   true,
			MarkdownDescription: "When the key is or was revoked (RFC 3339): null for a key that was never revoked, " +
				"a future time for a key whose revocation is scheduled (it works until then).",
		},
		"revoked_by": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The id of the user or secret key that revoked the key; null if it was never revoked.",
		},
		"sales_channel_ids": schema.SetAttribute{
			ElementType: types.StringType,
			Computed:    true,
			MarkdownDescription: "Ids of the sales channels (`sc_…`) a publishable key is linked to. " +
				"Null for a secret key, which cannot have any.",
		},
	}
	if lookup {
		attrs["id"] = schema.StringAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: "The id (`apk_…`) of the key to look up. Set exactly one of `id` and `title`; " +
				"when looking up by `title`, this is the id of the key found.",
			// The same check as import: an id is never sent to the API unless
			// it looks like one.
			Validators: []validator.String{apiKeyIDValidator()},
		}
		attrs["title"] = schema.StringAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: "The exact title of the key to look up. Titles are not unique: the lookup fails " +
				"unless exactly one key that still works (or, with `include_revoked`, any key) has this title; use " +
				"`id` then. Set exactly one of `id` and `title`; when looking up by `id`, this is the key's title.",
		}
		attrs["include_revoked"] = schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "With `title`: also consider keys whose revocation is in the past. Default " +
				"`false`, so that a key rotated away or revoked earlier under the same title does not make the " +
				"lookup ambiguous (a key whose revocation is only scheduled still counts). Ignored with `id`.",
		}
	}
	return attrs
}

// apiKeyDataTerraformType is the Terraform type of an element of api_keys.
var apiKeyDataTerraformType = apiKeyDataObjectType.TerraformType(context.Background()).(tftypes.Object)

// apiKeyDataOf is the key as the data sources show it (an element of
// xclade_api_keys.api_keys, the attributes of xclade_api_key). A secret
// key's token is never shown (reads blank it).
func apiKeyDataOf(ctx context.Context, k *xclade.APIKey) (apiKeyDataModel, diag.Diagnostics) {
	channels, diags := salesChannelIDsValue(ctx, k)
	return apiKeyDataModel{
		ID:              types.StringValue(k.ID),
		Title:           types.StringValue(k.Title),
		Type:            types.StringValue(k.Type),
		Redacted:        types.StringValue(k.Redacted),
		Token:           readableToken(k),
		CreatedAt:       timeValue(k.CreatedAt),
		CreatedBy:       types.StringValue(k.CreatedBy),
		UpdatedAt:       timeValue(k.UpdatedAt),
		RevokedAt:       timePtrValue(k.RevokedAt),
		RevokedBy:       stringPtrValue(k.RevokedBy),
		SalesChannelIDs: channels,
	}, diags
}

// apiKeyDataTerraformValue is apiKeyDataOf as a Terraform value, through
// tfkit.ObjectValue: xclade_api_keys makes 10,000 of them for a large
// tenant, which the framework's reflection takes six times as long to
// convert. TestAPIKeyDataTerraformValue checks it against the framework.
func apiKeyDataTerraformValue(ctx context.Context, k *xclade.APIKey, diags *diag.Diagnostics) tftypes.Value {
	m, d := apiKeyDataOf(ctx, k)
	diags.Append(d...)
	v, err := tfkit.ObjectValue(ctx, apiKeyDataTerraformType, m)
	if err != nil {
		addProviderBug(diags, "xclade_api_keys", "a key as a Terraform value: "+err.Error())
	}
	return v
}

func tokenDescription(lookup bool) string {
	d := "The full `pk_…` token of a publishable key, which the API returns on every read. " +
		"Always null for a secret key: the API returns a secret key's token only once, when it is created " +
		"(the `xclade_api_key` resource keeps it), and the provider never shows a token it reads for a secret key."
	if lookup {
		return d + " Marked sensitive."
	}
	return d + " Not marked sensitive here: a publishable key is public by design (storefronts send it from " +
		"browsers), and Terraform's handling of a sensitive attribute inside a long list grows with the square of its " +
		"length, which made a plan over 10,000 keys take minutes. Wrap it in `sensitive()` if you prefer it hidden."
}
