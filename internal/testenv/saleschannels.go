// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package testenv

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// CreateSalesChannel creates a sales channel on the server, as an admin
// would in the dashboard. The provider never creates one, so its client
// has no such call: this one speaks the Admin API itself.
func (e *Env) CreateSalesChannel(ctx context.Context, name string) (*xclade.SalesChannel, error) {
	auth, err := e.authorization(ctx)
	if err != nil {
		return nil, err
	}
	var out struct {
		SalesChannel *xclade.SalesChannel `json:"sales_channel"`
	}
	if err := e.post(ctx, "/admin/sales-channels", auth, map[string]string{"name": name}, &out); err != nil {
		return nil, err
	}
	if out.SalesChannel == nil || out.SalesChannel.ID == "" {
		return nil, fmt.Errorf("POST /admin/sales-channels: the answer holds no sales_channel")
	}
	return out.SalesChannel, nil
}

// authorization is the Authorization header for the environment's
// credentials: a secret key as Basic, or a JWT from an email login.
func (e *Env) authorization(ctx context.Context) (string, error) {
	if k := e.vars["XCLADE_API_KEY"]; k != "" {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(k+":")), nil
	}
	var login struct {
		Token string `json:"token"`
	}
	creds := map[string]string{"email": e.vars["XCLADE_EMAIL"], "password": e.vars["XCLADE_PASSWORD"]}
	if err := e.post(ctx, "/auth/user/emailpass", "", creds, &login); err != nil {
		return "", err
	}
	return "Bearer " + login.Token, nil
}

// noRedirects keeps the credentials from following a redirect anywhere.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (e *Env) post(ctx context.Context, path, auth string, body, out any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.BaseURL+path, bytes.NewReader(raw))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		// The body of an error names no secret (the server's message).
		return fmt.Errorf("POST %s: HTTP %d: %s", path, resp.StatusCode, answer)
	}
	return json.Unmarshal(answer, out)
}
