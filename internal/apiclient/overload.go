// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package apiclient

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// OverloadError is an operation's deadline passing while the server was
// overloaded: it had shown overload (timeouts, 5xx, 429) without a healthy
// answer since, for Lasted. The client waited instead of failing the call
// after MaxRetries, so what ended it is the operation's own timeout.
type OverloadError struct {
	API          string
	Method, Path string
	Lasted       time.Duration
	// Sign is the latest overload signal, e.g. "no answer within request_timeout".
	Sign                  string
	MaxConcurrentRequests int
	Err                   error
}

func (e *OverloadError) Error() string {
	return fmt.Sprintf("%s %s: the %s was overloaded: it has not answered normally for %s (latest: %s), and the "+
		"operation's timeout ran out while the provider waited for it. The provider already slowed down (to one "+
		"request at a time, with pauses); other Terraform runs or tools using the same server at the same time are "+
		"likely loading it too. Lower max_concurrent_requests (now %d) in each run that shares the server, run fewer "+
		"at once, or give the operation more time in the resource's timeouts block (for example "+
		"timeouts { delete = \"15m\" }). The provider left the object as it was, unless a request the server never "+
		"answered is applied late: terraform plan shows where it stands. (%v)",
		e.Method, e.Path, e.API, e.Lasted.Round(time.Second), e.Sign, e.MaxConcurrentRequests, e.Err)
}

func (e *OverloadError) Unwrap() error { return e.Err }

// outlasting is whether a failed attempt of cl is retried beyond
// MaxRetries: while the server is overloaded, an idempotent call waits for
// it within the operation's deadline (the limiter paces the attempts), as
// failing one call after another would fail a whole destroy key by key.
func (c *Client) outlasting(ctx context.Context, cl Call) bool {
	if !cl.Idempotent {
		return false
	}
	if _, ok := ctx.Deadline(); !ok {
		return false
	}
	_, _, saturated := c.limit.saturation()
	return saturated
}

// overloaded explains err as the server's overload when the call's
// deadline passed during one.
func (c *Client) overloaded(ctx context.Context, cl Call, err error) error {
	if err == nil || !cl.Idempotent || !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return err
	}
	lasted, sign, saturated := c.limit.saturation()
	if !saturated {
		return err
	}
	return &OverloadError{API: c.cfg.API, Method: cl.Method, Path: cl.Path, Lasted: lasted, Sign: sign,
		MaxConcurrentRequests: c.cfg.MaxConcurrentRequests, Err: err}
}
