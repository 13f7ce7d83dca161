// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package tfkit holds the Terraform-side helpers both providers (xclade and
// Boltz) need in the same form: the provider-data hand-over and the
// operation prologue (Open, OpenList), the transport arguments both
// provider blocks share, the rotation arguments and clock, the keys'
// identity, private state, what the list resources share, and the revoke
// action. It knows no API: only the shared client engine's settings.
package tfkit

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// DataOf is the Configure step every resource, data source and ephemeral
// resource shares: the *T the provider's Configure handed over. Provider
// data is nil before the provider is configured (validation, or a provider
// block still unknown), which is not an error.
func DataOf[T any](data any, diags *diag.Diagnostics) *T {
	if data == nil {
		return nil
	}
	pd, ok := data.(*T)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected %T, got %T: this is a bug in the provider", pd, data))
		return nil
	}
	return pd
}

// NotConfigured reports a missing client: the provider block depends on a
// value that is unknown until apply.
func NotConfigured(diags *diag.Diagnostics, provider string) {
	diags.AddError(provider+" provider not configured",
		"The provider configuration depends on values that are not known yet. Apply the resources it depends on first "+
			"(terraform apply -target=...), or configure the provider with known values.")
}
