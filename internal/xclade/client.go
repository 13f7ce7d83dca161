// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package xclade is a client for the API-key endpoints of the xclade Admin
// API (Medusa v2's Admin API). It knows nothing of Terraform; the HTTP
// engine it sends requests with (retries, transport security, the cap on
// requests in flight) is the shared internal/apiclient.
package xclade

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"sync"

	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
)

// Logger receives one line per HTTP attempt. Fields never hold secrets.
type Logger = apiclient.Logger

// AmbiguousError means a request that is not idempotent may or may not have
// been applied: the connection broke, or a gateway failed, after it was sent.
type AmbiguousError = apiclient.AmbiguousError

// Client calls the xclade Admin API. It is safe for concurrent use.
type Client struct {
	apiclient.Common
	cfg Config
	api *apiclient.Client

	loginMu sync.Mutex // serialises logins
	mu      sync.Mutex
	jwt     Secret // current JWT for email/password logins

	reads readCoalescer // state of GetAPIKeyBatched (batch.go)
}

// New validates cfg and returns a client. It makes no request.
func New(cfg Config) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, jwt: cfg.AccessToken}
	api, err := apiclient.New(cfg.apiConfig(), clientAuth{c}, c.decodeError)
	if err != nil {
		return nil, err
	}
	c.api, c.Common = api, apiclient.CommonOf(api)
	return c, nil
}

// call describes one logical API call, possibly sent several times.
type call struct {
	method string
	path   string // escaped (keyPath)
	query  url.Values
	body   any
	// idempotent calls are retried even when the failed attempt may have
	// reached the server; others only when it surely did not.
	idempotent bool
	noAuth     bool
}

// do sends cl with retries and decodes a 2xx JSON answer into out (if not nil).
func (c *Client) do(ctx context.Context, cl call, out any) error {
	// A write keeps coalesced reads of its key from older snapshots (batch.go).
	defer c.reads.noteWrite(cl.method, cl.path)()
	return c.api.DoJSON(ctx, apiclient.Call{
		Method: cl.method, Path: cl.path, Query: cl.query, Body: cl.body, Idempotent: cl.idempotent, NoAuth: cl.noAuth,
	}, out)
}

// decodeError turns an error answer into an *APIError, with what to do
// about a 401 in the terms of the credentials configured.
func (c *Client) decodeError(cl apiclient.Call, status int, header http.Header, body []byte) error {
	apiErr := newAPIError(cl.Method, cl.Path, status, header.Get("Content-Type"), body)
	switch {
	case status == http.StatusUnauthorized:
		apiErr.Hint = c.unauthorizedHint()
	case status == http.StatusNotFound && apiErr.Type != ErrorTypeNotFound:
		// Not the API's "not found": nothing is known about the key, and the
		// user must find which setting points at the wrong place.
		cfg := c.api.Config()
		apiErr.Hint = "this 404 is not the xclade API's own \"not found\" (which has type \"not_found\"), so it says nothing about the key: " +
			"the request went to " + c.api.Endpoint() + ", which does not serve this route of the xclade Admin API: check " + cfg.Setting()
		if apiErr.HTML {
			apiErr.Hint = "the server answered with a web page, not the xclade Admin API; " + apiErr.Hint
		}
	}
	return apiErr
}

// clientAuth sends the configured credentials: a secret key with HTTP
// Basic (as Bearer the server answers 401), a JWT as Bearer, and for email
// and password a JWT from a login, renewed once when the server refuses it.
type clientAuth struct{ c *Client }

func (a clientAuth) Authorize(ctx context.Context, req *http.Request) (any, error) {
	c := a.c
	switch {
	case c.cfg.APIKey != "":
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.cfg.APIKey.Reveal()+":")))
		return nil, nil
	case c.cfg.Email != "":
		jwt, err := c.ensureLogin(ctx)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+jwt.Reveal())
		return jwt, nil
	case c.cfg.AccessToken != "":
		req.Header.Set("Authorization", "Bearer "+c.cfg.AccessToken.Reveal())
	}
	return nil, nil
}

// Refresh logs in again when the JWT expired or the server restarted with
// a new secret: a fresh login, not a retry.
func (a clientAuth) Refresh(ctx context.Context, used any) (bool, error) {
	if a.c.cfg.Email == "" {
		return false, nil
	}
	jwt, _ := used.(Secret)
	if err := a.c.login(ctx, jwt); err != nil {
		return false, err
	}
	return true, nil
}

func (c *Client) unauthorizedHint() string {
	method := c.cfg.AuthMethod()
	switch {
	case c.cfg.APIKey != "":
		return "the xclade API refused the " + method + ": it may be revoked, deleted or mistyped; set api_key (or XCLADE_API_KEY) to a live secret key"
	case c.cfg.AccessToken != "":
		return "the xclade API refused the token (JWT): admin JWTs expire after 24 hours; log in again and set token (or XCLADE_TOKEN), or configure email and password so the provider refreshes it"
	case c.cfg.Email != "":
		return "the xclade API refused the " + method + ": check email and password (or XCLADE_EMAIL / XCLADE_PASSWORD)"
	}
	return "no credentials were sent"
}

func (c *Client) logf(ctx context.Context, msg string, fields map[string]any) {
	if c.cfg.Logger != nil {
		c.cfg.Logger.Debug(ctx, msg, fields)
	}
}
