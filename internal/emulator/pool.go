// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// connPool is a database connection pool as Knex (tarn) runs it: a fixed
// number of connections, handed to waiters in the order they asked, each
// wait bounded by its own timeout.
type connPool struct {
	mu      sync.Mutex
	free    int
	waiters []chan struct{}
}

// acquire takes a connection, or gives up after timeout.
func (p *connPool) acquire(timeout time.Duration) bool {
	p.mu.Lock()
	if p.free > 0 && len(p.waiters) == 0 {
		p.free--
		p.mu.Unlock()
		return true
	}
	ch := make(chan struct{})
	p.waiters = append(p.waiters, ch)
	p.mu.Unlock()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-ch:
		return true
	case <-t.C:
		p.mu.Lock()
		defer p.mu.Unlock()
		for i, w := range p.waiters {
			if w == ch {
				p.waiters = append(p.waiters[:i], p.waiters[i+1:]...)
				return false
			}
		}
		// Handed over just as the wait ended: it is ours.
		return true
	}
}

// release returns n connections, to the oldest waiters first.
func (p *connPool) release(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for range n {
		if len(p.waiters) > 0 {
			close(p.waiters[0])
			p.waiters = p.waiters[1:]
			continue
		}
		p.free++
	}
}

// servePooled runs handle with the connections the request needs: one, or
// two for a revoke, which asks for its second while holding its first
// (Medusa 2.21.2 opens a transaction and then queries outside it). A wait
// that times out answers 500, as Knex's "Timeout acquiring a connection"
// does, and the request is not applied.
func (g *capacityGate) servePooled(w http.ResponseWriter, r *http.Request, handle func()) {
	if g.Latency > 0 {
		time.Sleep(g.Latency)
	}
	if !g.pool.acquire(g.AcquireTimeout) {
		g.stall(w, r)
		return
	}
	held := 1
	defer func() { g.pool.release(held) }()
	if g.Hold > 0 {
		time.Sleep(g.Hold)
	}
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/revoke") {
		if !g.pool.acquire(g.AcquireTimeout) {
			g.stall(w, r)
			return
		}
		held = 2
	}
	handle()
}
