// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

// A 404 that is not the API's own "not found" (a gateway's or another JSON
// framework's {"detail":"Not Found"}, as a base URL with a wrong path behind
// one answers) says nothing about the keys: refresh, import and destroy fail
// with an error naming the URL and the setting it came from, and the keys
// stay in state and live, so the next apply creates no duplicate.

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/faultproxy"
)

func TestAccAPIKey_gatewayNotFoundKeepsKeys(t *testing.T) {
	e := acctest.New(t)
	proxy := e.Proxy(t)
	title := e.Title("gw")
	cfg := fmt.Sprintf(`
resource "xclade_api_key" "s" {
  title = %q
  type  = "secret"
}

resource "xclade_api_key" "p" {
  title = %q
  type  = "publishable"
}
`, title, title)
	ids := acctest.IDs{}
	// Every key route answers like a JSON gateway that has no such path.
	gateway := func(routes ...string) func() {
		return func() {
			proxy.Clear()
			for _, route := range routes {
				method, path, _ := strings.Cut(route, " ")
				proxy.Add(faultproxy.Rule{Method: method, Path: path, Action: faultproxy.StatusBefore, Status: http.StatusNotFound,
					Body: `{"detail":"Not Found"}`, Times: 1000})
			}
		}
	}
	reads := []string{"GET /admin/api-keys/{id}", "GET /admin/api-keys"}
	writes := append([]string{"POST /admin/api-keys/{id}/revoke", "DELETE /admin/api-keys/{id}"}, reads...)
	clearError := regexp.MustCompile(`(?s)HTTP 404.*not the xclade API's own "not found".*` + regexp.QuoteMeta(proxy.URL()) + `.*XCLADE_BASE_URL`)
	bothLive := acctest.CheckFunc(func(ctx context.Context) error {
		for _, a := range []string{"xclade_api_key.s", "xclade_api_key.p"} {
			k, err := e.Client.GetAPIKey(ctx, ids[a])
			if err != nil {
				return fmt.Errorf("%s (%s): %w", a, ids[a], err)
			}
			if k.RevokedAt != nil {
				return fmt.Errorf("%s (%s) was revoked while the provider could not tell whether it exists", a, k.ID)
			}
		}
		return nil
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{ids.Capture("xclade_api_key.s"), ids.Capture("xclade_api_key.p")},
			},
			{
				// Refresh: the plan fails instead of planning two new keys.
				PreConfig:   gateway(reads...),
				Config:      cfg,
				PlanOnly:    true,
				ExpectError: clearError,
			},
			{
				PreConfig:    gateway(reads...),
				ResourceName: "xclade_api_key.s",
				ImportState:  true,
				ImportStateIdFunc: func(*terraform.State) (string, error) {
					return ids["xclade_api_key.s"], nil
				},
				ExpectError: clearError,
			},
			{
				// Destroy: neither the refresh, nor the read before a
				// publishable key's revoke, nor the revoke itself counts a
				// gateway's 404 as "already gone".
				PreConfig:   gateway(writes...),
				Config:      cfg,
				Destroy:     true,
				ExpectError: clearError,
			},
			{
				// The API again: both keys are still in state, live, and the
				// plan is empty (no duplicate to create).
				PreConfig: proxy.Clear,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("xclade_api_key.s", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("xclade_api_key.p", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					bothLive,
					stateCheck(func(ctx context.Context, s *tfjson.State) error {
						return stateIsTheServer(ctx, e, s, title, 2, nil, false)
					}),
				},
			},
		},
	})
}
