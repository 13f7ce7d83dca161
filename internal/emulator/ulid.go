package emulator

import (
	"crypto/rand"
	"sync"
	"time"
)

// Medusa ids are a prefix plus a ULID. Generation here is monotonic across
// the whole server, also when an injected clock stands still or goes back,
// so that the default list order (id ascending) is creation order.

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

type ulidGen struct {
	mu     sync.Mutex
	lastMs uint64
	last   [10]byte
}

func (g *ulidGen) next(now time.Time) string {
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
		panic("emulator: crypto/rand failed: " + err.Error())
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
