// Package runtimedefaults holds the process settings the provider binary
// starts with (logging and garbage collection), measured by make bench.
package runtimedefaults

import (
	"os"
	"runtime/debug"
)

// Apply sets three defaults that make bench measured, each only when
// the user has not chosen otherwise:
//   - Without any TF_LOG setting Terraform discards the provider's logs, yet
//     the plugin SDK still formats them at TRACE: about 40% of the
//     provider's CPU on a large refresh. Turn the SDK's own logs off then;
//     TF_LOG (or TF_LOG_SDK*) brings them back.
//   - The provider's live heap stays small (a few MiB, see
//     internal/protocol) while a large plan allocates gigabytes of short-lived
//     values, so the default GOGC=100 collects every few MiB. GOGC=400
//     collects a quarter as often; a soft memory limit of 64 MiB bounds the
//     heap whatever the percentage. GOGC and GOMEMLIMIT override them.
func Apply() {
	if os.Getenv("TF_LOG") == "" && os.Getenv("TF_LOG_PROVIDER") == "" && os.Getenv("TF_LOG_SDK") == "" {
		for _, v := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
			_ = os.Setenv(v, "off")
		}
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}
