// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// emu is what Terraform talks to, served on 127.0.0.1 and counting every
// request by route: the in-process emulator, or (-server medusa) a proxy in
// front of a real server, as the measurements had.
type emu struct {
	*emulator.Server // nil in front of a real server
	url, key         string
	srv              *http.Server
	direct           *xclade.Client // to the server itself, not counted: bulk creates and clean-up

	mu          sync.Mutex
	requests    int64
	counts      map[string]int64
	first, last time.Time
}

func startEmulator(latency, jitter time.Duration) (*emu, error) {
	s := emulator.New(emulator.WithLatency(latency, jitter))
	k, err := s.CreateKey("bench-admin", "secret")
	if err != nil {
		return nil, err
	}
	return serveCounted(s, s, k.Token, "")
}

// startMedusa proxies to the server in XCLADE_TEST_BASE_URL, authenticated
// with XCLADE_TEST_API_KEY (scripts/medusa writes both).
func startMedusa() (*emu, error) {
	base, key := os.Getenv("XCLADE_TEST_BASE_URL"), os.Getenv("XCLADE_TEST_API_KEY")
	if base == "" || key == "" {
		return nil, fmt.Errorf("-server medusa needs XCLADE_TEST_BASE_URL and XCLADE_TEST_API_KEY (scripts/medusa/start.sh writes them)")
	}
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.Transport = &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 4 * time.Second}
	return serveCounted(nil, proxy, key, base)
}

func serveCounted(s *emulator.Server, h http.Handler, key, direct string) (*emu, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	e := &emu{Server: s, url: "http://" + ln.Addr().String(), key: key, counts: map[string]int64{}}
	if direct == "" {
		direct = e.url
	}
	if e.direct, err = xclade.New(xclade.Config{BaseURL: direct, APIKey: xclade.Secret(key), Settings: xclade.Settings{RequestTimeout: time.Minute}}); err != nil {
		return nil, err
	}
	e.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.ServeHTTP(w, r)
		end := time.Now()
		e.mu.Lock()
		e.requests++
		e.counts[r.Method+" "+routeOf(r.URL.Path)]++
		if e.first.IsZero() || start.Before(e.first) {
			e.first = start
		}
		if end.After(e.last) {
			e.last = end
		}
		e.mu.Unlock()
	}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = e.srv.Serve(ln) }()
	return e, nil
}

// routeOf names a path by its route, as the emulator's own counts do.
func routeOf(p string) string {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	if len(segs) >= 3 && segs[0] == "admin" && (segs[1] == "api-keys" || segs[1] == "sales-channels") {
		segs[2] = "{id}"
	}
	return "/" + strings.Join(segs, "/")
}

func (e *emu) RequestCount() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.requests
}

func (e *emu) RequestCounts() map[string]int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]int64, len(e.counts))
	for k, v := range e.counts {
		out[k] = v
	}
	return out
}

func (e *emu) reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.requests, e.counts = 0, map[string]int64{}
	e.first, e.last = time.Time{}, time.Time{}
}

func (e *emu) span() time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.first.IsZero() {
		return 0
	}
	return e.last.Sub(e.first)
}

func (e *emu) close() { _ = e.srv.Close() }

// tenantKeys is how many keys the tenant holds, revoked ones included: what
// a snapshot pages through.
func (e *emu) tenantKeys(ctx context.Context) (int, error) {
	l, err := e.direct.ListAPIKeys(ctx, xclade.ListParams{Limit: 1})
	if err != nil {
		return 0, err
	}
	return l.Count, nil
}

// bulkCreate makes n keys titled bench-<i>, alternately secret and
// publishable, as `count = n` would, without Terraform: out of band in the
// emulator, else through the API directly, 16 at a time.
func (e *emu) bulkCreate(ctx context.Context, n int) ([]string, error) {
	ids := make([]string, n)
	typ := func(i int) string {
		if i%2 == 0 {
			return "secret"
		}
		return "publishable"
	}
	if e.Server != nil {
		for i := range n {
			k, err := e.CreateKey(fmt.Sprintf("bench-%d", i), typ(i))
			if err != nil {
				return nil, err
			}
			ids[i] = k.ID
		}
		return ids, nil
	}
	err := parallel(ctx, n, func(ctx context.Context, i int) error {
		k, err := e.direct.CreateAPIKey(ctx, xclade.CreateAPIKeyRequest{Title: fmt.Sprintf("bench-%d", i), Type: typ(i)})
		if err == nil {
			ids[i] = k.ID
		}
		return err
	})
	return ids, err
}

// cleanUp deletes the keys a run against a real server revoked, so that the
// next run finds the tenant as this one did.
func (e *emu) cleanUp(ctx context.Context, ids []string) error {
	if e.Server != nil {
		return nil
	}
	return parallel(ctx, len(ids), func(ctx context.Context, i int) error {
		if _, err := e.direct.RevokeAPIKey(ctx, ids[i], 0); err != nil && !xclade.IsAlreadyRevoked(err) && !xclade.IsNotFound(err) {
			return err
		}
		return e.direct.DeleteAPIKey(ctx, ids[i])
	})
}

// parallel runs fn for 0..n-1, 16 at a time, and returns the first error.
func parallel(ctx context.Context, n int, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	errs := make(chan error, 16)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := range next {
				if err := fn(ctx, i); err != nil {
					select {
					case errs <- err:
					default:
					}
					cancel()
				}
			}
		})
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return ctx.Err()
	}
}
