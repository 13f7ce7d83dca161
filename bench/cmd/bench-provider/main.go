// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Command bench-provider is the provider as shipped, with its read
// coalescing set from the environment, for make bench to measure the
// refresh with coalescing off (one GET per read) or with batches only. The
// shipped binary (main.go) reads no such variable.
//
//	XCLADE_BENCH_COALESCING  "" (on), "batch-only" or "off" (xclade.ReadCoalescing.Mode)
//	XCLADE_BENCH_BATCH_WINDOW  a duration such as "5ms" (xclade.ReadCoalescing.BatchWindow)
package main

import (
	"log"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/xclade/terraform-provider-xclade/internal/provider"
	"github.com/xclade/terraform-provider-xclade/internal/releasectx"
	"github.com/xclade/terraform-provider-xclade/internal/runtimedefaults"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

func main() {
	runtimedefaults.Apply()
	rc := xclade.ReadCoalescing{Mode: os.Getenv("XCLADE_BENCH_COALESCING")}
	if w := os.Getenv("XCLADE_BENCH_BATCH_WINDOW"); w != "" {
		d, err := time.ParseDuration(w)
		if err != nil {
			log.Fatalf("XCLADE_BENCH_BATCH_WINDOW: %v", err)
		}
		rc.BatchWindow = d
	}
	p := provider.New("bench", provider.WithReadCoalescing(rc))
	if err := tf6server.Serve("registry.terraform.io/xclade/xclade", releasectx.New(p())); err != nil {
		log.Fatal(err)
	}
}
