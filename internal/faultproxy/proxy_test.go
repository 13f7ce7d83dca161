// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package faultproxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Each action does to the server what its name says: the fault tests'
// conclusions rest on it.
func TestActions(t *testing.T) {
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	for _, tc := range []struct {
		action     Action
		wantStatus int // 0: the connection is dropped
		wantServed int32
	}{
		{Forward, 200, 1},
		{DropBefore, 0, 0},
		{DropAfter, 0, 1},
		{StatusBefore, 502, 0},
		{StatusAfter, 504, 1},
		{StatusThenLate, 504, 1},
		{AnswerLate, 200, 1},
	} {
		p := New(srv.URL)
		served.Store(0)
		p.Add(Rule{Method: http.MethodPost, Path: "/keys/{id}/revoke", Action: tc.action, Status: tc.wantStatus, Delay: 20 * time.Millisecond})
		res, err := http.Post(p.URL()+"/keys/k1/revoke", "application/json", strings.NewReader("{}"))
		status := 0
		if err == nil {
			status = res.StatusCode
			res.Body.Close()
		}
		p.WaitLate()
		if status != tc.wantStatus || served.Load() != tc.wantServed || p.Pending() != 0 {
			t.Errorf("action %d: status %d (err %v), server saw %d; want %d, %d", tc.action, status, err, served.Load(), tc.wantStatus, tc.wantServed)
		}
		if n := p.Count("POST /keys/k1/revoke"); n != 1 {
			t.Errorf("action %d: counted %d", tc.action, n)
		}
		p.Close()
	}
}

func TestPathMatches(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"", "/anything", true},
		{"/admin/api-keys", "/admin/api-keys/", true},
		{"/admin/api-keys", "/admin/api-keys/apk_1", false},
		{"/admin/api-keys/{id}", "/admin/api-keys/apk_1", true},
		{"/admin/api-keys/{id}", "/admin/api-keys/apk_1/revoke", false},
	} {
		if got := pathMatches(tc.pattern, tc.path); got != tc.want {
			t.Errorf("pathMatches(%q, %q) = %v", tc.pattern, tc.path, got)
		}
	}
}

func TestQueryMatches(t *testing.T) {
	for _, tc := range []struct {
		want, query string
		match       bool
	}{
		{"", "limit=1", true},
		{"limit=100", "limit=100&after_id=k1", true},
		{"limit=100", "limit=1", false},
		{"limit=100", "", false},
	} {
		q, _ := url.ParseQuery(tc.query)
		if got := queryMatches(tc.want, q); got != tc.match {
			t.Errorf("queryMatches(%q, %q) = %v", tc.want, tc.query, got)
		}
	}
}

// A rule's Body is what the client gets, after the server applied the
// request: the "applied, then answered with something that is not the API's"
// faults rest on it.
func TestStatusAfterWithBody(t *testing.T) {
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	p := New(srv.URL)
	defer p.Close()
	p.Add(Rule{Method: http.MethodPost, Path: "/keys", Action: StatusAfter, Status: 200, Body: `{"api_key":`})
	res, err := http.Post(p.URL()+"/keys", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(got) != `{"api_key":` || res.Header.Get("Content-Type") != "application/json" || served.Load() != 1 {
		t.Errorf("got %d %q (%s), server saw %d; want 200, the rule's body as JSON, 1", res.StatusCode, got, res.Header.Get("Content-Type"), served.Load())
	}
}
