package boltzemulator

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault describes a misbehaviour to inject into upcoming requests. Faults
// are queued; each request is matched against the queue in order and the
// first matching fault applies, its Times decremented (0 means once).
type Fault struct {
	Method string // "" matches any method
	// Path: "" matches any; otherwise a route pattern such as
	// "/compute/v1/admin/api-keys/{id}/revoke", an exact path, or a prefix
	// ending in "*".
	Path  string
	Times int
	// Status, if non-zero, is answered without handling the request, with a
	// body in the contract's style for that status, or Body if set.
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

// InjectFault queues a fault.
func (s *Server) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.faultsMu.Lock()
	s.faults = append(s.faults, &f)
	s.faultsMu.Unlock()
}

// ClearFaults drops every queued fault.
func (s *Server) ClearFaults() {
	s.faultsMu.Lock()
	s.faults = nil
	s.faultsMu.Unlock()
}

// PendingFaults returns how many fault applications remain (the sum of the
// queued faults' remaining Times).
func (s *Server) PendingFaults() int {
	s.faultsMu.Lock()
	defer s.faultsMu.Unlock()
	n := 0
	for _, f := range s.faults {
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
	return (pattern != "" && f.Path == pattern) || f.Path == path
}

func (s *Server) takeFault(method, path, pattern string) (Fault, bool) {
	s.faultsMu.Lock()
	defer s.faultsMu.Unlock()
	for i, f := range s.faults {
		if !f.matches(method, path, pattern) {
			continue
		}
		applied := *f
		f.Times--
		if f.Times <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return applied, true
	}
	return Fault{}, false
}

func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f Fault, handle func(http.ResponseWriter)) {
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
		dropConnection(w)
		return
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Status != 0 {
		if f.Body != "" {
			ct := "text/plain; charset=utf-8"
			if b := strings.TrimSpace(f.Body); strings.HasPrefix(b, "{") || strings.HasPrefix(b, "[") {
				ct = "application/json"
			}
			w.Header().Set("Content-Type", ct)
			w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
			w.WriteHeader(f.Status)
			_, _ = w.Write([]byte(f.Body))
			return
		}
		writeError(w, errForStatus(f.Status))
		return
	}
	if f.DropAfterHandling {
		handle(&discardWriter{header: http.Header{}})
		dropConnection(w)
		return
	}
	handle(w)
}

// dropConnection closes the client connection without a response. Hijacking
// works on HTTP/1.x; elsewhere ErrAbortHandler makes net/http abort.
func dropConnection(w http.ResponseWriter) {
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
