// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emukit

import (
	"crypto/rand"
	"sync"
	"time"
)

// Both APIs' ids are a prefix plus a ULID (48 bits of milliseconds, 80
// random bits, Crockford base32), so byte order is creation order. IDs is
// monotonic across a whole server, also when an injected clock stands still
// or goes back, so that a list in id order is creation order.

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// IDs makes ULIDs; its zero value is ready.
type IDs struct {
	mu     sync.Mutex
	lastMs uint64
	last   [10]byte
}

// Next is a ULID for a record made at now, after every earlier one.
func (g *IDs) Next(now time.Time) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	ms := uint64(0)
	if m := now.UnixMilli(); m > 0 {
		ms = uint64(m)
	}
	if ms <= g.lastMs {
		ms = g.lastMs
		if !increment(&g.last) {
			ms++
			RandomFill(g.last[:])
		}
	} else {
		RandomFill(g.last[:])
	}
	g.lastMs = ms
	return encodeULID(ms, g.last)
}

func increment(b *[10]byte) bool {
	for i := len(b) - 1; i >= 0; i-- {
		b[i]++
		if b[i] != 0 {
			return true
		}
	}
	return false
}

// RandomFill fills b from crypto/rand.
func RandomFill(b []byte) {
	if _, err := rand.Read(b); err != nil {
		panic("emukit: crypto/rand failed: " + err.Error())
	}
}

func encodeULID(ms uint64, r [10]byte) string {
	var v [16]byte
	for i := 0; i < 6; i++ {
		v[i] = byte(ms >> (40 - 8*i))
	}
	copy(v[6:], r[:])
	// 128 bits → 26 base32 digits; the first digit carries the top 3 bits.
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = crockford[v[15]&0x1f]
		// shift the 128-bit value right by 5
		var carry byte
		for j := 0; j < 16; j++ {
			nb := v[j]
			v[j] = nb>>5 | carry
			carry = nb << 3
		}
	}
	return string(out[:])
}
