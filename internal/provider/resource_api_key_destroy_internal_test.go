// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/faultproxy"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// revokeOnDestroy never postpones a revocation: a key revoked already, or
// scheduled earlier than revoke_delay would put it, keeps its time.
func TestRevokeOnDestroy(t *testing.T) {
	emu := emulator.New()
	srv := httptest.NewServer(emu)
	defer srv.Close()
	admin, _ := emu.CreateKey("admin", "secret")
	client, err := xclade.New(xclade.Config{BaseURL: srv.URL, APIKey: xclade.Secret(admin.Token)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	type setup func(id string)
	revokeIn := func(d time.Duration) setup {
		return func(id string) {
			if err := emu.RevokeKey(id, d); err != nil {
				t.Fatal(err)
			}
		}
	}
	cases := []struct {
		name   string
		typ    string
		before setup
		delay  time.Duration
		// want is the revocation's distance from now afterwards.
		want time.Duration
	}{
		{"live key, now", "secret", nil, 0, 0},
		{"live key, delayed", "secret", nil, time.Hour, time.Hour},
		{"secret already revoked", "secret", revokeIn(0), 0, 0},
		{"publishable already revoked, delayed destroy", "publishable", revokeIn(0), time.Hour, 0},
		{"scheduled earlier than the delay", "secret", revokeIn(10 * time.Minute), time.Hour, 10 * time.Minute},
		{"scheduled later than the delay", "publishable", revokeIn(2 * time.Hour), time.Hour, time.Hour},
		{"scheduled, destroyed now", "secret", revokeIn(2 * time.Hour), 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			k, err := emu.CreateKey(tc.name, tc.typ)
			if err != nil {
				t.Fatal(err)
			}
			if tc.before != nil {
				tc.before(k.ID)
			}
			if err := revokeOnDestroy(ctx, client, k.ID, tc.typ, tc.delay); err != nil {
				t.Fatalf("revokeOnDestroy: %v", err)
			}
			got, _ := emu.Key(k.ID)
			if got.RevokedAt == nil {
				t.Fatal("not revoked")
			}
			if d := time.Until(*got.RevokedAt); d < tc.want-time.Minute || d > tc.want+time.Minute {
				t.Errorf("revocation %s from now, want about %s", d.Round(time.Second), tc.want)
			}
		})
	}
	// The API revokes a publishable key again on every call: destroy must not
	// move the audit fields of a key someone revoked already.
	t.Run("publishable revoked by someone else, destroyed now", func(t *testing.T) {
		k, _ := emu.CreateKey("revoked elsewhere", "publishable")
		if err := emu.RevokeKey(k.ID, 0); err != nil {
			t.Fatal(err)
		}
		before, _ := emu.Key(k.ID)
		time.Sleep(2 * time.Millisecond) // a second revocation would get a later time
		if err := revokeOnDestroy(ctx, client, k.ID, "publishable", 0); err != nil {
			t.Fatalf("revokeOnDestroy: %v", err)
		}
		after, _ := emu.Key(k.ID)
		if !after.RevokedAt.Equal(*before.RevokedAt) || *after.RevokedBy != *before.RevokedBy {
			t.Errorf("revoked_at %v by %v became %v by %v", before.RevokedAt, *before.RevokedBy, after.RevokedAt, *after.RevokedBy)
		}
	})
	t.Run("gone", func(t *testing.T) {
		for _, typ := range []string{"secret", "publishable"} {
			if err := revokeOnDestroy(ctx, client, "apk_01ZZZZZZZZZZZZZZZZZZZZZZZZ", typ, time.Hour); err != nil {
				t.Errorf("a %s key that is gone: %v", typ, err)
			}
			if err := revokeOnDestroy(ctx, client, "apk_01ZZZZZZZZZZZZZZZZZZZZZZZZ", typ, 0); err != nil {
				t.Errorf("a %s key that is gone: %v", typ, err)
			}
		}
	})
	// A secret key revoked by someone else is left as it is by the API
	// itself ("already revoked"), so destroying it now costs one request.
	t.Run("secret revoked by someone else, destroyed now", func(t *testing.T) {
		k, _ := emu.CreateKey("secret revoked elsewhere", "secret")
		if err := emu.RevokeKey(k.ID, 0); err != nil {
			t.Fatal(err)
		}
		before, _ := emu.Key(k.ID)
		emu.ResetRequestCounts()
		if err := revokeOnDestroy(ctx, client, k.ID, "secret", 0); err != nil {
			t.Fatalf("revokeOnDestroy: %v", err)
		}
		after, _ := emu.Key(k.ID)
		if !after.RevokedAt.Equal(*before.RevokedAt) || *after.RevokedBy != *before.RevokedBy {
			t.Errorf("revoked_at %v by %v became %v by %v", before.RevokedAt, *before.RevokedBy, after.RevokedAt, *after.RevokedBy)
		}
		if n := emu.RequestCount(); n != 1 {
			t.Errorf("%d requests, want 1 (the revoke)", n)
		}
	})
}

// A revoke answered as if the key did not exist (the API's 200 {} for an
// unknown id, which a gateway can send too) is confirmed by the API's own
// 404 before the key counts as gone: a key that is still there and live is
// an error, not a destroyed key.
func TestRevokeNowConfirmsGone(t *testing.T) {
	emu := emulator.New()
	srv := httptest.NewServer(emu)
	defer srv.Close()
	proxy := faultproxy.New(srv.URL)
	defer proxy.Close()
	admin, _ := emu.CreateKey("admin", "secret")
	client, err := xclade.New(xclade.Config{BaseURL: proxy.URL(), APIKey: xclade.Secret(admin.Token)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	live, _ := emu.CreateKey("live", "secret")
	proxy.Add(faultproxy.Rule{Method: "POST", Path: "/admin/api-keys/{id}/revoke", Action: faultproxy.StatusBefore, Status: 200, Body: "{}"})
	if err := revokeNow(ctx, client, live.ID, 0); err == nil || !strings.Contains(err.Error(), "exists and is not revoked") {
		t.Errorf("a live key whose revoke was answered 200 {}: %v, want an error", err)
	}
	if k, _ := emu.Key(live.ID); k.RevokedAt != nil {
		t.Fatal("the fault did not hold the revoke back: the test proved nothing")
	}
	gone, _ := emu.CreateKey("gone", "secret")
	if err := emu.RevokeKey(gone.ID, 0); err != nil {
		t.Fatal(err)
	}
	if err := emu.DeleteKey(gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := revokeNow(ctx, client, gone.ID, 0); err != nil {
		t.Errorf("a deleted key: %v, want it counted as revoked", err)
	}
}
