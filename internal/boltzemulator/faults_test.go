// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultStatus(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(Fault{Method: "GET", Path: keysPath, Status: 503, RetryAfter: "2", Times: 2})
	e.srv.InjectFault(Fault{Path: routeRevoke, Status: 409})
	e.srv.InjectFault(Fault{Path: "/compute/v1/admin/*", Status: 429, RetryAfter: "1"})
	e.srv.InjectFault(Fault{Method: "POST", Path: keysPath, Status: 422})
	e.srv.InjectFault(Fault{Path: "/other", Status: 502, Body: "<html>bad gateway</html>"})
	if e.srv.PendingFaults() != 6 {
		t.Fatal(e.srv.PendingFaults())
	}
	for i := 0; i < 2; i++ {
		r := e.adminDo("GET", keysPath, "")
		wantError(t, r, 503, "internal_error")
		if r.header.Get("Retry-After") != "2" {
			t.Fatal("Retry-After missing")
		}
	}
	// The revoke fault matches by route pattern, before the id is looked at.
	wantError(t, e.adminDo("POST", revokePath("key_nope"), ""), 409, "conflict")
	r := e.adminDo("GET", keysPath, "")
	wantError(t, r, 429, "rate_limited")
	if r.header.Get("Retry-After") != "1" {
		t.Fatal("Retry-After missing")
	}
	r = e.adminDo("POST", keysPath, `{"name":"x"}`)
	wantError(t, r, 422, "VALIDATION_ERROR")
	if r.raw != `{"code":"VALIDATION_ERROR","message":"Unprocessable Entity","details":[]}`+"\n" {
		t.Fatal(r.raw)
	}
	r = e.do("GET", "/other", "", "")
	if r.status != 502 || r.raw != "<html>bad gateway</html>" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatal(r.status, r.raw)
	}
	if e.srv.PendingFaults() != 0 || len(e.srv.Keys()) != 1 {
		t.Fatal("faults left, or a faulted create created")
	}
	e.srv.InjectFault(Fault{Status: 500, Times: 3})
	e.srv.ClearFaults()
	if r := e.adminDo("GET", keysPath, ""); r.status != 200 {
		t.Fatal(r.raw)
	}
	if c := e.srv.RequestCounts(); c["GET "+keysPath] != 4 || c["POST "+routeRevoke] != 1 {
		t.Fatal("faulted requests are counted", c)
	}
}

func postCreate(e *env, body string) error {
	req, _ := http.NewRequest("POST", e.hs.URL+keysPath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", e.admin.Secret)
	res, err := e.hs.Client().Do(req)
	if err == nil {
		res.Body.Close()
	}
	return err
}

func TestFaultDropBeforeHandling(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(Fault{Method: "POST", Path: keysPath, DropBeforeHandling: true})
	if err := postCreate(e, `{"name":"x"}`); err == nil {
		t.Fatal("expected a connection error")
	}
	if n := len(e.srv.Keys()); n != 1 {
		t.Fatalf("no state change expected, %d keys", n)
	}
}

func TestFaultDropAfterHandling(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(Fault{Method: "POST", Path: keysPath, DropAfterHandling: true})
	if err := postCreate(e, `{"name":"lost answer"}`); err == nil {
		t.Fatal("expected a connection error")
	}
	keys := e.srv.Keys()
	if len(keys) != 2 || keys[1].Name != "lost answer" {
		t.Fatalf("the create should have happened: %+v", keys)
	}
}

func TestFaultDelay(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(Fault{Path: keysPath, Delay: 50 * time.Millisecond})
	start := time.Now()
	if r := e.adminDo("GET", keysPath, ""); r.status != 200 {
		t.Fatal(r.raw)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Fatal(d)
	}
	// A client that gives up ends the delay and nothing is handled.
	e.srv.InjectFault(Fault{Path: keysPath, Delay: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", e.hs.URL+keysPath, strings.NewReader(`{"name":"x"}`))
	req.Header.Set("x-api-key", e.admin.Secret)
	if res, err := e.hs.Client().Do(req); err == nil {
		res.Body.Close()
		t.Fatal("expected a timeout")
	}
	time.Sleep(20 * time.Millisecond)
	if len(e.srv.Keys()) != 1 {
		t.Fatal("a cancelled request was handled")
	}
}
