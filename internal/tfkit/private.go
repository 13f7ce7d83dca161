// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// What an ephemeral resource's Open leaves for its Close (or a resource
// for its next call) in private state, as JSON under one key.

// PrivateSetter is a response's private state (ephemeral.OpenResponse's
// Private, for one).
type PrivateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// PrivateGetter is a request's private state.
type PrivateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// SetPrivate keeps v under key.
func SetPrivate(ctx context.Context, p PrivateSetter, key string, v any, diags *diag.Diagnostics) {
	raw, err := json.Marshal(v)
	if err != nil {
		diags.AddError("Cannot keep private state", "The provider could not encode "+key+": "+err.Error()+". This is a bug in the provider: please report it.")
		return
	}
	diags.Append(p.SetKey(ctx, key, raw)...)
}

// GetPrivate reads what SetPrivate kept under key into v. It is false when
// nothing was kept (the call before created nothing) or it cannot be read.
func GetPrivate(ctx context.Context, p PrivateGetter, key string, v any, diags *diag.Diagnostics) bool {
	raw, d := p.GetKey(ctx, key)
	diags.Append(d...)
	return len(raw) > 0 && json.Unmarshal(raw, v) == nil
}
