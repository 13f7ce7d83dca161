// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade_test

// What the client sends where: never to a redirect's target, ids escaped
// once, and answers that only look like success are not taken as such.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

const (
	testAPIKey   = "sk_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	testPassword = "correct horse battery staple"
	testJWT      = "eyJhbGciOiJIUzI1NiJ9.eyJhY3Rvcl90eXBlIjoidXNlciJ9.c2lnbmF0dXJl"
)

// recorder is a server that answers every request as if it were the Admin
// API, and remembers what reached it.
type recorder struct {
	mu       sync.Mutex
	requests []string // method, path, Authorization and body of each request
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.requests = append(rec.requests, fmt.Sprintf("%s %s auth=%q body=%q", r.Method, r.URL.Path, r.Header.Get("Authorization"), body))
	rec.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if r.URL.Path == "/auth/user/emailpass" {
		fmt.Fprintf(w, `{"token":%q}`, testJWT)
		return
	}
	fmt.Fprint(w, `{"api_keys":[],"count":0,"offset":0,"limit":20}`)
}

func (rec *recorder) seen() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]string(nil), rec.requests...)
}

// A redirect is never followed, whichever credential is configured and
// whether or not the caller brought its own http.Client: the target, here
// another port of the same host over plain http, receives nothing.
func TestRedirectsAreNotFollowed(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, auth := range []string{"api key", "email/password, login redirected", "email/password, admin call redirected"} {
			for _, own := range []bool{false, true} {
				name := fmt.Sprintf("%d/%s/own client %v", status, auth, own)
				t.Run(name, func(t *testing.T) {
					target := &recorder{}
					elsewhere := httptest.NewServer(target)
					defer elsewhere.Close()
					origin := &recorder{}
					front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						if auth == "email/password, admin call redirected" && r.URL.Path == "/auth/user/emailpass" {
							origin.ServeHTTP(w, r)
							return
						}
						http.Redirect(w, r, elsewhere.URL+r.URL.Path+"?X-Signature=topsecret", status)
					}))
					defer front.Close()

					cfg := xclade.Config{BaseURL: front.URL, Settings: xclade.Settings{MaxRetries: 2, MinRetryDelay: time.Millisecond, MaxRetryDelay: time.Millisecond}}
					if auth == "api key" {
						cfg.APIKey = testAPIKey
					} else {
						cfg.Email, cfg.Password = "admin@example.com", testPassword
					}
					if own {
						cfg.HTTPClient = &http.Client{} // follows redirects by default
					}
					client := newClient(t, cfg)
					_, err := client.ListAPIKeys(context.Background(), xclade.ListParams{})
					if got := target.seen(); len(got) > 0 {
						t.Fatalf("the redirect target received %d requests: %v", len(got), got)
					}
					if err == nil {
						t.Fatal("no error for a redirect")
					}
					msg := err.Error()
					for _, want := range []string{"HTTP " + strconv.Itoa(status), "redirect to " + elsewhere.URL + "/", "never redirects", "check base_url or tenant"} {
						if !strings.Contains(msg, want) {
							t.Errorf("error %q does not say %q", msg, want)
						}
					}
					for _, secret := range []string{"topsecret", testAPIKey, testPassword, testJWT} {
						if strings.Contains(msg, secret) {
							t.Errorf("error %q reveals %q", msg, secret)
						}
					}
					if xclade.IsNotFound(err) || xclade.IsUnauthorized(err) {
						t.Errorf("a redirect reported as not found or unauthorized: %v", err)
					}
				})
			}
		}
	}
}

// Only update, revoke and sales-channels answer 200 {} for an unknown id.
// A GET answered 200 without a key is not a "not found", which would drop
// the key from state.
func TestGetAnsweredWithoutKeyIsNotNotFound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	client := newClient(t, xclade.Config{BaseURL: srv.URL, APIKey: testAPIKey})
	ctx := context.Background()

	_, err := client.GetAPIKey(ctx, "apk_01ZZZZZZZZZZZZZZZZZZZZZZZZ")
	if err == nil || xclade.IsNotFound(err) || !strings.Contains(err.Error(), "unexpected answer") {
		t.Errorf("GET answered 200 {}: got %v, want an unexpected-answer error that is not IsNotFound", err)
	}
	_, err = client.GetAPIKeyBatched(ctx, "apk_01ZZZZZZZZZZZZZZZZZZZZZZZZ")
	if err == nil || xclade.IsNotFound(err) {
		t.Errorf("batched read answered 200 {}: got %v, want an error that is not IsNotFound", err)
	}
	if _, err := client.RevokeAPIKey(ctx, "apk_01ZZZZZZZZZZZZZZZZZZZZZZZZ", 0); !xclade.IsNotFound(err) {
		t.Errorf("revoke answered 200 {}: got %v, want IsNotFound (the contract's answer for an unknown id)", err)
	}
	if _, err := client.UpdateAPIKey(ctx, "apk_01ZZZZZZZZZZZZZZZZZZZZZZZZ", "x"); !xclade.IsNotFound(err) {
		t.Errorf("update answered 200 {}: got %v, want IsNotFound", err)
	}
	// A listing without its list is not "no key matches", which the lookup
	// that proves a create's key and the coalesced reads would act on.
	_, err = client.ListAPIKeys(ctx, xclade.ListParams{Filter: xclade.Filter{Titles: []string{"t"}}})
	if err == nil || !strings.Contains(err.Error(), "without an api_keys list") || !strings.Contains(err.Error(), srv.URL) {
		t.Errorf("a listing answered 200 {}: %v, want an error naming the URL", err)
	}
}

// offsetIgnorer serves the first page of n keys whatever the offset.
type offsetIgnorer struct {
	n        int
	mu       sync.Mutex
	requests int
}

func (s *offsetIgnorer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	keys := []map[string]any{}
	for i := range min(limit, s.n) {
		keys = append(keys, map[string]any{"id": fmt.Sprintf("apk_%026d", i), "type": "publishable", "title": "k"})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"api_keys": keys, "count": s.n, "offset": 0, "limit": limit})
}

// A server that ignores offset would have the client list the same page
// again and again: the listing stops with an error at the first page that
// brings nothing new, and never returns a key twice.
func TestPagingStopsWhenServerIgnoresOffset(t *testing.T) {
	srv := &offsetIgnorer{n: 50}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	client := newClient(t, xclade.Config{BaseURL: hs.URL, APIKey: testAPIKey})
	ctx := context.Background()

	seen := map[string]int{}
	var listErr error
	for k, err := range client.AllAPIKeys(ctx, xclade.ListParams{}, 5) {
		if err != nil {
			listErr = err
			break
		}
		seen[k.ID]++
	}
	if listErr == nil || !strings.Contains(listErr.Error(), "does not page by offset") {
		t.Errorf("AllAPIKeys: error %v, want one saying the server does not page by offset", listErr)
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("AllAPIKeys yielded %s %d times", id, n)
		}
	}
	if srv.requests != 2 {
		t.Errorf("AllAPIKeys made %d requests, want 2 (the second one repeats the first)", srv.requests)
	}

	keys, _, err := client.ListAllAPIKeys(ctx, xclade.ListParams{}, 5, 0)
	if err == nil || !strings.Contains(err.Error(), "does not page by offset") || keys != nil {
		t.Errorf("ListAllAPIKeys: %d keys, error %v; want no keys and an error saying the server does not page by offset", len(keys), err)
	}
}

// Ids go into paths escaped once: the server sees the id it was given.
func TestKeyIDsAreEscapedOnce(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.EscapedPath()+" -> "+r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"api_key":{"id":"apk_x","type":"secret"}}`)
	}))
	defer srv.Close()
	client := newClient(t, xclade.Config{BaseURL: srv.URL + "/some%20prefix", APIKey: testAPIKey})
	ctx := context.Background()
	const id = "apk_a/b c%d"
	if _, err := client.GetAPIKey(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := client.RevokeAPIKey(ctx, id, 0); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"/some%20prefix/admin/api-keys/apk_a%2Fb%20c%25d -> /some prefix/admin/api-keys/apk_a/b c%d",
		"/some%20prefix/admin/api-keys/apk_a%2Fb%20c%25d/revoke -> /some prefix/admin/api-keys/apk_a/b c%d/revoke",
	}
	if strings.Join(paths, "\n") != strings.Join(want, "\n") {
		t.Errorf("the server saw\n%s\nwant\n%s", strings.Join(paths, "\n"), strings.Join(want, "\n"))
	}
}
