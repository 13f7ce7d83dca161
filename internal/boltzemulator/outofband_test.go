// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"errors"
	"strings"
	"testing"
)

func TestOutOfBand(t *testing.T) {
	clk := &fakeClock{t: t0}
	srv := New(WithClock(clk.Now))
	if len(srv.Keys()) != 0 || !srv.HasWorkspace(DefaultWorkspaceID) || srv.HasWorkspace("ws_two") {
		t.Fatal("seed")
	}
	admin := srv.CreateAdminKey("root", false)
	if !strings.HasPrefix(admin.Secret, "sk_bc_admin_live_") || admin.KeyType != "admin" || admin.WorkspaceID != "" || !admin.IsActive {
		t.Fatalf("%+v", admin)
	}
	if _, err := srv.CreateWorkspaceKey(KeySpec{Name: "x", WorkspaceID: "ws_two"}); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatal(err)
	}
	if srv.CreateWorkspace("") == nil {
		t.Fatal("empty workspace id accepted")
	}
	_ = srv.CreateWorkspace("ws_two")
	ws, err := srv.CreateWorkspaceKey(KeySpec{Name: "x", WorkspaceID: "ws_two", AllowedIPs: []string{"2001:DB8::1"}, ExpiresInDays: 7, Test: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ws.Secret, "sk_bc_ws_test_") || ws.Livemode || ws.AllowedIPs[0] != "2001:db8::1" ||
		!ws.ExpiresAt.Equal(ws.CreatedAt.AddDate(0, 0, 7)) || ws.KeyPrefix != ws.Secret[:12] {
		t.Fatalf("%+v", ws)
	}
	for _, bad := range []KeySpec{{Name: ""}, {Name: strings.Repeat("a", 256)}, {Name: "x", ExpiresInDays: 366},
		{Name: "x", AllowedIPs: []string{"10.0.0.0/8"}}} {
		if _, err := srv.CreateWorkspaceKey(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if err := srv.RevokeKey(ws.ID); err != nil {
		t.Fatal(err)
	}
	if err := srv.RevokeKey("key_nope"); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	keys := srv.Keys()
	if len(keys) != 2 || keys[0].ID != admin.ID || keys[1].IsActive || keys[1].RevokedAt == nil || keys[1].Secret != "" {
		t.Fatalf("%+v", keys)
	}
	if _, ok := srv.Key("key_nope"); ok {
		t.Fatal("unknown key found")
	}
}

func TestIDsSortableWithStillClock(t *testing.T) {
	clk := &fakeClock{t: t0}
	srv := New(WithClock(clk.Now))
	prev := ""
	for i := 0; i < 1000; i++ {
		k := srv.CreateAdminKey("k", false)
		if k.ID <= prev {
			t.Fatalf("%s after %s", k.ID, prev)
		}
		prev = k.ID
		if i == 500 {
			clk.Add(-1e9) // the clock going back must not reorder ids
		}
	}
}
