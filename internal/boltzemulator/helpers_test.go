// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

type env struct {
	t     *testing.T
	srv   *Server
	hs    *httptest.Server
	admin Key
}

func newEnv(t *testing.T, opts ...Option) *env {
	t.Helper()
	srv := New(opts...)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &env{t: t, srv: srv, hs: hs, admin: srv.CreateAdminKey("bootstrap", false)}
}

type resp struct {
	status int
	header http.Header
	raw    string
	body   map[string]any
}

// do sends a request with key in x-api-key ("" sends none).
func (e *env) do(method, path, body, key string) resp {
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
	if key != "" {
		req.Header.Set("x-api-key", key)
	}
	res, err := e.hs.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := resp{status: res.StatusCode, header: res.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

func (e *env) adminDo(method, path, body string) resp {
	e.t.Helper()
	return e.do(method, path, body, e.admin.Secret)
}

const keysPath = "/compute/v1/admin/api-keys"

func revokePath(id string) string { return keysPath + "/" + id + "/revoke" }

// create makes a key through the API and returns the answer's key_details.
func (e *env) create(body string) (secret string, details map[string]any) {
	e.t.Helper()
	r := e.adminDo("POST", keysPath, body)
	if r.status != 200 {
		e.t.Fatalf("create %s: %d %s", body, r.status, r.raw)
	}
	return r.body["key"].(string), r.body["key_details"].(map[string]any)
}

func wantError(t *testing.T, r resp, status int, code string) {
	t.Helper()
	if r.status != status || r.body["code"] != code {
		t.Fatalf("want %d %s, got %d %s", status, code, r.status, r.raw)
	}
	if m, _ := r.body["message"].(string); m == "" {
		t.Fatalf("no message: %s", r.raw)
	}
	if _, has := r.body["details"]; has != (code == "VALIDATION_ERROR") {
		t.Fatalf("details present=%v for %s: %s", has, code, r.raw)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("content type %q", ct)
	}
}

// fakeClock is a settable clock for expiry and timestamp tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newReq(method, url string) (*http.Request, error) { return http.NewRequest(method, url, nil) }
