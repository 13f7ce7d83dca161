// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"errors"
	"math/big"
	"os"
	"runtime"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/provider"
	"github.com/xclade/terraform-provider-xclade/internal/releasectx"
)

// inProcessRead reads the xclade_api_keys data source through the
// provider's own protocol server, in this process, as Terraform would ask
// for it: it measures what the provider does (the requests, decoding, and
// building the state value) without Terraform's own handling of the answer.
type inProcessRead struct {
	wall  time.Duration
	keys  int
	alloc uint64 // bytes allocated during the read
}

func readDataSourceInProcess(ctx context.Context, e *emu, pageSize int) (inProcessRead, error) {
	var out inProcessRead
	// The provider takes its endpoint and credential from the environment
	// when the configuration has none.
	for k, v := range map[string]string{"XCLADE_BASE_URL": e.url, "XCLADE_API_KEY": e.key} {
		if err := os.Setenv(k, v); err != nil {
			return out, err
		}
	}
	srv, sch, err := acctest.ConfiguredServer(ctx, releasectx.NewWithError(provider.New("bench")()))
	if err != nil {
		return out, err
	}
	ds, ok := sch.DataSourceSchemas["xclade_api_keys"]
	if !ok {
		return out, errors.New("the provider has no xclade_api_keys data source")
	}
	dsType := ds.ValueType()
	dsCfg, err := tfprotov6.NewDynamicValue(dsType, acctest.NullObject(dsType, map[string]tftypes.Value{
		"page_size": tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(int64(pageSize))),
	}))
	if err != nil {
		return out, err
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	e.reset()
	start := time.Now()
	resp, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "xclade_api_keys", Config: &dsCfg})
	out.wall = time.Since(start)
	runtime.ReadMemStats(&after)
	out.alloc = after.TotalAlloc - before.TotalAlloc
	if err != nil {
		return out, err
	}
	if err := acctest.DiagError(resp.Diagnostics); err != nil {
		return out, err
	}
	state, err := resp.State.Unmarshal(dsType)
	if err != nil {
		return out, err
	}
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		return out, err
	}
	var keys []tftypes.Value
	if err := attrs["api_keys"].As(&keys); err != nil {
		return out, err
	}
	out.keys = len(keys)
	return out, nil
}
