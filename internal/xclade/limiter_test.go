// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade_test

// The client caps its requests in flight and backs off when the server
// struggles, whatever the caller's concurrency.

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// Like Medusa 2.21.2: past ten requests at once, all of them stall until
// the server's own timeout (longer than the client's) fails them.
var medusaLike = emulator.Capacity{Concurrent: 10, Latency: 2 * time.Millisecond, AcquireTimeout: 600 * time.Millisecond}

// revokeAll revokes n fresh keys from n goroutines at once and returns the
// calls' errors.
func revokeAll(t *testing.T, f *fixture, n int) []error {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		k, err := f.emu.CreateKey("load", "secret")
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = k.ID
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.client.RevokeAPIKey(context.Background(), id, 0)
		}()
	}
	wg.Wait()
	if live := len(f.liveKeysTitled("load")); live != 0 {
		t.Errorf("%d of %d keys still live", live, n)
	}
	return errs
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func TestLimit_defaultCapKeepsTheServerWithinCapacity(t *testing.T) {
	f := newFixture(t, nil, emulator.WithCapacity(medusaLike))
	if err := firstError(revokeAll(t, f, 200)); err != nil {
		t.Fatal(err)
	}
	st := f.emu.CapacityStats()
	if st.PeakInFlight > xclade.DefaultMaxConcurrentRequests || st.Stalled != 0 {
		t.Fatalf("%+v: want at most %d in flight and no stall", st, xclade.DefaultMaxConcurrentRequests)
	}
	if got := f.emu.RequestCount(); got != 200 {
		t.Errorf("%d requests for 200 revokes", got)
	}
}

// A cap above what the server takes: timeouts halve the concurrency until
// the server drains, and every revoke succeeds.
func TestLimit_adaptsToAServerThatStalls(t *testing.T) {
	f := newFixture(t, func(c *xclade.Config) {
		c.MaxConcurrentRequests, c.RequestTimeout, c.MaxRetries = 64, 300*time.Millisecond, 10
	}, emulator.WithCapacity(medusaLike))
	for _, err := range revokeAll(t, f, 200) {
		// A revoke that timed out may have been applied by the server after
		// all; its retry then finds the key revoked, which is what Terraform's
		// destroy accepts too.
		if err != nil && !xclade.IsAlreadyRevoked(err) {
			t.Fatal(err)
		}
	}
	if !strings.Contains(f.logs.String(), "fewer requests at once") {
		t.Errorf("no concurrency decrease logged:\n%s", f.logs)
	}
	t.Logf("%d requests, %+v", f.emu.RequestCount(), f.emu.CapacityStats())
}

// Waiting for a slot is not the server's delay: it does not count against
// request_timeout, so no attempt times out and nothing is sent twice.
func TestLimit_waitDoesNotCountAgainstRequestTimeout(t *testing.T) {
	f := newFixture(t, func(c *xclade.Config) {
		c.MaxConcurrentRequests, c.RequestTimeout = 1, 300*time.Millisecond
	})
	f.emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", Delay: 200 * time.Millisecond, Times: 4})
	f.emu.ResetRequestCounts()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = f.client.GetAPIKey(context.Background(), f.admin.ID) }()
	}
	wg.Wait()
	if err := firstError(errs); err != nil {
		t.Fatal(err)
	}
	if got := f.emu.RequestCount(); got != 4 {
		t.Errorf("%d requests for 4 reads, want 4", got)
	}
}

// A call waiting for a slot ends with its context, without a request.
func TestLimit_waitEndsWithTheContext(t *testing.T) {
	f := newFixture(t, func(c *xclade.Config) { c.MaxConcurrentRequests = 1 })
	f.emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", Delay: time.Second})
	f.emu.ResetRequestCounts()
	done := make(chan error)
	go func() { _, err := f.client.GetAPIKey(context.Background(), f.admin.ID); done <- err }()
	for f.emu.RequestCount() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := f.client.GetAPIKey(ctx, f.admin.ID); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's deadline", err)
	}
	if got := f.emu.RequestCount(); got != 1 {
		t.Errorf("%d requests, want only the first", got)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// A 429's Retry-After holds back every request of the client, not only the
// one retried: the server asked the client to wait.
func TestLimit_retryAfterPausesTheClient(t *testing.T) {
	f := newFixture(t, func(c *xclade.Config) { c.MaxRetryDelay = 5 * time.Second })
	f.emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", Status: 429, RetryAfter: "1"})
	f.emu.ResetRequestCounts()
	done := make(chan error)
	go func() { _, err := f.client.GetAPIKey(context.Background(), f.admin.ID); done <- err }()
	for f.emu.RequestCount() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // the 429 reaches the client
	start := time.Now()
	if _, err := f.client.ListAPIKeys(context.Background(), xclade.ListParams{}); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 700*time.Millisecond {
		t.Errorf("an unrelated list went out %s after the 429 asked for 1 s", waited)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// Email/password logins take a slot of their own: with one slot, many
// concurrent first calls neither deadlock nor log in twice.
func TestLimit_loginWithOneSlot(t *testing.T) {
	f := newFixture(t, nil)
	c := newClient(t, xclade.Config{BaseURL: f.srv.URL, Email: f.emu.AdminEmail(), Password: xclade.Secret(f.emu.AdminPassword()), Settings: xclade.Settings{MaxConcurrentRequests: 1}})
	f.emu.ResetRequestCounts()
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = c.GetAPIKey(context.Background(), f.admin.ID) }()
	}
	wg.Wait()
	if err := firstError(errs); err != nil {
		t.Fatal(err)
	}
	if got := f.emu.RequestCounts()["POST /auth/user/emailpass"]; got != 1 {
		t.Errorf("%d logins", got)
	}
}

func TestLimit_invalidCap(t *testing.T) {
	_, err := xclade.New(xclade.Config{BaseURL: "http://127.0.0.1:1", APIKey: "sk_x", Settings: xclade.Settings{MaxConcurrentRequests: -1}})
	if err == nil || !strings.Contains(err.Error(), "max_concurrent_requests must be between 1 and 256, got -1") {
		t.Fatalf("got %v", err)
	}
}
