// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var (
	_ datasource.DataSourceWithConfigure        = (*apiKeyDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*apiKeyDataSource)(nil)
)

// NewAPIKeyDataSource is the xclade_api_key data source.
func NewAPIKeyDataSource() datasource.DataSource { return &apiKeyDataSource{} }

type apiKeyDataSource struct{ data *providerData }

func (d *apiKeyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (d *apiKeyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one API key of the xclade tenant, live or revoked, by `id` or by exact " +
			"`title`. A lookup by title fails unless exactly one key has that title. The `token` of a publishable " +
			"key is available; a secret key's token is not (the API shows it only when the key is created).",
		Attributes: apiKeyDataAttributes(true),
	}
}

func (d *apiKeyDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("title")),
	}
}

// apiKeyIDValidator is import's id check, at plan time.
func apiKeyIDValidator() validator.String {
	return stringvalidator.RegexMatches(apiKeyIDRE,
		"must be an xclade API key id (apk_ followed by 10 to 40 letters and digits, e.g. apk_01J0ABCDEFGHJKMNPQRSTVWXYZ)")
}

func (d *apiKeyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = tfkit.DataOf[providerData](req.ProviderData, &resp.Diagnostics)
}

func (d *apiKeyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	// Terraform gives a data source no deadline of its own (see xclade_api_keys).
	ctx, m, done, ok := tfkit.Open[apiKeyLookupModel](ctx, d.data, typeName, req.Config, defaultReadTimeout, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	var key *xclade.APIKey
	if !m.ID.IsNull() {
		key = d.byID(ctx, m.ID.ValueString(), resp)
	} else {
		key = d.byTitle(ctx, m.Title.ValueString(), m.IncludeRevoked.ValueBool(), resp)
	}
	if key == nil {
		return
	}
	// The key as an element of xclade_api_keys shows it, plus how it was
	// looked up.
	var keyAttrs, config map[string]tftypes.Value
	keyValue := apiKeyDataTerraformValue(ctx, key, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := keyValue.As(&keyAttrs); err != nil {
		addProviderBug(&resp.Diagnostics, "xclade_api_key", "the key it read: "+err.Error())
		return
	}
	if err := req.Config.Raw.As(&config); err != nil {
		addProviderBug(&resp.Diagnostics, "xclade_api_key", "the configuration Terraform sent: "+err.Error())
		return
	}
	attrs := maps.Clone(keyAttrs)
	attrs["include_revoked"] = config["include_revoked"]
	resp.State.Raw = tftypes.NewValue(req.Config.Raw.Type(), attrs)
}

func (d *apiKeyDataSource) byID(ctx context.Context, id string, resp *datasource.ReadResponse) *xclade.APIKey {
	key, err := d.data.client.GetAPIKey(ctx, id)
	switch {
	case xclade.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("id"), "xclade API key not found",
			fmt.Sprintf("There is no xclade API key with id %q: it never existed or was deleted. Check the id, or "+
				"list the tenant's keys with the xclade_api_keys data source.", id))
		return nil
	case err != nil:
		addAPIError(&resp.Diagnostics, "read", "xclade API key "+id, err)
		return nil
	}
	return key
}

func (d *apiKeyDataSource) byTitle(ctx context.Context, title string, includeRevoked bool, resp *datasource.ReadResponse) *xclade.APIKey {
	// Two are enough to tell "exactly one" from "several"; count says how many.
	p := xclade.ListParams{Filter: xclade.Filter{Titles: []string{title}}, Order: "id", Limit: 2}
	which := "xclade API keys"
	if !includeRevoked {
		p.Or = xclade.ActiveAt(d.data.client.ServerNow())
		which = "xclade API keys that still work"
	}
	page, err := d.data.client.ListAPIKeys(ctx, p)
	if err != nil {
		addAPIError(&resp.Diagnostics, "look up", fmt.Sprintf("the xclade API key titled %q", title), err)
		return nil
	}
	for _, k := range page.APIKeys {
		if k.Title != title {
			// The API matches titles exactly: a listing that does not is not
			// its answer, and "the one key with this title" cannot be told
			// from it.
			resp.Diagnostics.AddAttributeError(path.Root("title"), "The lookup by title got an answer that ignores the title",
				fmt.Sprintf("Asked for the keys titled %q, the server at %s also answered %s, titled %q: it does not apply the xclade "+
					"API's title filter, so the answer cannot say which key has this title. Check base_url or tenant (a proxy in "+
					"front of the API may drop the filter), or look the key up by id.", title, d.data.client.BaseURL(), k.ID, k.Title))
			return nil
		}
	}
	matched := max(page.Count, len(page.APIKeys))
	switch {
	case matched == 1 && len(page.APIKeys) == 1:
		return &page.APIKeys[0]
	case len(page.APIKeys) == 0:
		resp.Diagnostics.AddAttributeError(path.Root("title"), "No xclade API key with this title",
			fmt.Sprintf("The title %q matched 0 %s (titles match exactly, including case). Check the "+
				"title, set include_revoked = true for a revoked key, or look the key up by id.", title, which))
	default:
		found := make([]string, 0, len(page.APIKeys))
		for _, k := range page.APIKeys {
			found = append(found, fmt.Sprintf("%s (%s, %s)", k.ID, k.Redacted, k.Type))
		}
		if more := matched - len(page.APIKeys); more > 0 {
			found = append(found, fmt.Sprintf("and %d more", more))
		}
		resp.Diagnostics.AddAttributeError(path.Root("title"), "Several xclade API keys have this title",
			fmt.Sprintf("The title %q matched %d %s: %s. Titles are not unique; set id instead of "+
				"title to choose one (the xclade_api_keys data source lists them with their ids).",
				title, matched, which, strings.Join(found, ", ")))
	}
	return nil
}
