// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
	"github.com/xclade/terraform-provider-xclade/internal/boltz"
)

// addAPIError is the one place Boltz API errors become diagnostics: what
// failed, for which key, the server's words, and what to do about it. The
// client's errors never carry secrets, so err.Error() is safe here.
func addAPIError(diags *diag.Diagnostics, action, subject string, err error) {
	diags.AddError(fmt.Sprintf("Cannot %s %s", action, subject), apiErrorDetail(err))
}

func apiErrorDetail(err error) string {
	detail := err.Error()
	var unresolved *boltz.UnresolvedCreateError
	var amb *apiclient.AmbiguousError
	var overloaded *apiclient.OverloadError
	switch {
	case errors.As(err, &unresolved):
		// The error names every candidate and what to do with each.
		detail += "\n\nThe Boltz API has no idempotency key, so the provider did not send the create again (that could " +
			"make a second key whose secret nobody gets), and it revoked or adopted no key, since it cannot prove which " +
			"one is its own. Nothing was saved to state: the next terraform apply creates a new key."
	case errors.As(err, &overloaded):
		// The error says what to tune; raising request_timeout is not it.
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		// Interrupted (Ctrl-C) or out of time; a create in doubt is the case above.
		detail += "\n\nRunning Terraform again is safe: reads and revokes can be repeated. If the Boltz API is slow " +
			"or far, raise the provider's request_timeout."
	case errors.As(err, &amb):
		detail += "\n\nThe provider could not tell whether the server applied the request. Run terraform plan to " +
			"compare the state with the server before trying again."
	case boltz.IsUnauthorized(err), boltz.IsForbidden(err):
		// The client's hint says which key was refused and what to use instead.
	}
	return detail
}
