// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emukit

import (
	"sync"
	"sync/atomic"
)

// Counter counts requests per route; its zero value is ready. An emulator
// embeds it, which gives it RequestCount, RequestCounts and
// ResetRequestCounts.
type Counter struct {
	total  atomic.Int64
	mu     sync.Mutex
	counts map[string]int64
}

// Count records one request for route ("METHOD /route/{pattern}").
func (c *Counter) Count(route string) {
	c.total.Add(1)
	c.mu.Lock()
	if c.counts == nil {
		c.counts = map[string]int64{}
	}
	c.counts[route]++
	c.mu.Unlock()
}

// RequestCount is how many requests arrived, faulted ones included.
func (c *Counter) RequestCount() int64 { return c.total.Load() }

// RequestCounts is the number of requests per route ("METHOD /route/{id}");
// paths matching no route count as "METHOD *".
func (c *Counter) RequestCounts() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int64, len(c.counts))
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

// ResetRequestCounts zeroes RequestCount and RequestCounts.
func (c *Counter) ResetRequestCounts() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.counts = nil
	c.total.Store(0)
}
