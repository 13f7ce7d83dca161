// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/emukit"
)

// WithLatency holds every request for fixed plus a uniformly random part of
// up to jitter before serving it, as a real server's answers take tens of
// milliseconds (Medusa on the bench machine: 30–80 ms) where the emulator's
// take microseconds. Whatever depends on how long a run takes (a refresh
// outlasting a cache, say) then shows against the emulator too. A request
// whose client gives up while it is held is not served.
func WithLatency(fixed, jitter time.Duration) Option {
	return func(s *Server) { s.latency, s.jitter = max(fixed, 0), max(jitter, 0) }
}

// hold waits out the latency of one request; false if its client gave up.
func (s *Server) hold(r *http.Request) bool {
	d := s.latency
	if s.jitter > 0 {
		d += rand.N(s.jitter + 1)
	}
	return emukit.Hold(r.Context(), d)
}
