// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package apiclient

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// The limiter bounds the requests one client has in flight. Terraform's
// -parallelism says how many resources it works on at once, which says
// nothing about what the API can take: Medusa's (xclade's) revoke holds one database
// connection while it waits for another, so past about ten concurrent
// revokes its pool (ten connections) deadlocks, every request waits for
// Knex's 60 s acquire timeout, and a client that retries at the same
// concurrency keeps it that way. So the client, not the flag, decides how
// hard it hits the API: at most MaxConcurrentRequests at once, fewer while
// the server shows strain (AIMD: the limit halves on a timeout, a 5xx, a 429
// or an answer far slower than usual, and grows back by one slot per window
// of healthy answers that found callers waiting).
type limiter struct {
	mu       sync.Mutex
	ceiling  float64
	limit    float64 // current limit, in [1, ceiling]; slots are int(limit)
	inFlight int
	waiters  []chan struct{} // FIFO, so no operation starves behind later ones

	// A decrease reacts to one congestion episode: the answers to requests
	// sent before it (at the old, too high concurrency) say nothing new.
	lastDecrease time.Time
	// baseline is the typical latency of a healthy answer; an answer far
	// slower than it is the first sign of a queue forming on the server.
	baseline time.Duration
	// pausedUntil holds every new request back while the server's
	// Retry-After runs: it asked this client, not one request, to wait.
	pausedUntil time.Time
	pauseTimer  *time.Timer

	maxPause time.Duration
	now      func() time.Time
	onChange func(ctx context.Context, from, to int, reason string)
}

// Tuning of the adaptation. A slow answer must be both much slower than the
// baseline and slow in absolute terms: on a small server latency grows with
// concurrency well before anything fails, and that alone is no reason to
// back off.
const (
	decreaseFactor = 0.5
	slowFactor     = 8
	slowFloor      = 2 * time.Second
	// baselineDrift: how fast the baseline follows answers slower than it
	// (it drops to a faster one at once), so that a server that got slower
	// for good becomes the new normal instead of a permanent alarm.
	baselineDrift = 64
)

func newLimiter(ceiling int, maxPause time.Duration) *limiter {
	return &limiter{ceiling: float64(ceiling), limit: float64(ceiling), maxPause: maxPause, now: time.Now}
}

// slot is one acquired permission to send a request.
type slot struct {
	l     *limiter
	start time.Time
}

// acquire waits for a slot, or for ctx to end.
func (l *limiter) acquire(ctx context.Context) (slot, error) {
	l.mu.Lock()
	if len(l.waiters) == 0 && l.freeLocked() {
		l.inFlight++
		l.mu.Unlock()
		return slot{l: l, start: l.now()}, nil
	}
	ch := make(chan struct{})
	l.waiters = append(l.waiters, ch)
	l.mu.Unlock()
	select {
	case <-ch:
		return slot{l: l, start: l.now()}, nil
	case <-ctx.Done():
		l.mu.Lock()
		defer l.mu.Unlock()
		for i, w := range l.waiters {
			if w == ch {
				l.waiters = append(l.waiters[:i], l.waiters[i+1:]...)
				return slot{}, ctx.Err()
			}
		}
		// Granted just as ctx ended: hand the slot on.
		l.inFlight--
		l.dispatchLocked()
		return slot{}, ctx.Err()
	}
}

func (l *limiter) freeLocked() bool {
	return l.inFlight < int(l.limit) && !l.now().Before(l.pausedUntil)
}

// dispatchLocked hands free slots to waiters in arrival order.
func (l *limiter) dispatchLocked() {
	for len(l.waiters) > 0 && l.freeLocked() {
		ch := l.waiters[0]
		l.waiters = l.waiters[1:]
		l.inFlight++
		close(ch)
	}
}

// outcome is what an attempt tells the limiter about the server's health.
type outcome int

const (
	healthy  outcome = iota
	neutral          // says nothing about load: the caller gave up, a 4xx, a refused connection
	overload         // a timeout, a 5xx, a 429
)

// release returns the slot and adapts the limit to how the attempt went.
// res is the attempt's result (status 0: no answer); ctx is the caller's.
func (s slot) release(ctx context.Context, res *result, requestTimeout time.Duration) {
	if s.l == nil {
		return
	}
	l := s.l
	now := l.now()
	latency := now.Sub(s.start)
	o, reason := classifyOutcome(ctx, res, latency, requestTimeout)

	l.mu.Lock()
	l.inFlight--
	from := int(l.limit)
	if o == healthy && l.baseline > 0 && latency > slowFloor && latency > slowFactor*l.baseline {
		o, reason = overload, "answers much slower than usual"
	}
	switch o {
	case healthy:
		switch {
		case l.baseline == 0 || latency < l.baseline:
			l.baseline = latency
		default:
			l.baseline += (latency - l.baseline) / baselineDrift
		}
		// Grow only when callers are waiting: a limit that was never
		// reached has not been shown to be safe.
		if len(l.waiters) > 0 && l.limit < l.ceiling {
			l.limit = min(l.ceiling, l.limit+1/l.limit)
		}
	case overload:
		if !s.start.Before(l.lastDecrease) {
			l.limit = max(1, l.limit*decreaseFactor)
			l.lastDecrease = now
		}
	}
	if res != nil && (res.status == http.StatusTooManyRequests || res.status == http.StatusServiceUnavailable) {
		if ra, ok := RetryAfter(res.header, now); ok && ra > 0 {
			l.pauseLocked(now.Add(min(ra, l.maxPause)))
		}
	}
	l.dispatchLocked()
	to := int(l.limit)
	l.mu.Unlock()
	if to != from && l.onChange != nil {
		l.onChange(ctx, from, to, reason)
	}
}

func (l *limiter) pauseLocked(until time.Time) {
	if !until.After(l.pausedUntil) {
		return
	}
	l.pausedUntil = until
	if l.pauseTimer != nil {
		l.pauseTimer.Stop()
	}
	l.pauseTimer = time.AfterFunc(until.Sub(l.now()), func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.dispatchLocked()
	})
}

func classifyOutcome(ctx context.Context, res *result, latency, requestTimeout time.Duration) (outcome, string) {
	switch {
	case res == nil || res.status == 0:
		if ctx.Err() == nil && latency >= requestTimeout {
			return overload, "no answer within request_timeout"
		}
		return neutral, ""
	case res.status == http.StatusTooManyRequests:
		return overload, "429 Too Many Requests"
	case res.status >= 500:
		return overload, http.StatusText(res.status)
	case res.status >= 400:
		return neutral, ""
	}
	return healthy, ""
}

// current is the limit now in force.
func (l *limiter) current() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return int(l.limit)
}

func (c *Client) logLimit(ctx context.Context, from, to int, reason string) {
	fields := map[string]any{"from": from, "to": to, "max_concurrent_requests": c.cfg.MaxConcurrentRequests}
	if to < from {
		fields["reason"] = reason
		c.logf(ctx, c.cfg.API+" is struggling: fewer requests at once", fields)
		return
	}
	c.logf(ctx, c.cfg.API+" answers well again: more requests at once", fields)
}
