// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package apiclient

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// The AIMD rules, step by step: one halving per congestion episode, growth
// only while callers wait, never above the ceiling nor below one.
func TestLimiterAIMD(t *testing.T) {
	ctx := context.Background()
	l := newLimiter(8, time.Second)
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
		t.Fatalf("limit %d after one episode, want 4", got)
	}
	// A request sent after that decrease fails too: a second episode.
	s, _ := l.acquire(ctx)
	s.release(ctx, busy, time.Minute)
	if got := l.current(); got != 2 {
		t.Fatalf("limit %d after two episodes, want 2", got)
	}
	for range 5 {
		s, _ := l.acquire(ctx)
		time.Sleep(time.Millisecond)
		s.release(ctx, busy, time.Minute)
	}
	if got := l.current(); got != 1 {
		t.Fatalf("limit %d, want the floor of 1", got)
	}

	// Healthy answers with nobody waiting: no growth.
	for range 20 {
		s, _ := l.acquire(ctx)
		s.release(ctx, ok, time.Minute)
	}
	if got := l.current(); got != 1 {
		t.Fatalf("limit %d grew without demand", got)
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
		t.Fatalf("limit %d after 200 healthy answers under demand, want between 4 and the ceiling 8", got)
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
