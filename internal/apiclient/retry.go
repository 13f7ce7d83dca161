// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package apiclient

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
)

// backoff is exponential with jitter, or the server's Retry-After when it
// asks for longer; both are capped by MaxRetryDelay.
func (c *Client) backoff(attempt int, h http.Header) time.Duration {
	d := c.cfg.MinRetryDelay << min(attempt, 16)
	if d > c.cfg.MaxRetryDelay || d <= 0 {
		d = c.cfg.MaxRetryDelay
	}
	// Jitter in [d/2, d) keeps parallel Terraform workers from retrying in step.
	d = d/2 + rand.N(d/2+1)
	if ra, ok := RetryAfter(h, time.Now()); ok && ra > d {
		d = min(ra, c.cfg.MaxRetryDelay)
	}
	return d
}

// Backoff is the wait before retry number attempt+1 of a call whose last
// answer carried h (nil: none).
func (c *Client) Backoff(attempt int, h http.Header) time.Duration { return c.backoff(attempt, h) }

// RetryAfter parses Retry-After as seconds or as an HTTP date.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// describeTransportError turns network failures into actionable text that
// names the URL the client resolved and the setting it came from, so a
// stale environment variable is found at once.
func (c *Client) describeTransportError(err error) error {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	where := c.Endpoint()
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Errorf("cannot resolve the host of %s: check tenant or base_url (%w)", where, err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("no answer from %s within request_timeout (%s): %w", where, c.cfg.RequestTimeout, err)
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return fmt.Errorf("cannot connect to %s: is the URL right and the server up? (%w)", where, err)
	}
	return err
}
