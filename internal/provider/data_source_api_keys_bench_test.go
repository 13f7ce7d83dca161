// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// BenchmarkReadAPIKeys10k is the provider's read of xclade_api_keys over
// 10,000 keys with the default page size, through its protocol server in
// this process (make bench adds the whole terraform plan). Target: at most
// 11 requests and under 2 s.
func BenchmarkReadAPIKeys10k(b *testing.B) {
	const keys = 10000
	ctx := context.Background()
	env := acctest.New(b)
	emu := env.NeedEmulator(b)
	for i := range keys {
		typ := "publishable"
		if i%2 == 0 {
			typ = "secret"
		}
		if _, err := emu.CreateKey(fmt.Sprintf("seed-%d", i), typ); err != nil {
			b.Fatal(err)
		}
	}
	total := len(emu.Keys())
	srv, schemas, err := acctest.ConfiguredServer(ctx, env.Factories()["xclade"])
	if err != nil {
		b.Fatal(err)
	}
	typ := schemas.DataSourceSchemas["xclade_api_keys"].ValueType()
	config := mustDynamic(b, typ, acctest.NullObject(typ, nil))
	emu.ResetRequestCounts()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "xclade_api_keys", Config: config})
		if err != nil || acctest.DiagError(resp.Diagnostics) != nil {
			b.Fatalf("read: %v %v", err, acctest.DiagError(resp.Diagnostics))
		}
		b.StopTimer()
		state, err := resp.State.Unmarshal(typ)
		if err != nil {
			b.Fatal(err)
		}
		var attrs map[string]tftypes.Value
		_ = state.As(&attrs)
		var n big.Float
		_ = attrs["total"].As(&n)
		if got, _ := n.Int64(); got != int64(total) {
			b.Fatalf("total = %d, want %d", got, total)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(emu.RequestCount())/float64(b.N), "requests/op")
}
