// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/logmask"
)

// Ready starts an operation of a provider's resources and data sources. It
// returns a context whose logs hide secrets, and whether the provider is
// configured; when it is not, diags holds an error that names provider.
func Ready[T any](ctx context.Context, data *T, provider string, diags *diag.Diagnostics) (context.Context, bool) {
	if data == nil {
		NotConfigured(diags, provider)
		return ctx, false
	}
	return logmask.Context(ctx), true
}

// AnyUnknown reports whether a provider configuration depends on values
// known only after apply, in which case the provider cannot be configured
// yet.
func AnyUnknown(values ...interface{ IsUnknown() bool }) bool {
	for _, v := range values {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// StringOrEnv is the configured value, else the environment variable env
// as getenv reads it: configuration wins over the environment.
func StringOrEnv(v types.String, env string, getenv func(string) string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString()
	}
	return getenv(env)
}

// Source is where an operation's model comes from: its configuration,
// plan or state (tfsdk.Config, tfsdk.Plan, tfsdk.State).
type Source interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// Open starts an operation that works on one model: Ready, then the model
// M read from src, under a deadline of timeout (none when 0: Terraform sets
// a deadline for none of the provider's calls, so an operation that must
// not hang sets its own). ok is false when the operation must stop; why is
// in diags. done releases the deadline; it is never nil.
func Open[M, T any](ctx context.Context, data *T, provider string, src Source, timeout time.Duration, diags *diag.Diagnostics) (_ context.Context, _ M, done context.CancelFunc, ok bool) {
	var m M
	ctx, ok = Ready(ctx, data, provider, diags)
	if !ok {
		return ctx, m, func() {}, false
	}
	if diags.Append(src.Get(ctx, &m)...); diags.HasError() {
		return ctx, m, func() {}, false
	}
	done = func() {}
	if timeout > 0 {
		ctx, done = context.WithTimeout(ctx, timeout)
	}
	return ctx, m, done, true
}
