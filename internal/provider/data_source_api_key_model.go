package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// apiKeyDataValue is the one conversion from an API key to what the data
// sources expose. A secret key's token is never shown: reads blank it.
func apiKeyDataValue(ctx context.Context, k *xclade.APIKey) (apiKeyDataModel, diag.Diagnostics) {
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

// apiKeyDataObjectType is apiKeyDataModel as an object type, for the
// elements of xclade_api_keys.api_keys.
var apiKeyDataObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id":                types.StringType,
	"title":             types.StringType,
	"type":              types.StringType,
	"redacted":          types.StringType,
	"token":             types.StringType,
	"created_at":        timetypes.RFC3339Type{},
	"created_by":        types.StringType,
	"updated_at":        timetypes.RFC3339Type{},
	"revoked_at":        timetypes.RFC3339Type{},
	"revoked_by":        types.StringType,
	"sales_channel_ids": types.SetType{ElemType: types.StringType},
}}

// object is v as an element of api_keys. Built by hand rather than by the
// framework's reflection, which costs seconds on a list of 10,000 keys.
func (v apiKeyDataModel) object() (types.Object, diag.Diagnostics) {
	return types.ObjectValue(apiKeyDataObjectType.AttrTypes, map[string]attr.Value{
		"id": v.ID, "title": v.Title, "type": v.Type, "redacted": v.Redacted, "token": v.Token,
		"created_at": v.CreatedAt, "created_by": v.CreatedBy, "updated_at": v.UpdatedAt,
		"revoked_at": v.RevokedAt, "revoked_by": v.RevokedBy, "sales_channel_ids": v.SalesChannelIDs,
	})
}

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
			Computed:  true,
			Sensitive: true,
			MarkdownDescription: "The full `pk_…` token of a publishable key, which the API returns on every read. " +
				"Always null for a secret key: the API returns a secret key's token only once, when it is created " +
				"(the `xclade_api_key` resource keeps it).",
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
