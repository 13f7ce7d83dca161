// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"bytes"
	"context"
	"github.com/xclade/terraform-provider-xclade/internal/emukit"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultWorkspaceID is the organization's default workspace, which exists
// from the start and receives keys created without a workspace_id.
const DefaultWorkspaceID = "ws_default"

// DefaultPageSize is the list page size when the request has no limit. The
// contract leaves it undocumented; 20 is what cursor-paged APIs of this kind
// (Stripe, Anthropic's admin API) use, and small enough that a client which
// forgets to send limit still has to page.
const DefaultPageSize = 20

// Server implements http.Handler. Create it with New.
type Server struct {
	clock           func() time.Time
	defaultPageSize int
	revokeAgain     int // 0 or 200: answer the key again; else this status
	ipsAsSent       bool
	latency         time.Duration
	jitter          time.Duration

	ids emukit.IDs
	st  store

	emukit.Counter

	emukit.Faults
}

// Option configures a Server.
type Option func(*Server)

// WithClock replaces the clock behind every timestamp and every "has it
// expired yet" decision.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.clock = now }
}

// WithDefaultPageSize sets the page size used when a list request has no
// limit (DefaultPageSize otherwise), so clients can be tested against a
// server whose undocumented default differs. Values outside 1–100 are
// clamped.
func WithDefaultPageSize(n int) Option {
	return func(s *Server) { s.defaultPageSize = min(max(n, 1), maxLimit) }
}

// WithRevokeAgainStatus sets the answer to revoking a key that is already
// revoked, which the contract leaves open: 0 or 200 (the default) answers
// 200 with the key, like the first revoke; 400 answers bad_request and 409
// conflict (any other status answers with the code for that status).
func WithRevokeAgainStatus(status int) Option {
	return func(s *Server) { s.revokeAgain = status }
}

// WithAllowedIPsAsSent echoes allowed_ips exactly as the client sent them
// instead of in canonical form ("2001:DB8::1" stays upper case), so that
// clients can be tested against both plausible servers.
func WithAllowedIPsAsSent() Option {
	return func(s *Server) { s.ipsAsSent = true }
}

// WithLatency delays every request by fixed plus a uniformly random part of
// up to jitter, as a remote server would, for benchmarks. The wait ends
// early when the request's context does.
func WithLatency(fixed, jitter time.Duration) Option {
	return func(s *Server) { s.latency, s.jitter = fixed, jitter }
}

// New returns an emulator with the default workspace and no keys: create an
// admin key with CreateAdminKey to authenticate.
func New(opts ...Option) *Server {
	s := &Server{
		clock:           time.Now,
		defaultPageSize: DefaultPageSize,
	}
	s.st.init()
	for _, o := range opts {
		o(s)
	}
	return s
}

// now is server time at the precision timestamps are rendered with, so that
// what a client reads back equals what the server compares.
func (s *Server) now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

const (
	routeKeys   = "/compute/v1/admin/api-keys"
	routeRevoke = "/compute/v1/admin/api-keys/{id}/revoke"
)

// match resolves a path to its route pattern and the URL-decoded key id.
// Matching is exact (no trailing slash, case-sensitive) like the routers of
// typical Python and Go API servers.
func match(escapedPath string) (pattern, id string) {
	if escapedPath == routeKeys {
		return routeKeys, ""
	}
	rest, ok := strings.CutPrefix(escapedPath, routeKeys+"/")
	if !ok {
		return "", ""
	}
	raw, ok := strings.CutSuffix(rest, "/revoke")
	if !ok || raw == "" || strings.Contains(raw, "/") {
		return "", ""
	}
	if d, err := url.PathUnescape(raw); err == nil {
		raw = d
	}
	return routeRevoke, raw
}

// ServeHTTP counts the request, waits out the configured latency, applies a
// queued fault if one matches, and otherwise serves it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	pattern, id := match(r.URL.EscapedPath())
	countAs := pattern
	if countAs == "" {
		countAs = "*"
	}
	s.Count(r.Method + " " + countAs)

	// Reading the body up front lets net/http notice a client that hangs up
	// during a delay (it watches the connection only once the body is
	// consumed), so a create the client gave up on never happens later.
	if r.Body != nil && r.Body != http.NoBody {
		raw, err := io.ReadAll(io.LimitReader(r.Body, bodyLimit+1))
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(raw))
	}
	if !s.wait(r.Context()) {
		return
	}
	if f, ok := s.TakeFault(r.Method, r.URL.Path, pattern); ok {
		s.applyFault(w, r, f, func(w http.ResponseWriter) { s.serve(w, r, pattern, id) })
		return
	}
	s.serve(w, r, pattern, id)
}

func (s *Server) wait(ctx context.Context) bool {
	d := s.latency
	if s.jitter > 0 {
		d += rand.N(s.jitter)
	}
	return emukit.Hold(ctx, d)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, pattern, id string) {
	var h func(w http.ResponseWriter, r *http.Request, id string)
	switch {
	case pattern == routeKeys && r.Method == http.MethodPost:
		h = s.createHandler
	case pattern == routeKeys && r.Method == http.MethodGet:
		h = s.listHandler
	case pattern == routeRevoke && r.Method == http.MethodPost:
		h = s.revokeHandler
	case pattern == "":
		writeError(w, errStatus(http.StatusNotFound, "Not found"))
		return
	default:
		allow := "GET, POST"
		if pattern == routeRevoke {
			allow = "POST"
		}
		w.Header().Set("Allow", allow)
		writeError(w, &apiError{status: http.StatusMethodNotAllowed, code: "method_not_allowed", msg: "Method " + r.Method + " not allowed"})
		return
	}
	// Authentication comes first, before the body or query is looked at:
	// an unauthenticated caller learns nothing about validation.
	if e := s.authenticate(r); e != nil {
		writeError(w, e)
		return
	}
	h(w, r, id)
}
