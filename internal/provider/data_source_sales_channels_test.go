// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// Sales channels are looked up by name, and their ids link a publishable
// key; server-side filters narrow the list.
func TestAccDataSourceSalesChannels(t *testing.T) {
	e := acctest.New(t)
	names := []string{e.Title("eu"), e.Title("us"), e.Title("apac")}
	ids := map[string]string{}
	for _, n := range names {
		ch, err := e.CreateSalesChannel(acctest.Context(t), n)
		if err != nil {
			t.Fatal(err)
		}
		ids[n] = ch.ID
	}
	cfg := fmt.Sprintf(`
data "xclade_sales_channels" "two" {
  names = [%q, %q]
}

data "xclade_sales_channels" "query" {
  query = %q
}

resource "xclade_api_key" "test" {
  title             = %q
  type              = "publishable"
  sales_channel_ids = data.xclade_sales_channels.two.sales_channel_ids
}
`, names[0], names[1], e.Prefix(), e.Title("key"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.xclade_sales_channels.two", tfjsonpath.New("sales_channels"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(ids[names[0]]), "name": knownvalue.StringExact(names[0]), "is_disabled": knownvalue.Bool(false)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(ids[names[1]]), "name": knownvalue.StringExact(names[1])}),
				})),
				statecheck.ExpectKnownValue("data.xclade_sales_channels.query", tfjsonpath.New("sales_channel_ids"), knownvalue.ListSizeExact(3)),
				e.KeyOnServer(addr, func(_ map[string]any, k *xclade.APIKey) error {
					got := k.SalesChannelIDs()
					if len(got) != 2 || !slices.Contains(got, ids[names[0]]) || !slices.Contains(got, ids[names[1]]) {
						return fmt.Errorf("linked %v, want the two channels found by name", got)
					}
					return nil
				}),
			},
		}},
	})
}

// A sales channel id that is not one fails at plan time; one that does not
// exist fails on the attribute, with where to look ids up.
func TestAccAPIKey_salesChannelIDErrors(t *testing.T) {
	e := acctest.New(t)
	cfg := func(id string) string {
		return keyConfig(e.Title("sc"), "publishable", fmt.Sprintf("  sales_channel_ids = [%q]", id))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				Config: cfg("default"), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)sales_channel_ids.*must\s+be\s+a\s+sales\s+channel\s+id\s+\(sc_`),
			},
			{
				Config:      cfg("sc_01J0ABCDEFGHJKMNPQRSTVWXYZ"),
				ExpectError: regexp.MustCompile(`(?s)with xclade_api_key.test,.*sales_channel_ids.*do\s+not\s+exist.*xclade_sales_channels\s+data\s+source`),
			},
		},
	})
}
