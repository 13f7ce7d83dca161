// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package apiclient

import (
	"context"
	"math/rand/v2"
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
//
// One client is not alone on a server: many Terraform runs share a tenant,
// and each one's fair share of the server can be below one request in
// flight. So the limit goes below one, the way congestion control paces
// once its window falls under one segment: one request at a time (a probe),
// with a pause after each that grows as the limit shrinks, and a cool-down
// after every overload signal that doubles while the signals go on, both
// with jitter, so that runs that backed off together do not come back
// together. A request the client gave up on still loads the server (Node
// goes on with it, and Medusa holds it for up to its 60 s acquire timeout),
// so it keeps its slot for one more request_timeout (jittered): a retry
// does not stack on top of it. After a jam (no answer within
// request_timeout), the limit grows back quickly only to a quarter of what
// it was, then by one slot per request_timeout: the level that jammed the
// server was the sum of every client's, which none of them sees.
type limiter struct {
	mu      sync.Mutex
	ceiling float64
	// limit is the current limit, in [minLimit, ceiling]: int(limit) slots,
	// and below one a single slot with a pause after each request.
	limit float64
	// ssthresh is where growth slows down: after an overload the limit
	// doubles per round of healthy answers up to half what it was (a
	// quarter after a jam), then grows by one slot per round (TCP's slow
	// start and congestion avoidance; per request_timeout after a jam), so
	// a run recovers fast from one bad moment and creeps up on the level
	// that overloaded the server.
	ssthresh float64
	inFlight int
	// ghosts are the expiry times of requests the client gave up on, which
	// count as in flight until then.
	ghosts  []time.Time
	waiters []chan struct{} // FIFO, so no operation starves behind later ones

	// A decrease reacts to one congestion episode: the answers to requests
	// sent before it (at the old, too high concurrency) say nothing new.
	lastDecrease time.Time
	// baseline is the typical latency of a healthy answer; an answer far
	// slower than it is the first sign of a queue forming on the server.
	baseline time.Duration
	// slowRun counts healthy answers in a row that were "much slower than
	// usual", and slowMin is the fastest of them: a sustained run of them
	// is a new normal (a server that got slower for good), not strain.
	slowRun int
	slowMin time.Duration
	// pausedUntil holds every new request back: while the server's
	// Retry-After runs (it asked this client, not one request, to wait),
	// during a cool-down, and between paced requests.
	pausedUntil time.Time
	// wake is armed for the next moment a waiter may get a slot.
	wake   *time.Timer
	wakeAt time.Time

	// overloadSince is when the server began showing overload without a
	// healthy answer since (zero: it is healthy); storms counts the
	// decreases in that time, lastSignal names the latest.
	overloadSince time.Time
	storms        int
	lastSignal    string
	// jammed is set by a timeout (the server answered nothing) until the
	// limit is back at the ceiling: growth above ssthresh is then one slot
	// per request_timeout, from lastIncrease.
	jammed       bool
	lastIncrease time.Time

	minPause, maxPause time.Duration
	now                func() time.Time
	jitter             func() float64 // in [0, 1)
	onChange           func(ctx context.Context, from, to float64, reason string)
}

// Tuning of the adaptation. A slow answer must be both much slower than the
// baseline and slow in absolute terms: on a small server latency grows with
// concurrency well before anything fails, and that alone is no reason to
// back off.
const (
	decreaseFactor = 0.5
	slowFactor     = 8
	slowFloor      = 2 * time.Second
	// minLimit is the least the limit falls to: one request per 16
	// "request times" (minPause or the healthy latency, whichever is
	// longer), paused further by the cool-downs.
	minLimit = 1.0 / 16
	// newNormalRun healthy answers in a row, all much slower than the
	// baseline, make their latency the new baseline.
	newNormalRun = 16
)

func newLimiter(ceiling int, minPause, maxPause time.Duration) *limiter {
	return &limiter{
		ceiling: float64(ceiling), limit: float64(ceiling), ssthresh: float64(ceiling),
		minPause: minPause, maxPause: maxPause, now: time.Now, jitter: rand.Float64,
	}
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
	l.armLocked()
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

// slotsLocked is how many requests may be in flight now.
func (l *limiter) slotsLocked() int { return max(1, int(l.limit)) }

func (l *limiter) freeLocked() bool {
	now := l.now()
	if now.Before(l.pausedUntil) {
		return false
	}
	live := l.ghosts[:0]
	for _, g := range l.ghosts {
		if g.After(now) {
			live = append(live, g)
		}
	}
	l.ghosts = live
	return l.inFlight+len(l.ghosts) < l.slotsLocked()
}

// dispatchLocked hands free slots to waiters in arrival order.
func (l *limiter) dispatchLocked() {
	for len(l.waiters) > 0 && l.freeLocked() {
		ch := l.waiters[0]
		l.waiters = l.waiters[1:]
		l.inFlight++
		close(ch)
	}
	l.armLocked()
}

// armLocked makes sure waiters are woken when the next pause ends or the
// next request given up on stops counting: nothing else happens then.
func (l *limiter) armLocked() {
	if len(l.waiters) == 0 {
		return
	}
	now := l.now()
	var next time.Time
	if l.pausedUntil.After(now) {
		next = l.pausedUntil
	}
	for _, g := range l.ghosts {
		if next.IsZero() || g.Before(next) {
			next = g
		}
	}
	if next.IsZero() || (l.wake != nil && !next.Before(l.wakeAt)) {
		return
	}
	if l.wake != nil {
		l.wake.Stop()
	}
	l.wakeAt = next
	l.wake = time.AfterFunc(max(next.Sub(now), 0), func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.wake = nil
		l.dispatchLocked()
	})
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
	from := l.limit
	if abandoned(ctx, res, latency, requestTimeout) {
		// Jittered, as the requests of many clients are abandoned at the
		// same moment when a server jams.
		l.ghosts = append(l.ghosts, now.Add(requestTimeout+time.Duration(l.jitter()*float64(requestTimeout)/2)))
	}
	if o == healthy && l.baseline > 0 && latency > slowFloor && latency > slowFactor*l.baseline {
		o, reason = l.slowLocked(latency)
	} else if o != neutral {
		l.slowRun = 0
	}
	switch {
	case o == healthy:
		l.healthyLocked(now, latency, requestTimeout)
	case o == overload && reason == reasonSlow:
		l.slowDownLocked(s.start, now)
	case o == overload:
		l.overloadLocked(s.start, now, reason)
	}
	if res != nil && (res.status == http.StatusTooManyRequests || res.status == http.StatusServiceUnavailable) {
		if ra, ok := RetryAfter(res.header, now); ok && ra > 0 {
			l.pauseLocked(now.Add(min(ra, l.maxPause)))
		}
	}
	if l.limit < 1 {
		l.pauseLocked(now.Add(l.paceLocked()))
	}
	l.dispatchLocked()
	to := l.limit
	l.mu.Unlock()
	if changed(from, to) && l.onChange != nil {
		l.onChange(ctx, from, to, reason)
	}
}

// abandoned is whether the client stopped waiting for an answer the server
// may still be working on.
func abandoned(ctx context.Context, res *result, latency, requestTimeout time.Duration) bool {
	if res == nil || res.status != 0 || !res.wroteRequest {
		return false
	}
	return ctx.Err() != nil || latency >= requestTimeout
}

// slowLocked classifies a 2xx answer much slower than the baseline: strain,
// unless it is one of a sustained run, which makes its latency the new
// normal.
func (l *limiter) slowLocked(latency time.Duration) (outcome, string) {
	if l.slowRun == 0 || latency < l.slowMin {
		l.slowMin = latency
	}
	l.slowRun++
	if l.slowRun < newNormalRun {
		return overload, reasonSlow
	}
	l.baseline, l.slowRun = l.slowMin, 0
	return healthy, ""
}

func (l *limiter) healthyLocked(now time.Time, latency, requestTimeout time.Duration) {
	switch {
	case l.baseline == 0 || latency < l.baseline:
		l.baseline = latency
	default:
		l.baseline += (latency - l.baseline) / 64
	}
	l.overloadSince, l.storms = time.Time{}, 0
	// Grow only when callers are waiting: a limit that was never reached
	// has not been shown to be safe.
	if len(l.waiters) == 0 || l.limit >= l.ceiling {
		return
	}
	if l.limit < l.ssthresh {
		l.limit = min(l.ssthresh, l.limit+min(l.limit, 1))
		l.lastIncrease = now
		return
	}
	if l.jammed {
		// Past a jam, the level that caused it was the sum of every
		// client's, which no client sees: each grows by one slot per
		// request_timeout at most, so that the clients sharing the server
		// reach its limit slowly enough to see it coming (answers slow
		// down) rather than by jamming it again.
		if now.Sub(l.lastIncrease) >= requestTimeout {
			l.limit = min(l.ceiling, float64(int(l.limit)+1))
			l.lastIncrease = now
		}
		l.jammed = l.limit < l.ceiling
		return
	}
	l.limit = min(l.ceiling, l.limit+1/l.limit)
}

// overloadLocked halves the limit once per episode, down to minLimit, and
// holds every request back for a cool-down that doubles with each episode
// in a row.
func (l *limiter) overloadLocked(sent, now time.Time, reason string) {
	if l.overloadSince.IsZero() {
		l.overloadSince = now
	}
	l.lastSignal = reason
	if sent.Before(l.lastDecrease) {
		return
	}
	if reason == reasonTimeout {
		// No answer at all: the server is jammed, and other clients are
		// likely jamming it too (one client within its cap rarely
		// does). Start again from half a request in flight, and grow back
		// quickly only to a quarter of the old level: the jam costs the
		// server's own timeout (Medusa: 60 s), so creeping up on the level
		// that caused it is cheaper than overshooting again.
		l.ssthresh = max(1, l.limit*decreaseFactor*decreaseFactor)
		l.limit = max(minLimit, min(l.limit*decreaseFactor, 0.5))
		l.jammed = true
	} else {
		l.ssthresh = max(1, l.limit*decreaseFactor)
		l.limit = max(minLimit, l.limit*decreaseFactor)
	}
	l.lastDecrease = now
	l.storms++
	cool := l.minPause << min(l.storms-1, 16)
	if cool <= 0 || cool > l.maxPause {
		cool = l.maxPause
	}
	l.pauseLocked(now.Add(l.jittered(cool)))
}

// slowDownLocked halves the limit once per episode of slow answers, down
// to one: answers still come, so the server makes progress, and pacing
// below one is for a server that does not.
func (l *limiter) slowDownLocked(sent, now time.Time) {
	if sent.Before(l.lastDecrease) || l.limit <= 1 {
		return
	}
	l.ssthresh = max(1, l.limit*decreaseFactor)
	l.limit = l.ssthresh
	l.lastDecrease = now
}

// paceLocked is the pause after each request while the limit is below one:
// a limit of 1/n sends one request per n request times.
func (l *limiter) paceLocked() time.Duration {
	unit := max(l.baseline, l.minPause)
	return l.jittered(time.Duration(float64(unit) * (1/l.limit - 1)))
}

// jittered spreads d over [d/2, 3d/2).
func (l *limiter) jittered(d time.Duration) time.Duration {
	return d/2 + time.Duration(l.jitter()*float64(d))
}

func (l *limiter) pauseLocked(until time.Time) {
	if !until.After(l.pausedUntil) {
		return
	}
	l.pausedUntil = until
}

const (
	reasonTimeout = "no answer within request_timeout"
	reasonSlow    = "answers much slower than usual"
)

func classifyOutcome(ctx context.Context, res *result, latency, requestTimeout time.Duration) (outcome, string) {
	switch {
	case res == nil || res.status == 0:
		if ctx.Err() == nil && latency >= requestTimeout {
			return overload, reasonTimeout
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

// current is the limit now in force (below one: one request at a time,
// paced).
func (l *limiter) current() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit
}

// roundLimit shows a limit as slots (below one: the fraction of the time a
// request is in flight).
func roundLimit(v float64) float64 {
	if v >= 1 {
		return float64(int(v))
	}
	return float64(int(v*1000)) / 1000
}

// saturation is how long the server has shown overload without a healthy
// answer since, and its latest sign; ok is false when it is healthy.
func (l *limiter) saturation() (lasted time.Duration, sign string, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.overloadSince.IsZero() {
		return 0, "", false
	}
	return l.now().Sub(l.overloadSince), l.lastSignal, true
}

// changed is whether the limit moved enough to log: a whole slot, or any
// step below one (where each is a change of pace).
func changed(from, to float64) bool {
	return int(from) != int(to) || (min(from, to) < 1 && from != to)
}

func (c *Client) logLimit(ctx context.Context, from, to float64, reason string) {
	fields := map[string]any{"from": roundLimit(from), "to": roundLimit(to), "max_concurrent_requests": c.cfg.MaxConcurrentRequests}
	if to < 1 {
		fields["pace"] = "one request at a time, with pauses"
	}
	if to < from {
		fields["reason"] = reason
		c.logf(ctx, c.cfg.API+" is struggling: fewer requests at once", fields)
		return
	}
	c.logf(ctx, c.cfg.API+" answers well again: more requests at once", fields)
}
