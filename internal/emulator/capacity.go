// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"net/http"
	"sync"
	"time"
)

// Capacity makes the emulator as fragile under concurrency as a real Medusa.
// There a revoke holds one connection of the ten in its database pool while
// it waits for a second: past about ten at once, every request in the
// server waits, none completes, until Knex's acquire timeout (60 s) fails
// the oldest with a 500 and frees its connection. A client that gives up
// earlier does not help: the server goes on waiting for the abandoned
// request. The emulator reproduces that shape, not the pool itself.
type Capacity struct {
	// Concurrent is how many requests the server can have in it and still
	// make progress. While more are in it, none completes.
	Concurrent int
	// Connections, when set, replaces Concurrent with a model of the pool
	// itself (pool.go): every request holds one of Connections database
	// connections while it works, and a revoke holds its first while it
	// waits for a second. Waits are served in arrival order with
	// AcquireTimeout each, as Knex's are, so revokes that each got a first
	// connection deadlock the pool, and a backlog of them re-forms the
	// deadlock as soon as one times out, until fewer are waiting than
	// there are connections.
	Connections int
	// Hold is how long, with Connections, a request holds its first
	// connection before it is done (or, a revoke, before it asks for its
	// second); Latency is then spent before it asks for one (parsing,
	// authentication, Node's event loop). The shorter Hold is against
	// Latency, the more requests at once it takes to deadlock the pool.
	Hold time.Duration
	// Latency is the time each request takes on a server that keeps up.
	Latency time.Duration
	// AcquireTimeout is how long a request waits while the server is over
	// capacity before it answers 500 (Medusa: 60 s). Default 60 s.
	AcquireTimeout time.Duration
}

// WithCapacity limits the requests the server handles at once (see
// Capacity). Every request counts, whatever its route.
func WithCapacity(c Capacity) Option {
	if c.AcquireTimeout <= 0 {
		c.AcquireTimeout = 60 * time.Second
	}
	return func(s *Server) {
		g := &capacityGate{Capacity: c, changed: make(chan struct{})}
		if c.Connections > 0 {
			g.pool = &connPool{free: c.Connections}
		}
		s.capacity = g
	}
}

// CapacityStats is what a capacity-limited emulator went through.
type CapacityStats struct {
	// PeakInFlight is the most requests that were in the server at once,
	// abandoned ones included.
	PeakInFlight int
	// Stalled counts requests that ran into AcquireTimeout and answered 500.
	Stalled int64
}

// CapacityStats reports the peak concurrency and the stalled requests since
// the emulator started; zero without WithCapacity.
func (s *Server) CapacityStats() CapacityStats {
	if s.capacity == nil {
		return CapacityStats{}
	}
	g := s.capacity
	g.mu.Lock()
	defer g.mu.Unlock()
	return CapacityStats{PeakInFlight: g.peak, Stalled: g.stalled}
}

type capacityGate struct {
	Capacity
	mu       sync.Mutex
	inFlight int
	peak     int
	stalled  int64
	changed  chan struct{} // closed and replaced whenever inFlight drops
	pool     *connPool     // nil: the Concurrent model
}

// serve runs handle unless the server stays over capacity for the acquire
// timeout, in which case it answers 500 as Medusa does. Like Node, it goes
// on with a request whose client has gone away.
func (g *capacityGate) serve(w http.ResponseWriter, r *http.Request, handle func()) {
	g.mu.Lock()
	g.inFlight++
	g.peak = max(g.peak, g.inFlight)
	g.mu.Unlock()
	defer g.leave()
	if g.pool != nil {
		g.servePooled(w, r, handle)
		return
	}

	deadline := time.NewTimer(g.AcquireTimeout)
	defer deadline.Stop()
	if g.Latency > 0 {
		time.Sleep(g.Latency)
	}
	for {
		g.mu.Lock()
		if g.inFlight <= g.Concurrent {
			g.mu.Unlock()
			handle()
			return
		}
		changed := g.changed
		g.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			g.mu.Lock()
			g.stalled++
			g.mu.Unlock()
			writeError(w, r, unknownError())
			return
		}
	}
}

func (g *capacityGate) stall(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	g.stalled++
	g.mu.Unlock()
	writeError(w, r, unknownError())
}

func (g *capacityGate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inFlight--
	close(g.changed)
	g.changed = make(chan struct{})
}
