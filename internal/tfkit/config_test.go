// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

type model struct{ Name string }

// source hands Open a model, or fails the way a bad configuration does.
type source struct{ fail bool }

func (s source) Get(_ context.Context, target any) diag.Diagnostics {
	if s.fail {
		var d diag.Diagnostics
		d.AddError("bad value", "cannot read the model")
		return d
	}
	target.(*model).Name = "k"
	return nil
}

// An operation gets its own deadline: Terraform gives the provider's calls
// none, and a server that answers slowly must not hold a run forever.
func TestOpenBoundsTheOperation(t *testing.T) {
	data := &struct{}{}
	var diags diag.Diagnostics
	ctx, m, done, ok := Open[model](context.Background(), data, "xclade", source{}, time.Minute, &diags)
	defer done()
	deadline, has := ctx.Deadline()
	if !ok || m.Name != "k" || !has || time.Until(deadline) > time.Minute {
		t.Fatalf("ok %v, model %+v, deadline %v (%v): want the model under a one-minute deadline", ok, m, deadline, has)
	}
	done()
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Fatalf("done did not release the deadline: %v", ctx.Err())
	}

	ctx, _, done, ok = Open[model](context.Background(), data, "xclade", source{}, 0, &diags)
	defer done()
	if _, has := ctx.Deadline(); !ok || has {
		t.Fatalf("timeout 0 set a deadline (ok %v)", ok)
	}
}

// A provider that is not configured, or a model that cannot be read, stops
// the operation with the reason in diags, and done is still safe to call.
func TestOpenStops(t *testing.T) {
	for name, tc := range map[string]struct {
		data *struct{}
		src  source
	}{
		"not configured": {nil, source{}},
		"bad model":      {&struct{}{}, source{fail: true}},
	} {
		t.Run(name, func(t *testing.T) {
			var diags diag.Diagnostics
			_, _, done, ok := Open[model](context.Background(), tc.data, "xclade", tc.src, time.Minute, &diags)
			done()
			if ok || !diags.HasError() {
				t.Fatalf("ok %v, diags %v: want a stop with an error", ok, diags)
			}
		})
	}
}

// privateState is a private-state store like the framework's.
type privateState map[string][]byte

func (p privateState) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	p[key] = value
	return nil
}

func (p privateState) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

// What Open keeps is what Close reads; nothing kept (Open created no key)
// reads as false, so Close does not act on an empty id.
func TestPrivateState(t *testing.T) {
	ctx := context.Background()
	p := privateState{}
	var diags diag.Diagnostics
	var got struct{ ID string }
	if GetPrivate(ctx, p, "k", &got, &diags) {
		t.Fatal("nothing kept, yet GetPrivate found something")
	}
	SetPrivate(ctx, p, "k", struct{ ID string }{"apk_1"}, &diags)
	if !GetPrivate(ctx, p, "k", &got, &diags) || got.ID != "apk_1" || diags.HasError() {
		t.Fatalf("got %+v (%v): want what was kept", got, diags)
	}
	p["k"] = []byte("not json")
	if GetPrivate(ctx, p, "k", &got, &diags) {
		t.Fatal("unreadable private state read as found")
	}
}
