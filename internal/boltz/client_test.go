// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltz_test

import (
	"context"
	"errors"
	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
	"github.com/xclade/terraform-provider-xclade/internal/faultproxy"
	"github.com/xclade/terraform-provider-xclade/internal/secret"
)

type fixture struct {
	emu    *boltzemulator.Server
	url    string
	admin  boltzemulator.Key
	client *boltz.Client
}

func newFixture(t *testing.T, mutate func(*boltz.Config), opts ...boltzemulator.Option) *fixture {
	t.Helper()
	f := &fixture{emu: boltzemulator.New(opts...)}
	srv := httptest.NewServer(f.emu)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	f.admin = f.emu.CreateAdminKey("admin", false)
	f.client = f.newClient(t, srv.URL, mutate)
	return f
}

func (f *fixture) newClient(t *testing.T, url string, mutate func(*boltz.Config)) *boltz.Client {
	t.Helper()
	cfg := boltz.Config{BaseURL: url, APIKey: secret.Secret(f.admin.Secret), Settings: apiclient.Settings{MaxRetries: 3,
		MinRetryDelay: time.Millisecond, MaxRetryDelay: 20 * time.Millisecond, RequestTimeout: 2 * time.Second}}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := boltz.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestCreateListRevoke(t *testing.T) {
	f := newFixture(t, nil)
	created, err := f.client.Create(ctx(t), boltz.CreateRequest{Name: "ci", AllowedIPs: []string{"10.0.0.1", "2001:DB8::1"}, ExpiresInDays: 30, Mode: boltz.ModeTest})
	if err != nil {
		t.Fatal(err)
	}
	d := created.Details
	if !strings.HasPrefix(created.Key.Reveal(), "sk_bc_ws_test_") || d.KeyPrefix != created.Key.Reveal()[:12] || d.KeyType != "workspace" ||
		d.Livemode || !d.IsActive || d.ExpiresAt == nil || d.ExpiresAt.Sub(d.CreatedAt) != 30*24*time.Hour || d.WorkspaceID == nil {
		t.Fatalf("created %+v", d)
	}
	got, err := f.client.Lookup(ctx(t), d.ID)
	if err != nil || got.Name != "ci" || len(got.AllowedIPs) != 2 {
		t.Fatalf("lookup: %+v %v", got, err)
	}
	revoked, err := f.client.Revoke(ctx(t), d.ID)
	if err != nil || revoked == nil || revoked.Key.IsActive || revoked.Already {
		t.Fatalf("revoke: %+v %v", revoked, err)
	}
	// The emulator answers revoking again like the first revoke.
	if _, err := f.client.Revoke(ctx(t), d.ID); err != nil {
		t.Errorf("revoke again: %v", err)
	}
	if _, err := f.client.Revoke(ctx(t), "key_doesnotexist"); !boltz.IsNotFound(err) {
		t.Errorf("revoke unknown: %v", err)
	}
	got, err = f.client.Lookup(ctx(t), d.ID)
	if err != nil || got.IsActive {
		t.Errorf("a revoked key stays in the list, inactive: %+v %v", got, err)
	}
}

// A revoke answered 400 or 409 (the server's answer for a key already
// revoked, or a conflicting concurrent request) counts as revoked only when
// a listing shows the key inactive.
func TestRevokeAgainAnsweredWithConflict(t *testing.T) {
	for _, status := range []int{http.StatusConflict, http.StatusBadRequest} {
		f := newFixture(t, nil, boltzemulator.WithRevokeAgainStatus(status))
		k, err := f.emu.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "x"})
		if err != nil {
			t.Fatal(err)
		}
		_ = f.emu.RevokeKey(k.ID)
		f.emu.ResetRequestCounts()
		if rev, err := f.client.Revoke(ctx(t), k.ID); err != nil || !rev.Already || rev.Key.IsActive {
			t.Errorf("%d on revoking a revoked key: %+v %v, want it confirmed revoked already", status, rev, err)
		}
		if n := f.emu.RequestCount(); n != 2 {
			t.Errorf("%d on revoking a revoked key: %d requests, want 2 (the revoke, then one listing)", status, n)
		}
	}
}

// A revoke whose answer is not the revoked key proves nothing: a listing
// decides, a 409 is retried while the key is active, and an error names a
// key that still works. After each case the server shows whether the key
// is active, and the result must agree with it.
func TestRevokeConfirmsWhatTheAnswerCannotProve(t *testing.T) {
	apiBody := func(code, msg string) string { return `{"code":"` + code + `","message":"` + msg + `"}` }
	for _, tc := range []struct {
		name string
		rule faultproxy.Rule
		// revoked: the key is inactive on the server afterwards; already:
		// the result says it was revoked already; fails: an error matching it.
		revoked, already bool
		fails            string
		revokes          int
	}{
		{"409 twice, then revoked", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 409, Times: 2,
			Body: apiBody("conflict", "conflicting concurrent request")}, true, false, "", 3},
		{"409 until the deadline", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 409, Times: 1000,
			Body: apiBody("conflict", "conflicting concurrent request")}, false, false, `HTTP 409.*the key key_\w+ .* is still active`, 0},
		{"400 saying revoked, key active", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 400,
			Body: apiBody("bad_request", "API key is already revoked")}, false, false, `HTTP 400.*still active, as the list of keys shows`, 1},
		{"gateway JSON 404, key active", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 404,
			Body: `{"detail":"Not Found"}`}, false, false, `HTTP 404.*not the Boltz API's answer.*from base_url.*still active`, 1},
		{"garbled 200 after the server revoked it", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 200, Body: "{"},
			true, true, "", 1},
		{"409 after the server revoked it", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 409,
			Body: apiBody("conflict", "conflicting concurrent request")}, true, true, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			proxy := faultproxy.New(f.url)
			t.Cleanup(proxy.Close)
			client := f.newClient(t, proxy.URL(), nil)
			k, err := f.emu.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "x"})
			if err != nil {
				t.Fatal(err)
			}
			foreign, _ := f.emu.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "x"})
			rule := tc.rule
			rule.Method, rule.Path = http.MethodPost, "/compute/v1/admin/api-keys/{id}/revoke"
			proxy.Add(rule)
			rctx, cancel := context.WithTimeout(ctx(t), time.Second)
			defer cancel()
			rev, err := client.Revoke(rctx, k.ID)
			onServer, _ := f.emu.Key(k.ID)
			if onServer.IsActive == tc.revoked {
				t.Errorf("after the revoke the key is active=%v on the server, want %v", onServer.IsActive, !tc.revoked)
			}
			if other, _ := f.emu.Key(foreign.ID); !other.IsActive {
				t.Errorf("the other key %s was revoked", foreign.ID)
			}
			switch {
			case tc.fails != "":
				if err == nil || !regexp.MustCompile(tc.fails).MatchString(err.Error()) || !strings.Contains(err.Error(), k.ID) || boltz.IsNotFound(err) {
					t.Errorf("got %+v, %v; want an error naming %s matching %s", rev, err, k.ID, tc.fails)
				}
			case err != nil || rev.Already != tc.already || rev.Key.IsActive:
				t.Errorf("got %+v, %v; want revoked (already=%v)", rev, err, tc.already)
			}
			if got := proxy.Count("POST /compute/v1/admin/api-keys/" + k.ID + "/revoke"); tc.revokes > 0 && got != tc.revokes {
				t.Errorf("%d revokes sent, want %d", got, tc.revokes)
			}
		})
	}
}

// Listing pages with after_id across pages, and reads of many keys share
// one listing.
func TestLookupsShareOneListing(t *testing.T) {
	f := newFixture(t, nil)
	var ids []string
	for range 250 {
		k, err := f.emu.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "bulk"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, k.ID)
	}
	all, err := f.client.List(ctx(t), "")
	if err != nil || len(all) != 251 {
		t.Fatalf("listed %d keys (%v), want 251", len(all), err)
	}
	f.emu.ResetRequestCounts()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 10) // Terraform's -parallelism
	for _, id := range ids {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if k, err := f.client.Lookup(ctx(t), id); err != nil || k.ID != id {
				t.Errorf("lookup %s: %v", id, err)
			}
		})
	}
	wg.Wait()
	if n := f.emu.RequestCount(); n != 3 {
		t.Errorf("250 lookups cost %d requests, want 3 (one listing of 251 keys, 100 a page)", n)
	}
	// A write retires the listing: a read after it sees the change.
	if _, err := f.client.Revoke(ctx(t), ids[0]); err != nil {
		t.Fatal(err)
	}
	if k, err := f.client.Lookup(ctx(t), ids[0]); err != nil || k.IsActive {
		t.Errorf("after revoking, lookup says %+v %v", k, err)
	}
	if _, err := f.client.Lookup(ctx(t), "key_missing"); !boltz.IsNotFound(err) {
		t.Errorf("a key not in the list: %v", err)
	}
}

// A listing that fails, or answers 2xx with something that is not a page of
// keys, proves nothing about a key: the error names the base URL and where
// it came from, and IsNotFound is false.
func TestLookupFailedListingIsNotGone(t *testing.T) {
	for _, tc := range []struct {
		name string
		rule faultproxy.Rule
		want string
	}{
		{"gateway JSON 404", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 404, Body: `{"detail":"Not Found"}`},
			`HTTP 404.*not the Boltz API's answer.*check that http://127\.0\.0\.1:\d+ \(from BOLTZ_BASE_URL\)`},
		{"API-shaped 404 on the list route", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 404,
			Body: `{"code":"not_found","message":"Not found"}`}, `HTTP 404 not_found.*not the Boltz API's answer about a key`},
		{"empty 404", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 404, Body: " "}, `HTTP 404.*from BOLTZ_BASE_URL`},
		{"HTML 404", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 404}, `HTTP 404.*from BOLTZ_BASE_URL`},
		{"200 without data", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 200, Body: `{"detail":"ok"}`},
			`no "data" list.*from BOLTZ_BASE_URL`},
		{"200 garbled", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 200, Body: `{"data": [`}, `decoding the answer`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			proxy := faultproxy.New(f.url)
			t.Cleanup(proxy.Close)
			client := f.newClient(t, proxy.URL(), func(c *boltz.Config) { c.BaseURLSetting = "BOLTZ_BASE_URL" })
			k, err := f.emu.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "x"})
			if err != nil {
				t.Fatal(err)
			}
			rule := tc.rule
			rule.Method, rule.Path, rule.Times = http.MethodGet, "/compute/v1/admin/api-keys", 10
			proxy.Add(rule)
			_, err = client.Lookup(ctx(t), k.ID)
			if err == nil || boltz.IsNotFound(err) || !regexp.MustCompile(tc.want).MatchString(err.Error()) {
				t.Errorf("got %v; want an error (not not-found) matching %s", err, tc.want)
			}
		})
	}
}

// A create whose outcome is unknown is never sent again, and touches no key:
// the error names every candidate. Each fault runs twice: with other keys of
// the name on the server (one made while the request is in flight), and
// alone, where the lookup finds nothing and "nothing found, so send it
// again" would make a key with no error.
func TestCreateNeverRetriedWhenItMayHaveBeenApplied(t *testing.T) {
	for _, tc := range []struct {
		name string
		rule faultproxy.Rule
		// applied: the server made the key the answer to which was lost.
		applied bool
	}{
		{"dropped after the server applied it", faultproxy.Rule{Action: faultproxy.DropAfter}, true},
		{"502 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 502}, true},
		{"504 not applied", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 504}, false},
		{"500 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 500, Body: `{"code":"internal_error","message":"Internal Server Error"}`}, true},
		{"500 not applied", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 500}, false},
		{"520 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 520}, true},
		{"524 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 524}, true},
		{"garbled 200 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 200, Body: "{"}, true},
		{"HTML 200 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 200, Body: "<html>ok</html>", ContentType: "text/html"}, true},
		{"200 without the key, applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 200, Body: `{"status":"ok"}`}, true},
		{"302 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 302}, true},
		{"client timeout", faultproxy.Rule{Action: faultproxy.AnswerLate, Delay: 600 * time.Millisecond}, true},
	} {
		for _, alone := range []bool{false, true} {
			name := tc.name
			if alone {
				name += ", no other key"
			}
			t.Run(name, func(t *testing.T) {
				f := newFixture(t, nil)
				proxy := faultproxy.New(f.url)
				t.Cleanup(proxy.Close)
				client := f.newClient(t, proxy.URL(), func(c *boltz.Config) { c.RequestTimeout = 400 * time.Millisecond })
				rule := tc.rule
				rule.Method, rule.Path = http.MethodPost, "/compute/v1/admin/api-keys"
				var foreign, inWindow boltzemulator.Key
				if !alone {
					var err error
					if foreign, err = f.emu.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "deploy"}); err != nil {
						t.Fatal(err)
					}
					rule.OnMatch = func(*http.Request) { inWindow, _ = f.emu.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "deploy"}) }
				}
				proxy.Add(rule)
				_, err := client.Create(ctx(t), boltz.CreateRequest{Name: "deploy"})
				proxy.WaitLate()
				var unresolved *boltz.UnresolvedCreateError
				if !errors.As(err, &unresolved) {
					t.Fatalf("got %v, want an UnresolvedCreateError", err)
				}
				if n := proxy.Count("POST /compute/v1/admin/api-keys"); n != 1 {
					t.Errorf("%d creates sent, want 1: a create whose outcome is unknown was sent again", n)
				}
				var made int
				for _, k := range f.emu.Keys() {
					if k.Name != "deploy" {
						continue
					}
					made++
					if !k.IsActive {
						t.Errorf("%s was revoked: no key may be touched on a guess", k.ID)
					}
					if k.ID != foreign.ID && !strings.Contains(err.Error(), k.ID) {
						t.Errorf("%s, made since the request was sent, is not named in the error: %v", k.ID, err)
					}
				}
				want := 0
				if !alone {
					want = 2 // the foreign key made before, the one made in the window
				}
				if tc.applied {
					want++
				}
				if made != want {
					t.Errorf("%d keys named deploy, want %d: the create was sent again", made, want)
				}
				// The key made just before may be named too (the window allows
				// for clock resolution): naming a key touches nothing.
				if !alone && !strings.Contains(err.Error(), inWindow.ID) {
					t.Errorf("the key made while the request was in flight is not named: %v", err)
				}
				if !tc.applied && alone && !strings.Contains(err.Error(), `No key named "deploy" made since then is on the server yet`) {
					t.Errorf("with no candidate, the error should say so and what to do if one appears: %v", err)
				}
			})
		}
	}
}

// A create whose outcome is unknown, then a lookup refused for a definite
// reason (a 401, as if the admin key were revoked meanwhile): the error is still the unknown
// create's, naming the name and what to run, and nothing is sent again.
func TestCreateUnknownThenLookupRefused(t *testing.T) {
	f := newFixture(t, nil)
	proxy := faultproxy.New(f.url)
	t.Cleanup(proxy.Close)
	client := f.newClient(t, proxy.URL(), nil)
	proxy.Add(faultproxy.Rule{Method: http.MethodPost, Path: "/compute/v1/admin/api-keys", Action: faultproxy.StatusAfter, Status: 524},
		faultproxy.Rule{Method: http.MethodGet, Path: "/compute/v1/admin/api-keys", Action: faultproxy.StatusBefore, Status: 401,
			Body: `{"code":"unauthorized","message":"API key has been revoked"}`, Times: 10})
	_, err := client.Create(ctx(t), boltz.CreateRequest{Name: "deploy"})
	var unresolved *boltz.UnresolvedCreateError
	if !errors.As(err, &unresolved) || !boltz.IsUnauthorized(unresolved.LookupErr) ||
		!regexp.MustCompile(`HTTP 524.*the key may have been created.*Listing the keys named "deploy" to find it also failed \(.*HTTP 401.*`+
			`list them with the boltz_api_keys data source \(name = "deploy"\)`).MatchString(err.Error()) {
		t.Fatalf("got %v; want the unknown create's error, naming the name and what to run, with the refused lookup", err)
	}
	if n := proxy.Count("POST /compute/v1/admin/api-keys"); n != 1 {
		t.Errorf("%d creates sent, want 1", n)
	}
	if live := len(f.emu.Keys()); live != 2 {
		t.Errorf("%d keys on the server, want 2 (the admin key and the one the lost create made)", live)
	}
}

func TestErrorsSayWhatToDo(t *testing.T) {
	f := newFixture(t, nil)
	ws, err := f.emu.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "ws"})
	if err != nil {
		t.Fatal(err)
	}
	wsClient := f.newClient(t, f.url, func(c *boltz.Config) { c.APIKey = secret.Secret(ws.Secret) })
	_, err = wsClient.List(ctx(t), "")
	if !boltz.IsForbidden(err) || !strings.Contains(err.Error(), "only an admin key") || strings.Contains(err.Error(), ws.Secret) {
		t.Errorf("a workspace key: %v", err)
	}
	bad := f.newClient(t, f.url, func(c *boltz.Config) { c.APIKey = "sk_bc_admin_live_0000000000000000" })
	if _, err := bad.List(ctx(t), ""); !boltz.IsUnauthorized(err) || !strings.Contains(err.Error(), "BOLTZ_API_KEY") {
		t.Errorf("a wrong key: %v", err)
	}
	_, err = f.client.Create(ctx(t), boltz.CreateRequest{Name: "", ExpiresInDays: 400})
	if err == nil || !strings.Contains(err.Error(), "HTTP 422") {
		t.Errorf("an invalid create: %v", err)
	}
}

func TestCheckCredentials(t *testing.T) {
	f := newFixture(t, nil)
	if err := f.client.CheckCredentials(ctx(t)); err != nil {
		t.Fatalf("admin key: %v", err)
	}
	if got := f.emu.RequestCount(); got != 1 {
		t.Errorf("the check cost %d requests, want 1", got)
	}
	ws, err := f.emu.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "ws"})
	if err != nil {
		t.Fatal(err)
	}
	wsClient := f.newClient(t, f.url, func(c *boltz.Config) { c.APIKey = secret.Secret(ws.Secret) })
	if err := wsClient.CheckCredentials(ctx(t)); !boltz.IsForbidden(err) || strings.Contains(err.Error(), ws.Secret) {
		t.Errorf("workspace key: want a 403 without the secret, got %v", err)
	}
	bad := f.newClient(t, f.url, func(c *boltz.Config) { c.APIKey = "sk_bc_admin_live_nosuchkey000000" })
	if err := bad.CheckCredentials(ctx(t)); !boltz.IsUnauthorized(err) {
		t.Errorf("unknown key: want a 401, got %v", err)
	}
}
