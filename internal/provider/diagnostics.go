// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// addAPIError is the one place API errors become diagnostics: it says what
// failed, for which key, the server's words, and what to do about it.
// Errors from the client never carry secrets, so err.Error() is safe here.
func addAPIError(diags *diag.Diagnostics, action, subject string, err error) {
	summary, detail := apiErrorText(action, subject, err)
	diags.AddError(summary, detail)
}

// addAPIAttributeError is addAPIError for an error that one attribute's
// value caused, so Terraform points at that attribute.
func addAPIAttributeError(diags *diag.Diagnostics, attr path.Path, action, subject string, err error) {
	summary, detail := apiErrorText(action, subject, err)
	diags.AddAttributeError(attr, summary, detail)
}

func apiErrorText(action, subject string, err error) (summary, detail string) {
	summary = fmt.Sprintf("Cannot %s %s", action, subject)
	detail = err.Error()
	var amb *xclade.AmbiguousError
	var unresolved *xclade.UnresolvedCreateError
	var overloaded *apiclient.OverloadError
	switch {
	case errors.As(err, &unresolved):
		// The error names every key the create may have made and what to do with it.
		detail += "\n\nNo other key was touched: the provider revokes or adopts only keys whose title carries its own " +
			"create's marker. Running terraform apply again creates a new key."
	case errors.As(err, &overloaded):
		// The error says what to tune; the generic timeout advice (raise
		// request_timeout) would be the wrong one for an overloaded server.
	case errors.Is(err, context.DeadlineExceeded):
		detail += "\n\nThe operation did not finish within its timeout. Check that the xclade API is reachable, " +
			"then raise the resource's timeouts block or the provider's request_timeout."
	case errors.Is(err, context.Canceled):
		detail += "\n\nThe operation was cancelled."
	case xclade.IsSingleSecretKeyLimit(err):
		detail += "\n\nThis xclade tenant runs a server older than Medusa 2.11, which allows only one active secret key " +
			"per store. Revoke the existing secret key first (create_before_destroy rotation of secret keys cannot " +
			"work on such a tenant), or ask for the tenant to be upgraded."
	case xclade.IsNotRevoked(err):
		detail += "\n\nThe key's revocation is scheduled in the future, and the server deletes only keys revoked in " +
			"the past. Set delete_on_destroy = false, or wait until the scheduled revocation has passed."
	case errors.As(err, &amb):
		detail += "\n\nThe provider could not tell whether the server applied the request. Run terraform plan to " +
			"compare the state with the server before trying again."
	case xclade.IsUnauthorized(err):
		// The client's hint already says which credential was refused and how to fix it.
	case xclade.IsUnknownSalesChannel(err):
		detail += "\n\nCheck sales_channel_ids: look sales channels up by name with the xclade_sales_channels data source."
	}
	return summary, detail
}

// addProviderBug reports a value the provider could not convert: never the
// user's doing, so the message asks for a bug report. what says which value
// and how it failed.
func addProviderBug(diags *diag.Diagnostics, subject, what string) {
	diags.AddError("Unexpected "+subject+" value",
		"The provider could not handle "+what+". This is a bug in the provider: please report it.")
}
