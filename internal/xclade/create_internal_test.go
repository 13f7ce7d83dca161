// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import (
	"context"
	"testing"
	"time"
)

// The pending title's deadline is a promise that nobody touches the key
// after it: the work that finishes a create (adopt, rename, sweep,
// discard) ends by then, even when it starts late, after an interrupt or a
// timed-out caller, when RecoveryTimeout from now would reach past it.
func TestFinishingWorkEndsByTheMarkersDeadline(t *testing.T) {
	c, err := New(Config{BaseURL: "http://127.0.0.1:1", APIKey: "sk_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		Settings: Settings{RequestTimeout: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	caller, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	for name, ctx := range map[string]context.Context{"caller with time left": caller, "interrupted caller": canceled(caller)} {
		// Late in the create: less than RecoveryTimeout is left before the deadline.
		late := newPendingTitle("k", time.Now().Add(c.RecoveryTimeout()/2))
		fctx, done := c.finishingContext(ctx, late)
		d, ok := fctx.Deadline()
		done()
		if !ok || d.After(late.deadline) {
			t.Errorf("%s: the finishing work may run until %v, past the marker's deadline %v", name, d, late.deadline)
		}
	}
}

func canceled(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	return ctx
}
