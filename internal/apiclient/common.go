// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package apiclient

import (
	"context"
	"time"
)

// Common holds the engine's methods that every API client passes on
// unchanged. A client embeds it, which gives every client the same methods
// without exposing the engine's requests.
type Common struct{ api *Client }

// CommonOf wraps c.
func CommonOf(c *Client) Common { return Common{api: c} }

// BaseURL is the API root the client talks to.
func (c Common) BaseURL() string { return c.api.BaseURL() }

// ServerNow estimates the server's current time from its Date headers: a
// server that decides expiry and revocation by its own clock must be asked
// in its terms.
func (c Common) ServerNow() time.Time { return c.api.ServerNow() }

// RecoveryTimeout bounds the work that finishes an operation after its
// caller's context ended (Client.RecoveryTimeout).
func (c Common) RecoveryTimeout() time.Duration { return c.api.RecoveryTimeout() }

// RecoveryContext is ctx without its cancellation, bounded by
// RecoveryTimeout: for cleanup that must run even when the caller was
// interrupted or timed out.
func (c Common) RecoveryContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return c.api.RecoveryContext(ctx)
}
