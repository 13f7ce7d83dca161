// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// NewRevokeAPIKeyAction is the xclade_revoke_api_key action (Terraform 1.14+).
var NewRevokeAPIKeyAction = tfkit.NewRevokeKey(tfkit.RevokeKeySpec[providerData]{
	Provider: typeName,
	Description: "Revokes one API key by id, now or after `revoke_in` (Terraform 1.14+). For incident response, " +
		"`terraform apply -invoke=action.xclade_revoke_api_key.<name>` revokes a leaked key without touching " +
		"configuration or state; for keys found by `terraform query` that should be revoked rather than imported. " +
		"Only the named key is touched. A key already revoked is success (the progress message says so, and its " +
		"revocation is left as it is, so the audit trail keeps who revoked it); an id the API does not know is an error.",
	IDDescription: "The id of the key to revoke (`apk_…`), e.g. from the `xclade_api_keys` data source or `terraform query`.",
	IDValidator:   apiKeyIDValidator(),
	RevokeIn: "How long the key keeps working, as a duration such as `\"90s\"` or `\"24h\"` (the API's `revoke_in`, " +
		"as the resource's `revoke_delay`). Default: revoked at once. A revocation already scheduled earlier than " +
		"this is kept; a later one is brought forward.",
	Timeout: defaultDeleteTimeout,
	Revoke:  revokeKeyAction,
})

// revokeKeyAction reads the key first: the read tells an unknown id (an
// error: nothing was revoked) from a key revoked already (success, left
// alone: the API would revoke a publishable key again and rewrite who
// revoked it, and a revoke_in would postpone an earlier schedule), which a
// revoke alone cannot. Then it revokes, and believes only the API's answer
// that names the revocation time.
func revokeKeyAction(ctx context.Context, data *providerData, id string, delay time.Duration, progress func(string), diags *diag.Diagnostics) {
	client := data.client
	subject := "xclade API key " + id
	key, err := client.GetAPIKey(ctx, id)
	if xclade.IsNotFound(err) {
		tfkit.NoSuchKey(diags, "xclade API key", id, `the xclade_api_keys data source or terraform query (status = "any") lists the tenant's keys.`)
		return
	}
	if err != nil {
		addAPIError(diags, "read", subject, err)
		return
	}
	name := fmt.Sprintf("%s key %s (%q, %s)", key.Type, id, key.Title, key.Redacted)
	now := client.ServerNow()
	if key.RevokedAt != nil && !key.RevokedAt.After(now) {
		progress(fmt.Sprintf("%s is already revoked (since %s%s): nothing to do", name, key.RevokedAt.UTC().Format(time.RFC3339), by(key.RevokedBy)))
		return
	}
	if key.RevokedAt != nil && !key.RevokedAt.After(now.Add(delay)) {
		progress(fmt.Sprintf("%s is already scheduled to be revoked at %s, no later than revoke_in asks: left as it is",
			name, key.RevokedAt.UTC().Format(time.RFC3339)))
		return
	}
	if delay > 0 {
		progress(fmt.Sprintf("Revoking %s in %s", name, delay))
	} else {
		progress("Revoking " + name + " now")
	}
	revoked, err := client.RevokeAPIKey(ctx, id, delay)
	switch {
	case xclade.IsAlreadyRevoked(err):
		// Revoked since the read: by someone else, or by an earlier attempt
		// of this revoke whose answer was lost and that the client retried.
		progress(name + " is already revoked (the API says so): nothing more to do")
		return
	case xclade.IsNotFound(err):
		// The API deletes only keys whose revocation is in the past.
		progress(name + " was revoked and deleted since it was read: nothing more to do")
		return
	case err != nil:
		addAPIError(diags, "revoke", subject, err)
		return
	case revoked.RevokedAt == nil:
		tfkit.Unconfirmed(diags, subject, "The API answered the revoke without a revocation time", "the xclade_api_key data source")
		return
	}
	if revoked.RevokedAt.After(client.ServerNow()) {
		progress(fmt.Sprintf("%s is scheduled to be revoked at %s", name, revoked.RevokedAt.UTC().Format(time.RFC3339)))
	} else {
		progress(fmt.Sprintf("%s is revoked (at %s)", name, revoked.RevokedAt.UTC().Format(time.RFC3339)))
	}
}

func by(who *string) string {
	if who == nil || *who == "" {
		return ""
	}
	return ", by " + *who
}
