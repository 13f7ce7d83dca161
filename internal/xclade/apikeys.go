// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Key types.
const (
	TypeSecret      = "secret"
	TypePublishable = "publishable"
)

// APIKey is an API key as the Admin API returns it.
type APIKey struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Token is the full key. Reads return "" for secret keys: only the
	// create answer carries a secret key's token.
	Token         Secret         `json:"token"`
	Redacted      string         `json:"redacted"`
	Type          string         `json:"type"`
	LastUsedAt    *time.Time     `json:"last_used_at"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
	CreatedBy     string         `json:"created_by"`
	RevokedAt     *time.Time     `json:"revoked_at"`
	RevokedBy     *string        `json:"revoked_by"`
	SalesChannels []SalesChannel `json:"sales_channels"`
}

// SalesChannel is the part of a sales channel the API embeds in a key.
type SalesChannel struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description *string `json:"description,omitempty"`
	IsDisabled  bool    `json:"is_disabled,omitempty"`
}

// SalesChannelIDs lists the ids of the key's sales channels.
func (k *APIKey) SalesChannelIDs() []string {
	ids := make([]string, 0, len(k.SalesChannels))
	for _, sc := range k.SalesChannels {
		ids = append(ids, sc.ID)
	}
	return ids
}

// RevokedBefore reports whether the key's revocation is at or before t
// (a key whose revocation is scheduled later still works until then).
func (k *APIKey) RevokedBefore(t time.Time) bool {
	return k.RevokedAt != nil && !k.RevokedAt.After(t)
}

type apiKeyEnvelope struct {
	APIKey *APIKey `json:"api_key"`
}

// CreateAPIKeyRequest is the body of POST /admin/api-keys.
type CreateAPIKeyRequest struct {
	Title string `json:"title"`
	Type  string `json:"type"`
}

func keyPath(id string) string { return "/admin/api-keys/" + url.PathEscape(id) }

// notAnID is an error for which IsNotFound is true, for the ids that no key
// can have and that, escaped or not, name another route ("" is the list, ".."
// its parent): they are never sent.
func notAnID(method, id string) error {
	if id != "" && id != "." && id != ".." {
		return nil
	}
	return &APIError{StatusCode: http.StatusNotFound, Type: ErrorTypeNotFound, Method: method, Path: keyPath(id),
		Message: fmt.Sprintf("API Key with id: %q was not found (not sent: no key has this id)", id)}
}

// GetAPIKey retrieves one key. A key that does not exist gives an error for
// which IsNotFound is true.
func (c *Client) GetAPIKey(ctx context.Context, id string) (*APIKey, error) {
	if err := notAnID(http.MethodGet, id); err != nil {
		return nil, err
	}
	var env apiKeyEnvelope
	cl := call{method: http.MethodGet, path: keyPath(id), idempotent: true}
	if err := c.do(ctx, cl, &env); err != nil {
		return nil, err
	}
	return env.key(cl, id)
}

// UpdateAPIKey renames a key; the title is the only field that can change.
func (c *Client) UpdateAPIKey(ctx context.Context, id, title string) (*APIKey, error) {
	if err := notAnID(http.MethodPost, id); err != nil {
		return nil, err
	}
	var env apiKeyEnvelope
	cl := call{method: http.MethodPost, path: keyPath(id), idempotent: true, body: map[string]string{"title": title}}
	if err := c.do(ctx, cl, &env); err != nil {
		return nil, err
	}
	return env.key(cl, id)
}

// RevokeAPIKey revokes a key now (revokeIn <= 0) or schedules it. Revoking a
// secret key whose revocation is already in the past fails with an error for
// which IsAlreadyRevoked is true.
func (c *Client) RevokeAPIKey(ctx context.Context, id string, revokeIn time.Duration) (*APIKey, error) {
	if err := notAnID(http.MethodPost, id); err != nil {
		return nil, err
	}
	body := map[string]float64{}
	if revokeIn > 0 {
		body["revoke_in"] = revokeIn.Seconds()
	}
	var env apiKeyEnvelope
	cl := call{method: http.MethodPost, path: keyPath(id) + "/revoke", idempotent: true, body: body}
	if err := c.do(ctx, cl, &env); err != nil {
		return nil, err
	}
	return env.key(cl, id)
}

// DeleteAPIKey hard-deletes a key whose revocation is in the past. The API
// answers success for unknown ids too, so a delete proves nothing about
// existence.
func (c *Client) DeleteAPIKey(ctx context.Context, id string) error {
	if err := notAnID(http.MethodDelete, id); err != nil {
		return err
	}
	return c.do(ctx, call{method: http.MethodDelete, path: keyPath(id), idempotent: true}, nil)
}

// UpdateAPIKeySalesChannels links and unlinks sales channels of a
// publishable key in one idempotent call.
func (c *Client) UpdateAPIKeySalesChannels(ctx context.Context, id string, add, remove []string) (*APIKey, error) {
	if err := notAnID(http.MethodPost, id); err != nil {
		return nil, err
	}
	body := map[string][]string{}
	if len(add) > 0 {
		body["add"] = add
	}
	if len(remove) > 0 {
		body["remove"] = remove
	}
	var env apiKeyEnvelope
	cl := call{method: http.MethodPost, path: keyPath(id) + "/sales-channels", idempotent: true, body: body}
	if err := c.do(ctx, cl, &env); err != nil {
		return nil, err
	}
	return env.key(cl, id)
}

// key reads the key out of a 200 answer. Update, revoke and sales-channels
// answer 200 {} for unknown ids (the contract), so there a missing key means
// not found. GET answers 404 for those: a GET answered 200 without a key is
// something else speaking (a proxy, a wrong base_url), and calling that
// "not found" would drop the key from state and create a duplicate.
func (e apiKeyEnvelope) key(cl call, id string) (*APIKey, error) {
	if e.APIKey != nil && e.APIKey.ID != "" {
		return e.APIKey, nil
	}
	if cl.method == http.MethodGet {
		return nil, fmt.Errorf("%s %s: unexpected answer: HTTP 200 without an api_key, so whether the key exists is unknown (check base_url or tenant)", cl.method, cl.path)
	}
	return nil, &APIError{StatusCode: http.StatusNotFound, Type: ErrorTypeNotFound, Method: cl.method, Path: cl.path,
		Message: "API Key with id: " + id + " was not found"}
}
