// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"net/http"
	"strings"
	"time"
)

// Authentication as Medusa's authenticate("user", ["session", "bearer",
// "api-key"]) middleware does it for /admin routes.

const jwtLifetime = 24 * time.Hour

// authenticate resolves the actor of a request. admin=true accepts a user
// JWT or a secret API key (Basic); admin=false accepts any valid JWT.
func (s *Server) authenticate(r *http.Request, admin bool) (actor, *apiError) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return actor{}, unauthorized()
	}
	// Medusa matches the bearer form with /(\S+)\s+(\S+)/.
	if f := strings.Fields(h); len(f) >= 2 && strings.EqualFold(f[0], "bearer") {
		token := f[1]
		if strings.HasPrefix(token, "sk_") && admin {
			if s.legacyErrors {
				return actor{}, unauthorized()
			}
			return actor{}, &apiError{status: http.StatusUnauthorized, msg: bearerSecretKeyHint}
		}
		claims, err := verifyJWT(s.jwtSecret, token, s.clock())
		if err != nil {
			return actor{}, unauthorized()
		}
		id, _ := claims["actor_id"].(string)
		typ, _ := claims["actor_type"].(string)
		if id == "" || (admin && typ != "user") {
			return actor{}, unauthorized()
		}
		return actor{id: id, kind: typ}, nil
	}
	if !admin {
		return actor{}, unauthorized()
	}
	// The api-key form is parsed with authHeader.split(" ").
	parts := strings.Split(h, " ")
	if len(parts) < 2 || !strings.EqualFold(parts[0], "basic") || parts[1] == "" {
		return actor{}, unauthorized()
	}
	token := parts[1]
	if !strings.HasPrefix(token, "sk_") {
		token = nodeBase64Decode(token)
	}
	token = strings.TrimSuffix(token, ":")
	if !strings.HasPrefix(token, "sk_") {
		return actor{}, unauthorized()
	}
	hash := hashSecret(s.hashKey, token)
	now := s.now()
	s.st.mu.RLock()
	k, ok := s.st.bySecretHash[hash]
	valid := ok && (k.revokedAt == nil || k.revokedAt.After(now))
	var id string
	if valid {
		id = k.id
	}
	s.st.mu.RUnlock()
	if !valid {
		return actor{}, unauthorized()
	}
	return actor{id: id, kind: "api-key"}, nil
}

// nodeBase64Decode is Buffer.from(s, "base64").toString(): both alphabets,
// characters outside them skipped, decoding stops at '='.
func nodeBase64Decode(s string) string {
	var out []byte
	var acc uint32
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v byte
		switch {
		case c >= 'A' && c <= 'Z':
			v = c - 'A'
		case c >= 'a' && c <= 'z':
			v = c - 'a' + 26
		case c >= '0' && c <= '9':
			v = c - '0' + 52
		case c == '+' || c == '-':
			v = 62
		case c == '/' || c == '_':
			v = 63
		case c == '=':
			i = len(s)
			continue
		default:
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	return strings.ToValidUTF8(string(out), "\ufffd")
}

func (s *Server) issueToken(u *user, now time.Time) string {
	iat := now.Unix()
	return signJWT(s.jwtSecret, ordered{
		{"actor_id", u.id},
		{"actor_type", "user"},
		{"auth_identity_id", u.authIdentityID},
		{"auth_provider", "emailpass"},
		{"mfa_enabled", false},
		{"app_metadata", ordered{{"user_id", u.id}}},
		{"user_metadata", ordered{}},
		{"iat", iat},
		{"exp", iat + int64(jwtLifetime/time.Second)},
	})
}

// login is POST /auth/user/emailpass.
func (s *Server) login(c *call) {
	fail := func(msg string) {
		c.fail(&apiError{status: http.StatusUnauthorized, typ: "unauthorized", msg: msg})
	}
	o, _ := c.body.(*jsObject)
	pw, _ := o.get("password")
	password, ok := pw.(string)
	if !ok || password == "" {
		fail("Password should be a string")
		return
	}
	em, _ := o.get("email")
	email, ok := em.(string)
	if !ok || email == "" {
		fail("Email should be a string")
		return
	}
	s.st.mu.RLock()
	var found *user
	for _, u := range s.st.users {
		if u.email == email {
			found = u
		}
	}
	s.st.mu.RUnlock()
	if found == nil || found.password != password {
		fail("Invalid email or password")
		return
	}
	c.writeJSON(http.StatusOK, ordered{{"token", s.issueToken(found, s.clock())}})
}

// refreshToken is POST /auth/token/refresh: a fresh JWT for the same actor.
func (s *Server) refreshToken(c *call) {
	s.st.mu.RLock()
	u, ok := s.st.users[c.actor.id]
	s.st.mu.RUnlock()
	if !ok {
		c.fail(unauthorized())
		return
	}
	c.writeJSON(http.StatusOK, ordered{{"token", s.issueToken(u, s.clock())}})
}

var userEntity = newEntity("id", "first_name", "last_name", "email", "avatar_url", "metadata", "created_at", "updated_at", "deleted_at")

var userDefaults = []string{"id", "first_name", "last_name", "email", "avatar_url", "metadata", "created_at", "updated_at", "deleted_at"}

// usersMe is GET /admin/users/me. A secret-key actor has no user: 404.
func (s *Server) usersMe(c *call) {
	fields, e := c.selectParams()
	if e != nil {
		c.fail(e)
		return
	}
	s.st.mu.RLock()
	u, ok := s.st.users[c.actor.id]
	s.st.mu.RUnlock()
	if !ok {
		c.fail(notFound("User with id: " + c.actor.id + " was not found"))
		return
	}
	p := project(fields, userDefaults, userEntity)
	out := make(ordered, 0, len(p.scalars))
	for _, f := range p.scalars {
		var v any
		switch f {
		case "id":
			v = u.id
		case "email":
			v = u.email
		case "created_at":
			v = u.createdAt
		case "updated_at":
			v = u.updatedAt
		}
		out = append(out, field{f, v})
	}
	c.writeJSON(http.StatusOK, ordered{{"user", out}})
}

// validated answers a write whose body or query the server refuses, in the
// server's order (the body's issues first, then the query's fields), and
// otherwise returns the fields parameter; ok is false once it has answered.
func (c *call) validated(is *issues) (fields *string, ok bool) {
	if e := is.err(); e != nil {
		c.fail(e)
		return nil, false
	}
	fields, e := c.selectParams()
	if e != nil {
		c.fail(e)
		return nil, false
	}
	return fields, true
}

// selectParams validates a retrieve-style query (only `fields`).
func (c *call) selectParams() (*string, *apiError) {
	q, e := c.query()
	if e != nil {
		return nil, e
	}
	is := &issues{}
	fields, _ := optionalString(q, nil, "fields", is)
	is.unrecognized(unknownKeys(q, map[string]bool{"fields": true}))
	if e := is.err(); e != nil {
		return nil, e
	}
	return fields, nil
}
