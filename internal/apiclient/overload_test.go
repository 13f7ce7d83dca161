// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package apiclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// jammedServer answers nothing until jammedFor has passed since it
// started (as a server whose database pool is deadlocked), then 200.
func jammedServer(t *testing.T, jammedFor time.Duration) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var requests atomic.Int32
	start := time.Now()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		select {
		case <-time.After(time.Until(start.Add(jammedFor))):
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{}`))
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

func jammedClient(t *testing.T, url string) *Client {
	return newTestClient(t, url, func(c *Config) {
		c.MaxRetries, c.RequestTimeout, c.MinRetryDelay, c.MaxRetryDelay = 1, 50*time.Millisecond, time.Millisecond, 20*time.Millisecond
	})
}

// A call that makes no progress because the server is saturated waits for
// it within the operation's deadline, beyond max_retries, instead of
// failing: a destroy then outlasts the storm rather than failing key by key.
func TestOverloadedServerIsWaitedFor(t *testing.T) {
	srv, requests := jammedServer(t, 600*time.Millisecond)
	c := jammedClient(t, srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := c.Do(ctx, Call{Method: http.MethodGet, Path: "/things", Idempotent: true}); err != nil {
		t.Fatalf("after %d requests: %v", requests.Load(), err)
	}
	// Paced: a request given up on keeps its slot for a request_timeout,
	// so at most one is sent per 2 request_timeouts while the server is jammed.
	if n := requests.Load(); n > 8 {
		t.Errorf("%d requests in 600 ms to a server that answers none, with a 50 ms request_timeout", n)
	}
}

// When the operation's deadline comes first, the error says the server was
// overloaded, for how long, and what to tune.
func TestOverloadErrorSaysWhatToTune(t *testing.T) {
	srv, _ := jammedServer(t, time.Hour)
	c := jammedClient(t, srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, Call{Method: http.MethodPost, Path: "/things/1/revoke", Idempotent: true})
	var overload *OverloadError
	if !errors.As(err, &overload) {
		t.Fatalf("%v (%T), want an OverloadError", err, err)
	}
	if overload.Lasted < 300*time.Millisecond || overload.Lasted > 500*time.Millisecond {
		t.Errorf("overloaded for %s, want the time since the first timeout", overload.Lasted)
	}
	for _, want := range []string{"test API was overloaded", "no answer within request_timeout", "max_concurrent_requests (now 8)", "timeouts {", "left the object as it was"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
	// A call that is not idempotent keeps its own error: whether it was
	// applied is what matters there.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	_, err = c.Do(ctx2, Call{Method: http.MethodPost, Path: "/things"})
	var amb *AmbiguousError
	if errors.As(err, &overload) || !errors.As(err, &amb) {
		t.Errorf("create: %v (%T), want an AmbiguousError alone", err, err)
	}
}
