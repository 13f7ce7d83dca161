// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package bench holds Go benchmarks of the client against the in-process
// emulator; the Terraform-level benchmarks are cmd/xclade-bench (make bench).
package bench

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// BenchmarkListAllKeys pages through 10,000 keys with the page sizes the
// xclade_api_keys data source may use, and reports requests per listing.
func BenchmarkListAllKeys(b *testing.B) {
	emu := emulator.New()
	srv := httptest.NewServer(emu)
	b.Cleanup(srv.Close)
	admin, err := emu.CreateKey("bench-admin", "secret")
	if err != nil {
		b.Fatal(err)
	}
	for i := range 10000 {
		typ := "publishable"
		if i%2 == 0 {
			typ = "secret"
		}
		if _, err := emu.CreateKey(fmt.Sprintf("seed-%d", i), typ); err != nil {
			b.Fatal(err)
		}
	}
	c, err := xclade.New(xclade.Config{BaseURL: srv.URL, APIKey: xclade.Secret(admin.Token)})
	if err != nil {
		b.Fatal(err)
	}
	total := len(emu.Keys())
	for _, pageSize := range []int{100, 250, 500, 1000} {
		b.Run(fmt.Sprintf("page_size=%d", pageSize), func(b *testing.B) {
			emu.ResetRequestCounts()
			for range b.N {
				n := 0
				for _, err := range c.AllAPIKeys(context.Background(), xclade.ListParams{}, pageSize) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != total {
					b.Fatalf("listed %d keys, want %d", n, total)
				}
			}
			b.ReportMetric(float64(emu.RequestCount())/float64(b.N), "requests/op")
		})
	}
}
