// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
)

// keyDetails is a key as both data sources show it.
type keyDetails struct {
	ID          types.String      `tfsdk:"id"`
	Name        types.String      `tfsdk:"name"`
	WorkspaceID types.String      `tfsdk:"workspace_id"`
	AllowedIPs  types.Set         `tfsdk:"allowed_ips"`
	Mode        types.String      `tfsdk:"mode"`
	KeyPrefix   types.String      `tfsdk:"key_prefix"`
	KeyType     types.String      `tfsdk:"key_type"`
	Livemode    types.Bool        `tfsdk:"livemode"`
	IsActive    types.Bool        `tfsdk:"is_active"`
	Usable      types.Bool        `tfsdk:"usable"`
	CreatedAt   timetypes.RFC3339 `tfsdk:"created_at"`
	ExpiresAt   timetypes.RFC3339 `tfsdk:"expires_at"`
	LastUsedAt  timetypes.RFC3339 `tfsdk:"last_used_at"`
}

func keyDetailsOf(ctx context.Context, k *boltz.APIKey, now time.Time) keyDetails {
	ips, _ := types.SetValueFrom(ctx, types.StringType, append([]string{}, k.AllowedIPs...))
	return keyDetails{
		ID: types.StringValue(k.ID), Name: types.StringValue(k.Name), WorkspaceID: tfkit.StringPtr(k.WorkspaceID),
		AllowedIPs: ips, Mode: types.StringValue(k.Mode()), KeyPrefix: types.StringValue(k.KeyPrefix),
		KeyType: types.StringValue(k.KeyType), Livemode: types.BoolValue(k.Livemode), IsActive: types.BoolValue(k.IsActive),
		Usable: types.BoolValue(k.Usable(now)), CreatedAt: timeValue(k.CreatedAt), ExpiresAt: timePtrValue(k.ExpiresAt),
		LastUsedAt: timePtrValue(k.LastUsedAt),
	}
}

// keyDetailAttributes is keyDetails' schema, computed everywhere; the
// singular data source makes id and name arguments.
func keyDetailAttributes() map[string]schema.Attribute {
	str := func(d string) schema.Attribute { return schema.StringAttribute{Computed: true, MarkdownDescription: d} }
	tm := func(d string) schema.Attribute {
		return schema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Computed: true, MarkdownDescription: d}
	}
	boolean := func(d string) schema.Attribute { return schema.BoolAttribute{Computed: true, MarkdownDescription: d} }
	return map[string]schema.Attribute{
		"id":           str("The key's id."),
		"name":         str("The key's name."),
		"workspace_id": str("The key's workspace; null for keys not scoped to one (admin keys)."),
		"allowed_ips": schema.SetAttribute{ElementType: types.StringType, Computed: true,
			MarkdownDescription: "The addresses the key may be used from, as the API shows them; empty: every address."},
		"mode":         str("`live` or `test`."),
		"key_prefix":   str("The first 12 characters of the secret; safe to show."),
		"key_type":     str("`admin` or `workspace`."),
		"livemode":     boolean("`false` for test keys."),
		"is_active":    boolean("What the API says: `false` once revoked (and perhaps once expired: the API does not say)."),
		"usable":       boolean("Whether the key works now: active and not past `expires_at`."),
		"created_at":   tm("When the key was created (RFC 3339)."),
		"expires_at":   tm("When the key expires (RFC 3339); null if it never does."),
		"last_used_at": tm("When the key was last used (RFC 3339); null if never."),
	}
}
