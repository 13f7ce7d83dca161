// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"github.com/xclade/terraform-provider-xclade/internal/emukit"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Server implements http.Handler. Create it with New.
type Server struct {
	clock              func() time.Time
	adminEmail         string
	adminPassword      string
	seedPublishable    bool
	singleActiveSecret bool
	legacyErrors       bool
	jwtSecret          []byte
	hashKey            []byte

	ids emukit.IDs
	st  *store

	adminID          string
	defaultChannelID string

	emukit.Counter

	emukit.Faults

	capacity *capacityGate // nil: unlimited (capacity.go)

	latency, jitter time.Duration // WithLatency (latency.go)
}

// Option configures a Server.
type Option func(*Server)

// WithAdmin sets the seeded admin user's credentials.
func WithAdmin(email, password string) Option {
	return func(s *Server) { s.adminEmail, s.adminPassword = email, password }
}

// WithClock replaces the clock used for every timestamp, JWT expiry and
// every "is it revoked yet" decision.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.clock = now }
}

// WithoutSeed skips the "Default Publishable API Key", as on Medusa 2.10;
// the default sales channel is still created.
func WithoutSeed() Option {
	return func(s *Server) { s.seedPublishable = false }
}

// WithSingleActiveSecretKey emulates Medusa < 2.11: creating a secret key
// while another one is active (or only scheduled for revocation) fails, and
// a secret key with any revoked_at cannot be revoked again.
func WithSingleActiveSecretKey() Option {
	return func(s *Server) { s.singleActiveSecret = true }
}

// WithLegacyErrors emulates the error handling of Medusa 2.10: malformed
// JSON bodies answer 500 instead of 400, and "Bearer sk_…" answers a plain
// 401 without the hint.
func WithLegacyErrors() Option {
	return func(s *Server) { s.legacyErrors = true }
}

// WithJWTSecret fixes the JWT signing secret (random by default), so tokens
// survive a restart of the emulator like they do on a real server.
func WithJWTSecret(secret string) Option {
	return func(s *Server) { s.jwtSecret = []byte(secret) }
}

// New returns a seeded emulator: an admin user, the "Default Sales Channel"
// and (unless WithoutSeed) the "Default Publishable API Key" linked to it.
func New(opts ...Option) *Server {
	s := &Server{
		clock:           time.Now,
		adminEmail:      "admin@xclade.local",
		adminPassword:   "supersecret",
		seedPublishable: true,
		jwtSecret:       newSecret(32),
		hashKey:         newSecret(32),
		st:              newStore(),
	}
	for _, o := range opts {
		o(s)
	}
	now := s.now()
	admin := &user{
		id:             "user_" + s.ids.Next(now),
		email:          s.adminEmail,
		password:       s.adminPassword,
		authIdentityID: "authid_" + s.ids.Next(now),
		createdAt:      now,
		updatedAt:      now,
	}
	s.st.users[admin.id] = admin
	s.adminID = admin.id
	desc := "Created by Medusa"
	ch := s.createChannel("Default Sales Channel", &desc, false, nil)
	s.defaultChannelID = ch.id
	if s.seedPublishable {
		// Seeded by a migration script, which records no creator.
		k, _, _ := s.createKey("Default Publishable API Key", typePublishable, "")
		_ = s.linkChannels(k.id, []string{ch.id}, nil)
	}
	return s
}

// AdminEmail returns the seeded admin's e-mail address.
func (s *Server) AdminEmail() string { return s.adminEmail }

// AdminPassword returns the seeded admin's password.
func (s *Server) AdminPassword() string { return s.adminPassword }

// now is the server time as Postgres would store a JavaScript Date:
// millisecond precision, UTC.
func (s *Server) now() time.Time { return s.clock().UTC().Truncate(time.Millisecond) }

type actor struct {
	id   string
	kind string // "user" or "api-key"
}

type call struct {
	w     http.ResponseWriter
	r     *http.Request
	id    string // the :id path parameter
	body  any    // parsed body (*jsObject for objects, []any for arrays)
	actor actor
}

type handler func(s *Server, c *call)

type route struct {
	pattern string
	segs    []string // static segments, "{id}" for the parameter
	methods map[string]handler
	// auth: "" none, "admin" user JWT or secret key, "bearer" any JWT
	auth string
}

var routes = []*route{
	{pattern: "/health", methods: map[string]handler{"GET": (*Server).health}},
	{pattern: "/auth/user/emailpass", methods: map[string]handler{"POST": (*Server).login}},
	{pattern: "/auth/token/refresh", auth: "bearer", methods: map[string]handler{"POST": (*Server).refreshToken}},
	{pattern: "/admin/users/me", auth: "admin", methods: map[string]handler{"GET": (*Server).usersMe}},
	{pattern: "/admin/api-keys", auth: "admin", methods: map[string]handler{
		"GET": (*Server).listKeys, "POST": (*Server).createKeyHandler}},
	{pattern: "/admin/api-keys/{id}", auth: "admin", methods: map[string]handler{
		"GET": (*Server).retrieveKey, "POST": (*Server).updateKey, "DELETE": (*Server).deleteKeyHandler}},
	{pattern: "/admin/api-keys/{id}/revoke", auth: "admin", methods: map[string]handler{"POST": (*Server).revokeKeyHandler}},
	{pattern: "/admin/api-keys/{id}/sales-channels", auth: "admin", methods: map[string]handler{"POST": (*Server).linkChannelsHandler}},
	{pattern: "/admin/sales-channels", auth: "admin", methods: map[string]handler{
		"GET": (*Server).listChannels, "POST": (*Server).createChannelHandler}},
	{pattern: "/admin/sales-channels/{id}", auth: "admin", methods: map[string]handler{"GET": (*Server).retrieveChannel}},
}

func init() {
	for _, rt := range routes {
		rt.segs = strings.Split(strings.TrimPrefix(rt.pattern, "/"), "/")
	}
}

// match finds the route for a path the way Express does by default: case-
// insensitive, an optional trailing slash, the parameter URL-decoded.
func match(escapedPath string) (*route, string) {
	p := strings.TrimSuffix(strings.TrimPrefix(escapedPath, "/"), "/")
	segs := strings.Split(p, "/")
next:
	for _, rt := range routes {
		if len(rt.segs) != len(segs) {
			continue
		}
		id := ""
		for i, seg := range rt.segs {
			if seg == "{id}" {
				if segs[i] == "" {
					continue next
				}
				id = segs[i]
				if d, err := url.PathUnescape(id); err == nil {
					id = d
				}
				continue
			}
			if !strings.EqualFold(seg, segs[i]) {
				continue next
			}
		}
		return rt, id
	}
	return nil, ""
}

// methodHandler resolves a method; Express answers HEAD with the GET route.
func (rt *route) methodHandler(method string) handler {
	if h, ok := rt.methods[method]; ok {
		return h
	}
	if method == http.MethodHead {
		return rt.methods[http.MethodGet]
	}
	return nil
}

// ServeHTTP counts the request, applies a queued fault if one matches, and
// otherwise serves it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hold(r) {
		return
	}
	rt, id := match(r.URL.EscapedPath())
	pattern := "*"
	if rt != nil {
		pattern = rt.pattern
	}
	s.Count(r.Method + " " + pattern)
	// A real server's Date is its own clock: clients measure their skew
	// from it, so an emulator clock moved by a test must show here too.
	w.Header().Set("Date", s.clock().UTC().Format(http.TimeFormat))

	if f, ok := s.TakeFault(r.Method, r.URL.Path, pattern); ok {
		s.applyFault(w, r, f, func(w http.ResponseWriter) { s.serveWithin(w, r, rt, id) })
		return
	}
	s.serveWithin(w, r, rt, id)
}

// serveWithin serves the request within the server's capacity, if limited.
func (s *Server) serveWithin(w http.ResponseWriter, r *http.Request, rt *route, id string) {
	if s.capacity == nil {
		s.serve(w, r, rt, id)
		return
	}
	s.capacity.serve(w, r, func() { s.serve(w, r, rt, id) })
}

// bodyLimit is body-parser's default limit.
const bodyLimit = 100 * 1024

func (s *Server) serve(w http.ResponseWriter, r *http.Request, rt *route, id string) {
	if rt == nil {
		writeNotFoundHTML(w, r)
		return
	}
	h := rt.methodHandler(r.Method)
	if h == nil {
		writeNotFoundHTML(w, r)
		return
	}
	c := &call{w: w, r: r, id: id}
	// Bodies are parsed before authentication: malformed JSON is a 400 even
	// without credentials.
	body, perr := s.parseBody(r)
	if perr != nil {
		writeError(w, r, perr)
		return
	}
	c.body = body
	switch rt.auth {
	case "admin":
		a, aerr := s.authenticate(r, true)
		if aerr != nil {
			writeError(w, r, aerr)
			return
		}
		c.actor = a
	case "bearer":
		a, aerr := s.authenticate(r, false)
		if aerr != nil {
			writeError(w, r, aerr)
			return
		}
		c.actor = a
	}
	h(s, c)
}

func (s *Server) parseBody(r *http.Request) (any, *apiError) {
	if r.Body == nil {
		return newJSObject(), nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, bodyLimit+1))
	if err != nil {
		return nil, unknownError()
	}
	if len(raw) > bodyLimit {
		return nil, unknownError()
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case len(raw) == 0:
		return newJSObject(), nil
	case mt == "application/json":
		v, jerr := parseJSONBody(string(raw))
		if jerr != nil {
			if s.legacyErrors {
				return nil, unknownError()
			}
			return nil, &apiError{status: http.StatusBadRequest, typ: "invalid_data", msg: jerr.msg, msgFirst: true}
		}
		return v, nil
	case mt == "application/x-www-form-urlencoded":
		return parseQS(string(raw)), nil
	}
	return newJSObject(), nil
}

// query parses and normalizes the query string as Medusa does before
// validating it.
func (c *call) query() (*jsObject, *apiError) {
	return normalizeQuery(parseQS(c.r.URL.RawQuery))
}

func (c *call) writeJSON(status int, v any) {
	writeJSON(c.w, c.r, status, appendJSON(nil, v))
}

func (c *call) fail(e *apiError) { writeError(c.w, c.r, e) }

func (s *Server) health(c *call) { writeText(c.w, c.r, http.StatusOK, "OK") }
