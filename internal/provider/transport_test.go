// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

// What the provider does when the server, or its settings, cannot be
// trusted: it reports an error and never acts on a guess.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/provider"
	"github.com/xclade/terraform-provider-xclade/internal/releasectx"
)

// A GET answered 200 without a key proves nothing: the refresh fails and
// the key stays in state, rather than being dropped and created again.
func TestAccAPIKey_readOfUnexpectedAnswerKeepsState(t *testing.T) {
	e := acctest.New(t)
	emu := e.NeedEmulator(t)
	cfg := keyConfig(e.Title("unexpected"), "publishable", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", Status: 200, Body: `{}`, Times: 100})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Cannot read xclade API key apk_.*unexpected answer: HTTP\s+200\s+without\s+an\s+api_key`),
			},
			{
				PreConfig: emu.ClearFaults,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// offsetIgnorer answers every list request with the first page of n keys.
func offsetIgnorer(n int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		keys := []map[string]any{}
		for i := range min(limit, n) {
			keys = append(keys, map[string]any{
				"id": fmt.Sprintf("apk_%026d", i), "title": "k", "type": "publishable", "redacted": "pk_123***456",
				"created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z", "created_by": "user_1",
				"sales_channels": []any{},
			})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"api_keys": keys, "count": n, "offset": 0, "limit": limit})
	})
}

// factoriesFor serves the provider configured from env, a test's own
// server's variables.
func factoriesFor(env map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	p := provider.New("acctest", provider.WithGetenv(func(k string) string { return env[k] }))
	return map[string]func() (tfprotov6.ProviderServer, error){"xclade": releasectx.NewWithError(p())}
}

// A server that ignores offset serves the same page for ever: the data
// source fails with an error instead of showing a list that only looks
// complete.
func TestAccDataSourceAPIKeys_serverIgnoringOffset(t *testing.T) {
	srv := httptest.NewServer(offsetIgnorer(50))
	defer srv.Close()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesFor(map[string]string{"XCLADE_BASE_URL": srv.URL, "XCLADE_API_KEY": "sk_test"}),
		Steps: []resource.TestStep{{
			Config:      `data "xclade_api_keys" "all" { page_size = 5 }`,
			ExpectError: regexp.MustCompile(`(?s)Cannot\s+list\s+xclade\s+API\s+keys.*does\s+not\s+page\s+by\s+offset`),
		}},
	})
}
