// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emukit

import (
	"testing"
	"time"
)

func TestULIDEncoding(t *testing.T) {
	// 2026-11-22T13:38:34.241Z with zero randomness.
	ms := uint64(time.Date(2026, 11, 22, 13, 38, 34, 241_000_000, time.UTC).UnixMilli())
	got := encodeULID(ms, [10]byte{})
	if got[10:] != "0000000000000000" || got[:4] != "01M8" {
		t.Fatal(got)
	}
	if encodeULID(1<<48-1, [10]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) != "7ZZZZZZZZZZZZZZZZZZZZZZZZZ" {
		t.Fatal("max")
	}
}

// Ids made in one millisecond, or while the clock goes back, still sort in
// the order they were made.
func TestIDsAreMonotonic(t *testing.T) {
	var g IDs
	now := time.Now()
	prev := ""
	for i := range 1000 {
		id := g.Next(now.Add(-time.Duration(i%3) * time.Millisecond))
		if id <= prev {
			t.Fatalf("%s after %s", id, prev)
		}
		prev = id
	}
}
