// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
)

var _ provider.ProviderWithActions = (*boltzProvider)(nil)

func (p *boltzProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{NewRevokeAPIKeyAction}
}

// NewRevokeAPIKeyAction is the boltz_revoke_api_key action (Terraform 1.14+).
var NewRevokeAPIKeyAction = tfkit.NewRevokeKey(tfkit.RevokeKeySpec[providerData]{
	Provider: typeName,
	Description: "Revokes one API key by id, now (Terraform 1.14+). For incident response, " +
		"`terraform apply -invoke=action.boltz_revoke_api_key.<name>` revokes a leaked key without touching " +
		"configuration or state; for keys found by `terraform query` that should be revoked rather than imported. " +
		"Only the named key is touched. A key already revoked is success (the progress message says so); an id " +
		"the API does not list is an error. The Boltz API cannot schedule a revocation.",
	IDDescription: "The id of the key to revoke, e.g. from the `boltz_api_keys` data source.",
	IDValidator:   stringvalidator.RegexMatches(keyIDRE, "must be a Boltz API key id (1 to 128 letters, digits, _ or -)"),
	Timeout:       deleteTimeout,
	Revoke:        revokeKeyAction,
})

// revokeKeyAction finds the key in the list first (the API has no get):
// an id the API does not list is an error and nothing is revoked; a key
// listed as inactive is revoked already and left alone. Then the client's
// revoke, which counts a key as revoked only when the API's answer or a
// listing after it shows the key inactive.
func revokeKeyAction(ctx context.Context, data *providerData, id string, _ time.Duration, progress func(string), diags *diag.Diagnostics) {
	client := data.client
	subject, check := "Boltz API key "+id, "the boltz_api_key data source"
	key, err := client.Lookup(ctx, id)
	if boltz.IsNotFound(err) {
		tfkit.NoSuchKey(diags, "Boltz API key", id, `the boltz_api_keys data source (status = "any") lists every key.`)
		return
	}
	if err != nil {
		addAPIError(diags, "read", subject, err)
		return
	}
	name := fmt.Sprintf("%s key %s (%q, %s…)", key.KeyType, id, key.Name, key.KeyPrefix)
	if !key.IsActive {
		progress(name + " is already revoked: nothing to do")
		return
	}
	progress("Revoking " + name + " now")
	revoked, err := client.Revoke(ctx, id)
	switch {
	case boltz.IsNotFound(err):
		tfkit.Unconfirmed(diags, subject, "The key was listed a moment ago, but a listing after the revoke does not hold it", check)
	case err != nil:
		addAPIError(diags, "revoke", subject, err)
	case revoked.Already:
		progress(name + " is revoked (the API refused the revoke as done already, and the list shows the key inactive)")
	default:
		progress(name + " is revoked")
	}
}
