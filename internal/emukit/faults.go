// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emukit

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault describes a misbehaviour to inject into upcoming requests. Faults
// are queued; each request is matched against the queue in order and the
// first matching fault applies, its Times decremented (0 means once).
type Fault struct {
	Method string // "" matches any method
	// Path: "" matches any; otherwise a route pattern such as
	// "/admin/api-keys/{id}/revoke", an exact path, or a prefix ending in "*".
	Path  string
	Times int
	// Status, if non-zero, is answered without handling the request, with a
	// body in the API's style for that status, or Body if set.
	Status     int
	Body       string
	RetryAfter string        // Retry-After header on the faulted response
	Delay      time.Duration // wait before handling; aborted if the request context ends
	// DropBeforeHandling closes the connection without processing the
	// request (no state change).
	DropBeforeHandling bool
	// DropAfterHandling processes the request (state changes happen), then
	// closes the connection without sending the response: the lost answer
	// after which a retried create makes a second key.
	DropAfterHandling bool
}

// Faults is a queue of faults; its zero value is ready. An emulator embeds
// it, which gives it InjectFault, ClearFaults and PendingFaults.
type Faults struct {
	mu    sync.Mutex
	queue []*Fault
}

// InjectFault queues a fault.
func (q *Faults) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	q.mu.Lock()
	q.queue = append(q.queue, &f)
	q.mu.Unlock()
}

// ClearFaults drops every queued fault.
func (q *Faults) ClearFaults() {
	q.mu.Lock()
	q.queue = nil
	q.mu.Unlock()
}

// PendingFaults returns how many fault applications remain (the sum of the
// queued faults' remaining Times).
func (q *Faults) PendingFaults() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, f := range q.queue {
		n += f.Times
	}
	return n
}

func (f *Fault) matches(method, path, pattern string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	switch {
	case f.Path == "":
		return true
	case strings.HasSuffix(f.Path, "*"):
		return strings.HasPrefix(path, strings.TrimSuffix(f.Path, "*"))
	}
	return (pattern != "" && f.Path == pattern) || f.Path == path || f.Path+"/" == path
}

// TakeFault removes one application of the first fault matching the
// request.
func (q *Faults) TakeFault(method, path, pattern string) (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, f := range q.queue {
		if !f.matches(method, path, pattern) {
			continue
		}
		applied := *f
		f.Times--
		if f.Times <= 0 {
			q.queue = append(q.queue[:i], q.queue[i+1:]...)
		}
		return applied, true
	}
	return Fault{}, false
}

// Apply serves a request that a fault matched: writeStatus answers a
// Status fault without Body in the API's own error style, handle serves the
// request for real.
func Apply(w http.ResponseWriter, r *http.Request, f Fault, writeStatus func(http.ResponseWriter, *http.Request, int), handle func(http.ResponseWriter)) {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if f.DropBeforeHandling {
		DropConnection(w)
		return
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch {
	case f.Status != 0 && f.Body != "":
		ct := "text/html; charset=utf-8" // what a gateway's page is
		if b := strings.TrimSpace(f.Body); strings.HasPrefix(b, "{") || strings.HasPrefix(b, "[") {
			ct = "application/json; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
		w.WriteHeader(f.Status)
		if r.Method != http.MethodHead {
			_, _ = w.Write([]byte(f.Body))
		}
	case f.Status != 0:
		writeStatus(w, r, f.Status)
	case f.DropAfterHandling:
		handle(&discardWriter{header: http.Header{}})
		DropConnection(w)
	default:
		handle(w)
	}
}

// DropConnection closes the client connection without a response.
// Hijacking works on HTTP/1.x; elsewhere ErrAbortHandler makes net/http
// abort.
func DropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// discardWriter swallows a response that will never be sent.
type discardWriter struct {
	header http.Header
	body   bytes.Buffer
}

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) WriteHeader(int)             {}
func (d *discardWriter) Write(p []byte) (int, error) { return d.body.Write(p) }
