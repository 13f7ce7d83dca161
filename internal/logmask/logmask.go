// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package logmask keeps key material out of the providers' logs: a context
// whose tflog output hides it, and the API clients' request log sent to
// tflog through that context. It is the second line of defence behind never
// logging secrets in the first place.
package logmask

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// secretPatterns match key material and JWTs wherever they might surface in
// a log line: xclade keys (sk_…, pk_… with a hex body), Boltz keys
// (sk_bc_admin_…, sk_bc_ws_…), and JWTs.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(sk|pk)_[0-9a-fA-F]{16,}`),
	regexp.MustCompile(`sk_bc_(admin|ws)_(live|test)_[0-9A-Za-z]{8,}`),
	regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`),
}

// Context returns a context whose tflog output hides secrets: fields named
// like credentials, and anything shaped like a key or a JWT.
func Context(ctx context.Context) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "token", "key", "api_key", "x-api-key", "access_token", "password", "authorization", "Authorization")
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, secretPatterns...)
	return tflog.MaskMessageRegexes(ctx, secretPatterns...)
}

// Logger sends an API client's request log to tflog, masked. The clients
// never put secrets in fields; this guards against the ones they cannot
// know about.
type Logger struct{}

// Debug logs one line at debug level.
func (Logger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(Context(ctx), msg, fields)
}
