// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/emulator"
)

// Medusa 2.21.2's database pool as the emulator models it: a revoke holds
// one of ten connections while it waits for a second, so ten revokes at once
// deadlock the server until a wait times out. Time is scaled down: a wait
// times out after 2 s, twice the request_timeout the runs use here, as
// Medusa's 60 s is twice the provider's default 30 s.
var medusaPool = emulator.Capacity{Connections: 10, Latency: 5 * time.Millisecond, Hold: 3 * time.Millisecond, AcquireTimeout: 2 * time.Second}

// Teams run many workspaces at once against one tenant: several provider
// processes, each within its own max_concurrent_requests, together far
// beyond what the server takes. Their destroys at once deadlock it at
// first; each process must then go below one request in flight (a
// request it gave up on still loads the server), so that together they
// drain it, and every destroy succeeds within its timeout with every key
// revoked.
func TestAccLoad_fleetOfRunsOnOneServer(t *testing.T) {
	e := acctest.New(t, emulator.WithCapacity(medusaPool))
	emu := e.NeedEmulator(t)
	const runs, n, parallelism = 6, 40, 50
	timeouts := map[string]string{"delete": "45s"}
	publishable := func(int) string { return "publishable" }

	loads := make([]*load, runs) // one provider process each, with its own client
	for r := range loads {
		loads[r] = newLoad(t, e, map[string]tftypes.Value{"request_timeout": tftypes.NewValue(tftypes.String, "1s")})
	}
	prefix := func(r int) string { return fmt.Sprintf("%s-run%d", e.Prefix(), r) }
	states := make([][]*tfprotov6.DynamicValue, runs)
	fleet := func(what string, op func(r int) error) time.Duration {
		t.Helper()
		start := time.Now()
		errs := make([]error, runs)
		var wg sync.WaitGroup
		for r := range runs {
			wg.Add(1)
			go func() { defer wg.Done(); errs[r] = op(r) }()
		}
		wg.Wait()
		took := time.Since(start)
		st := emu.CapacityStats()
		t.Logf("%d runs' %s at once: %s; server: %d requests so far, at most %d in it, %d timed out waiting for a connection",
			runs, what, took.Round(time.Millisecond), emu.RequestCount(), st.PeakInFlight, st.Stalled)
		for r, err := range errs {
			if err != nil {
				t.Errorf("run %d: %v", r, err)
			}
		}
		return took
	}

	fleet("applies", func(r int) (err error) {
		states[r], err = loads[r].apply(prefix(r), n, parallelism, timeouts, publishable)
		return err
	})
	if t.Failed() {
		t.FailNow()
	}
	took := fleet("destroys", func(r int) error { return loads[r].destroy(states[r], parallelism) })
	live := 0
	for r, l := range loads {
		live += l.keys(prefix(r), false)
	}
	if live > 0 {
		t.Errorf("%d of %d keys still live after the destroys", live, runs*n)
	}
	if limit := 30 * time.Second; took > limit {
		t.Errorf("the destroys took %s, over %s", took.Round(time.Second), limit)
	}
}

// When the destroy's timeout runs out while the server stays overloaded,
// each key's error names the key, says the server was overloaded and what to
// tune, and the key is left as it was.
func TestAccLoad_overloadedServerErrorNamesTheKey(t *testing.T) {
	e := acctest.New(t)
	emu := e.NeedEmulator(t)
	l := newLoad(t, e, nil)
	states, err := l.apply(e.Prefix(), 2, 2, map[string]string{"delete": "3s"}, func(int) string { return "secret" })
	if err != nil {
		t.Fatal(err)
	}
	// Every revoke is answered 503, not applied.
	emu.InjectFault(emulator.Fault{Method: "POST", Path: "/admin/api-keys/{id}/revoke", Status: 503, Times: 1000})
	err = l.destroy(states, 2)
	emu.ClearFaults() // so that the test's cleanup revokes the keys
	if err == nil {
		t.Fatal("the destroy succeeded against a server that answers no revoke")
	}
	for _, want := range []string{"Cannot revoke xclade API key apk_", "xclade Admin API was overloaded", "max_concurrent_requests", "timeouts {", "left the object as it was"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
	// Raising request_timeout would not help a server that is overloaded.
	if strings.Contains(err.Error(), "request_timeout.") {
		t.Errorf("the error gives the generic timeout advice:\n%v", err)
	}
	if live := l.keys(e.Prefix(), false); live != 2 {
		t.Errorf("%d of 2 keys live after the failed destroy", live)
	}
}
