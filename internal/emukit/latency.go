// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emukit

import (
	"context"
	"time"
)

// Hold waits d before a request is served, as a remote server's answer
// takes time; false when ctx ended first (the client gave up), and the
// request is then not served. A d of zero or less does not wait.
func Hold(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
