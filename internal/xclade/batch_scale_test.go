// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/clock"
)

// Large estates: the request count of a refresh, and of a destroy's reads,
// stays near the physical limit, ceil(keys on the tenant / 1,000) list
// requests, however long the run takes. Time is a fake clock that every
// read moves on, so a run "lasts" far longer than any fixed snapshot
// lifetime (10 s before 0.1.0) without the test waiting for it.

// readStep is the time a read takes in these tests: 10 ms a read at
// parallelism 10 is a refresh against a server that answers in ~100 ms.
const readStep = 10 * time.Millisecond

func newScaleEnv(t *testing.T, n int) (*batchEnv, *clock.Fake) {
	t.Helper()
	e := newBatchEnv(t, n, nil)
	fake := clock.NewFake(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	e.client.reads.now = fake.Now
	return e, fake
}

// budget is the bound: the physical limit plus ten.
func budget(keysOnTenant int) int64 { return int64((keysOnTenant+999)/1000 + 10) }

// run reads every id from `workers` goroutines, as Terraform's -parallelism
// does, moving the clock on by readStep before each read; then, if revoke,
// revokes the key as a destroy does after its read.
func (e *batchEnv) run(t *testing.T, fake *clock.Fake, workers int, revoke bool) {
	t.Helper()
	ctx := context.Background()
	next := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for range workers {
		wg.Go(func() {
			for id := range next {
				fake.Advance(readStep)
				k, err := e.client.GetAPIKeyBatched(ctx, id)
				if err == nil && k.ID != id {
					t.Errorf("read %s, got %s", id, k.ID)
				}
				if err == nil && revoke {
					_, err = e.client.RevokeAPIKey(ctx, id, 0)
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, id := range e.ids {
		next <- id
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d reads failed, first: %v", len(errs), errs[0])
	}
}

func TestBatched_refreshOutlastingAnyFixedLifetime(t *testing.T) {
	if testing.Short() {
		t.Skip("5,000 keys")
	}
	const n = 5000
	e, fake := newScaleEnv(t, n)
	start := fake.Now()
	e.run(t, fake, 10, false)
	tenant := len(e.emu.Keys())
	if lasted := fake.Now().Sub(start); lasted < 30*time.Second {
		t.Fatalf("the refresh lasted %s on the fake clock; the test needs one that outlasts 10 s by far", lasted)
	}
	t.Logf("refresh of %d keys over %s: %v", n, fake.Now().Sub(start), e.emu.RequestCounts())
	if got, limit := e.emu.RequestCount(), budget(tenant); got > limit {
		t.Errorf("a refresh of %d keys (tenant of %d) made %d requests, want <= %d: %v", n, tenant, got, limit, e.emu.RequestCounts())
	}
}

func TestBatched_destroyReadsServedBetweenRevokes(t *testing.T) {
	if testing.Short() {
		t.Skip("3,000 keys")
	}
	const n = 3000
	e, fake := newScaleEnv(t, n)
	e.run(t, fake, 10, true)
	counts := e.emu.RequestCounts()
	revokes := counts["POST /admin/api-keys/{id}/revoke"]
	reads := e.emu.RequestCount() - revokes
	t.Logf("destroy of %d keys: %v", n, counts)
	if revokes != n {
		t.Fatalf("%d revokes for %d keys: %v", revokes, n, counts)
	}
	// Each revoke writes only its own key, already read: the reads of the
	// others are still served by the snapshot.
	if limit := budget(len(e.emu.Keys())); reads > limit {
		t.Errorf("the reads of a destroy of %d keys made %d requests besides the revokes, want <= %d: %v", n, reads, limit, counts)
	}
}

// What bounds an answer's age: a snapshot ends when reads pause for
// SnapshotIdle, and SnapshotMaxAge after it began however busy the reads.
func TestBatched_snapshotAgeIsBounded(t *testing.T) {
	e, fake := newScaleEnv(t, 100)
	ctx := context.Background()
	target := e.ids[5]
	warm := func() {
		t.Helper()
		if _, errs := e.readAll(ctx, e.ids, 10); len(errs) > 0 {
			t.Fatal(firstErr(errs))
		}
	}
	read := func() *APIKey {
		t.Helper()
		k, err := e.client.GetAPIKeyBatched(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	warm()
	if err := e.emu.RenameKey(target, "changed-elsewhere"); err != nil {
		t.Fatal(err)
	}
	fake.Advance(DefaultSnapshotIdle - time.Millisecond)
	if k := read(); k.Title != "key-5" {
		t.Fatalf("within the run of reads: title %q, want the snapshot's", k.Title)
	}
	fake.Advance(DefaultSnapshotIdle + time.Millisecond)
	if k := read(); k.Title != "changed-elsewhere" {
		t.Errorf("after a pause longer than SnapshotIdle: title %q, want a fresh answer", k.Title)
	}

	// Reads that never pause: the snapshot still ends at SnapshotMaxAge.
	warm()
	if err := e.emu.RenameKey(target, "changed-again"); err != nil {
		t.Fatal(err)
	}
	for range int(DefaultSnapshotMaxAge/time.Second) - 1 {
		fake.Advance(time.Second)
		if k := read(); k.Title != "changed-elsewhere" {
			t.Fatalf("within SnapshotMaxAge: title %q, want the snapshot's", k.Title)
		}
	}
	fake.Advance(2 * time.Second)
	if k := read(); k.Title != "changed-again" {
		t.Errorf("after SnapshotMaxAge of busy reads: title %q, want a fresh answer", k.Title)
	}
}
