// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltz

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
)

// Revoking a key, and knowing that it is revoked.
//
// The API answers a revoke with the revoked key. What it answers for a key
// that is revoked already is not documented (perhaps 400 or 409), and 409
// is documented as "conflicting concurrent request", which the vendor's
// SDKs retry: a refusal alone proves nothing about the key. So only two
// things count as "revoked": the API's answer to this revoke showing the key
// inactive, or a listing taken after the refusal showing it inactive. A
// key that is still active after a 409 is revoked again, with backoff, until
// the caller's deadline.

// Revocation is a revoke that succeeded: the key is inactive.
type Revocation struct {
	// Key is the key as the API last showed it, inactive.
	Key APIKey
	// Already is true when this call did not revoke the key: the API
	// refused the revoke (400, 409) or answered it in a shape that is not
	// the revoked key, and a listing taken afterwards shows the key
	// inactive. False: the API answered this call with the revoked key.
	Already bool
}

// Revoke revokes a key and returns it only once the API has shown it
// inactive. An id the list of keys does not hold gives an error for which
// IsNotFound is true; any other failure leaves the key possibly working,
// and the error says so, naming it.
func (c *Client) Revoke(ctx context.Context, id string) (*Revocation, error) {
	c.noteWrite()
	defer c.noteWrite()
	cl := apiclient.Call{Method: http.MethodPost, Path: keysPath + "/" + apiclient.PathSegment(id) + "/revoke", Idempotent: true}
	var conflict error // the last 409, while the key is active
	var still *APIKey  // the key as the listing after it showed it
	for attempt := 0; ; attempt++ {
		ans, err := c.api.Do(ctx, cl)
		if err != nil && conflict != nil && ctx.Err() != nil {
			return nil, conflicted(conflict, still, attempt, ctx.Err())
		}
		if err == nil {
			var out APIKey
			if derr := ans.Decode(cl, &out); derr == nil && out.ID == id && !out.IsActive {
				return &Revocation{Key: out}, nil
			}
			return c.confirmRevoked(ctx, id, fmt.Errorf("%s %s: HTTP %d: the answer is not the revoked key %s (check %s)",
				cl.Method, cl.Path, ans.Status, id, c.api.Endpoint()))
		}
		var e *APIError
		if !errors.As(err, &e) {
			return nil, err
		}
		switch e.StatusCode {
		case http.StatusBadRequest, http.StatusNotFound:
			return c.confirmRevoked(ctx, id, err)
		case http.StatusConflict:
			rev, k, serr := c.settled(ctx, id, err)
			if k == nil {
				return rev, serr
			}
			conflict, still = err, k
			if serr := c.api.Sleep(ctx, c.api.Backoff(attempt, nil)); serr != nil {
				return nil, conflicted(conflict, still, attempt+1, serr)
			}
		default:
			return nil, err
		}
	}
}

// confirmRevoked decides what a revoke's answer that is not the revoked key
// (cause) means, from a listing taken now.
func (c *Client) confirmRevoked(ctx context.Context, id string, cause error) (*Revocation, error) {
	rev, k, err := c.settled(ctx, id, cause)
	if k == nil {
		return rev, err
	}
	return nil, fmt.Errorf("%w; the key %s is still active, as the list of keys shows: it was not revoked", cause, describeKey(k))
}

// settled asks a listing taken now about id after a revoke's answer
// (cause) that is not the revoked key: a Revocation when the key is
// inactive, an error when it is absent or the listing failed, or else the
// key, still active.
func (c *Client) settled(ctx context.Context, id string, cause error) (*Revocation, *APIKey, error) {
	k, err := c.find(ctx, id)
	switch {
	case err != nil:
		return nil, nil, c.unconfirmed(id, cause, err)
	case k == nil:
		return nil, nil, &NotFoundError{ID: id, Cause: cause}
	case !k.IsActive:
		return &Revocation{Key: *k, Already: true}, nil, nil
	}
	return nil, k, nil
}

// conflicted builds the error of a revoke that the API answered 409 n
// times while the key stayed active, until end (the deadline) stopped it.
func conflicted(last error, k *APIKey, n int, end error) error {
	return fmt.Errorf("%w; the key %s is still active, as the list of keys showed after the last one: the API answered "+
		"%d revokes with 409 (a conflicting concurrent request) until the operation's deadline (%w). Revoke it again "+
		"(terraform destroy, or terraform import and destroy)", last, describeKey(k), n, end)
}

func (c *Client) unconfirmed(id string, cause, listErr error) error {
	return fmt.Errorf("%w; listing the keys to see whether %s is revoked also failed (%w): the key may still work", cause, id, listErr)
}

func describeKey(k *APIKey) string {
	return fmt.Sprintf("%s (%s…, %q)", k.ID, k.KeyPrefix, k.Name)
}
