// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package apiclient is the HTTP engine both API clients share: transport
// security, per-attempt timeouts, retries with backoff and Retry-After, a cap
// on requests in flight that adapts to the server's health, knowing when a
// request that was sent may have been applied, redirects refused, answers
// bounded, and a request log that holds no secret. It knows nothing of any
// particular API: the caller authorizes requests and turns error answers
// into its own errors.
package apiclient

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults applied by New for zero Config fields.
const (
	DefaultMaxRetries     = 4
	DefaultRequestTimeout = 30 * time.Second
	DefaultMinRetryDelay  = 500 * time.Millisecond
	DefaultMaxRetryDelay  = 30 * time.Second
	// DefaultMaxConcurrentRequests was measured against a real Medusa
	// 2.21.2 (docs/index.md, bench/results.md), whose revoke deadlocks the
	// server's ten-connection database pool from about ten at once.
	DefaultMaxConcurrentRequests = 8
	// MaxConcurrentRequestsLimit is the largest cap accepted.
	MaxConcurrentRequestsLimit = 256
)

// Config is everything New needs.
type Config struct {
	// API names the API in messages, e.g. "xclade Admin API".
	API string

	BaseURL string
	// BaseURLSetting names where BaseURL came from, for errors, e.g.
	// "XCLADE_BASE_URL"; "" means "base_url".
	BaseURLSetting string
	// StripPathSuffix is removed from BaseURL's path: users copy base URLs
	// from API documentation with it (e.g. "/admin").
	StripPathSuffix string

	Settings

	// SecretQueryParams are query parameters whose values the request log
	// hides (a token filter, say).
	SecretQueryParams []string
}

// Settings are the engine's knobs, the same for every API: each API
// client's configuration embeds them.
type Settings struct {
	// UserAgent names the caller, e.g. "terraform-provider-xclade/1.2.3".
	UserAgent string

	// MaxRetries bounds retries of one call; negative means none.
	MaxRetries int
	// RequestTimeout bounds each attempt, not the whole call: the caller's
	// context bounds the whole call.
	RequestTimeout time.Duration
	MinRetryDelay  time.Duration
	MaxRetryDelay  time.Duration
	// MaxConcurrentRequests caps the requests in flight at once, whatever
	// the caller's concurrency; the client goes lower by itself while the
	// server struggles (limiter.go). Zero means the default.
	MaxConcurrentRequests int

	// AllowInsecureHTTP permits http:// for hosts that are not loopback.
	AllowInsecureHTTP bool
	// CACertPEM adds private certificate authorities to the system pool.
	CACertPEM []byte
	// HTTPClient replaces the default transport (tests). Its Timeout should
	// be zero: RequestTimeout is applied per attempt. It never follows
	// redirects, whatever its CheckRedirect says.
	HTTPClient *http.Client

	Logger Logger
}

// Logger receives one line per HTTP attempt. Fields never hold secrets.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Setting is the name of the setting BaseURL came from, for messages.
func (c *Config) Setting() string {
	if c.BaseURLSetting != "" {
		return c.BaseURLSetting
	}
	return "base_url"
}

// WithDefaults fills zero fields and checks the rest.
func (c *Settings) WithDefaults() error {
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	c.RequestTimeout = cmp.Or(c.RequestTimeout, DefaultRequestTimeout)
	c.MinRetryDelay = cmp.Or(c.MinRetryDelay, DefaultMinRetryDelay)
	c.MaxRetryDelay = cmp.Or(c.MaxRetryDelay, DefaultMaxRetryDelay)
	switch {
	case c.MaxConcurrentRequests == 0:
		c.MaxConcurrentRequests = DefaultMaxConcurrentRequests
	case c.MaxConcurrentRequests < 1 || c.MaxConcurrentRequests > MaxConcurrentRequestsLimit:
		return fmt.Errorf("max_concurrent_requests must be between 1 and %d, got %d", MaxConcurrentRequestsLimit, c.MaxConcurrentRequests)
	}
	return nil
}

// ParseBaseURL parses BaseURL and applies the transport security rules:
// https, or plain http only for a loopback host unless AllowInsecureHTTP.
func (c *Config) ParseBaseURL() (*url.URL, error) {
	name := c.Setting()
	if c.BaseURL == "" {
		return nil, fmt.Errorf("%s is empty", name)
	}
	u, err := url.Parse(strings.TrimSpace(c.BaseURL))
	if err == nil && u.User != nil {
		// Never echo a password back: say so without the URL's userinfo.
		return nil, fmt.Errorf("%s %q must not contain credentials: configure them with their own settings", name, u.Redacted())
	}
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%s %q is not an absolute URL such as https://api.example.com", name, c.BaseURL)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !c.AllowInsecureHTTP && !IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("%s %q uses plain http:// for a host that is not loopback; credentials would cross the network unencrypted: use https://, or set allow_insecure_http = true if you really mean it", name, c.BaseURL)
		}
	default:
		return nil, fmt.Errorf("%s %q must start with https:// (or http:// for a loopback emulator)", name, c.BaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%s %q must not contain a query or fragment", name, c.BaseURL)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	if c.StripPathSuffix != "" {
		u.Path = strings.TrimSuffix(u.Path, c.StripPathSuffix)
	}
	u.RawPath = ""
	return u, nil
}

// IsLoopbackHost reports whether host is localhost or a loopback address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// httpClient is the caller's client or one with verified TLS, either way a
// copy that never follows redirects: Go re-sends credentials to another port
// of the same host, and a 307 or 308 re-posts a body (a login's password,
// say) to wherever Location points, http:// included. No API here redirects.
func (c *Config) httpClient() (*http.Client, error) {
	hc := c.HTTPClient
	if hc == nil {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if len(c.CACertPEM) > 0 && !pool.AppendCertsFromPEM(c.CACertPEM) {
			return nil, errors.New("ca_cert_file holds no PEM certificate")
		}
		transport := http.DefaultTransport.(*http.Transport).Clone()
		transport.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: pool}
		transport.MaxIdleConnsPerHost = 32
		// Node's HTTP server (Medusa) closes idle connections after 5 s;
		// letting ours go sooner avoids sending a request down a socket
		// being closed.
		transport.IdleConnTimeout = 4 * time.Second
		hc = &http.Client{Transport: transport}
	}
	noFollow := *hc
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &noFollow, nil
}
