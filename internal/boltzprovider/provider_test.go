// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
)

// A workspace key as the provider's key is one error on the provider block,
// from one cheap request, not one error per resource.
func TestAccProvider_workspaceKey(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	ws, err := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "ws"})
	if err != nil {
		t.Fatal(err)
	}
	three := `
resource "boltz_api_key" "a" { name = "` + e.Title("a") + `" }
resource "boltz_api_key" "b" { name = "` + e.Title("b") + `" }
data "boltz_api_keys" "all" {}
`
	e.Setenv("BOLTZ_API_KEY", ws.Secret)
	e.Emulator.ResetRequestCounts()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{Config: three, ExpectError: regexp.MustCompile(`(?s)Boltz API key cannot manage keys.*from the environment variable BOLTZ_API_KEY.*admin key`)},
			{Config: `provider "boltz" {
  api_key = "` + ws.Secret + `"
}` + three, ExpectError: regexp.MustCompile(`(?s)Boltz API key cannot manage keys.*with provider\["registry\.(terraform\.io|opentofu\.org)/[a-z]+/boltz"\].*api_key.*from the api_key\s+attribute`)},
		},
	})
	counts := e.Emulator.RequestCounts()
	for route, n := range counts {
		if route != "GET /compute/v1/admin/api-keys" {
			t.Errorf("a refused provider sent %d %s", n, route)
		}
	}
	if len(e.LiveKeysNamed(t, e.Prefix())) != 0 {
		t.Error("a key was created with a refused provider")
	}
}

// Configuration beats the environment, and a refused key names its source
// without showing the secret.
func TestAccProvider_refusedKeyAndPrecedence(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	e.Setenv("BOLTZ_API_KEY", "sk_bc_admin_live_notarealkey0000")
	const bad = "sk_bc_admin_live_alsonotarealkey11"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{Config: `data "boltz_api_keys" "all" {}`, ExpectError: regexp.MustCompile(`(?s)Boltz API key refused.*BOLTZ_API_KEY`)},
			{
				// The configured key wins over the (also wrong) environment one.
				Config:      `provider "boltz" { api_key = "` + bad + `" }` + "\n" + `data "boltz_api_keys" "all" {}`,
				ExpectError: regexp.MustCompile(`(?s)Boltz API key refused.*the api_key\s+attribute`),
			},
			{
				// base_url from configuration beats BOLTZ_BASE_URL, and the
				// right key from configuration beats the environment's.
				PreConfig: func() { e.Setenv("BOLTZ_BASE_URL", "http://127.0.0.1:1") },
				Config: `provider "boltz" {
  api_key  = "` + e.Admin.Secret + `"
  base_url = "` + e.BaseURL + `"
}
data "boltz_api_keys" "all" { status = "any" }`,
			},
		},
	})
}
