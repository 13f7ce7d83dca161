// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/validators"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var _ datasource.DataSourceWithConfigure = (*apiKeysDataSource)(nil)

// Values of the status filter.
const (
	keyStatusActive    = "active"
	keyStatusRevoked   = "revoked"
	keyStatusScheduled = "scheduled"
	keyStatusAny       = "any"
)

const (
	// Measured by make bench: 1000 is the only size that reads 10,000 keys in
	// 11 requests, and a page of 1000 costs the server no more per key.
	defaultKeysPageSize = 1000
	maxKeysPageSize     = 1000
	defaultKeysOrder    = "id"
)

// keysOrders are the orders the data source offers: each is one field the
// server sorts by (it answers 500 for anything else).
var keysOrders = []string{"id", "-id", "created_at", "-created_at", "title", "-title"}

// NewAPIKeysDataSource is the xclade_api_keys data source.
func NewAPIKeysDataSource() datasource.DataSource { return &apiKeysDataSource{} }

type apiKeysDataSource struct{ data *providerData }

// apiKeyFilters are the server-side filters of the xclade_api_keys data
// source, which the xclade_api_key list resource takes too.
type apiKeyFilters struct {
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

type apiKeysDataSourceModel struct {
	apiKeyFilters
	MaxResults types.Int64 `tfsdk:"max_results"`

	APIKeys types.List  `tfsdk:"api_keys"`
	KeyIDs  types.List  `tfsdk:"key_ids"`
	Total   types.Int64 `tfsdk:"total"`
}

func (d *apiKeysDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_keys"
}

func (d *apiKeysDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the API keys of the xclade tenant, secret and publishable, live and revoked. " +
			"Every filter is applied by the server and combined with the others (a key must match all of them); " +
			"the data source pages through all matches by itself, `page_size` keys per request. A filter that " +
			"matches nothing gives an empty list, not an error.",
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only keys of this type: `secret` or `publishable`. Default: both.",
				Validators:          []validator.String{stringvalidator.OneOf(xclade.TypeSecret, xclade.TypePublishable)},
			},
			"ids": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Only keys with one of these ids (`apk_…`). Ids that match no key are ignored. " +
					"An empty list matches no key.",
			},
			"titles": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Only keys whose title is exactly one of these (case-sensitive, no wildcards; " +
					"see `query` for a substring search). An empty list matches no key.",
			},
			"query": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only keys whose title or redacted form (e.g. `sk_531***908`) contains this " +
					"text, ignoring case (the API's `q`). An empty string does not filter.",
			},
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only keys in this revocation state, judged by the server's clock when the data " +
					"source is read: `active` (never revoked, or revocation scheduled in the future: the key still " +
					"works), `scheduled` (revocation scheduled in the future), `revoked` (revoked at or before now: " +
					"the key no longer works), or `any`. Default: `any`.",
				Validators: []validator.String{stringvalidator.OneOf(keyStatusActive, keyStatusRevoked, keyStatusScheduled, keyStatusAny)},
			},
			"created_after": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{validators.RFC3339()},
				MarkdownDescription: "Only keys created strictly after this time, in RFC 3339 " +
					"(e.g. `2026-01-31T00:00:00Z`).",
			},
			"created_before": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{validators.RFC3339()},
				MarkdownDescription: "Only keys created strictly before this time, in RFC 3339 " +
					"(e.g. `2026-01-31T00:00:00Z`).",
			},
			"order": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How `api_keys` is sorted: `id`, `created_at` or `title`, ascending, or " +
					"descending with a leading `-` (e.g. `-created_at`, newest first). Default: `id` (ids are " +
					"ULIDs, so this is about creation order). Ordering by `title` or `created_at` pages reliably " +
					"only when no two keys share the value.",
				Validators: []validator.String{stringvalidator.OneOf(keysOrders...)},
			},
			"max_results": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Return at most this many keys (the first ones in `order`) and stop paging. " +
					"`total` still counts every match. Default: no limit.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"page_size": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many keys each API request asks for, from 1 to %d. "+
					"Default: `%d`. Reading the data source makes one request per page: a larger page size means "+
					"fewer, bigger requests. With `max_results` smaller than the page size, one request for "+
					"`max_results` keys is made.", maxKeysPageSize, defaultKeysPageSize),
				Validators: []validator.Int64{int64validator.Between(1, maxKeysPageSize)},
			},
			"api_keys": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The keys that match, in `order`.",
				NestedObject:        schema.NestedAttributeObject{Attributes: apiKeyDataAttributes(false)},
			},
			"key_ids": schema.ListAttribute{
				ElementType:         types.StringType,
				Computed:            true,
				MarkdownDescription: "The ids of `api_keys`, in the same order.",
			},
			"total": schema.Int64Attribute{
				Computed: true,
				MarkdownDescription: "How many keys match the filters (the API's `count`). Equals the length of " +
					"`api_keys` unless `max_results` cut the list short.",
			},
		},
	}
}

func (d *apiKeysDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = tfkit.DataOf[providerData](req.ProviderData, &resp.Diagnostics)
}

func (d *apiKeysDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	// Terraform gives a data source no deadline of its own: without one a
	// server that keeps answering slowly would hold the run forever.
	ctx, m, done, ok := tfkit.Open[apiKeysDataSourceModel](ctx, d.data, typeName, req.Config, defaultReadTimeout, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	client := d.data.client
	params, matchNothing := m.listParams(ctx, client.ServerNow(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	limit := int(m.MaxResults.ValueInt64()) // 0: no limit
	pageSize := defaultKeysPageSize
	if !m.PageSize.IsNull() {
		pageSize = int(m.PageSize.ValueInt64())
	}
	if limit > 0 && limit < pageSize {
		// A small max_results costs one small request.
		pageSize = limit
	}

	var keys []xclade.APIKey
	total := 0
	if !matchNothing {
		var err error
		keys, total, err = client.ListAllAPIKeys(ctx, params, pageSize, limit)
		if err != nil {
			addAPIError(&resp.Diagnostics, "list", "xclade API keys", err)
			return
		}
	}
	tflog.Debug(ctx, "listed xclade API keys", map[string]any{"returned": len(keys), "total": total, "page_size": pageSize})

	// The state is the configuration plus the results, built as Terraform
	// values directly: through the framework's reflection, a tenant of
	// 10,000 keys cost seconds of CPU.
	var config map[string]tftypes.Value
	if err := req.Config.Raw.As(&config); err != nil {
		addProviderBug(&resp.Diagnostics, "xclade_api_keys", "the configuration Terraform sent: "+err.Error())
		return
	}
	// As hands out the configuration's own map: copy it, never change it.
	attrs := maps.Clone(config)
	elems := make([]tftypes.Value, len(keys))
	ids := make([]tftypes.Value, len(keys))
	for i := range keys {
		elems[i] = apiKeyDataTerraformValue(ctx, &keys[i], &resp.Diagnostics)
		ids[i] = tftypes.NewValue(tftypes.String, keys[i].ID)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	attrs["api_keys"] = tftypes.NewValue(tftypes.List{ElementType: apiKeyDataTerraformType}, elems)
	attrs["key_ids"] = tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, ids)
	attrs["total"] = tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(int64(total)))
	resp.State.Raw = tftypes.NewValue(req.Config.Raw.Type(), attrs)
}

// listParams turns the filters into the list query. now is the server's
// time, against which status is judged. matchNothing is true for an empty
// ids or titles list: the API would take it as no filter at all.
func (m *apiKeyFilters) listParams(ctx context.Context, now time.Time, diags *diag.Diagnostics) (p xclade.ListParams, matchNothing bool) {
	p.Type = m.Type.ValueString()
	p.Q = m.Query.ValueString()
	p.Order = defaultKeysOrder
	if !m.Order.IsNull() {
		p.Order = m.Order.ValueString()
	}
	for _, f := range []struct {
		list types.List
		dst  *[]string
	}{{m.IDs, &p.IDs}, {m.Titles, &p.Titles}} {
		if f.list.IsNull() {
			continue
		}
		diags.Append(f.list.ElementsAs(ctx, f.dst, false)...)
		if len(*f.dst) == 0 {
			matchNothing = true
		}
	}

	switch m.Status.ValueString() {
	case keyStatusActive:
		p.Or = xclade.ActiveAt(now)
	case keyStatusRevoked:
		p.RevokedAt = &xclade.TimeFilter{Lte: &now}
	case keyStatusScheduled:
		p.RevokedAt = &xclade.TimeFilter{Gt: &now}
	}

	var created xclade.TimeFilter
	// The attributes' validator has checked the syntax.
	if !m.CreatedAfter.IsNull() {
		t, _ := time.Parse(time.RFC3339, m.CreatedAfter.ValueString())
		created.Gt = &t
	}
	if !m.CreatedBefore.IsNull() {
		t, _ := time.Parse(time.RFC3339, m.CreatedBefore.ValueString())
		created.Lt = &t
	}
	if created.Gt != nil || created.Lt != nil {
		p.CreatedAt = &created
	}
	return p, matchNothing
}
