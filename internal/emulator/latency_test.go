// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// A request held by WithLatency is still answered; one whose client gives up
// while it is held is not served (no timing is asserted).
func TestWithLatency(t *testing.T) {
	s := New(WithLatency(time.Millisecond, time.Millisecond))
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/health", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("held request: status %d", rec.Code)
	}

	s = New(WithLatency(time.Hour, 0))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/health", nil).WithContext(ctx))
	if rec.Body.Len() != 0 || s.RequestCount() != 0 {
		t.Errorf("a request given up while held was served: %q, %d counted", rec.Body.String(), s.RequestCount())
	}
}
