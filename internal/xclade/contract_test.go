// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade_test

// The client's contract suite: each test states one rule of
// ../shared/xclade-api.md through the client. It runs against an in-process
// emulator, and against a real server when XCLADE_TEST_BASE_URL and
// credentials are set (make conformance), with the same assertions.

import (
	"errors"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/testenv"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var (
	secretRE      = regexp.MustCompile(`^sk_[0-9a-f]{64}$`)
	publishableRE = regexp.MustCompile(`^pk_[0-9a-f]{64}$`)
)

func create(t *testing.T, e *testenv.Env, title, typ string) *xclade.APIKey {
	t.Helper()
	k, err := e.Client.CreateAPIKey(testenv.Context(t), xclade.CreateAPIKeyRequest{Title: title, Type: typ})
	if err != nil {
		t.Fatalf("create %s %q: %v", typ, title, err)
	}
	return k.APIKey
}

func TestContract_createReturnsTokenOnce(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	ctx := testenv.Context(t)
	for typ, re := range map[string]*regexp.Regexp{xclade.TypeSecret: secretRE, xclade.TypePublishable: publishableRE} {
		k := create(t, e, e.Title(typ), typ)
		tok := k.Token.Reveal()
		if !re.MatchString(tok) {
			t.Fatalf("%s create token %q does not look like a key", typ, xclade.RedactToken(tok))
		}
		if k.Redacted != tok[:6]+"***"+tok[len(tok)-3:] {
			t.Errorf("redacted %q does not match the token", k.Redacted)
		}
		got, err := e.Client.GetAPIKey(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch typ {
		case xclade.TypeSecret:
			if got.Token != "" {
				t.Errorf("a read returned a secret key's token")
			}
		case xclade.TypePublishable:
			if got.Token.Reveal() != tok {
				t.Errorf("a read did not return the publishable token")
			}
		}
		if got.SalesChannels == nil {
			t.Errorf("GET has no sales_channels array")
		}
		if got.Title != k.Title || got.Type != typ || got.RevokedAt != nil || got.CreatedBy == "" || got.CreatedAt.IsZero() {
			t.Errorf("read back %+v", got)
		}
	}
}

// fields=id,token without type returns the stored hash of a secret key; the
// client always adds type so the hash can never be taken for the key.
func TestContract_fieldsNeverLeakSecretHash(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	k := create(t, e, e.Title("hash"), xclade.TypeSecret)
	page, err := e.Client.ListAPIKeys(testenv.Context(t), xclade.ListParams{Filter: xclade.Filter{IDs: []string{k.ID}}, Fields: []string{"id", "token"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.APIKeys) != 1 || page.APIKeys[0].Token != "" {
		t.Fatalf("fields=id,token answered %d keys, token empty=%v", len(page.APIKeys), len(page.APIKeys) == 1 && page.APIKeys[0].Token == "")
	}
}

// Only GET says 404; update and revoke answer 200 {} for unknown ids and
// delete answers deleted:true. The client reports the first two as not found.
func TestContract_unknownIDs(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	ctx := testenv.Context(t)
	const id = "apk_01ZZZZZZZZZZZZZZZZZZZZZZZZ"
	if _, err := e.Client.GetAPIKey(ctx, id); !xclade.IsNotFound(err) {
		t.Errorf("GET unknown: %v", err)
	}
	if _, err := e.Client.UpdateAPIKey(ctx, id, "x"); !xclade.IsNotFound(err) {
		t.Errorf("update unknown: %v", err)
	}
	if _, err := e.Client.RevokeAPIKey(ctx, id, 0); !xclade.IsNotFound(err) {
		t.Errorf("revoke unknown: %v", err)
	}
	if err := e.Client.DeleteAPIKey(ctx, id); err != nil {
		t.Errorf("delete unknown: %v", err)
	}
}

func TestContract_revokeAndDeleteRules(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	ctx := testenv.Context(t)

	secret := create(t, e, e.Title("secret"), xclade.TypeSecret)
	if err := e.Client.DeleteAPIKey(ctx, secret.ID); !xclade.IsNotRevoked(err) {
		t.Fatalf("delete of a live key: want not_allowed, got %v", err)
	}
	revoked, err := e.Client.RevokeAPIKey(ctx, secret.ID, 0)
	if err != nil || revoked.RevokedAt == nil || revoked.RevokedBy == nil {
		t.Fatalf("revoke: %v %+v", err, revoked)
	}
	if _, err := e.Client.RevokeAPIKey(ctx, secret.ID, 0); !xclade.IsAlreadyRevoked(err) {
		t.Fatalf("second revoke of a secret key: want already revoked, got %v", err)
	}
	if err := e.Client.DeleteAPIKey(ctx, secret.ID); err != nil {
		t.Fatalf("delete after revoke: %v", err)
	}
	if _, err := e.Client.GetAPIKey(ctx, secret.ID); !xclade.IsNotFound(err) {
		t.Fatalf("deleted key still readable: %v", err)
	}
	if err := e.Client.DeleteAPIKey(ctx, secret.ID); err != nil {
		t.Fatalf("second delete: %v", err)
	}

	// A publishable key may be revoked again; each revoke moves revoked_at.
	pub := create(t, e, e.Title("pub"), xclade.TypePublishable)
	first, err := e.Client.RevokeAPIKey(ctx, pub.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.Client.RevokeAPIKey(ctx, pub.ID, time.Hour)
	if err != nil {
		t.Fatalf("re-revoke of a publishable key: %v", err)
	}
	if !second.RevokedAt.After(first.RevokedAt.Add(59 * time.Minute)) {
		t.Errorf("re-revoke did not move revoked_at: %v then %v", first.RevokedAt, second.RevokedAt)
	}

	// revoke_in schedules; a scheduled key can be neither deleted nor is it revoked yet.
	sched := create(t, e, e.Title("sched"), xclade.TypeSecret)
	before := time.Now()
	k, err := e.Client.RevokeAPIKey(ctx, sched.ID, 90*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if d := k.RevokedAt.Sub(e.Client.ServerNow()); d < 80*time.Second || d > 100*time.Second {
		t.Errorf("revoke_in 90s scheduled revoked_at %s from now (asked at %s)", d, before.Format(time.RFC3339))
	}
	if k.RevokedBefore(e.Client.ServerNow()) {
		t.Errorf("scheduled key counts as revoked")
	}
	if err := e.Client.DeleteAPIKey(ctx, sched.ID); !xclade.IsNotRevoked(err) {
		t.Errorf("delete of a scheduled key: want not_allowed, got %v", err)
	}
	// ...and can be revoked now, overriding the schedule.
	now, err := e.Client.RevokeAPIKey(ctx, sched.ID, 0)
	if err != nil || !now.RevokedAt.Before(k.RevokedAt.Add(-time.Minute)) {
		t.Errorf("revoke now over a schedule: %v %v", err, now)
	}
}

func TestContract_renameKeepsKey(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	k := create(t, e, e.Title("a"), xclade.TypeSecret)
	got, err := e.Client.UpdateAPIKey(testenv.Context(t), k.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != k.ID || got.Title != "" || got.Token != "" || got.UpdatedAt.Before(k.UpdatedAt) {
		t.Errorf("rename answered %+v", got)
	}
}

func TestContract_listFilters(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	ctx := testenv.Context(t)
	// Apart by a few milliseconds, so created_at (millisecond precision) tells them apart.
	alpha := create(t, e, e.Title("Alpha"), xclade.TypeSecret)
	time.Sleep(5 * time.Millisecond)
	beta := create(t, e, e.Title("beta"), xclade.TypePublishable)
	time.Sleep(5 * time.Millisecond)
	gamma := create(t, e, e.Title("gamma"), xclade.TypeSecret)
	if _, err := e.Client.RevokeAPIKey(ctx, gamma.ID, 0); err != nil {
		t.Fatal(err)
	}
	delta := create(t, e, e.Title("delta"), xclade.TypePublishable)
	if _, err := e.Client.RevokeAPIKey(ctx, delta.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	mine := e.Prefix()
	now := e.Client.ServerNow()
	past := alpha.CreatedAt.Add(-time.Millisecond)
	cases := []struct {
		name string
		p    xclade.ListParams
		want []*xclade.APIKey
	}{
		{"q", xclade.ListParams{Q: mine}, []*xclade.APIKey{alpha, beta, gamma, delta}},
		{"q is case-insensitive", xclade.ListParams{Q: strings.ToUpper(mine) + "-ALPHA"}, []*xclade.APIKey{alpha}},
		{"q matches redacted", xclade.ListParams{Q: alpha.Redacted[:6], Filter: xclade.Filter{IDs: []string{alpha.ID, beta.ID}}}, []*xclade.APIKey{alpha}},
		{"ids", xclade.ListParams{Filter: xclade.Filter{IDs: []string{alpha.ID, gamma.ID}}}, []*xclade.APIKey{alpha, gamma}},
		{"titles exact", xclade.ListParams{Filter: xclade.Filter{Titles: []string{beta.Title, mine}}}, []*xclade.APIKey{beta}},
		{"type", xclade.ListParams{Q: mine, Filter: xclade.Filter{Type: xclade.TypePublishable}}, []*xclade.APIKey{beta, delta}},
		{"publishable token", xclade.ListParams{Filter: xclade.Filter{Token: beta.Token.Reveal()}}, []*xclade.APIKey{beta}},
		{"secret token never matches", xclade.ListParams{Filter: xclade.Filter{Token: alpha.Token.Reveal()}}, nil},
		{"created range", xclade.ListParams{Q: mine, Filter: xclade.Filter{CreatedAt: &xclade.TimeFilter{Gt: &past, Lte: &beta.CreatedAt}}}, []*xclade.APIKey{alpha, beta}},
		{"active", xclade.ListParams{Q: mine, Or: xclade.ActiveAt(now)}, []*xclade.APIKey{alpha, beta, delta}},
		{"revoked", xclade.ListParams{Q: mine, Filter: xclade.Filter{RevokedAt: &xclade.TimeFilter{Lte: &now}}}, []*xclade.APIKey{gamma}},
		{"scheduled", xclade.ListParams{Q: mine, Filter: xclade.Filter{RevokedAt: &xclade.TimeFilter{Gt: &now}}}, []*xclade.APIKey{delta}},
	}
	for _, tc := range cases {
		page, err := e.Client.ListAPIKeys(ctx, tc.p)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got, want := ids(page.APIKeys), keyIDs(tc.want); !slices.Equal(got, want) || page.Count != len(want) {
			t.Errorf("%s: got %v (count %d), want %v", tc.name, got, page.Count, want)
		}
	}
}

func TestContract_pagingAndOrder(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	ctx := testenv.Context(t)
	var made []*xclade.APIKey
	for _, s := range []string{"c", "a", "e", "b", "d"} {
		made = append(made, create(t, e, e.Title(s), xclade.TypeSecret))
	}
	page, err := e.Client.ListAPIKeys(ctx, xclade.ListParams{Q: e.Prefix(), Order: "title", Limit: 2, Offset: 1})
	if err != nil {
		t.Fatal(err)
	}
	if page.Count != 5 || len(page.APIKeys) != 2 || page.APIKeys[0].Title != e.Title("b") || page.APIKeys[1].Title != e.Title("c") {
		t.Errorf("order=title limit=2 offset=1: count %d, %v", page.Count, titles(page.APIKeys))
	}
	var all []xclade.APIKey
	for k, err := range e.Client.AllAPIKeys(ctx, xclade.ListParams{Q: e.Prefix(), Order: "-id"}, 2) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, *k)
	}
	slices.Reverse(made)
	if got, want := ids(all), keyIDs(made); !slices.Equal(got, want) {
		t.Errorf("AllAPIKeys order=-id: %v, want %v", got, want)
	}
}

// Bad order and negative limits make the server answer 500; the client
// refuses them without sending anything.
func TestContract_clientSideValidation(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	for _, p := range []xclade.ListParams{{Order: "bogus"}, {Order: "type,-created_at"}, {Limit: -1}, {Offset: -5}, {Filter: xclade.Filter{Type: "bogus"}}} {
		if _, err := e.Client.ListAPIKeys(testenv.Context(t), p); err == nil || errors.As(err, new(*xclade.APIError)) {
			t.Errorf("%+v: want a client-side error, got %v", p, err)
		}
	}
	if _, err := e.Client.CreateAPIKey(testenv.Context(t), xclade.CreateAPIKeyRequest{Title: "x", Type: "admin"}); err == nil {
		t.Error("create with a bad type was sent")
	}
}

func TestContract_salesChannels(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	ctx := testenv.Context(t)
	sc1, err := e.CreateSalesChannel(ctx, e.Title("sc1"))
	if err != nil {
		t.Fatal(err)
	}
	sc2, err := e.CreateSalesChannel(ctx, e.Title("sc2"))
	if err != nil {
		t.Fatal(err)
	}
	pub := create(t, e, e.Title("pub"), xclade.TypePublishable)
	steps := []struct {
		add, remove, want []string
	}{
		{[]string{sc1.ID, sc2.ID}, nil, []string{sc1.ID, sc2.ID}},
		{[]string{sc1.ID}, nil, []string{sc1.ID, sc2.ID}}, // idempotent
		{nil, []string{sc1.ID}, []string{sc2.ID}},
		{[]string{sc1.ID}, []string{sc2.ID}, []string{sc1.ID}},
		{nil, nil, []string{sc1.ID}},
	}
	for i, s := range steps {
		k, err := e.Client.UpdateAPIKeySalesChannels(ctx, pub.ID, s.add, s.remove)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		got := k.SalesChannelIDs()
		slices.Sort(got)
		want := slices.Clone(s.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("step %d: channels %v, want %v", i, got, want)
		}
	}
	secret := create(t, e, e.Title("secret"), xclade.TypeSecret)
	var apiErr *xclade.APIError
	if _, err := e.Client.UpdateAPIKeySalesChannels(ctx, secret.ID, []string{sc1.ID}, nil); !errors.As(err, &apiErr) || apiErr.StatusCode != 400 ||
		apiErr.Message != "Sales channels can only be associated with publishable API keys" {
		t.Errorf("channels on a secret key: %v", err)
	}
	if _, err := e.Client.UpdateAPIKeySalesChannels(ctx, pub.ID, []string{"sc_doesnotexist"}, nil); !errors.As(err, &apiErr) || apiErr.StatusCode != 400 ||
		apiErr.Message != "Sales channels with IDs sc_doesnotexist do not exist" {
		t.Errorf("unknown channel: %v", err)
	}
}

func TestContract_authentication(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	ctx := testenv.Context(t)
	// A secret key the server does not know: 401, and the error says which
	// credential method was refused without showing the key.
	const bogus = "sk_0000000000000000000000000000000000000000000000000000000000000000"
	c := newClient(t, xclade.Config{BaseURL: e.BaseURL, APIKey: bogus})
	_, err := c.ListAPIKeys(ctx, xclade.ListParams{Limit: 1})
	if !xclade.IsUnauthorized(err) || !strings.Contains(err.Error(), "secret API key sk_000***000") || strings.Contains(err.Error(), bogus) {
		t.Errorf("bogus key: %v", err)
	}
	// A revoked secret key stops working.
	k := create(t, e, e.Title("auth"), xclade.TypeSecret)
	kc := newClient(t, xclade.Config{BaseURL: e.BaseURL, APIKey: k.Token})
	if _, err := kc.ListAPIKeys(ctx, xclade.ListParams{Limit: 1}); err != nil {
		t.Fatalf("a fresh secret key cannot list: %v", err)
	}
	if _, err := e.Client.RevokeAPIKey(ctx, k.ID, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := kc.ListAPIKeys(ctx, xclade.ListParams{Limit: 1}); !xclade.IsUnauthorized(err) {
		t.Errorf("a revoked key still authenticates: %v", err)
	}
	// Email and password log in; a wrong password says so.
	email, password := os.Getenv(testenv.EnvEmail), os.Getenv(testenv.EnvPassword)
	if e.Emulator != nil {
		email, password = e.Emulator.AdminEmail(), e.Emulator.AdminPassword()
	}
	if email == "" {
		t.Skip("no XCLADE_TEST_EMAIL: the email/password half runs in the JWT conformance pass and against the emulator")
	}
	jc := newClient(t, xclade.Config{BaseURL: e.BaseURL, Email: email, Password: xclade.Secret(password)})
	if _, err := jc.ListAPIKeys(ctx, xclade.ListParams{Limit: 1}); err != nil {
		t.Errorf("email/password: %v", err)
	}
	wrong := newClient(t, xclade.Config{BaseURL: e.BaseURL, Email: email, Password: "wrong-password"})
	if _, err := wrong.ListAPIKeys(ctx, xclade.ListParams{Limit: 1}); !xclade.IsUnauthorized(err) || !strings.Contains(err.Error(), "Invalid email or password") {
		t.Errorf("wrong password: %v", err)
	}
}

// A base URL that is not the Admin API answers HTML; the error says so
// instead of failing to parse JSON.
func TestContract_htmlAnswer(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	c := newClient(t, xclade.Config{BaseURL: e.BaseURL + "/not-the-api", APIKey: "sk_0000000000000000000000000000000000000000000000000000000000000000"})
	_, err := c.GetAPIKey(testenv.Context(t), "apk_x")
	var apiErr *xclade.APIError
	if !errors.As(err, &apiErr) || (apiErr.StatusCode != http.StatusNotFound && apiErr.StatusCode != http.StatusUnauthorized) {
		t.Fatalf("got %v", err)
	}
	if apiErr.StatusCode == http.StatusNotFound && (!apiErr.HTML || !strings.Contains(err.Error(), "check base_url")) {
		t.Errorf("HTML 404 not recognised: %v", err)
	}
}

func newClient(t *testing.T, cfg xclade.Config) *xclade.Client {
	t.Helper()
	if cfg.MinRetryDelay == 0 {
		cfg.MinRetryDelay, cfg.MaxRetryDelay = time.Millisecond, 10*time.Millisecond
	}
	c, err := xclade.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(keys []xclade.APIKey) []string {
	out := []string{}
	for _, k := range keys {
		out = append(out, k.ID)
	}
	return out
}

func keyIDs(keys []*xclade.APIKey) []string {
	out := []string{}
	for _, k := range keys {
		out = append(out, k.ID)
	}
	return out
}

func titles(keys []xclade.APIKey) []string {
	out := []string{}
	for _, k := range keys {
		out = append(out, k.Title)
	}
	return out
}
