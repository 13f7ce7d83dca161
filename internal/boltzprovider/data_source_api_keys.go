// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
)

// Key statuses the data sources filter on.
const (
	statusActive   = "active"
	statusInactive = "inactive"
	statusAny      = "any"
)

// NewAPIKeysDataSource is the boltz_api_keys data source.
func NewAPIKeysDataSource() datasource.DataSource { return &apiKeysDataSource{} }

type apiKeysDataSource struct{ data *providerData }

type apiKeysModel struct {
	apiKeyFilters
	APIKeys []keyDetails `tfsdk:"api_keys"`
	KeyIDs  []string     `tfsdk:"key_ids"`
	Total   types.Int64  `tfsdk:"total"`
}

// apiKeyFilters are the data source's filters, which the boltz_api_key
// list resource takes too.
type apiKeyFilters struct {
	WorkspaceID types.String `tfsdk:"workspace_id"`
	Name        types.String `tfsdk:"name"`
	Names       types.List   `tfsdk:"names"`
	NameRegex   types.String `tfsdk:"name_regex"`
	KeyType     types.String `tfsdk:"key_type"`
	Mode        types.String `tfsdk:"mode"`
	Status      types.String `tfsdk:"status"`
}

func (d *apiKeysDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_keys"
}

func (d *apiKeysDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The API keys of the organization (or of one workspace), every page of the list. Only " +
			"`workspace_id` filters on the server; the other filters apply to the listed keys.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only keys of this workspace (filtered by the server).",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"name": schema.StringAttribute{Optional: true, MarkdownDescription: "Only keys with exactly this name.",
				Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("names"))}},
			"names": schema.ListAttribute{ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Only keys with one of these names.", Validators: []validator.List{listvalidator.SizeAtLeast(1)}},
			"name_regex": schema.StringAttribute{Optional: true, MarkdownDescription: "Only keys whose name matches this regular expression (Go RE2 syntax).",
				Validators: []validator.String{regexValidator{}}},
			"key_type": schema.StringAttribute{Optional: true, MarkdownDescription: "Only `admin` or only `workspace` keys.",
				Validators: []validator.String{stringvalidator.OneOf("admin", "workspace")}},
			"mode": schema.StringAttribute{Optional: true, MarkdownDescription: "Only `live` or only `test` keys.",
				Validators: []validator.String{stringvalidator.OneOf(boltz.ModeLive, boltz.ModeTest)}},
			"status": schema.StringAttribute{Optional: true,
				MarkdownDescription: "`active` (default: keys that work now, active and not expired), `inactive` (revoked or expired) or `any`.",
				Validators:          []validator.String{stringvalidator.OneOf(statusActive, statusInactive, statusAny)}},
			"api_keys": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The matching keys, oldest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: keyDetailAttributes()}},
			"key_ids": schema.ListAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "The ids of `api_keys`, in the same order."},
			"total":   schema.Int64Attribute{Computed: true, MarkdownDescription: "How many keys matched."},
		},
	}
}

func (d *apiKeysDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = tfkit.DataOf[providerData](req.ProviderData, &resp.Diagnostics)
}

func (d *apiKeysDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, m, done, ok := tfkit.Open[apiKeysModel](ctx, d.data, typeName, req.Config, readTimeout, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	keys, now, err := m.matching(ctx, d.data.client)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "Boltz API keys", err)
		return
	}
	m.APIKeys, m.KeyIDs = make([]keyDetails, 0, len(keys)), make([]string, 0, len(keys))
	for _, k := range keys {
		m.APIKeys = append(m.APIKeys, keyDetailsOf(ctx, &k, now))
		m.KeyIDs = append(m.KeyIDs, k.ID)
	}
	m.Total = types.Int64Value(int64(len(m.APIKeys)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// matching is every key that matches the filters, oldest first, and the
// server's time the status filter judged them at. The server filters by
// workspace only, the provider by the rest. The API's order is not
// documented, so keys come oldest first, which takes every page first.
func (m apiKeyFilters) matching(ctx context.Context, client *boltz.Client) ([]boltz.APIKey, time.Time, error) {
	f := keyFilter{name: m.Name.ValueString(), keyType: m.KeyType.ValueString(), mode: m.Mode.ValueString(), status: m.Status.ValueString()}
	// The schema has checked both: a list of strings, and a valid expression.
	_ = m.Names.ElementsAs(ctx, &f.names, false)
	if re := m.NameRegex.ValueString(); re != "" {
		f.nameRE = regexp.MustCompile(re)
	}
	keys, err := client.List(ctx, m.WorkspaceID.ValueString())
	if err != nil {
		return nil, time.Time{}, err
	}
	now := client.ServerNow()
	return slices.DeleteFunc(sortedKeys(keys), func(k boltz.APIKey) bool { return !f.match(&k, now) }), now, nil
}

// sortedKeys orders keys oldest first (then by id): the API's order is
// not documented, and a data source's output should not move by itself.
func sortedKeys(keys []boltz.APIKey) []boltz.APIKey {
	slices.SortStableFunc(keys, func(a, b boltz.APIKey) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return keys
}

// keyFilter is the client-side filters; zero fields match everything.
type keyFilter struct {
	name, keyType, mode, status string
	names                       []string
	nameRE                      *regexp.Regexp
}

func (f keyFilter) match(k *boltz.APIKey, now time.Time) bool {
	switch {
	case f.name != "" && k.Name != f.name,
		len(f.names) > 0 && !slices.Contains(f.names, k.Name),
		f.nameRE != nil && !f.nameRE.MatchString(k.Name),
		f.keyType != "" && k.KeyType != f.keyType,
		f.mode != "" && k.Mode() != f.mode:
		return false
	}
	switch f.status {
	case statusAny:
		return true
	case statusInactive:
		return !k.Usable(now)
	}
	return k.Usable(now)
}

// regexValidator checks name_regex at plan time.
type regexValidator struct{}

func (regexValidator) Description(context.Context) string {
	return "must be a valid RE2 regular expression"
}
func (v regexValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (regexValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid name_regex", fmt.Sprintf("%q is not a valid regular expression: %v", req.ConfigValue.ValueString(), err))
	}
}
