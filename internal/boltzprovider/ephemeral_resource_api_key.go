// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure = (*apiKeyEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*apiKeyEphemeral)(nil)
)

// ephemeralExpiryDays is the shortest expiry the API allows: the server
// retires the key by itself if Close never runs (a crash, a kill -9).
const ephemeralExpiryDays = 1

// privateKeyID is where Open leaves the key's id for Close.
const privateKeyID = "boltz_api_key_id"

// ephemeralPrivate is what Open leaves for Close.
type ephemeralPrivate struct {
	ID string `json:"id"`
}

// NewAPIKeyEphemeralResource is the boltz_api_key ephemeral resource: a key
// for one Terraform run, never in state or plan.
func NewAPIKeyEphemeralResource() ephemeral.EphemeralResource { return &apiKeyEphemeral{} }

type apiKeyEphemeral struct{ data *providerData }

type apiKeyEphemeralModel struct {
	Name        types.String      `tfsdk:"name"`
	WorkspaceID types.String      `tfsdk:"workspace_id"`
	AllowedIPs  types.Set         `tfsdk:"allowed_ips"`
	Mode        types.String      `tfsdk:"mode"`
	ID          types.String      `tfsdk:"id"`
	Key         types.String      `tfsdk:"key"`
	KeyPrefix   types.String      `tfsdk:"key_prefix"`
	ExpiresAt   timetypes.RFC3339 `tfsdk:"expires_at"`
}

func (r *apiKeyEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A workspace key that exists only while Terraform runs and never touches state or plan " +
			"files (Terraform 1.10 or later): created when the run needs it, revoked when the run is done. It is created " +
			"with the shortest expiry the API allows (1 day), so a run that dies before it can revoke the key leaves " +
			"nothing that works for longer. Every plan and apply opens it again, so each mints its own key.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "The key's name, 1–255 characters.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 255)}},
			"workspace_id": schema.StringAttribute{Optional: true, MarkdownDescription: "The key's workspace; default: the organization's default workspace."},
			"allowed_ips": schema.SetAttribute{ElementType: types.StringType, Optional: true, Validators: []validator.Set{ipSetValidator{}},
				MarkdownDescription: "The IPv4 and IPv6 addresses the key may be used from; omitted: every address."},
			"mode": schema.StringAttribute{Optional: true, MarkdownDescription: "`live` (default) or `test`.",
				Validators: []validator.String{stringvalidator.OneOf(boltz.ModeLive, boltz.ModeTest)}},
			"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "The key's id."},
			"key":        schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The full secret."},
			"key_prefix": schema.StringAttribute{Computed: true, MarkdownDescription: "The first 12 characters of the secret."},
			"expires_at": schema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Computed: true,
				MarkdownDescription: "When the server expires the key even if Terraform never revokes it (RFC 3339)."},
		},
	}
}

func (r *apiKeyEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data = tfkit.DataOf[providerData](req.ProviderData, &resp.Diagnostics)
}

func (r *apiKeyEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	ctx, m, done, ok := tfkit.Open[apiKeyEphemeralModel](ctx, r.data, typeName, req.Config, 0, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	in := createRequest(ctx, m.Name, m.WorkspaceID, m.AllowedIPs, m.Mode)
	in.ExpiresInDays = ephemeralExpiryDays
	created, err := r.data.client.Create(ctx, in)
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", fmt.Sprintf("ephemeral boltz_api_key %q", in.Name), err)
		return
	}
	k := created.Details
	m.ID, m.Key, m.KeyPrefix = types.StringValue(k.ID), types.StringValue(created.Key.Reveal()), types.StringValue(k.KeyPrefix)
	m.ExpiresAt = timePtrValue(k.ExpiresAt)
	tfkit.SetPrivate(ctx, resp.Private, privateKeyID, ephemeralPrivate{ID: k.ID}, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
	tflog.Info(ctx, "opened ephemeral Boltz API key", map[string]any{"id": k.ID, "key_prefix": k.KeyPrefix})
}

func (r *apiKeyEphemeral) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	ctx, ok := tfkit.Ready(ctx, r.data, typeName, &resp.Diagnostics)
	var p ephemeralPrivate
	if !ok || !tfkit.GetPrivate(ctx, req.Private, privateKeyID, &p, &resp.Diagnostics) || p.ID == "" {
		return // Open created nothing
	}
	id := p.ID
	// Close runs at the end of the run, also an interrupted one: the key
	// must be revoked whatever ended the caller's context.
	rctx, cancel := r.data.client.RecoveryContext(ctx)
	defer cancel()
	if err := revoke(rctx, r.data.client, id); err != nil {
		addAPIError(&resp.Diagnostics, "revoke", "ephemeral Boltz API key "+id, err)
		resp.Diagnostics.AddWarning("Ephemeral Boltz API key "+id+" may still work",
			fmt.Sprintf("It expires on the server within %d day: revoke it sooner with terraform import and destroy, or through the API.", ephemeralExpiryDays))
		return
	}
	tflog.Info(ctx, "revoked ephemeral Boltz API key", map[string]any{"id": id})
}
