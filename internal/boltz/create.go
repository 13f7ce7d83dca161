// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltz

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
)

// A create whose outcome is unknown is never retried, and no key is revoked
// or adopted on the strength of its name: a key's name cannot change, so
// nothing marks the key a create made. The error names every candidate.
// DESIGN.md, "Creating a key with proof of ownership".

// UnresolvedCreateError is a create whose request may have made a key that
// the client cannot tell apart from others.
type UnresolvedCreateError struct {
	Name string
	// Candidates are the live keys with the name, made after the request
	// was sent: the one it made, if any, is among them.
	Candidates []APIKey
	// Err is the ambiguous failure; LookupErr why the candidates could not
	// be listed (nil when they were).
	Err, LookupErr error
}

func (e *UnresolvedCreateError) Unwrap() error { return e.Err }

func (e *UnresolvedCreateError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	b.WriteString("; the key may have been created, and its secret, which only the create's answer carries, is lost. ")
	switch {
	case e.LookupErr != nil:
		fmt.Fprintf(&b, "Listing the keys named %q to find it also failed (%v): list them with the boltz_api_keys data source "+
			"(name = %q) and revoke any you do not recognise", e.Name, e.LookupErr, e.Name)
	case len(e.Candidates) == 0:
		fmt.Fprintf(&b, "No key named %q made since then is on the server yet; should one appear, it was probably made by this "+
			"request and nobody holds its secret: revoke it (boltz_api_keys data source, name = %q)", e.Name, e.Name)
	default:
		fmt.Fprintf(&b, "These keys named %q were made since the request was sent, and nothing tells which one (if any) is this "+
			"request's, so none was touched: %s. Revoke the ones nobody uses (import one with terraform import <address> <id> "+
			"and destroy it), then apply again", e.Name, describe(e.Candidates))
	}
	return b.String()
}

func describe(keys []APIKey) string {
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s (%s…, created %s)", k.ID, k.KeyPrefix, k.CreatedAt.UTC().Format(time.RFC3339)))
	}
	return strings.Join(parts, ", ")
}

// createSlack widens the window in which a candidate may have been created:
// the Date header's 1 s resolution and the request's time in flight.
const createSlack = 2 * time.Second

// Create creates a workspace key and returns it with its secret. A request
// that was refused (a 4xx but 408 and 429, which are retried) made nothing.
// When the request may have been applied but the client cannot read the
// outcome (the answer lost, a 5xx, a 3xx, a 2xx that is not the API's or
// holds no key), it is not sent again, whatever the lookup that follows
// finds: the error is an *UnresolvedCreateError naming the candidates.
func (c *Client) Create(ctx context.Context, req CreateRequest) (*CreatedKey, error) {
	c.noteWrite()
	defer c.noteWrite()
	began := c.ServerNow().Add(-createSlack)
	var out CreatedKey
	cl := apiclient.Call{Method: http.MethodPost, Path: keysPath, Body: req}
	ans, err := c.api.Do(ctx, cl)
	if err == nil {
		err = apiclient.UnreadableAnswer(cl, created(cl, ans, &out))
	}
	var amb *apiclient.AmbiguousError
	switch {
	case errors.As(err, &amb):
		rctx, cancel := c.RecoveryContext(ctx)
		defer cancel()
		found, lerr := c.candidates(rctx, req, began)
		return nil, &UnresolvedCreateError{Name: req.Name, Candidates: found, Err: err, LookupErr: lerr}
	case err != nil:
		return nil, err
	}
	return &out, nil
}

// created reads a create's 2xx answer into out. An answer that cannot be
// read, or holds no key, came after the server may have made one: the
// caller treats it as unknown (apiclient.UnreadableAnswer).
func created(cl apiclient.Call, ans *apiclient.Answer, out *CreatedKey) error {
	err := ans.Decode(cl, out)
	if err == nil && (out.Key == "" || out.Details.ID == "") {
		err = fmt.Errorf("HTTP %d: the answer holds no key and secret", ans.Status)
	}
	return err
}

// candidates lists the live keys that the lost create may have made: same
// name, in the workspace asked for, created since it began. The server may
// still be working on the request, so it looks for one request_timeout.
func (c *Client) candidates(ctx context.Context, req CreateRequest, since time.Time) ([]APIKey, error) {
	deadline := time.Now().Add(c.api.Config().RequestTimeout)
	for wait := 200 * time.Millisecond; ; wait = min(2*wait, 2*time.Second) {
		all, err := c.List(ctx, req.WorkspaceID)
		if err != nil {
			return nil, err
		}
		var found []APIKey
		for _, k := range all {
			if k.Name == req.Name && k.IsActive && !k.CreatedAt.Before(since) {
				found = append(found, k)
			}
		}
		if len(found) > 0 || time.Now().After(deadline) {
			return found, nil
		}
		if err := c.api.Sleep(ctx, min(wait, time.Until(deadline)+time.Millisecond)); err != nil {
			return nil, err
		}
	}
}
