// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"cmp"
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/logmask"
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
		Attributes: listFilterAttributes(map[string]string{
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

// listFilterAttributes are the xclade_api_keys data source's filters as list
// block arguments, so that both validate and describe each filter alike;
// descriptions replaces what a list block means differently.
func listFilterAttributes(descriptions map[string]string) map[string]schema.Attribute {
	var ds datasource.SchemaResponse
	(&apiKeysDataSource{}).Schema(context.Background(), datasource.SchemaRequest{}, &ds)
	attrs := map[string]schema.Attribute{}
	for name, a := range ds.Schema.Attributes {
		if !a.IsOptional() || name == "max_results" {
			continue
		}
		desc := cmp.Or(descriptions[name], a.GetMarkdownDescription())
		switch a := a.(type) {
		case dsschema.StringAttribute:
			attrs[name] = schema.StringAttribute{Optional: true, Validators: a.Validators, MarkdownDescription: desc}
		case dsschema.ListAttribute:
			attrs[name] = schema.ListAttribute{ElementType: a.ElementType, Optional: true, Validators: a.Validators, MarkdownDescription: desc}
		case dsschema.Int64Attribute:
			attrs[name] = schema.Int64Attribute{Optional: true, Validators: a.Validators, MarkdownDescription: desc}
		default:
			panic(fmt.Sprintf("xclade_api_keys filter %s: no list block counterpart for %T", name, a))
		}
	}
	return attrs
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
	var m apiKeyFilters
	diags.Append(req.Config.Get(ctx, &m)...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	client := r.data.client
	if m.Status.IsNull() {
		m.Status = types.StringValue(keyStatusActive) // revoked keys cannot be imported
	}
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
	tfkit.SetIdentity(res.Identity, key.ID)
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
