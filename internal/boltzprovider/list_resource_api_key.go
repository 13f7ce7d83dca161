// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
)

var _ list.ListResourceWithConfigure = (*apiKeyListResource)(nil)

// NewAPIKeyListResource is the boltz_api_key list resource (terraform
// query, Terraform 1.14+).
func NewAPIKeyListResource() list.ListResource { return &apiKeyListResource{} }

type apiKeyListResource struct{ data *providerData }

func (r *apiKeyListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

// ListResourceConfigSchema takes the boltz_api_keys data source's filters
// (apiKeyFilters); key_type defaults to the keys an import can take over.
func (r *apiKeyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds existing API keys for `terraform query` (Terraform 1.14+), with the filters of the " +
			"`boltz_api_keys` data source. Each result is the key's identity (its id) and, with `include_resource = true`, " +
			"the resource as an import would read it, so `terraform query -generate-config-out=keys.tf` writes an `import` " +
			"block and a `boltz_api_key` resource for every key found. Only keys an import can take over are listed unless " +
			"`status` or `key_type` say otherwise: live workspace keys. The provider reads every page of the key list " +
			"(100 keys a request) and then hands out the matching keys oldest first, like the data source: the API's order " +
			"is not documented.",
		Attributes: tfkit.ListFilterAttributes(&apiKeysDataSource{}, nil, map[string]string{
			"key_type": "Only `admin` or only `workspace` keys. Default: `workspace`, the keys an import can take over " +
				"(admin keys cannot be created through the API, so they cannot be managed).",
			"status": "`active` (default: keys that work now, active and not expired; the keys an import can take over), " +
				"`inactive` (revoked or expired) or `any`.",
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
	if m.KeyType.IsNull() {
		m.KeyType = types.StringValue("workspace") // admin keys cannot be imported
	}
	client := r.data.client
	keys := func(ctx context.Context) iter.Seq2[*boltz.APIKey, error] {
		return func(yield func(*boltz.APIKey, error) bool) {
			keys, _, err := m.matching(ctx, client)
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range keys {
				if !yield(&keys[i], nil) {
					return
				}
			}
		}
	}
	fail := func(err error, d *diag.Diagnostics) { addAPIError(d, "list", "Boltz API keys", err) }
	stream.Results = tfkit.ListResults(ctx, req.Limit, readTimeout, keys, fail, func(ctx context.Context, k *boltz.APIKey) list.ListResult {
		return tfkit.ListResult(ctx, req, k.ID, fmt.Sprintf("%s (%s, %s)", k.Name, k.KeyPrefix, k.Mode()),
			func(res *tfsdk.Resource, diags *diag.Diagnostics) {
				m := importedModel(ctx, k)
				diags.Append(res.Set(ctx, &m)...)
			})
	})
}
