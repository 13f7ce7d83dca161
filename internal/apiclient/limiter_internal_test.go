// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package apiclient

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/clock"
)

// The AIMD rules, step by step: one halving per congestion episode, growth
// only while callers wait, never above the ceiling nor below minLimit.
func TestLimiterAIMD(t *testing.T) {
	ctx := context.Background()
	l := newLimiter(8, time.Millisecond, time.Second)
	ok := &result{status: http.StatusOK}
	busy := &result{status: http.StatusServiceUnavailable, header: http.Header{}}

	// Eight requests sent at the ceiling all fail: the first answer halves
	// the limit, the other seven were sent before that and change nothing.
	var slots []slot
	for range 8 {
		s, err := l.acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		slots = append(slots, s)
	}
	time.Sleep(time.Millisecond) // the decrease comes after every send
	for _, s := range slots {
		s.release(ctx, busy, time.Minute)
	}
	if got := l.current(); got != 4 {
		t.Fatalf("limit %v after one episode, want 4", got)
	}
	// A request sent after that decrease fails too: a second episode.
	s, _ := l.acquire(ctx)
	s.release(ctx, busy, time.Minute)
	if got := l.current(); got != 2 {
		t.Fatalf("limit %v after two episodes, want 2", got)
	}
	for range 5 {
		s, _ := l.acquire(ctx)
		time.Sleep(time.Millisecond)
		s.release(ctx, busy, time.Minute)
	}
	if got := l.current(); got != minLimit {
		t.Fatalf("limit %v, want the floor of %v", got, minLimit)
	}

	// Healthy answers with nobody waiting: no growth.
	for range 20 {
		s, _ := l.acquire(ctx)
		s.release(ctx, ok, time.Minute)
	}
	if got := l.current(); got != minLimit {
		t.Fatalf("limit %v grew without demand", got)
	}

	// With callers waiting, it grows back to the ceiling and no further.
	done := make(chan struct{})
	for range 4 {
		go func() {
			for range 50 {
				s, err := l.acquire(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				time.Sleep(time.Millisecond) // the request takes a while: the others wait
				s.release(ctx, ok, time.Minute)
			}
			done <- struct{}{}
		}()
	}
	for range 4 {
		<-done
	}
	if got := l.current(); got < 4 || got > 8 {
		t.Fatalf("limit %v after 200 healthy answers under demand, want between 4 and the ceiling 8", got)
	}
}

func TestClassifyOutcome(t *testing.T) {
	ctx := context.Background()
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	for _, tc := range []struct {
		name    string
		ctx     context.Context
		res     *result
		latency time.Duration
		want    outcome
	}{
		{"200", ctx, &result{status: 200}, time.Millisecond, healthy},
		{"404 is the caller's business", ctx, &result{status: 404}, time.Millisecond, neutral},
		{"429", ctx, &result{status: 429}, time.Millisecond, overload},
		{"500", ctx, &result{status: 500}, time.Millisecond, overload},
		{"no answer within request_timeout", ctx, &result{}, 30 * time.Second, overload},
		{"refused quickly", ctx, &result{}, time.Millisecond, neutral},
		{"the caller gave up", canceled, &result{}, 30 * time.Second, neutral},
	} {
		if got, _ := classifyOutcome(tc.ctx, tc.res, tc.latency, 30*time.Second); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// fakeLimiter is a limiter on a clock that moves only when told to, with
// a fixed jitter.
func fakeLimiter(ceiling int, jitter float64) (*limiter, *clock.Fake) {
	clk := clock.NewFake(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	l := newLimiter(ceiling, 500*time.Millisecond, 30*time.Second)
	l.now, l.jitter = clk.Now, func() float64 { return jitter }
	return l, clk
}

// sendable is whether a request may be sent now, without waiting.
func (l *limiter) sendable() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.waiters) == 0 && l.freeLocked()
}

func mustAcquire(t *testing.T, l *limiter) slot {
	t.Helper()
	if !l.sendable() {
		t.Fatal("no slot free")
	}
	s, err := l.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// timedOut is an attempt sent and never answered within request_timeout.
var timedOut = &result{wroteRequest: true}

// Several runs share a server whose fair share for each is below one
// request in flight. After a timeout the limit goes below one: nothing is
// sent while the requests given up on may still be on the server, then one
// request at a time (a probe), each followed by a pause, and the pause
// ends at a jittered time so that runs that backed off together come back
// apart. Healthy answers bring the limit back above one.
func TestLimiterPacesBelowOneRequestInFlight(t *testing.T) {
	const requestTimeout = 30 * time.Second
	ctx := context.Background()
	l, clk := fakeLimiter(8, 0.5) // jitter 0.5: every jittered pause is its nominal length
	var slots []slot
	for range 8 {
		slots = append(slots, mustAcquire(t, l))
	}
	clk.Advance(requestTimeout)
	for _, s := range slots {
		s.release(ctx, timedOut, requestTimeout)
	}
	if got := l.current(); got >= 1 {
		t.Fatalf("limit %v after every request timed out, want below one", got)
	}
	// The eight requests given up on still load the server for another
	// request_timeout (and a jitter of up to half that, here a quarter):
	// nothing is sent meanwhile.
	clk.Advance(requestTimeout*5/4 - time.Second)
	if l.sendable() {
		t.Fatal("a request may be sent while the ones given up on may still be on the server")
	}
	clk.Advance(time.Second)
	probe := mustAcquire(t, l)
	if l.sendable() {
		t.Fatal("a second request may be sent beside the probe below one request in flight")
	}
	clk.Advance(100 * time.Millisecond)
	probe.release(ctx, &result{status: http.StatusOK}, requestTimeout)
	// Paced: a limit of 1/2 sends one request per two request times (the
	// request time being at least minPause, 500 ms).
	if l.sendable() {
		t.Fatal("no pause after a request below one in flight")
	}
	clk.Advance(499 * time.Millisecond)
	if l.sendable() {
		t.Fatal("the pause ended early")
	}
	clk.Advance(time.Millisecond)
	if !l.sendable() {
		t.Fatal("the pause did not end")
	}

	// Jitter: two runs that backed off at the same moment resume apart.
	resume := func(jitter float64) time.Time {
		l, clk := fakeLimiter(8, jitter)
		s := mustAcquire(t, l)
		clk.Advance(time.Second)
		s.release(ctx, &result{status: http.StatusServiceUnavailable}, requestTimeout)
		for !l.sendable() {
			clk.Advance(10 * time.Millisecond)
		}
		return clk.Now()
	}
	if early, late := resume(0), resume(0.99); late.Sub(early) < 400*time.Millisecond {
		t.Fatalf("runs resume %s apart after the same overload, want the jitter to spread them", late.Sub(early))
	}

	// Growth needs healthy answers while callers wait; a caller waits here.
	grown := growUnderDemand(t, l, clk, 8, 100*time.Millisecond)
	if grown < 2 {
		t.Fatalf("limit %v after 8 healthy answers under demand, want back above one", grown)
	}
}

// growUnderDemand sends n requests one after another, answered healthy
// after latency, with another caller always waiting, and returns the limit.
func growUnderDemand(t *testing.T, l *limiter, clk *clock.Fake, n int, latency time.Duration) float64 {
	t.Helper()
	ctx := context.Background()
	for range n {
		for !l.sendable() {
			clk.Advance(10 * time.Millisecond)
		}
		s := mustAcquire(t, l)
		waiting := make(chan slot)
		go func() {
			w, _ := l.acquire(ctx)
			waiting <- w
		}()
		if got := l.current(); got < 2 {
			// Below two slots the other caller waits; wait until it does.
			for {
				l.mu.Lock()
				n := len(l.waiters)
				l.mu.Unlock()
				if n > 0 {
					break
				}
				time.Sleep(time.Millisecond)
			}
		}
		clk.Advance(latency)
		s.release(ctx, &result{status: http.StatusOK}, 30*time.Second)
		for {
			l.mu.Lock()
			paused := l.now().Before(l.pausedUntil)
			l.mu.Unlock()
			if !paused {
				break
			}
			clk.Advance(10 * time.Millisecond)
			l.mu.Lock()
			l.dispatchLocked()
			l.mu.Unlock()
		}
		w := <-waiting
		clk.Advance(latency)
		w.release(ctx, &result{status: http.StatusOK}, 30*time.Second)
	}
	return l.current()
}

// A request the client gave up on (its caller's deadline passed, or no
// answer came within request_timeout) still loads the server: it keeps its
// slot for one more request_timeout, so the retry does not stack on top of
// it. A request that never left (connection refused) frees its slot at once.
func TestLimiterCountsAbandonedRequests(t *testing.T) {
	const requestTimeout = 30 * time.Second
	l, clk := fakeLimiter(2, 0.5)
	gaveUp, cancel := context.WithCancel(context.Background())
	cancel()

	refused := mustAcquire(t, l)
	clk.Advance(time.Millisecond)
	refused.release(gaveUp, &result{}, requestTimeout) // never written
	a, b := mustAcquire(t, l), mustAcquire(t, l)
	clk.Advance(time.Second)
	a.release(gaveUp, &result{wroteRequest: true}, requestTimeout)
	if got := l.current(); got != 2 {
		t.Fatalf("limit %v: a caller giving up says nothing of the server's health", got)
	}
	if l.sendable() {
		t.Fatal("the slot of a request given up on was free at once: its retry would stack on top of it")
	}
	clk.Advance(requestTimeout*5/4 - time.Millisecond) // request_timeout, jittered
	if l.sendable() {
		t.Fatal("the slot of a request given up on was free before request_timeout passed")
	}
	clk.Advance(time.Millisecond)
	if !l.sendable() {
		t.Fatal("the slot of a request given up on stayed taken after request_timeout")
	}
	b.release(context.Background(), &result{status: http.StatusOK}, requestTimeout)
}

// A server that got slower for good: after a sustained run of healthy
// answers at the new latency, that latency is the new normal and the limit
// grows again, instead of staying at one for the life of the client.
func TestLimiterLearnsANewNormal(t *testing.T) {
	l, clk := fakeLimiter(8, 0.5)
	ctx := context.Background()
	for range 20 {
		s := mustAcquire(t, l)
		clk.Advance(10 * time.Millisecond)
		s.release(ctx, &result{status: http.StatusOK}, 30*time.Second)
	}
	// Now every answer takes 3 s: over 2 s and 300 times the baseline.
	for range 3 {
		s := mustAcquire(t, l)
		clk.Advance(3 * time.Second)
		s.release(ctx, &result{status: http.StatusOK}, 30*time.Second)
	}
	if got := l.current(); got != 1 {
		t.Fatalf("limit %v after answers far slower than usual, want it down to 1", got)
	}
	if got := growUnderDemand(t, l, clk, 2*newNormalRun, 3*time.Second); got < 2 {
		t.Fatalf("limit %v after %d healthy answers at the new latency: it never learned the new normal", got, 2*newNormalRun)
	}
}
