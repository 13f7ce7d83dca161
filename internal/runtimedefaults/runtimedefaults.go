// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package runtimedefaults sets the provider processes' logging and garbage
// collection defaults, each only where the user has not chosen otherwise.
// Each is kept because it is measured (bench/results.md, "Speed devices"):
// without the first, a refresh of 1,000 xclade keys takes about twice as
// long; without the second, a refresh of 3,000 keys takes a third longer,
// for about half the peak memory. The provider docs' "Performance
// settings" say how to turn each off.
package runtimedefaults

import (
	"os"
	"runtime/debug"
	"strings"
)

// Apply sets two defaults:
//   - Without any TF_LOG* setting Terraform discards the provider's logs,
//     yet the plugin SDK still formats them at TRACE: over half of the
//     provider's CPU on a large refresh. Then, and only then, the SDK's own
//     logs are turned off; any TF_LOG* variable (TF_LOG, TF_LOG_PROVIDER,
//     TF_LOG_SDK_PROTO, …) leaves every setting as the user made it.
//   - The provider's live heap stays small (a few MiB, see
//     internal/releasectx) while a large plan allocates gigabytes of
//     short-lived values, so the default GOGC=100 collects every few MiB.
//     GOGC=400 collects a quarter as often. GOGC overrides it. No memory
//     limit is set: the heap of a large plan (78 MiB at 10,000 keys) is the
//     user's workload, not something to squeeze under a benchmark's figure.
func Apply() { apply(os.Environ, os.Setenv, debug.SetGCPercent) }

func apply(environ func() []string, setenv func(string, string) error, setGCPercent func(int) int) {
	userLogs, userGC := false, false
	for _, kv := range environ() {
		name, value, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "TF_LOG") && value != "":
			userLogs = true
		case name == "GOGC" && value != "":
			userGC = true
		}
	}
	if !userLogs {
		for _, v := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
			_ = setenv(v, "off")
		}
	}
	if !userGC {
		setGCPercent(400)
	}
}
