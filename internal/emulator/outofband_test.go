// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"errors"
	"sync"
	"testing"
	"time"
)

func TestOutOfBand(t *testing.T) {
	e := newEnv(t, WithoutSeed())
	sk, err := e.srv.CreateKey("oob-secret", "secret")
	if err != nil || !reSecret.MatchString(sk.Token) || sk.CreatedBy != e.srv.AdminUserID() {
		t.Fatalf("%+v %v", sk, err)
	}
	// The raw secret authenticates, and reads never carry it.
	expect(t, e.do("GET", "/admin/api-keys?limit=0", "", basic(sk.Token)), 200, "")
	if k, _ := e.srv.Key(sk.ID); k.Token != "" {
		t.Fatal("secret must not be readable")
	}
	pk, _ := e.srv.CreateKey("oob-pub", "publishable")
	if k, _ := e.srv.Key(pk.ID); k.Token != pk.Token || !rePublish.MatchString(k.Token) {
		t.Fatal(k)
	}
	if _, err := e.srv.CreateKey("x", "bogus"); err == nil {
		t.Fatal("bad type")
	}

	e.clock.Advance(time.Second)
	if err := e.srv.RenameKey(sk.ID, "renamed"); err != nil {
		t.Fatal(err)
	}
	if r := e.admin("GET", "/admin/api-keys/"+sk.ID, ""); r.key()["title"] != "renamed" || r.key()["updated_at"] != "2026-11-22T13:38:35.241Z" {
		t.Fatal(r.body)
	}
	if err := e.srv.RenameKey("apk_nope", "x"); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}

	if err := e.srv.RevokeKey(sk.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	k, _ := e.srv.Key(sk.ID)
	if !k.RevokedAt.Equal(e.clock.Now().Add(time.Hour)) || *k.RevokedBy != e.srv.AdminUserID() {
		t.Fatalf("%+v", k)
	}
	if err := e.srv.RevokeKey(sk.ID, 0); err != nil {
		t.Fatal("scheduled key can be revoked now:", err)
	}
	if err := e.srv.RevokeKey(sk.ID, 0); err == nil || err.Error() != "There are 1 secret keys that are already revoked." {
		t.Fatal(err)
	}
	if err := e.srv.RevokeKey("apk_nope", 0); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}

	tf, _ := e.srv.CreateSalesChannel("TF")
	if err := e.srv.SetKeySalesChannels(pk.ID, []string{tf, e.srv.DefaultSalesChannelID()}, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.SetKeySalesChannels(pk.ID, nil, []string{tf}); err != nil {
		t.Fatal(err)
	}
	if k, _ := e.srv.Key(pk.ID); len(k.SalesChannelIDs) != 1 || k.SalesChannelIDs[0] != e.srv.DefaultSalesChannelID() {
		t.Fatal(k.SalesChannelIDs)
	}
	if err := e.srv.SetKeySalesChannels(sk.ID, []string{tf}, nil); err == nil {
		t.Fatal("secret key")
	}
	if err := e.srv.SetKeySalesChannels("apk_nope", nil, nil); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}

	// DeleteKey ignores the revocation rule.
	if err := e.srv.DeleteKey(pk.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.DeleteKey(pk.ID); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	expect(t, e.admin("GET", "/admin/api-keys/"+pk.ID, ""), 404, "")
	if ks := e.srv.Keys(); len(ks) != 1 || ks[0].ID != sk.ID {
		t.Fatal(ks)
	}
}

func TestIDsAreMonotonicWithFrozenOrBackwardClock(t *testing.T) {
	clock := newFakeClock()
	s := New(WithClock(clock.Now), WithoutSeed())
	var prev string
	for i := 0; i < 50; i++ {
		if i == 25 {
			clock.Advance(-time.Hour)
		}
		k, err := s.CreateKey("k", "publishable")
		if err != nil {
			t.Fatal(err)
		}
		if !reKeyID.MatchString(k.ID) || k.ID <= prev {
			t.Fatalf("%s after %s", k.ID, prev)
		}
		prev = k.ID
	}
	ks := s.Keys()
	for i := 1; i < len(ks); i++ {
		if ks[i-1].ID >= ks[i].ID {
			t.Fatal("Keys() not in id order")
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	e := newEnv(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				k, err := e.srv.CreateKey("c", "publishable")
				if err != nil {
					t.Error(err)
					return
				}
				e.admin("GET", "/admin/api-keys?limit=5&order=-created_at", "")
				_ = e.srv.RevokeKey(k.ID, 0)
				_ = e.srv.DeleteKey(k.ID)
			}
		}()
	}
	wg.Wait()
	if n := len(e.srv.Keys()); n != 1 {
		t.Fatalf("%d keys left", n)
	}
}
