// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package boltz is a client for the admin API-key endpoints of the Boltz
// API: create a workspace key, list keys with cursor paging, revoke a key.
// There is no get, update or delete. It knows nothing of Terraform; its
// requests go through the shared HTTP engine, internal/apiclient.
package boltz

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
	"github.com/xclade/terraform-provider-xclade/internal/paging"
	"github.com/xclade/terraform-provider-xclade/internal/secret"
)

// DefaultBaseURL is the production API.
const DefaultBaseURL = "https://api.boltz.bio"

const keysPath = "/compute/v1/admin/api-keys"

// Config is everything New needs.
type Config struct {
	BaseURL string
	// BaseURLSetting names where BaseURL came from, for errors.
	BaseURLSetting string
	// APIKey is an admin key (sk_bc_admin_…), sent as x-api-key.
	APIKey secret.Secret

	// Settings are the shared engine's: retries, timeouts, the cap on
	// requests in flight, transport security, logging.
	apiclient.Settings
}

// Client calls the Boltz admin API. It is safe for concurrent use.
type Client struct {
	apiclient.Common
	cfg Config
	api *apiclient.Client

	mu      sync.Mutex
	listing *listing // reads served by one shared listing (lookup.go)
	writes  uint64   // creates and revokes so far: a listing older than one is stale
}

// New validates cfg and returns a client. It makes no request.
func New(cfg Config) (*Client, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("no credentials: set api_key (or BOLTZ_API_KEY) to an admin API key (sk_bc_admin_…)")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	c := &Client{cfg: cfg}
	api, err := apiclient.New(apiclient.Config{
		API: "Boltz API", BaseURL: cfg.BaseURL, BaseURLSetting: cfg.BaseURLSetting, Settings: cfg.Settings,
	}, keyAuth{cfg.APIKey}, c.decodeError)
	if err != nil {
		return nil, err
	}
	c.api, c.Common = api, apiclient.CommonOf(api)
	return c, nil
}

// keyAuth sends the admin key in x-api-key; a refused key stays refused.
type keyAuth struct{ key secret.Secret }

func (a keyAuth) Authorize(_ context.Context, req *http.Request) (any, error) {
	req.Header.Set("x-api-key", a.key.Reveal())
	return nil, nil
}

func (keyAuth) Refresh(context.Context, any) (bool, error) { return false, nil }

// APIKey is a key as the API shows it (list items, create's key_details,
// revoke's answer). No answer but create's carries the secret.
type APIKey struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	KeyPrefix   string     `json:"key_prefix"`
	KeyType     string     `json:"key_type"`
	WorkspaceID *string    `json:"workspace_id"`
	AllowedIPs  []string   `json:"allowed_ips"`
	Livemode    bool       `json:"livemode"`
	IsActive    bool       `json:"is_active"`
	CreatedAt   time.Time  `json:"created_at"`
	ExpiresAt   *time.Time `json:"expires_at"`
	LastUsedAt  *time.Time `json:"last_used_at"`
}

// Usable reports whether the key works at now: active, and not past its
// expiry (whether the API marks expired keys inactive is not documented).
func (k *APIKey) Usable(now time.Time) bool {
	return k.IsActive && (k.ExpiresAt == nil || now.Before(*k.ExpiresAt))
}

// Modes of a key.
const (
	ModeLive = "live"
	ModeTest = "test"
)

// Mode is "live" or "test".
func (k *APIKey) Mode() string {
	if k.Livemode {
		return ModeLive
	}
	return ModeTest
}

// CreateRequest is the body of a create.
type CreateRequest struct {
	Name          string   `json:"name"`
	AllowedIPs    []string `json:"allowed_ips,omitempty"`
	ExpiresInDays int      `json:"expires_in_days,omitempty"`
	Mode          string   `json:"mode,omitempty"`
	WorkspaceID   string   `json:"workspace_id,omitempty"`
}

// CreatedKey is a new key and its secret, which no other answer carries.
type CreatedKey struct {
	Key     secret.Secret `json:"key"`
	Details APIKey        `json:"key_details"`
}

// listPage is one page of the list.
type listPage struct {
	// Data is a pointer so that an answer without it (a gateway's "{}", a
	// JSON framework's {"detail": …}) is not read as an empty list: an
	// empty list would say that every key is gone.
	Data    *[]APIKey `json:"data"`
	FirstID *string   `json:"first_id"`
	LastID  *string   `json:"last_id"`
	HasMore bool      `json:"has_more"`
}

// check refuses a 2xx answer that is not a page of keys.
func (c *Client) check(cl apiclient.Call, page *listPage) error {
	if page.Data == nil {
		return fmt.Errorf("%s %s: the answer holds no \"data\" list, so it is not a page of the Boltz API's keys: check %s", cl.Method, cl.Path, c.api.Endpoint())
	}
	for _, k := range *page.Data {
		if k.ID == "" {
			return fmt.Errorf("%s %s: the answer lists a key without an id, so it is not the Boltz API's: check %s", cl.Method, cl.Path, c.api.Endpoint())
		}
	}
	return nil
}

// PageSize is the most keys a list request may ask for.
const PageSize = 100

// List pages through every key (of workspaceID, if not ""), PageSize a
// request, following after_id until has_more is false.
func (c *Client) List(ctx context.Context, workspaceID string) ([]APIKey, error) {
	var out []APIKey
	err := c.eachPage(ctx, workspaceID, func(fresh []APIKey) bool { out = append(out, fresh...); return true })
	return out, err
}

func (c *Client) eachPage(ctx context.Context, workspaceID string, fn func([]APIKey) bool) error {
	return paging.Cursor(ctx, "GET "+keysPath, func(k APIKey) string { return k.ID }, func(ctx context.Context, cursor string) ([]APIKey, string, bool, error) {
		q := url.Values{"limit": {fmt.Sprint(PageSize)}}
		if cursor != "" {
			q["after_id"] = []string{cursor}
		}
		if workspaceID != "" {
			q["workspace_id"] = []string{workspaceID}
		}
		var page listPage
		cl := apiclient.Call{Method: http.MethodGet, Path: keysPath, Query: q, Idempotent: true}
		if err := c.api.DoJSON(ctx, cl, &page); err != nil {
			return nil, "", false, err
		}
		if err := c.check(cl, &page); err != nil {
			return nil, "", false, err
		}
		data := *page.Data
		next := ""
		if page.LastID != nil {
			next = *page.LastID
		} else if n := len(data); n > 0 {
			next = data[n-1].ID
		}
		return data, next, page.HasMore, nil
	}, fn)
}

// CheckCredentials asks for one key (limit=1), the cheapest request that
// needs key management rights: a refused key gives an error for which
// IsUnauthorized is true, a workspace key one for which IsForbidden is.
func (c *Client) CheckCredentials(ctx context.Context) error {
	var page listPage
	cl := apiclient.Call{Method: http.MethodGet, Path: keysPath, Query: url.Values{"limit": {"1"}}, Idempotent: true}
	if err := c.api.DoJSON(ctx, cl, &page); err != nil {
		return err
	}
	return c.check(cl, &page)
}

func (c *Client) noteWrite() {
	c.mu.Lock()
	c.writes++
	c.mu.Unlock()
}

// APIError is a non-2xx answer.
type APIError struct {
	StatusCode   int
	Code         string
	Message      string
	Details      json.RawMessage
	Method, Path string
	// HTML is true when the answer was a web page, not the API's JSON.
	HTML bool
	Hint string
}

func (e *APIError) Error() string {
	details := ""
	if len(e.Details) > 0 && string(e.Details) != "null" {
		details = "details: " + string(e.Details)
	}
	return apiclient.FormatAPIError(e.Method, e.Path, e.StatusCode, e.Code, e.Message, details, e.Hint)
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func (c *Client) decodeError(cl apiclient.Call, status int, header http.Header, body []byte) error {
	e := &APIError{StatusCode: status, Method: cl.Method, Path: cl.Path}
	var eb struct {
		Code    string          `json:"code"`
		Message string          `json:"message"`
		Details json.RawMessage `json:"details"`
	}
	if err := json.Unmarshal(body, &eb); err == nil && (eb.Code != "" || eb.Message != "") {
		e.Code, e.Message, e.Details = eb.Code, eb.Message, eb.Details
	} else {
		text := strings.TrimSpace(string(body))
		if strings.Contains(header.Get("Content-Type"), "html") || strings.HasPrefix(text, "<") {
			e.HTML = true
			text = strings.Join(strings.Fields(tagRE.ReplaceAllString(text, " ")), " ")
			e.Hint = "the server answered with a web page, not the Boltz API: check " + c.api.Endpoint()
			if status >= 500 {
				// A gateway's or CDN's error page is what a 5xx usually is.
				e.Hint = "an error page from a gateway in front of the Boltz API, or from the server at " + c.api.Endpoint()
			}
		}
		if len(text) > 200 {
			text = text[:200] + "…"
		}
		e.Message = text
	}
	switch status {
	case http.StatusNotFound:
		// Only a key's own route can be missing; a 404 of any other route, or
		// in another shape, says the base URL does not lead to the API.
		if e.HTML || e.Code != "not_found" || !strings.HasSuffix(cl.Path, "/revoke") {
			e.Hint = "this is not the Boltz API's answer about a key, so it tells nothing about the key: check that " +
				c.api.Endpoint() + " is the Boltz API's base URL"
		}
	case http.StatusUnauthorized:
		e.Hint = "the Boltz API refused the API key " + secret.Redact(c.cfg.APIKey.Reveal()) +
			": it may be revoked, expired or mistyped; set api_key (or BOLTZ_API_KEY) to a live admin key"
	case http.StatusForbidden:
		e.Hint = "the API key " + secret.Redact(c.cfg.APIKey.Reveal()) + " may not manage keys: only an admin key " +
			"(sk_bc_admin_…) can; a workspace key (sk_bc_ws_…) cannot"
	case http.StatusTooManyRequests:
		e.Hint = "the Boltz API's rate limit was hit: the provider waits and retries; lower max_concurrent_requests if it persists"
	}
	return e
}

func statusOf(err error) int {
	var e *APIError
	if errors.As(err, &e) && !e.HTML {
		return e.StatusCode
	}
	return 0
}

// NotFoundError is the only proof that a key does not exist: the list of
// keys, read in full and well formed, does not hold it. A 404 alone is not
// (a wrong base URL answers 404 too).
type NotFoundError struct {
	ID string
	// Cause is the answer that led to the listing, if any (a revoke's 404).
	Cause error
}

func (e *NotFoundError) Error() string {
	msg := "no key " + e.ID + " in the list of keys (GET " + keysPath + ", read in full)"
	if e.Cause != nil {
		return e.Cause.Error() + "; " + msg
	}
	return msg
}

func (e *NotFoundError) Unwrap() error { return e.Cause }

// IsNotFound reports whether err proves that the key does not exist.
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

// IsUnauthorized reports whether the API key was refused.
func IsUnauthorized(err error) bool { return statusOf(err) == http.StatusUnauthorized }

// IsForbidden reports whether the key may not manage keys (a workspace key).
func IsForbidden(err error) bool { return statusOf(err) == http.StatusForbidden }
