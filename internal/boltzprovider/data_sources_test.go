// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
)

const listRoute = "GET /compute/v1/admin/api-keys"

// The data source pages through more than 100 keys (the emulator's own
// page size is 20, the provider asks for 100) and filters client-side.
func TestAccAPIKeysDataSource_pagingAndFilters(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	if err := e.Emulator.CreateWorkspace("ws_other"); err != nil {
		t.Fatal(err)
	}
	for i := range 130 {
		spec := boltzemulator.KeySpec{Name: e.Title("bulk-" + strconv.Itoa(i%3)), Test: i%2 == 1}
		if i >= 120 {
			spec.WorkspaceID = "ws_other"
		}
		k, err := e.Emulator.CreateWorkspaceKey(spec)
		if err != nil {
			t.Fatal(err)
		}
		if i%10 == 0 {
			if err := e.Emulator.RevokeKey(k.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	prefix := regexp.QuoteMeta(e.Prefix())
	total := func(name string, n int) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.boltz_api_keys."+name, tfjsonpath.New("total"), knownvalue.Int64Exact(int64(n)))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{{
			PreConfig: e.Emulator.ResetRequestCounts,
			Config: fmt.Sprintf(`
data "boltz_api_keys" "any"      { status = "any" }
data "boltz_api_keys" "active"   { name_regex = "^%[1]s" }
data "boltz_api_keys" "inactive" {
  name_regex = "^%[1]s"
  status     = "inactive"
}
data "boltz_api_keys" "other"    {
  workspace_id = "ws_other"
  status       = "any"
}
data "boltz_api_keys" "names"    {
  names = ["%[2]s", "%[3]s"]
  mode  = "test"
}
data "boltz_api_keys" "admin"    { key_type = "admin" }
data "boltz_api_key" "one"       { id = data.boltz_api_keys.other.key_ids[0] }
`, prefix, e.Title("bulk-0"), e.Title("bulk-1")),
			ConfigStateChecks: []statecheck.StateCheck{
				total("any", 131), // and the admin key
				total("active", 117),
				total("inactive", 13),
				total("other", 10),
				total("admin", 1),
				// bulk-0 and bulk-1 with odd i: i%3 in {0,1} and i odd, active.
				acctest.StateFunc(func(v map[string]map[string]any) error {
					want := 0
					for i := range 130 {
						if i%2 == 1 && i%3 != 2 && i%10 != 0 {
							want++
						}
					}
					if got := fmt.Sprint(v["data.boltz_api_keys.names"]["total"]); got != strconv.Itoa(want) {
						return fmt.Errorf("names+mode matched %s keys, want %d", got, want)
					}
					if v["data.boltz_api_key.one"]["workspace_id"] != "ws_other" {
						return fmt.Errorf("boltz_api_key by id: %v", v["data.boltz_api_key.one"])
					}
					return nil
				}),
				acctest.CheckFunc(func(context.Context) error {
					// 131 keys at 100 a page: 2 requests per full listing, never one per key.
					if n := e.Emulator.RequestCounts()[listRoute]; n > 20 {
						return fmt.Errorf("%d list requests", n)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccAPIKeyDataSource_byName(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	unique := createKey(t, e, "unique")
	createKey(t, e, "twice")
	createKey(t, e, "twice")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`data "boltz_api_key" "k" { name = %q }`, e.Title("unique")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.boltz_api_key.k", tfjsonpath.New("id"), knownvalue.StringExact(unique)),
					statecheck.ExpectKnownValue("data.boltz_api_key.k", tfjsonpath.New("usable"), knownvalue.Bool(true)),
				},
			},
			{Config: fmt.Sprintf(`data "boltz_api_key" "k" { name = %q }`, e.Title("twice")),
				ExpectError: regexp.MustCompile(`(?s)2 Boltz API keys are named.*Select one by id`)},
			{Config: fmt.Sprintf(`data "boltz_api_key" "k" { name = %q }`, e.Title("none")),
				ExpectError: regexp.MustCompile(`(?s)0 Boltz API keys are named.*No key, revoked or not`)},
			{Config: `data "boltz_api_key" "k" { id = "key_nope" }`, ExpectError: regexp.MustCompile(`No Boltz API key key_nope`)},
		},
	})
}

// A refresh of 250 keys reads them through one shared listing: three list
// requests (100 a page), however many keys, where one listing per key
// would be 750. Called as Terraform calls it: every ReadResource at once.
func TestRefresh250Keys_requestCount(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := acctest.NewBoltz(t)
	srv, schemas, err := acctest.ConfiguredServer(ctx, e.Factories()["boltz"])
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.ResourceSchemas["boltz_api_key"].ValueType()
	ids := make([]string, 250)
	for i := range ids {
		ids[i] = createKey(t, e, "r"+strconv.Itoa(i))
	}
	e.Emulator.ResetRequestCounts()
	var wg sync.WaitGroup
	errs := make(chan error, len(ids))
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			prior := mustDynamic(t, typ, acctest.NullObject(typ, map[string]tftypes.Value{
				"id": tftypes.NewValue(tftypes.String, id), "name": tftypes.NewValue(tftypes.String, "x"),
			}))
			resp, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "boltz_api_key", CurrentState: prior})
			if err == nil {
				err = acctest.DiagError(resp.Diagnostics)
			}
			if err == nil {
				var v tftypes.Value
				if v, err = resp.NewState.Unmarshal(typ); err == nil && v.IsNull() {
					err = fmt.Errorf("%s left state", id)
				}
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// 251 keys (and the admin key) at 100 a page.
	if got := e.Emulator.RequestCounts(); got[listRoute] != 3 || len(got) != 1 {
		t.Errorf("a refresh of 250 keys sent %v, want %s ×3", got, listRoute)
	}
}
