// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/validators"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure      = (*apiKeyEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithClose          = (*apiKeyEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithValidateConfig = (*apiKeyEphemeral)(nil)
)

// NewAPIKeyEphemeralResource is the xclade_api_key ephemeral resource: a key
// that lives for one Terraform run and is never written to state or plan.
func NewAPIKeyEphemeralResource() ephemeral.EphemeralResource { return &apiKeyEphemeral{} }

type apiKeyEphemeral struct{ data *providerData }

type apiKeyEphemeralModel struct {
	Title         types.String      `tfsdk:"title"`
	Type          types.String      `tfsdk:"type"`
	TTL           types.String      `tfsdk:"ttl"`
	DeleteOnClose types.Bool        `tfsdk:"delete_on_close"`
	RevokeOnClose types.Bool        `tfsdk:"revoke_on_close"`
	ID            types.String      `tfsdk:"id"`
	Token         types.String      `tfsdk:"token"`
	Redacted      types.String      `tfsdk:"redacted"`
	RevokedAt     timetypes.RFC3339 `tfsdk:"revoked_at"`
}

// privateKeyID is where Open leaves the key's id for Close.
const privateKeyID = "api_key_id"

type ephemeralPrivate struct {
	ID     string `json:"id"`
	Delete bool   `json:"delete"`
	// Keep: revoke_on_close = false, the key outlives the run until its ttl.
	Keep bool `json:"keep,omitempty"`
}

func (r *apiKeyEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A short-lived API key that exists only while Terraform runs and never touches state " +
			"or plan files (Terraform 1.10 or later). Terraform creates it when the run needs it and revokes it when " +
			"the run is done; with `ttl` the server revokes it on its own too, so a crashed run cannot leave a live key behind.",
		Attributes: map[string]schema.Attribute{
			"title": schema.StringAttribute{Required: true, MarkdownDescription: "The key's name."},
			"type": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "`secret` (default) or `publishable`.",
				Validators:          []validator.String{stringvalidator.OneOf(xclade.TypeSecret, xclade.TypePublishable)},
			},
			"ttl": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The key's longest life, as a duration such as `\"15m\"`: its revocation is " +
					"scheduled on the server as soon as it is created. Without it the key lives until Terraform closes it.",
				Validators: []validator.String{validators.Duration(time.Second, 366*24*time.Hour)},
			},
			"revoke_on_close": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Revoke the key when the run is done. Default `true`. Set `false` to hand the key " +
					"over to something that outlives the run, such as a secret store's write-only argument: the key then " +
					"lives until the server revokes it at the end of `ttl`, which is required. Every plan and every apply " +
					"opens the ephemeral resource again and so mints a new key, each living for its `ttl`.",
			},
			"delete_on_close": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Delete the key after revoking it at the end of the run, so short-lived keys " +
					"do not pile up in the tenant's key list. Default `false` (the revoked key stays for audit).",
			},
			"id":       schema.StringAttribute{Computed: true, MarkdownDescription: "The key's id (`apk_…`)."},
			"token":    schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The full key."},
			"redacted": schema.StringAttribute{Computed: true, MarkdownDescription: "The key shortened for display."},
			"revoked_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{}, Computed: true,
				MarkdownDescription: "When the server revokes the key on its own (`ttl`); null without `ttl`.",
			},
		},
	}
}

func (r *apiKeyEphemeral) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	var m apiKeyEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.RevokeOnClose.IsUnknown() || m.RevokeOnClose.IsNull() || m.RevokeOnClose.ValueBool() {
		return
	}
	if m.TTL.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("ttl"), "revoke_on_close = false needs a ttl",
			"A key that is not revoked when the run is done must end on the server's schedule: set ttl (e.g. ttl = \"720h\") "+
				"so the server revokes it at the end of its life, or remove revoke_on_close.")
	}
	if m.DeleteOnClose.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("delete_on_close"), "delete_on_close needs revoke_on_close",
			"delete_on_close = true deletes the key when the run is done, which contradicts revoke_on_close = false (keep it "+
				"working until its ttl). Remove one of them.")
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
	if m.Type.IsNull() || m.Type.IsUnknown() {
		m.Type = types.StringValue(xclade.TypeSecret)
	}
	client := r.data.client
	key, err := client.CreateAPIKey(ctx, xclade.CreateAPIKeyRequest{Title: m.Title.ValueString(), Type: m.Type.ValueString()})
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", fmt.Sprintf("ephemeral xclade_api_key %q", m.Title.ValueString()), err)
		return
	}
	if key.Caveat != "" {
		resp.Diagnostics.AddWarning("Ephemeral xclade API key "+key.ID+" was created after a retry", key.Caveat)
	}
	if key.RenameErr != nil {
		resp.Diagnostics.AddWarning("Ephemeral xclade API key "+key.ID+" keeps its temporary title",
			fmt.Sprintf("The key was created and works, but giving it its title failed: %v. It is titled %q until it is closed "+
				"(revoked); its title carries a create marker, but this run holds it.", key.RenameErr, key.Title))
	}
	m.ID, m.Token, m.Redacted = types.StringValue(key.ID), types.StringValue(key.Token.Reveal()), types.StringValue(key.Redacted)
	m.RevokedAt = timetypes.NewRFC3339Null()
	if ttl, _ := time.ParseDuration(m.TTL.ValueString()); ttl > 0 {
		// The key exists: its safety net, or its removal, must not depend on
		// a context that an interrupt may have ended.
		sctx, cancel := client.RecoveryContext(ctx)
		defer cancel()
		// The safety net: even if Close never runs, the server revokes the key.
		scheduled, err := client.RevokeAPIKey(sctx, key.ID, ttl)
		if err != nil {
			addAPIError(&resp.Diagnostics, "schedule the revocation of", "ephemeral xclade API key "+key.ID, err)
			r.revoke(sctx, key.ID, m.DeleteOnClose.ValueBool(), &resp.Diagnostics)
			return
		}
		m.RevokedAt = timePtrValue(scheduled.RevokedAt)
	}
	keep := !m.RevokeOnClose.IsNull() && !m.RevokeOnClose.ValueBool()
	if keep {
		resp.Diagnostics.AddWarning("Ephemeral xclade API key "+key.ID+" outlives this run",
			fmt.Sprintf("revoke_on_close = false: the key %s (%s) keeps working until the server revokes it at %s (ttl = %q). "+
				"Every plan and apply opens this ephemeral resource again and creates another such key.",
				key.ID, key.Redacted, m.RevokedAt.ValueString(), m.TTL.ValueString()))
	}
	tfkit.SetPrivate(ctx, resp.Private, privateKeyID, ephemeralPrivate{ID: key.ID, Delete: m.DeleteOnClose.ValueBool(), Keep: keep}, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
	tflog.Info(ctx, "opened ephemeral xclade API key", map[string]any{"id": key.ID, "type": key.Type})
}

func (r *apiKeyEphemeral) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	ctx, ok := tfkit.Ready(ctx, r.data, typeName, &resp.Diagnostics)
	if !ok {
		return
	}
	var p ephemeralPrivate
	if !tfkit.GetPrivate(ctx, req.Private, privateKeyID, &p, &resp.Diagnostics) || p.ID == "" {
		resp.Diagnostics.AddError("Cannot close ephemeral xclade API key", "the key's id was lost between Open and Close; revoke keys with this title in the xclade admin")
		return
	}
	if p.Keep {
		tflog.Info(ctx, "leaving ephemeral xclade API key live until its ttl", map[string]any{"id": p.ID})
		return
	}
	r.revoke(ctx, p.ID, p.Delete, &resp.Diagnostics)
}

// revoke ends the key's life now; a key already revoked or gone is fine.
// It runs detached from ctx: a key left live because Terraform was
// interrupted while closing would outlive the run.
func (r *apiKeyEphemeral) revoke(ctx context.Context, id string, del bool, diags *diag.Diagnostics) {
	ctx, cancel := r.data.client.RecoveryContext(ctx)
	defer cancel()
	// The type is not kept between Open and Close: read first, the safe way.
	if err := revokeOnDestroy(ctx, r.data.client, id, "", 0); err != nil {
		addAPIError(diags, "revoke", "ephemeral xclade API key "+id, err)
		return
	}
	if del {
		if err := r.data.client.DeleteAPIKey(ctx, id); err != nil {
			addAPIError(diags, "delete", "ephemeral xclade API key "+id, err)
		}
	}
}
