// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import (
	"context"
	"errors"
	"net/http"
	"net/url"
)

type loginResponse struct {
	Token Secret `json:"token"`
}

// ensureLogin returns the current JWT, logging in first if there is none.
func (c *Client) ensureLogin(ctx context.Context) (Secret, error) {
	c.mu.Lock()
	jwt := c.jwt
	c.mu.Unlock()
	if jwt != "" {
		return jwt, nil
	}
	if err := c.login(ctx, ""); err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.jwt, nil
}

// login exchanges email and password for a JWT. stale is the JWT the caller
// saw refused: when another goroutine has replaced it already, no new login
// is needed. The lock is held across the request so that concurrent callers
// log in once, not once each.
func (c *Client) login(ctx context.Context, stale Secret) error {
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	c.mu.Lock()
	current := c.jwt
	c.mu.Unlock()
	if current != "" && current != stale {
		return nil
	}
	var out loginResponse
	err := c.do(ctx, call{
		method: http.MethodPost, path: "/auth/user/emailpass", noAuth: true, idempotent: true,
		body: map[string]string{"email": c.cfg.Email, "password": c.cfg.Password.Reveal()},
	}, &out)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized {
			apiErr.Hint = "login as " + c.cfg.Email + " failed: check email and password (or XCLADE_EMAIL / XCLADE_PASSWORD)"
		}
		return err
	}
	if out.Token == "" {
		return errors.New("POST /auth/user/emailpass: the answer holds no token")
	}
	c.mu.Lock()
	c.jwt = out.Token
	c.mu.Unlock()
	return nil
}

// CheckCredentials makes one cheap authenticated request (a login first,
// for email and password), so that refused credentials are reported once
// instead of once per operation. Its error is IsUnauthorized (or a 403)
// when the credentials were refused; any other error says nothing about
// them.
func (c *Client) CheckCredentials(ctx context.Context) error {
	q := url.Values{"limit": {"1"}, "fields": {"id"}}
	return c.do(ctx, call{method: http.MethodGet, path: "/admin/sales-channels", query: q, idempotent: true}, nil)
}

// IsForbidden reports whether the server answered 403: it accepted the
// credentials but does not allow them this call.
func IsForbidden(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden
}
