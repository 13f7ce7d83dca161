// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var _ datasource.DataSourceWithConfigure = (*salesChannelsDataSource)(nil)

// NewSalesChannelsDataSource is the xclade_sales_channels data source.
func NewSalesChannelsDataSource() datasource.DataSource { return &salesChannelsDataSource{} }

type salesChannelsDataSource struct{ data *providerData }

type salesChannelsModel struct {
	IDs           types.List          `tfsdk:"ids"`
	Names         types.List          `tfsdk:"names"`
	Query         types.String        `tfsdk:"query"`
	IsDisabled    types.Bool          `tfsdk:"is_disabled"`
	SalesChannels []salesChannelModel `tfsdk:"sales_channels"`
	ChannelIDs    []string            `tfsdk:"sales_channel_ids"`
}

type salesChannelModel struct {
	ID          string       `tfsdk:"id"`
	Name        string       `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	IsDisabled  bool         `tfsdk:"is_disabled"`
}

// salesChannelIDRE is the shape of a sales channel id.
var salesChannelIDRE = regexp.MustCompile(`^sc_[0-9A-Za-z]{10,40}$`)

// salesChannelIDValidator checks an sc_ id at plan time.
func salesChannelIDValidator() validator.String {
	return stringvalidator.RegexMatches(salesChannelIDRE,
		"must be a sales channel id (sc_ followed by 10 to 40 letters and digits, e.g. sc_01J0ABCDEFGHJKMNPQRSTVWXYZ); "+
			"look ids up by name with the xclade_sales_channels data source")
}

func (d *salesChannelsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sales_channels"
}

func (d *salesChannelsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up the tenant's sales channels, to link publishable keys to them by name " +
			"instead of hard-coded `sc_…` ids. Every filter is applied by the server; without filters every " +
			"sales channel is listed.",
		Attributes: map[string]schema.Attribute{
			"ids": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Only these sales channels (`sc_…`).",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(salesChannelIDValidator())},
			},
			"names": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Only sales channels with one of these names (exact match).",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
			},
			"query": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only sales channels whose name or description contains this text (case-insensitive).",
			},
			"is_disabled": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Only disabled (`true`) or enabled (`false`) sales channels. Default: both.",
			},
			"sales_channels": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The sales channels found, in id order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          schema.StringAttribute{Computed: true, MarkdownDescription: "The sales channel's id (`sc_…`)."},
					"name":        schema.StringAttribute{Computed: true, MarkdownDescription: "Its name."},
					"description": schema.StringAttribute{Computed: true, MarkdownDescription: "Its description; null when it has none."},
					"is_disabled": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is disabled."},
				}},
			},
			"sales_channel_ids": schema.ListAttribute{
				ElementType: types.StringType, Computed: true,
				MarkdownDescription: "The ids of `sales_channels`, ready for `sales_channel_ids` of a publishable `xclade_api_key`.",
			},
		},
	}
}

func (d *salesChannelsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = tfkit.DataOf[providerData](req.ProviderData, &resp.Diagnostics)
}

func (d *salesChannelsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, m, done, ok := tfkit.Open[salesChannelsModel](ctx, d.data, typeName, req.Config, defaultReadTimeout, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	f := xclade.SalesChannelFilter{Q: m.Query.ValueString(), IsDisabled: m.IsDisabled.ValueBoolPointer()}
	resp.Diagnostics.Append(m.IDs.ElementsAs(ctx, &f.IDs, false)...)
	resp.Diagnostics.Append(m.Names.ElementsAs(ctx, &f.Names, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	channels, err := d.data.client.AllSalesChannels(ctx, f, 100)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "xclade sales channels", err)
		return
	}
	m.SalesChannels, m.ChannelIDs = make([]salesChannelModel, 0, len(channels)), make([]string, 0, len(channels))
	for _, ch := range channels {
		m.SalesChannels = append(m.SalesChannels, salesChannelModel{
			ID: ch.ID, Name: ch.Name, Description: types.StringPointerValue(ch.Description), IsDisabled: ch.IsDisabled,
		})
		m.ChannelIDs = append(m.ChannelIDs, ch.ID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
