// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 22, 13, 38, 34, 241_000_000, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type env struct {
	t     *testing.T
	srv   *Server
	hs    *httptest.Server
	clock *fakeClock
	jwt   string
}

func newEnv(t *testing.T, opts ...Option) *env {
	t.Helper()
	clock := newFakeClock()
	srv := New(append([]Option{WithClock(clock.Now)}, opts...)...)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	e := &env{t: t, srv: srv, hs: hs, clock: clock}
	creds := ordered{{"email", srv.AdminEmail()}, {"password", srv.AdminPassword()}}
	r := e.do("POST", "/auth/user/emailpass", string(appendJSON(nil, creds)), "")
	if r.status != 200 {
		t.Fatalf("login: %d %s", r.status, r.body)
	}
	e.jwt = r.json()["token"].(string)
	return e
}

type resp struct {
	status int
	body   string
	header http.Header
}

func (r resp) json() map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		panic("not JSON: " + r.body)
	}
	return m
}

func (r resp) key() map[string]any {
	k, _ := r.json()["api_key"].(map[string]any)
	return k
}

func (r resp) keys() []map[string]any {
	var out []map[string]any
	for _, k := range r.json()["api_keys"].([]any) {
		out = append(out, k.(map[string]any))
	}
	return out
}

func (r resp) ids() []string {
	var out []string
	for _, k := range r.keys() {
		out = append(out, k["id"].(string))
	}
	return out
}

// do sends a request. auth is a full Authorization header value ("" for
// none); body, if not empty, is sent as JSON.
func (e *env) do(method, path, body, auth string, headers ...string) resp {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.hs.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.hs.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, body: string(b), header: res.Header}
}

// admin sends a request authenticated with the admin's JWT.
func (e *env) admin(method, path, body string) resp {
	e.t.Helper()
	return e.do(method, path, body, "Bearer "+e.jwt)
}

func basic(token string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(token+":"))
}

// create makes a key through the API and returns the create response's key.
func (e *env) create(title, typ string) map[string]any {
	e.t.Helper()
	r := e.admin("POST", "/admin/api-keys", `{"title":"`+title+`","type":"`+typ+`"}`)
	if r.status != 200 {
		e.t.Fatalf("create %s: %d %s", title, r.status, r.body)
	}
	return r.key()
}

func expect(t *testing.T, r resp, status int, body string) {
	t.Helper()
	if r.status != status || (body != "" && r.body != body) {
		t.Fatalf("got %d %s\nwant %d %s", r.status, r.body, status, body)
	}
}

const (
	unknownErrorBody = `{"code":"unknown_error","type":"unknown_error","message":"An unknown error occurred."}`
	unauthorizedBody = `{"message":"Unauthorized"}`
)

func invalid(msg string) string {
	return `{"type":"invalid_data","message":` + string(appendJSONString(nil, msg)) + `}`
}

// doRaw sends a body with an explicit content type.
func (e *env) doRaw(method, path, body, contentType, auth string) resp {
	e.t.Helper()
	req, err := http.NewRequest(method, e.hs.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := e.hs.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, body: string(b), header: res.Header}
}
