// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/logmask"
	"github.com/xclade/terraform-provider-xclade/internal/validators"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var _ list.ListResourceWithConfigure = (*apiKeyListResource)(nil)

// NewAPIKeyListResource is the xclade_api_key list resource (terraform
// query, Terraform 1.14+).
func NewAPIKeyListResource() list.ListResource { return &apiKeyListResource{} }

type apiKeyListResource struct{ data *providerData }

// apiKeyListModel is the list block's config: the xclade_api_keys data
// source's filters. The list block's own limit replaces max_results.
type apiKeyListModel struct {
	Type          types.String `tfsdk:"type"`
	IDs           types.List   `tfsdk:"ids"`
	Titles        types.List   `tfsdk:"titles"`
	Query         types.String `tfsdk:"query"`
	Status        types.String `tfsdk:"status"`
	CreatedAfter  types.String `tfsdk:"created_after"`
	CreatedBefore types.String `tfsdk:"created_before"`
	Order         types.String `tfsdk:"order"`
	PageSize      types.Int64  `tfsdk:"page_size"`
}

func (r *apiKeyListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds existing API keys for `terraform query` (Terraform 1.14+), with the filters of the " +
			"`xclade_api_keys` data source, applied by the server. Each result is the key's identity (its id) and, with " +
			"`include_resource = true`, the resource as an import would read it, so " +
			"`terraform query -generate-config-out=keys.tf` writes an `import` block and an `xclade_api_key` resource " +
			"for every key found. Only live keys are listed unless `status` says otherwise: revoked keys cannot be imported.",
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only keys of this type: `secret` or `publishable`. Default: both.",
				Validators:          []validator.String{stringvalidator.OneOf(xclade.TypeSecret, xclade.TypePublishable)},
			},
			"ids": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Only keys with one of these ids (`apk_…`). Ids that match no key are ignored. " +
					"An empty list matches no key.",
			},
			"titles": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Only keys whose title is exactly one of these (case-sensitive, no wildcards; " +
					"see `query` for a substring search). An empty list matches no key.",
			},
			"query": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only keys whose title or redacted form (e.g. `sk_531***908`) contains this " +
					"text, ignoring case. An empty string does not filter.",
			},
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only keys in this revocation state, judged by the server's clock: `active` (the " +
					"key still works, including keys whose revocation is scheduled), `scheduled`, `revoked` or `any`. " +
					"Default: `active`, the keys an import can take over.",
				Validators: []validator.String{stringvalidator.OneOf(keyStatusActive, keyStatusRevoked, keyStatusScheduled, keyStatusAny)},
			},
			"created_after": schema.StringAttribute{
				Optional: true, Validators: []validator.String{validators.RFC3339()},
				MarkdownDescription: "Only keys created strictly after this time, in RFC 3339 (e.g. `2026-01-31T00:00:00Z`).",
			},
			"created_before": schema.StringAttribute{
				Optional: true, Validators: []validator.String{validators.RFC3339()},
				MarkdownDescription: "Only keys created strictly before this time, in RFC 3339 (e.g. `2026-01-31T00:00:00Z`).",
			},
			"order": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The order of the results: `id`, `created_at` or `title`, ascending, or descending " +
					"with a leading `-`. Default: `id` (about creation order). With the list block's `limit`, it decides " +
					"which keys are found.",
				Validators: []validator.String{stringvalidator.OneOf(keysOrders...)},
			},
			"page_size": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many keys each API request asks for, from 1 to %d. Default: the "+
					"list block's `limit` (Terraform's default is 100), at most %d. Results stream to Terraform page by page.",
					maxKeysPageSize, defaultKeysPageSize),
				Validators: []validator.Int64{int64validator.Between(1, maxKeysPageSize)},
			},
		},
	}
}

func (r *apiKeyListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataOf(req.ProviderData, &resp.Diagnostics)
}

func (r *apiKeyListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx = logmask.Context(ctx)
	var diags diag.Diagnostics
	if r.data == nil {
		notConfigured(&diags)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var m apiKeyListModel
	diags.Append(req.Config.Get(ctx, &m)...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	client := r.data.client
	status := m.Status
	if status.IsNull() {
		status = types.StringValue(keyStatusActive)
	}
	filters := apiKeysDataSourceModel{
		Type: m.Type, IDs: m.IDs, Titles: m.Titles, Query: m.Query, Status: status,
		CreatedAfter: m.CreatedAfter, CreatedBefore: m.CreatedBefore, Order: m.Order,
	}
	params, matchNothing := filters.listParams(ctx, client.ServerNow(), &diags)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	limit := req.Limit // Terraform always sends one (default 100)
	pageSize := int64(defaultKeysPageSize)
	if !m.PageSize.IsNull() {
		pageSize = m.PageSize.ValueInt64()
	} else if limit > 0 && limit < pageSize {
		pageSize = limit
	}
	if matchNothing {
		stream.Results = list.NoListResults
		return
	}

	// The iterator runs after List returns, while Terraform reads the
	// results: a page is requested only when the previous one has been
	// sent, and Terraform stopping early stops the paging.
	stream.Results = func(push func(list.ListResult) bool) {
		// No deadline from Terraform here either; the data source's rule.
		ctx, cancel := context.WithTimeout(ctx, defaultReadTimeout)
		defer cancel()
		var n int64
		for key, err := range client.AllAPIKeys(ctx, params, int(pageSize)) {
			if err != nil {
				var d diag.Diagnostics
				addAPIError(&d, "list", "xclade API keys", err)
				push(list.ListResult{Diagnostics: d})
				return
			}
			if !push(r.result(ctx, req, key)) {
				return
			}
			if n++; limit > 0 && n >= limit {
				return
			}
		}
	}
}

// result is one key as a list result: its identity, a name for people,
// and, when asked, the resource exactly as an import of it followed by a
// refresh would store it, so generated configuration imports as a no-op.
func (r *apiKeyListResource) result(ctx context.Context, req list.ListRequest, key *xclade.APIKey) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = fmt.Sprintf("%s (%s, %s)", key.Title, key.Type, key.Redacted)
	setIdentity(res.Identity, key.ID)
	if !req.IncludeResource {
		return res
	}
	m := importedModel()
	(&apiKeyResource{}).applyKey(ctx, &m, key, &res.Diagnostics)
	m.setRaw(ctx, &res.Resource.Raw, &res.Diagnostics)
	return res
}

// importedModel is the state ImportState leaves before the refresh fills
// in the API's values: the defaults of the omitted arguments, the rest null.
func importedModel() apiKeyResourceModel {
	timeoutsType := apiKeyObjectType().AttrTypes["timeouts"].(timeouts.Type)
	return apiKeyResourceModel{
		ID: types.StringNull(), Title: types.StringNull(), Type: types.StringNull(),
		Token: types.StringNull(), Redacted: types.StringNull(),
		CreatedAt: timetypes.NewRFC3339Null(), CreatedBy: types.StringNull(), UpdatedAt: timetypes.NewRFC3339Null(),
		RevokedAt: timetypes.NewRFC3339Null(), RevokedBy: types.StringNull(),
		RevokeDelay: types.StringValue("0s"), DeleteOnDestroy: types.BoolValue(false),
		SalesChannelIDs: types.SetNull(types.StringType), Keepers: types.MapNull(types.StringType),
		RotateAfter: types.StringNull(), RotationDueAt: timetypes.NewRFC3339Null(),
		ExpireAfter: types.StringNull(), ExpiresAt: timetypes.NewRFC3339Null(),
		Timeouts: timeouts.Value{Object: types.ObjectNull(timeoutsType.AttrTypes)},
	}
}
