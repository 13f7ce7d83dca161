// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestLogin(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name, body string
		status     int
		want       string
	}{
		{"wrong password", `{"email":"admin@xclade.local","password":"wrong"}`, 401, `{"type":"unauthorized","message":"Invalid email or password"}`},
		{"unknown email", `{"email":"nobody@example.com","password":"supersecret"}`, 401, `{"type":"unauthorized","message":"Invalid email or password"}`},
		{"empty body", `{}`, 401, `{"type":"unauthorized","message":"Password should be a string"}`},
		{"no email", `{"password":"x"}`, 401, `{"type":"unauthorized","message":"Email should be a string"}`},
		{"malformed", `{"email":`, 400, `{"message":"Unexpected end of JSON input","type":"invalid_data"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expect(t, e.do("POST", "/auth/user/emailpass", c.body, ""), c.status, c.want)
		})
	}

	r := e.do("POST", "/auth/user/emailpass", `{"email":"admin@xclade.local","password":"supersecret"}`, "")
	expect(t, r, 200, "")
	tok := r.json()["token"].(string)
	parts := strings.Split(tok, ".")
	hdr, _ := base64.RawURLEncoding.DecodeString(parts[0])
	if string(hdr) != `{"alg":"HS256","typ":"JWT"}` {
		t.Fatalf("header %s", hdr)
	}
	claims, err := verifyJWT(e.srv.jwtSecret, tok, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if claims["actor_type"] != "user" || claims["actor_id"] != e.srv.AdminUserID() || claims["auth_provider"] != "emailpass" ||
		!strings.HasPrefix(claims["auth_identity_id"].(string), "authid_") {
		t.Fatalf("claims %v", claims)
	}
	if claims["exp"].(float64)-claims["iat"].(float64) != 86400 || int64(claims["iat"].(float64)) != e.clock.Now().Unix() {
		t.Fatalf("iat/exp %v", claims)
	}
}

func TestLoginFormEncodedAndCustomAdmin(t *testing.T) {
	e := newEnv(t, WithAdmin("ops@example.com", "pw"))
	if e.srv.AdminEmail() != "ops@example.com" || e.srv.AdminPassword() != "pw" {
		t.Fatal("accessors")
	}
	r := e.do("POST", "/auth/user/emailpass", "", "", "Content-Type", "application/x-www-form-urlencoded")
	expect(t, r, 401, `{"type":"unauthorized","message":"Password should be a string"}`)
	r = e.doRaw("POST", "/auth/user/emailpass", "email=ops%40example.com&password=pw", "application/x-www-form-urlencoded", "")
	expect(t, r, 200, "")
}

func TestAdminAuthVariants(t *testing.T) {
	e := newEnv(t)
	sk := e.create("auth-sk", "secret")["token"].(string)
	pk := e.create("auth-pk", "publishable")["token"].(string)
	hint := `{"message":"A secret API key was passed as a Bearer token. Secret API keys must be sent using HTTP Basic authentication instead (Authorization: Basic <secret-api-key>)."}`
	cases := []struct {
		name   string
		auth   string
		extra  []string
		status int
		body   string
	}{
		{"bearer jwt", "Bearer " + e.jwt, nil, 200, ""},
		{"lower-case bearer", "bearer " + e.jwt, nil, 200, ""},
		{"basic sk colon", basic(sk), nil, 200, ""},
		{"basic sk no colon", "Basic " + base64.StdEncoding.EncodeToString([]byte(sk)), nil, 200, ""},
		{"basic raw sk", "Basic " + sk, nil, 200, ""},
		{"basic raw sk colon", "Basic " + sk + ":", nil, 200, ""},
		{"lower-case basic", "basic " + base64.StdEncoding.EncodeToString([]byte(sk+":")), nil, 200, ""},
		{"url-safe unpadded base64", "Basic " + base64.RawURLEncoding.EncodeToString([]byte(sk+":")), nil, 200, ""},
		{"bearer sk", "Bearer " + sk, nil, 401, hint},
		{"basic unknown sk", basic("sk_" + strings.Repeat("0", 64)), nil, 401, unauthorizedBody},
		{"basic pk", basic(pk), nil, 401, unauthorizedBody},
		{"basic jwt", "Basic " + e.jwt, nil, 401, unauthorizedBody},
		{"access token header", "", []string{"x-medusa-access-token", sk}, 401, unauthorizedBody},
		{"no header", "", nil, 401, unauthorizedBody},
		{"garbage jwt", "Bearer abc.def.ghi", nil, 401, unauthorizedBody},
		{"bad signature", "Bearer " + e.jwt[:len(e.jwt)-2] + "xx", nil, 401, unauthorizedBody},
		{"customer jwt", "Bearer " + signJWT(e.srv.jwtSecret, ordered{{"actor_id", "cus_1"}, {"actor_type", "customer"}, {"exp", e.clock.Now().Unix() + 60}}), nil, 401, unauthorizedBody},
		{"other secret", "Bearer " + signJWT([]byte("nope"), ordered{{"actor_id", "user_1"}, {"actor_type", "user"}}), nil, 401, unauthorizedBody},
		{"double space basic", "Basic  " + sk, nil, 401, unauthorizedBody},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expect(t, e.do("GET", "/admin/api-keys?limit=1", "", c.auth, c.extra...), c.status, c.body)
		})
	}
	// No credentials: every api-keys endpoint answers 401.
	for _, mp := range [][2]string{
		{"GET", "/admin/api-keys"}, {"POST", "/admin/api-keys"}, {"GET", "/admin/api-keys/x"},
		{"POST", "/admin/api-keys/x"}, {"DELETE", "/admin/api-keys/x"}, {"POST", "/admin/api-keys/x/revoke"},
		{"POST", "/admin/api-keys/x/sales-channels"}, {"GET", "/admin/sales-channels"}, {"GET", "/admin/users/me"},
	} {
		expect(t, e.do(mp[0], mp[1], "", ""), 401, unauthorizedBody)
	}
}

func TestJWTExpiresAfter24h(t *testing.T) {
	e := newEnv(t)
	e.clock.Advance(24*time.Hour - time.Second)
	expect(t, e.admin("GET", "/admin/api-keys?limit=0", ""), 200, "")
	e.clock.Advance(time.Second)
	expect(t, e.admin("GET", "/admin/api-keys?limit=0", ""), 401, unauthorizedBody)
}

func TestJWTSecretSurvivesRestart(t *testing.T) {
	a := newEnv(t, WithJWTSecret("static"))
	b := newEnv(t, WithJWTSecret("static"))
	expect(t, b.do("GET", "/admin/api-keys?limit=0", "", "Bearer "+a.jwt), 200, "")
	c := newEnv(t)
	expect(t, c.do("GET", "/admin/api-keys?limit=0", "", "Bearer "+a.jwt), 401, unauthorizedBody)
}

func TestSecretKeyRevocationAndActor(t *testing.T) {
	e := newEnv(t)
	k := e.create("self", "secret")
	id, sk := k["id"].(string), k["token"].(string)

	// A secret key acting creates keys in its own name.
	r := e.do("POST", "/admin/api-keys", `{"title":"by-key","type":"publishable"}`, basic(sk))
	expect(t, r, 200, "")
	if r.key()["created_by"] != id {
		t.Fatalf("created_by %v", r.key()["created_by"])
	}
	expect(t, e.do("GET", "/admin/users/me", "", basic(sk)), 404, `{"type":"not_found","message":"User with id: `+id+` was not found"}`)

	// Scheduled revocation: still authenticates until due.
	r = e.do("POST", "/admin/api-keys/"+id+"/revoke", `{"revoke_in":60}`, basic(sk))
	expect(t, r, 200, "")
	if r.key()["revoked_by"] != id {
		t.Fatalf("revoked_by %v", r.key()["revoked_by"])
	}
	expect(t, e.do("GET", "/admin/api-keys?limit=0", "", basic(sk)), 200, "")
	e.clock.Advance(59 * time.Second)
	expect(t, e.do("GET", "/admin/api-keys?limit=0", "", basic(sk)), 200, "")
	e.clock.Advance(time.Second)
	expect(t, e.do("GET", "/admin/api-keys?limit=0", "", basic(sk)), 401, unauthorizedBody)

	// A key revoking itself now: the next call is 401.
	k2 := e.create("self2", "secret")
	sk2 := k2["token"].(string)
	expect(t, e.do("POST", "/admin/api-keys/"+k2["id"].(string)+"/revoke", `{}`, basic(sk2)), 200, "")
	expect(t, e.do("GET", "/admin/api-keys?limit=0", "", basic(sk2)), 401, unauthorizedBody)
}

func TestUsersMe(t *testing.T) {
	e := newEnv(t)
	r := e.admin("GET", "/admin/users/me", "")
	expect(t, r, 200, "")
	u := r.json()["user"].(map[string]any)
	if u["id"] != e.srv.AdminUserID() || u["email"] != "admin@xclade.local" || u["first_name"] != nil {
		t.Fatalf("user %v", u)
	}
	expect(t, e.admin("GET", "/admin/users/me?fields=id,email", ""), 200, `{"user":{"id":"`+e.srv.AdminUserID()+`","email":"admin@xclade.local"}}`)
	expect(t, e.admin("GET", "/admin/users/me?foo=1", ""), 400, invalid("Invalid request: Unrecognized fields: 'foo'"))
}

func TestTokenRefresh(t *testing.T) {
	e := newEnv(t)
	e.clock.Advance(time.Hour)
	r := e.admin("POST", "/auth/token/refresh", "")
	expect(t, r, 200, "")
	claims, err := verifyJWT(e.srv.jwtSecret, r.json()["token"].(string), e.clock.Now())
	if err != nil || int64(claims["iat"].(float64)) != e.clock.Now().Unix() {
		t.Fatalf("%v %v", claims, err)
	}
	expect(t, e.do("POST", "/auth/token/refresh", "", ""), 401, unauthorizedBody)
}

func TestNodeBase64Decode(t *testing.T) {
	cases := map[string]string{
		"c2tfYWJjOg==":    "sk_abc:",
		"c2tfYWJjOg":      "sk_abc:",
		"c2t fYW\nJjOg":   "sk_abc:",
		"c2tfYWJjOg=junk": "sk_abc:",
		"":                "",
	}
	for in, want := range cases {
		if got := nodeBase64Decode(in); got != want {
			t.Errorf("%q: got %q want %q", in, got, want)
		}
	}
}
