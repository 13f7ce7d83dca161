// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// tfkit.ObjectValue's build of an api_keys element must equal what the framework
// makes of the same key through its values and reflection.
func TestAPIKeyDataTerraformValue(t *testing.T) {
	ctx := context.Background()
	created := time.Date(2026, 1, 2, 3, 4, 5, 6_000_000, time.UTC)
	revoked, by := created.Add(time.Hour), "user_2"
	keys := map[string]xclade.APIKey{
		"live secret": {ID: "apk_1", Title: "a", Type: xclade.TypeSecret, Redacted: "sk_***1", CreatedAt: created, CreatedBy: "user_1", UpdatedAt: created},
		"revoked secret with a read token": {ID: "apk_2", Title: "", Type: xclade.TypeSecret, Token: "hash", Redacted: "sk_***2",
			CreatedAt: created, CreatedBy: "user_1", UpdatedAt: revoked, RevokedAt: &revoked, RevokedBy: &by},
		"publishable with channels": {ID: "apk_3", Title: "shop", Type: xclade.TypePublishable, Token: "pk_3", Redacted: "pk_***3",
			CreatedAt: created, CreatedBy: "user_1", UpdatedAt: created,
			SalesChannels: []xclade.SalesChannel{{ID: "sc_1"}, {ID: "sc_2"}}},
		"publishable without channels": {ID: "apk_4", Title: "shop", Type: xclade.TypePublishable, Token: "pk_4", Redacted: "pk_***4",
			CreatedAt: created, CreatedBy: "user_1", UpdatedAt: created, SalesChannels: []xclade.SalesChannel{}},
	}
	for name, k := range keys {
		t.Run(name, func(t *testing.T) {
			model, diags := apiKeyDataOf(ctx, &k)
			if diags.HasError() {
				t.Fatal(diags)
			}
			obj, diags := types.ObjectValueFrom(ctx, apiKeyDataObjectType.AttrTypes, model)
			if diags.HasError() {
				t.Fatal(diags)
			}
			want, err := obj.ToTerraformValue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := apiKeyDataTerraformValue(ctx, &k, &diags); diags.HasError() || !got.Equal(want) {
				t.Fatalf("tfkit.ObjectValue differs (%v) from the framework's:\n direct:    %s\n framework: %s", diags, got, want)
			}
		})
	}
}
