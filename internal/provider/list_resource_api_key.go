// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var _ list.ListResourceWithConfigure = (*apiKeyListResource)(nil)

// NewAPIKeyListResource is the xclade_api_key list resource (terraform
// query, Terraform 1.14+).
func NewAPIKeyListResource() list.ListResource { return &apiKeyListResource{} }

type apiKeyListResource struct{ data *providerData }

func (r *apiKeyListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

// ListResourceConfigSchema takes the xclade_api_keys data source's filters
// (apiKeyFilters); the list block's own limit replaces max_results.
func (r *apiKeyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds existing API keys for `terraform query` (Terraform 1.14+), with the filters of the " +
			"`xclade_api_keys` data source, applied by the server. Each result is the key's identity (its id) and, with " +
			"`include_resource = true`, the resource as an import would read it, so " +
			"`terraform query -generate-config-out=keys.tf` writes an `import` block and an `xclade_api_key` resource " +
			"for every key found. Only live keys are listed unless `status` says otherwise: revoked keys cannot be imported.",
		Attributes: tfkit.ListFilterAttributes(&apiKeysDataSource{}, []string{"max_results"}, map[string]string{
			"status": "Only keys in this revocation state, judged by the server's clock: `active` (the key still works, " +
				"including keys whose revocation is scheduled), `scheduled`, `revoked` or `any`. Default: `active`, the " +
				"keys an import can take over.",
			"order": "The order of the results: `id`, `created_at` or `title`, ascending, or descending with a leading " +
				"`-`. Default: `id` (about creation order). With the list block's `limit`, it decides which keys are found.",
			"page_size": fmt.Sprintf("How many keys each API request asks for, from 1 to %d. Default: the list block's "+
				"`limit` (Terraform's default is 100), at most %d. Results stream to Terraform page by page.",
				maxKeysPageSize, defaultKeysPageSize),
		}),
	}
}

func (r *apiKeyListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = tfkit.DataOf[providerData](req.ProviderData, &resp.Diagnostics)
}

func (r *apiKeyListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx, m, ok := tfkit.OpenList[apiKeyFilters](ctx, r.data, typeName, req, stream)
	if !ok {
		return
	}
	client := r.data.client
	if m.Status.IsNull() {
		m.Status = types.StringValue(keyStatusActive) // revoked keys cannot be imported
	}
	var diags diag.Diagnostics
	params, matchNothing := m.listParams(ctx, client.ServerNow(), &diags)
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
	keys := func(ctx context.Context) iter.Seq2[*xclade.APIKey, error] {
		return client.AllAPIKeys(ctx, params, int(pageSize))
	}
	fail := func(err error, d *diag.Diagnostics) { addAPIError(d, "list", "xclade API keys", err) }
	// No deadline from Terraform here either; the data source's rule.
	stream.Results = tfkit.ListResults(ctx, limit, defaultReadTimeout, keys, fail, func(ctx context.Context, key *xclade.APIKey) list.ListResult {
		return tfkit.ListResult(ctx, req, key.ID, fmt.Sprintf("%s (%s, %s)", key.Title, key.Type, key.Redacted),
			func(res *tfsdk.Resource, diags *diag.Diagnostics) {
				m := importedModel()
				(&apiKeyResource{}).applyKey(ctx, &m, key, diags)
				m.setRaw(ctx, &res.Raw, diags)
			})
	})
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
