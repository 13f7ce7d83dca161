// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
	"github.com/xclade/terraform-provider-xclade/internal/logmask"
)

// Ready starts every operation of a provider's resources and data sources:
// a context whose logs hide secrets, and whether the provider is configured
// (if not, the error naming provider is in diags).
func Ready[T any](ctx context.Context, data *T, diags *diag.Diagnostics, provider string) (context.Context, bool) {
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

// ApplySettings puts the provider attributes both providers share into the
// client's settings: a null attribute keeps the default already there.
func ApplySettings(s *apiclient.Settings, maxRetries types.Int64, requestTimeout types.String, allowInsecureHTTP types.Bool, caCertFile types.String, diags *diag.Diagnostics) {
	if !maxRetries.IsNull() {
		s.MaxRetries = int(maxRetries.ValueInt64())
	}
	if !requestTimeout.IsNull() {
		// The schema validator has checked the syntax already.
		s.RequestTimeout, _ = time.ParseDuration(requestTimeout.ValueString())
	}
	s.AllowInsecureHTTP = allowInsecureHTTP.ValueBool()
	s.CACertPEM = ReadCACert(caCertFile, diags)
}

// Source is where an operation's model comes from: its configuration,
// plan or state (tfsdk.Config, tfsdk.Plan, tfsdk.State).
type Source interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// Open starts an operation that works on one model: Ready, then the model
// M read from src. ok is false when the operation must stop; why is in
// diags.
func Open[M, T any](ctx context.Context, data *T, provider string, src Source, diags *diag.Diagnostics) (context.Context, M, bool) {
	var m M
	ctx, ok := Ready(ctx, data, diags, provider)
	if !ok {
		return ctx, m, false
	}
	diags.Append(src.Get(ctx, &m)...)
	return ctx, m, !diags.HasError()
}
