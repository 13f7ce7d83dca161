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
	failed := 0
	for _, s := range statuses {
		if s == 500 {
			failed++
		}
	}
	st := e.srv.CapacityStats()
	if failed == 0 || int64(failed) != st.Stalled || st.PeakInFlight != 6 {
		t.Fatalf("statuses %v, stats %+v", statuses, st)
	}
	// Drained: served again.
	expect(t, e.admin("GET", "/health", ""), 200, "OK")
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
