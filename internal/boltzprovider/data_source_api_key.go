// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
)

// NewAPIKeyDataSource is the boltz_api_key data source.
func NewAPIKeyDataSource() datasource.DataSource { return &apiKeyDataSource{} }

type apiKeyDataSource struct{ data *providerData }

func (d *apiKeyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (d *apiKeyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := keyDetailAttributes()
	oneOf := []validator.String{stringvalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
	attrs["id"] = schema.StringAttribute{Optional: true, Computed: true, Validators: oneOf,
		MarkdownDescription: "The key's id. Set exactly one of `id` and `name`."}
	attrs["name"] = schema.StringAttribute{Optional: true, Computed: true,
		MarkdownDescription: "The key's name: exactly one key, revoked or not, must have it (names need not be unique)."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One API key, by id or by name, whether it works or not (see `usable`). Its secret is never readable.",
		Attributes:          attrs,
	}
}

func (d *apiKeyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = tfkit.DataOf[providerData](req.ProviderData, &resp.Diagnostics)
}

func (d *apiKeyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, m, done, ok := tfkit.Open[keyDetails](ctx, d.data, typeName, req.Config, readTimeout, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	client := d.data.client
	var key *boltz.APIKey
	if id := m.ID.ValueString(); id != "" {
		k, err := client.Lookup(ctx, id)
		if boltz.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "No Boltz API key "+id,
				"The Boltz API lists no key "+id+". Find keys with the boltz_api_keys data source.")
			return
		}
		if err != nil {
			addAPIError(&resp.Diagnostics, "read", "Boltz API key "+id, err)
			return
		}
		key = k
	} else {
		name := m.Name.ValueString()
		keys, err := client.List(ctx, "")
		if err != nil {
			addAPIError(&resp.Diagnostics, "list", "Boltz API keys", err)
			return
		}
		var found []string
		for i := range keys {
			if keys[i].Name == name {
				key = &keys[i]
				found = append(found, fmt.Sprintf("%s (%s, created %s)", keys[i].ID, keys[i].KeyPrefix, keys[i].CreatedAt.UTC().Format("2006-01-02T15:04:05Z")))
			}
		}
		if len(found) != 1 {
			resp.Diagnostics.AddAttributeError(path.Root("name"), fmt.Sprintf("%d Boltz API keys are named %q", len(found), name),
				nameMatchDetail(name, found))
			return
		}
	}
	m = keyDetailsOf(ctx, key, client.ServerNow())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func nameMatchDetail(name string, found []string) string {
	if len(found) == 0 {
		return fmt.Sprintf("No key, revoked or not, is named %q. Check the name, or list keys with the boltz_api_keys data source.", name)
	}
	return fmt.Sprintf("Key names need not be unique, and %d keys are named %q: %s. Select one by id instead, or use the "+
		"boltz_api_keys data source (name = %q, status = \"active\") to pick among them.", len(found), name, strings.Join(found, ", "), name)
}
