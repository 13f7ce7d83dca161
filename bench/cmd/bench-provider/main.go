// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Command bench-provider is the provider as shipped, with its read
// coalescing and its speed devices set from the environment, for make bench
// to measure the refresh with coalescing off (one GET per read), with
// batches only, or with one device turned off. The shipped binary (main.go)
// reads no such variable; this is the one place that reads them.
//
//	XCLADE_BENCH_COALESCING  "" (on), "batch-only" or "off" (xclade.ReadCoalescing.Mode)
//	XCLADE_BENCH_BATCH_WINDOW  a duration such as "5ms" (xclade.ReadCoalescing.BatchWindow)
//	XCLADE_BENCH_OFF  comma-separated devices to turn off (bench/results.md, "Speed devices"):
//	  conversion  xclade_api_key converts through the framework's reflection (tfsdk.State.Get/Set), not tfkit.Model
//	  sdklogs     the plugin SDK's logs stay as the SDK sets them (internal/runtimedefaults)
//	  gogc        the Go default GOGC=100 (internal/runtimedefaults)
//	  releasectx  served by providerserver as is, without internal/releasectx
//	  snapshot    coalesced reads without snapshots (batch-only)
package main

import (
	"log"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/xclade/terraform-provider-xclade/internal/provider"
	"github.com/xclade/terraform-provider-xclade/internal/releasectx"
	"github.com/xclade/terraform-provider-xclade/internal/runtimedefaults"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

func main() {
	off := strings.Split(os.Getenv("XCLADE_BENCH_OFF"), ",")
	for _, d := range off {
		if d != "" && !slices.Contains([]string{"conversion", "sdklogs", "gogc", "releasectx", "snapshot"}, d) {
			log.Fatalf("XCLADE_BENCH_OFF: unknown device %q", d)
		}
	}
	// runtimedefaults leaves alone what the user set: a GOGC (the runtime
	// has already started with its default 100) or any TF_LOG* variable (one
	// that no logger reads).
	if slices.Contains(off, "gogc") {
		_ = os.Setenv("GOGC", "100")
	}
	if slices.Contains(off, "sdklogs") {
		_ = os.Setenv("TF_LOG_XCLADE_BENCH", "keep")
	}
	runtimedefaults.Apply()
	rc := xclade.ReadCoalescing{Mode: os.Getenv("XCLADE_BENCH_COALESCING")}
	if rc.Mode == "" && slices.Contains(off, "snapshot") {
		rc.Mode = xclade.CoalescingBatchOnly
	}
	if w := os.Getenv("XCLADE_BENCH_BATCH_WINDOW"); w != "" {
		d, err := time.ParseDuration(w)
		if err != nil {
			log.Fatalf("XCLADE_BENCH_BATCH_WINDOW: %v", err)
		}
		rc.BatchWindow = d
	}
	opts := []provider.Option{provider.WithReadCoalescing(rc)}
	if slices.Contains(off, "conversion") {
		opts = append(opts, provider.WithFrameworkConversion())
	}
	p := provider.New("bench", opts...)
	factory := releasectx.New(p())
	if slices.Contains(off, "releasectx") {
		factory = providerserver.NewProtocol6(p())
	}
	if err := tf6server.Serve("registry.terraform.io/xclade/xclade", factory); err != nil {
		log.Fatal(err)
	}
}
