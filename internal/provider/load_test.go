// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/provider"
)

// A server that stalls past ten requests at once, as Medusa 2.21.2 does when
// its revokes exhaust the database pool; the abandoned requests keep it
// stalled for longer than the client waits (Medusa: 60 s against the
// provider's 30 s request_timeout).
var medusaLikeCapacity = emulator.Capacity{Concurrent: 10, Latency: 2 * time.Millisecond, AcquireTimeout: 1500 * time.Millisecond}

// Users raise -parallelism for large estates. Whatever it is, the provider
// sends at most max_concurrent_requests at once, so 300 keys are created
// and destroyed by 50 concurrent Terraform operations without pushing the
// server over its capacity, and every key ends up revoked.
func TestAccLoad_highParallelismWithinTheDefaultCap(t *testing.T) {
	e := acctest.New(t, emulator.WithCapacity(medusaLikeCapacity))
	emu := e.NeedEmulator(t)
	l := newLoad(t, e, nil)
	l.applyAndDestroy(t, 300, 50)
	st := emu.CapacityStats()
	t.Logf("%d requests, at most %d in the server at once", emu.RequestCount(), st.PeakInFlight)
	if st.PeakInFlight > 8 {
		t.Errorf("%d requests in the server at once; the default max_concurrent_requests is 8", st.PeakInFlight)
	}
	if st.Stalled > 0 {
		t.Errorf("the server stalled %d requests", st.Stalled)
	}
}

// A cap set too high for the server: the provider backs off by itself when
// requests time out, the server drains, and the destroy completes, slower.
func TestAccLoad_capTooHighForTheServerAdapts(t *testing.T) {
	e := acctest.New(t, emulator.WithCapacity(medusaLikeCapacity))
	emu := e.NeedEmulator(t)
	l := newLoad(t, e, map[string]tftypes.Value{
		"max_concurrent_requests": tftypes.NewValue(tftypes.Number, big.NewFloat(64)),
		"request_timeout":         tftypes.NewValue(tftypes.String, "1s"),
		"max_retries":             tftypes.NewValue(tftypes.Number, big.NewFloat(10)),
	})
	l.applyAndDestroy(t, 120, 50)
	st := emu.CapacityStats()
	t.Logf("%d requests, at most %d in the server at once, %d stalled", emu.RequestCount(), st.PeakInFlight, st.Stalled)
}

// XCLADE_MAX_CONCURRENT_REQUESTS sets the cap when the configuration does not.
func TestAccLoad_capFromTheEnvironment(t *testing.T) {
	e := acctest.New(t, emulator.WithCapacity(medusaLikeCapacity))
	emu := e.NeedEmulator(t)
	l := newLoad(t, e, nil, provider.WithGetenv(func(k string) string {
		if k == "XCLADE_MAX_CONCURRENT_REQUESTS" {
			return "3"
		}
		return e.Getenv(k)
	}))
	l.applyAndDestroy(t, 60, 20)
	if st := emu.CapacityStats(); st.PeakInFlight > 3 {
		t.Errorf("%d requests in the server at once, want at most 3", st.PeakInFlight)
	}
}

// load drives the provider's protocol server as Terraform does with
// -parallelism: that many resource operations at once.
type load struct {
	e   *acctest.Env
	srv tfprotov6.ProviderServer
	typ tftypes.Object
	// logf is the test's: the operations run outside its goroutine.
	logf func(format string, args ...any)
}

func newLoad(t *testing.T, e *acctest.Env, providerConfig map[string]tftypes.Value, opts ...provider.Option) *load {
	t.Helper()
	srv, schemas, err := acctest.ConfiguredServerWith(context.Background(), e.Factories(opts...)["xclade"], providerConfig)
	if err != nil {
		t.Fatal(err)
	}
	return &load{e: e, srv: srv, typ: schemas.ResourceSchemas["xclade_api_key"].ValueType().(tftypes.Object), logf: t.Logf}
}

// applyAndDestroy creates n keys and destroys them, parallelism at a time,
// and checks that every one was created and then revoked.
func (l *load) applyAndDestroy(t *testing.T, n, parallelism int) {
	t.Helper()
	states, err := l.apply(l.e.Prefix(), n, parallelism, nil, func(i int) string { return []string{"secret", "publishable"}[i%2] })
	if err != nil {
		t.Fatal(err)
	}
	if n := l.keys(l.e.Prefix(), true); n != len(states) {
		t.Fatalf("%d keys on the server after creating %d", n, len(states))
	}
	if err := l.destroy(states, parallelism); err != nil {
		t.Fatal(err)
	}
	if live := l.keys(l.e.Prefix(), false); live != 0 {
		t.Fatalf("%d of %d keys still live after the destroy", live, n)
	}
}

// apply creates n keys titled prefix-i, parallelism at a time, with the
// timeouts block given (nil: none).
func (l *load) apply(prefix string, n, parallelism int, timeouts map[string]string, typ func(i int) string) ([]*tfprotov6.DynamicValue, error) {
	ctx := context.Background()
	null, err := tfprotov6.NewDynamicValue(l.typ, tftypes.NewValue(l.typ, nil))
	if err != nil {
		return nil, err
	}
	attrs := map[string]tftypes.Value{}
	if timeouts != nil {
		tt := l.typ.AttributeTypes["timeouts"].(tftypes.Object)
		vals := map[string]tftypes.Value{}
		for name, at := range tt.AttributeTypes {
			vals[name] = tftypes.NewValue(at, nil)
			if d, ok := timeouts[name]; ok {
				vals[name] = tftypes.NewValue(at, d)
			}
		}
		attrs["timeouts"] = tftypes.NewValue(tt, vals)
	}
	states := make([]*tfprotov6.DynamicValue, n)
	err = l.run("create", n, parallelism, func(i int) error {
		attrs := maps.Clone(attrs)
		attrs["title"] = tftypes.NewValue(tftypes.String, fmt.Sprintf("%s-%d", prefix, i))
		attrs["type"] = tftypes.NewValue(tftypes.String, typ(i))
		config, err := tfprotov6.NewDynamicValue(l.typ, acctest.NullObject(l.typ, attrs))
		if err != nil {
			return err
		}
		plan, err := l.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: "xclade_api_key", Config: &config, ProposedNewState: &config, PriorState: &null,
		})
		if err == nil {
			err = acctest.DiagError(plan.Diagnostics)
		}
		if err != nil {
			return err
		}
		applied, err := l.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: "xclade_api_key", Config: &config, PlannedState: plan.PlannedState, PriorState: &null,
			PlannedPrivate: plan.PlannedPrivate,
		})
		if err == nil {
			err = acctest.DiagError(applied.Diagnostics)
		}
		states[i] = applied.NewState
		return err
	})
	return states, err
}

// destroy destroys the keys in states, parallelism at a time.
func (l *load) destroy(states []*tfprotov6.DynamicValue, parallelism int) error {
	ctx := context.Background()
	null, err := tfprotov6.NewDynamicValue(l.typ, tftypes.NewValue(l.typ, nil))
	if err != nil {
		return err
	}
	return l.run("destroy", len(states), parallelism, func(i int) error {
		res, err := l.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: "xclade_api_key", PriorState: states[i], PlannedState: &null, Config: &null,
		})
		if err == nil {
			err = acctest.DiagError(res.Diagnostics)
		}
		return err
	})
}

// keys counts the keys titled prefix-… on the server: all of them, or the
// live ones.
func (l *load) keys(prefix string, all bool) int {
	n := 0
	for _, k := range l.e.Emulator.Keys() {
		if strings.HasPrefix(k.Title, prefix+"-") && (all || k.RevokedAt == nil) {
			n++
		}
	}
	return n
}

// run runs op for 0…n-1, parallelism at a time, as Terraform's walk does,
// and sums up the failures.
func (l *load) run(what string, n, parallelism int, op func(i int) error) error {
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, n)
	for range parallelism {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				errs[i] = op(i)
			}
		}()
	}
	wg.Wait()
	var failed []error
	for i, err := range errs {
		if err != nil {
			failed = append(failed, fmt.Errorf("%s %d: %w", what, i, err))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%s: %d of %d failed after %s; the first: %w", what, len(failed), n, time.Since(start).Round(time.Millisecond), failed[0])
	}
	l.logf("%s of %d at parallelism %d: %s", what, n, parallelism, time.Since(start).Round(time.Millisecond))
	return nil
}
