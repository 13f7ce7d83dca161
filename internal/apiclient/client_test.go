// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package apiclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// keyAuth sends a fixed header, as the Boltz API's x-api-key.
type keyAuth struct{}

func (keyAuth) Authorize(_ context.Context, req *http.Request) (any, error) {
	req.Header.Set("X-Api-Key", "k")
	return nil, nil
}

func (keyAuth) Refresh(context.Context, any) (bool, error) { return false, nil }

func decodeStatus(cl Call, status int, _ http.Header, body []byte) error {
	return fmt.Errorf("%s %s: HTTP %d: %s", cl.Method, cl.Path, status, body)
}

func newTestClient(t *testing.T, url string, mutate func(*Config)) *Client {
	t.Helper()
	cfg := Config{API: "test API", BaseURL: url, Settings: Settings{MaxRetries: 3, MinRetryDelay: time.Millisecond, MaxRetryDelay: 10 * time.Millisecond}}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := New(cfg, keyAuth{}, decodeStatus)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// These tests lower package limits, so they must not run in parallel with
// other tests of the package.

// An answer over the size limit is reported as too large, not as the JSON
// error its truncated body would cause, and is not asked for again.
func TestAnswerLargerThanLimit(t *testing.T) {
	saved := MaxAnswerBytes
	MaxAnswerBytes = 1024
	t.Cleanup(func() { MaxAnswerBytes = saved })

	var requests atomic.Int32
	size := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"a":"`+strings.Repeat("a", size-8)+`"}`)
	}))
	defer srv.Close()
	client := newTestClient(t, srv.URL, nil)
	get := Call{Method: http.MethodGet, Path: "/x", Idempotent: true}

	size = 1024 // exactly at the limit: read
	var out map[string]string
	if err := client.DoJSON(context.Background(), get, &out); err != nil {
		t.Fatalf("an answer of exactly the limit: %v", err)
	}
	size = 1025
	requests.Store(0)
	err := client.DoJSON(context.Background(), get, &out)
	if err == nil || !strings.Contains(err.Error(), "answer is larger than 1024 bytes") || strings.Contains(err.Error(), "decoding") {
		t.Errorf("got %v, want an error saying the answer is larger than 1024 bytes", err)
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1: a larger answer will not shrink on a retry", n)
	}
	// A call that is not idempotent was applied or refused; its answer is lost.
	var amb *AmbiguousError
	if _, err := client.Do(context.Background(), Call{Method: http.MethodPost, Path: "/x"}); !errors.As(err, &amb) {
		t.Errorf("a create with an oversized answer: %v, want an AmbiguousError", err)
	}
	if got := FormatBytes(64 << 20); got != "64 MiB" {
		t.Errorf("the default limit reads %q, want 64 MiB", got)
	}
}

// 502, 503, 504 and 408 are retried for an idempotent call; for one that is
// not, they mean the outcome is unknown. 429 is retried either way.
func TestGatewayAnswers(t *testing.T) {
	for _, status := range []int{408, 429, 502, 503, 504} {
		var requests atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if requests.Add(1) == 1 {
				w.WriteHeader(status)
				return
			}
			w.Write([]byte(`{}`))
		}))
		client := newTestClient(t, srv.URL, nil)
		if _, err := client.Do(context.Background(), Call{Method: http.MethodGet, Path: "/x", Idempotent: true}); err != nil || requests.Load() != 2 {
			t.Errorf("%d on a read: %v after %d requests, want success after 2", status, err, requests.Load())
		}
		requests.Store(0)
		_, err := client.Do(context.Background(), Call{Method: http.MethodPost, Path: "/x"})
		var amb *AmbiguousError
		if ambiguous := errors.As(err, &amb); ambiguous != (status != 429) {
			t.Errorf("%d on a create: %v (ambiguous %v)", status, err, ambiguous)
		}
		srv.Close()
	}
}

func TestBaseURLRules(t *testing.T) {
	for _, tc := range []struct {
		url, setting, want string
	}{
		{"http://api.example.com", "BOLTZ_BASE_URL", `BOLTZ_BASE_URL "http://api.example.com" uses plain http://`},
		{"https://user:pass@api.example.com", "", `must not contain credentials`},
		{"ftp://x", "", `must start with https://`},
		{"https://api.example.com?x=1", "", `must not contain a query`},
	} {
		_, err := New(Config{BaseURL: tc.url, BaseURLSetting: tc.setting}, keyAuth{}, decodeStatus)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "pass@") {
			t.Errorf("%s: %v, want %q", tc.url, err, tc.want)
		}
	}
	if _, err := New(Config{BaseURL: "http://127.0.0.1:1"}, keyAuth{}, decodeStatus); err != nil {
		t.Errorf("loopback over http: %v", err)
	}
}

// After a call that is not idempotent reached the server, only a 4xx is a
// refusal: every 5xx (a CDN's 52x included), and every 2xx or 3xx the client
// cannot read, leaves the outcome unknown. An idempotent call's are plain
// errors.
func TestUnknownOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name        string
		status      int
		contentType string
		body        string
		ambiguous   bool
	}{
		{"500", 500, "application/json", `{"type":"unknown_error","message":"An unknown error occurred."}`, true},
		{"520", 520, "text/html", "<html>origin error</html>", true},
		{"521", 521, "text/html", "", true},
		{"524", 524, "text/html", "<html>a timeout occurred</html>", true},
		{"527", 527, "text/html", "", true},
		{"garbled 200", 200, "application/json", "{", true},
		{"200 web page", 200, "text/html", "<html>hello</html>", true},
		{"302", 302, "text/html", "", true},
		{"400", 400, "application/json", `{"type":"invalid_data","message":"bad"}`, false},
		{"401", 401, "application/json", `{"message":"Unauthorized"}`, false},
		{"404", 404, "application/json", `{"detail":"Not Found"}`, false},
		{"409", 409, "application/json", `{"message":"conflict"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				w.Header().Set("Content-Type", tc.contentType)
				if tc.status == 302 {
					w.Header().Set("Location", "/elsewhere")
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			client := newTestClient(t, srv.URL, nil)
			var out map[string]any
			err := client.DoJSON(context.Background(), Call{Method: http.MethodPost, Path: "/x", Body: map[string]string{"a": "b"}}, &out)
			var amb *AmbiguousError
			if errors.As(err, &amb) != tc.ambiguous {
				t.Errorf("a create answered %s: %v, want ambiguous %v", tc.name, err, tc.ambiguous)
			}
			if n := requests.Load(); n != 1 {
				t.Errorf("a create answered %s was sent %d times, want once", tc.name, n)
			}
			err = client.DoJSON(context.Background(), Call{Method: http.MethodGet, Path: "/x", Idempotent: true}, &out)
			if err == nil || errors.As(err, &amb) {
				t.Errorf("a read answered %s: %v, want a plain error", tc.name, err)
			}
		})
	}
	// A 2xx that lacks the object is classified by the API's client, with
	// the same helper.
	var amb *AmbiguousError
	lacks := errors.New("the answer holds no key")
	if err := UnreadableAnswer(Call{Method: http.MethodPost, Path: "/x"}, lacks); !errors.As(err, &amb) || !errors.Is(err, lacks) {
		t.Errorf("a create's answer without its object: %v, want an AmbiguousError wrapping the reason", err)
	}
	if err := UnreadableAnswer(Call{Method: http.MethodGet, Path: "/x", Idempotent: true}, lacks); err != lacks {
		t.Errorf("a read's answer without its object: %v, want the reason as it is", err)
	}
}
