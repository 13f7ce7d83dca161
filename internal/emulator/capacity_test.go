// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"sync"
	"testing"
	"time"
)

// Within capacity every request is served.
func TestCapacityWithinServes(t *testing.T) {
	e := newEnv(t, WithCapacity(Capacity{Concurrent: 4, Latency: 20 * time.Millisecond, AcquireTimeout: time.Second}))
	statuses := concurrently(4, func() int { return e.admin("GET", "/admin/api-keys", "").status })
	for _, s := range statuses {
		if s != 200 {
			t.Fatalf("statuses %v, want all 200", statuses)
		}
	}
	if st := e.srv.CapacityStats(); st.Stalled != 0 || st.PeakInFlight > 4 {
		t.Fatalf("%+v", st)
	}
}

// Past capacity nothing completes until the oldest requests fail with 500
// after the acquire timeout; then the rest go through, as on Medusa.
func TestCapacityExceededStallsThenFails(t *testing.T) {
	e := newEnv(t, WithCapacity(Capacity{Concurrent: 2, Latency: 20 * time.Millisecond, AcquireTimeout: 300 * time.Millisecond}))
	start := time.Now()
	statuses := concurrently(6, func() int {
		r := e.admin("GET", "/admin/api-keys", "")
		if r.status == 500 && r.body != unknownErrorBody {
			t.Errorf("500 body %s", r.body)
		}
		return r.status
	})
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Fatalf("answers after %s: no stall", waited)
	}
	failed := countOf(statuses, 500)
	st := e.srv.CapacityStats()
	if failed == 0 || int64(failed) != st.Stalled || st.PeakInFlight != 6 {
		t.Fatalf("statuses %v, stats %+v", statuses, st)
	}
	// Drained: served again.
	expect(t, e.admin("GET", "/health", ""), 200, "OK")
}

func countOf(statuses []int, status int) int {
	n := 0
	for _, s := range statuses {
		if s == status {
			n++
		}
	}
	return n
}

func concurrently(n int, f func() int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); out[i] = f() }()
	}
	wg.Wait()
	return out
}

// revokeAtOnce revokes n fresh keys at once and returns the statuses.
func revokeAtOnce(t *testing.T, e *env, n int) []int {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		k, err := e.srv.CreateKey("pool", "secret")
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = k.ID
	}
	next := make(chan string, n)
	for _, id := range ids {
		next <- id
	}
	return concurrently(n, func() int { return e.admin("POST", "/admin/api-keys/"+<-next+"/revoke", "{}").status })
}

// Medusa's revoke holds a connection while it waits for a second: fewer
// revokes at once than the pool has connections all complete at once.
func TestPoolRevokesWithinThePool(t *testing.T) {
	e := newEnv(t, WithCapacity(Capacity{Connections: 10, Hold: 30 * time.Millisecond, AcquireTimeout: 2 * time.Second}))
	start := time.Now()
	for _, s := range revokeAtOnce(t, e, 5) {
		if s != 200 {
			t.Fatalf("status %d", s)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("5 revokes on 10 connections took %s", d)
	}
}

// As many revokes as connections, at once, each hold one and wait for
// another: nothing completes until the oldest wait times out (500, not
// applied), and its connection lets the others through.
func TestPoolRevokesDeadlockThePool(t *testing.T) {
	e := newEnv(t, WithCapacity(Capacity{Connections: 10, Hold: 30 * time.Millisecond, AcquireTimeout: 400 * time.Millisecond}))
	start := time.Now()
	statuses := revokeAtOnce(t, e, 10)
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Fatalf("10 revokes on 10 connections took %s: no deadlock", d)
	}
	failed := countOf(statuses, 500)
	if failed == 0 || failed == 10 || int64(failed) != e.srv.CapacityStats().Stalled {
		t.Fatalf("statuses %v, stats %+v", statuses, e.srv.CapacityStats())
	}
	live := 0
	for _, k := range e.srv.Keys() {
		if k.Title == "pool" && k.RevokedAt == nil {
			live++
		}
	}
	if live != failed {
		t.Fatalf("%d keys live after %d revokes failed: a failed revoke must not be applied", live, failed)
	}
	// Reads hold one connection and never deadlock.
	for _, s := range concurrently(20, func() int { return e.admin("GET", "/admin/api-keys", "").status }) {
		if s != 200 {
			t.Fatalf("GET: %d", s)
		}
	}
}
