package boltzemulator

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// Key ids are "key_" plus a ULID: 48 bits of milliseconds then 80 random
// bits, in Crockford base32, so that byte order is creation order. The
// generator is monotonic across the server (also when an injected clock
// stands still or goes back), which is what lets the list order and the
// cursors be plain id comparisons.

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

type idGen struct {
	mu     sync.Mutex
	lastMs uint64
	last   [10]byte
}

func (g *idGen) next(now time.Time) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	ms := uint64(max(now.UnixMilli(), 0))
	if ms <= g.lastMs {
		ms = g.lastMs
		if !increment(&g.last) {
			ms++
			randomFill(g.last[:])
		}
	} else {
		randomFill(g.last[:])
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

func randomFill(b []byte) {
	if _, err := rand.Read(b); err != nil {
		panic("boltzemulator: crypto/rand failed: " + err.Error())
	}
}

func encodeULID(ms uint64, r [10]byte) string {
	var v [16]byte
	for i := 0; i < 6; i++ {
		v[i] = byte(ms >> (40 - 8*i))
	}
	copy(v[6:], r[:])
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = crockford[v[15]&0x1f]
		var carry byte
		for j := 0; j < 16; j++ {
			nb := v[j]
			v[j] = nb>>5 | carry
			carry = nb << 3
		}
	}
	return string(out[:])
}

// newSecret returns a key secret: the documented prefix for its type and
// mode, then 48 random hex digits (192 bits).
func newSecret(keyType string, live bool) string {
	var b [24]byte
	randomFill(b[:])
	t := "ws"
	if keyType == keyTypeAdmin {
		t = "admin"
	}
	m := "test"
	if live {
		m = "live"
	}
	return "sk_bc_" + t + "_" + m + "_" + hex.EncodeToString(b[:])
}
