// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultStatus(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(Fault{Method: "GET", Path: "/admin/api-keys/{id}", Status: 503, RetryAfter: "2", Times: 2})
	e.srv.InjectFault(Fault{Path: "/admin/api-keys", Status: 429})
	e.srv.InjectFault(Fault{Path: "/admin/sales-*", Status: 401})
	e.srv.InjectFault(Fault{Path: "/health", Status: 502, Body: "<html>bad gateway</html>"})
	if e.srv.PendingFaults() != 5 {
		t.Fatal(e.srv.PendingFaults())
	}
	// A POST to /admin/api-keys/x does not match the GET fault.
	expect(t, e.admin("POST", "/admin/api-keys/x", `{"title":"x"}`), 200, `{}`)
	for i := 0; i < 2; i++ {
		r := e.admin("GET", "/admin/api-keys/x", "")
		expect(t, r, 503, unknownErrorBody)
		if r.header.Get("Retry-After") != "2" {
			t.Fatal("Retry-After missing")
		}
	}
	expect(t, e.admin("GET", "/admin/api-keys/x", ""), 404, "")
	expect(t, e.admin("GET", "/admin/api-keys/", ""), 429, `{"type":"too_many_requests","message":"Too many requests"}`)
	expect(t, e.admin("GET", "/admin/sales-channels", ""), 401, unauthorizedBody)
	r := e.do("GET", "/health", "", "")
	expect(t, r, 502, "<html>bad gateway</html>")
	if e.srv.PendingFaults() != 0 {
		t.Fatal("faults left")
	}
	e.srv.InjectFault(Fault{Status: 500, Times: 3})
	e.srv.ClearFaults()
	expect(t, e.do("GET", "/health", "", ""), 200, "OK")
}

func TestFaultDropBeforeHandling(t *testing.T) {
	e := newEnv(t, WithoutSeed())
	e.srv.InjectFault(Fault{Method: "POST", Path: "/admin/api-keys", DropBeforeHandling: true})
	req, _ := http.NewRequest("POST", e.hs.URL+"/admin/api-keys", strings.NewReader(`{"title":"x","type":"secret"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.jwt)
	if res, err := e.hs.Client().Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("expected a connection error, got %d", res.StatusCode)
	}
	if n := len(e.srv.Keys()); n != 0 {
		t.Fatalf("no state change expected, %d keys", n)
	}
}

func TestFaultDropAfterHandling(t *testing.T) {
	e := newEnv(t, WithoutSeed())
	k := e.create("victim", "secret")
	id := k["id"].(string)
	e.srv.InjectFault(Fault{Method: "POST", Path: "/admin/api-keys/{id}/revoke", DropAfterHandling: true})
	req, _ := http.NewRequest("POST", e.hs.URL+"/admin/api-keys/"+id+"/revoke", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.jwt)
	if res, err := e.hs.Client().Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("expected a connection error, got %d", res.StatusCode)
	}
	got, _ := e.srv.Key(id)
	if got.RevokedAt == nil {
		t.Fatal("the revoke must have happened")
	}
	// A retry now sees the quirk a real retry would.
	expect(t, e.admin("POST", "/admin/api-keys/"+id+"/revoke", `{}`), 400, invalid("There are 1 secret keys that are already revoked."))
	if c := e.srv.RequestCounts()["POST /admin/api-keys/{id}/revoke"]; c != 2 {
		t.Fatalf("count %d", c)
	}
}

func TestFaultDelay(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(Fault{Path: "/health", Delay: 30 * time.Millisecond})
	start := time.Now()
	expect(t, e.do("GET", "/health", "", ""), 200, "OK")
	if time.Since(start) < 30*time.Millisecond {
		t.Fatal("no delay")
	}
	// The delay is abandoned when the client gives up.
	e.srv.InjectFault(Fault{Path: "/health", Delay: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.hs.URL+"/health", nil)
	start = time.Now()
	if _, err := e.hs.Client().Do(req); err == nil {
		t.Fatal("expected timeout")
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("delay not aborted")
	}
}

func TestRequestCounts(t *testing.T) {
	e := newEnv(t)
	e.srv.ResetRequestCounts()
	e.admin("GET", "/admin/api-keys", "")
	e.admin("GET", "/admin/api-keys/", "")
	e.admin("GET", "/admin/api-keys/apk_1", "")
	e.admin("POST", "/admin/api-keys/apk_1/revoke", `{}`)
	e.admin("PUT", "/admin/api-keys/apk_1", "")
	e.admin("GET", "/nope", "")
	e.srv.InjectFault(Fault{Status: 500})
	e.admin("GET", "/admin/api-keys", "")
	want := map[string]int64{
		"GET /admin/api-keys": 3, "GET /admin/api-keys/{id}": 1, "POST /admin/api-keys/{id}/revoke": 1,
		"PUT /admin/api-keys/{id}": 1, "GET *": 1,
	}
	got := e.srv.RequestCounts()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %d want %d (%v)", k, got[k], v, got)
		}
	}
	if e.srv.RequestCount() != 7 {
		t.Fatal(e.srv.RequestCount())
	}
	e.srv.ResetRequestCounts()
	if e.srv.RequestCount() != 0 || len(e.srv.RequestCounts()) != 0 {
		t.Fatal("reset")
	}
}
