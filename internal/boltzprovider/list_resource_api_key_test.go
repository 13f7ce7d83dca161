// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
)

// terraform query finds the keys made outside Terraform with the data
// source's filters: every page of the key list (130 keys of one name
// pattern at 100 a request), one workspace, revoked keys only when asked,
// never admin keys by default; the list block's limit takes the oldest.
// Each result is the key's identity, and with include_resource the
// resource as an import reads it: the secret is not in it.
func TestAccAPIKeyList_query(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	bulk := make([]string, 130)
	for i := range bulk {
		bulk[i] = createKey(t, e, fmt.Sprintf("bulk-%03d", i))
	}
	if err := e.Emulator.CreateWorkspace("ws_sandbox"); err != nil {
		t.Fatal(err)
	}
	sandbox, err := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: e.Title("sandbox"), WorkspaceID: "ws_sandbox", ExpiresInDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	revoked := createKey(t, e, "revoked")
	if err := e.Emulator.RevokeKey(revoked); err != nil {
		t.Fatal(err)
	}
	id := func(id string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}
	}
	managed := acctest.IDs{}
	prefix := regexp.QuoteMeta(e.Prefix())

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.Needs114(acctest.FeatureQuery),
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				// A key Terraform manages is found like any other.
				Config:            keyConfig(e.Title("managed"), ""),
				ConfigStateChecks: []statecheck.StateCheck{managed.Capture(addr)},
			},
			{
				Query: true,
				Config: fmt.Sprintf(`
provider "boltz" {}

list "boltz_api_key" "bulk" {
  provider = boltz
  limit    = 1000
  config {
    name_regex = "^%[1]s-bulk-"
  }
}

list "boltz_api_key" "oldest" {
  provider = boltz
  limit    = 3
  config {
    name_regex = "^%[1]s-bulk-"
  }
}

list "boltz_api_key" "everything_importable" {
  provider = boltz
  limit    = 1000
}

list "boltz_api_key" "sandbox" {
  provider         = boltz
  include_resource = true
  config {
    workspace_id = "ws_sandbox"
  }
}

list "boltz_api_key" "revoked" {
  provider = boltz
  config {
    name   = %[2]q
    status = "inactive"
  }
}

list "boltz_api_key" "admin" {
  provider = boltz
  config {
    key_type = "admin"
  }
}
`, prefix, e.Title("revoked")),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("boltz_api_key.bulk", 130),
					querycheck.ExpectIdentity("boltz_api_key.bulk", id(bulk[0])),
					querycheck.ExpectIdentity("boltz_api_key.bulk", id(bulk[129])),

					querycheck.ExpectLength("boltz_api_key.oldest", 3),
					querycheck.ExpectIdentity("boltz_api_key.oldest", id(bulk[0])),
					querycheck.ExpectIdentity("boltz_api_key.oldest", id(bulk[2])),

					// The 130, the sandbox key and the managed one: live workspace keys.
					querycheck.ExpectLength("boltz_api_key.everything_importable", 132),
					querycheck.ExpectNoIdentity("boltz_api_key.everything_importable", id(revoked)),
					querycheck.ExpectNoIdentity("boltz_api_key.everything_importable", id(e.Admin.ID)),
					lateCheck(func() querycheck.QueryResultCheck {
						return querycheck.ExpectIdentity("boltz_api_key.everything_importable", id(managed[addr]))
					}),

					querycheck.ExpectLength("boltz_api_key.sandbox", 1),
					querycheck.ExpectIdentity("boltz_api_key.sandbox", id(sandbox.ID)),
					querycheck.ExpectResourceDisplayName("boltz_api_key.sandbox", queryfilter.ByResourceIdentity(id(sandbox.ID)),
						knownvalue.StringExact(e.Title("sandbox")+" ("+sandbox.KeyPrefix+", live)")),
					querycheck.ExpectResourceKnownValues("boltz_api_key.sandbox", queryfilter.ByResourceIdentity(id(sandbox.ID)), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(sandbox.ID)},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(e.Title("sandbox"))},
						{Path: tfjsonpath.New("workspace_id"), KnownValue: knownvalue.StringExact("ws_sandbox")},
						{Path: tfjsonpath.New("expires_in_days"), KnownValue: knownvalue.Int64Exact(30)},
						{Path: tfjsonpath.New("mode"), KnownValue: knownvalue.StringExact("live")},
						{Path: tfjsonpath.New("key_prefix"), KnownValue: knownvalue.StringExact(sandbox.KeyPrefix)},
						{Path: tfjsonpath.New("is_active"), KnownValue: knownvalue.Bool(true)},
						{Path: tfjsonpath.New("key"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("rotate_after"), KnownValue: knownvalue.Null()},
					}),

					querycheck.ExpectLength("boltz_api_key.revoked", 1),
					querycheck.ExpectIdentity("boltz_api_key.revoked", id(revoked)),

					querycheck.ExpectLength("boltz_api_key.admin", 1),
					querycheck.ExpectIdentity("boltz_api_key.admin", id(e.Admin.ID)),
				},
			},
		},
	})
}

// A list block's filters are checked with the data source's rules and
// messages, and name the argument.
func TestAccAPIKeyList_queryValidation(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	query := func(config string) string {
		return "provider \"boltz\" {}\n\nlist \"boltz_api_key\" \"bad\" {\n  provider = boltz\n  config {\n    " + config + "\n  }\n}\n"
	}
	steps := []resource.TestStep{{Config: `data "boltz_api_keys" "none" { name = "none" }`}}
	for config, want := range map[string]string{
		`status = "revoked"`:                   `(?s)status.*value must be one of`,
		`name_regex = "("`:                     `(?s)Invalid name_regex`,
		`key_type = "root"`:                    `(?s)key_type.*value must be one of`,
		`workspace_id = ""`:                    `(?s)workspace_id.*at least 1`,
		`name = "a"` + "\n    names = [\"b\"]": `(?s)Invalid Attribute Combination`,
	} {
		steps = append(steps, resource.TestStep{Query: true, Config: query(config), ExpectError: regexp.MustCompile(want)})
	}
	resource.Test(t, resource.TestCase{TerraformVersionChecks: acctest.Needs114(acctest.FeatureQuery), ProtoV6ProviderFactories: e.Factories(), Steps: steps})
}

// A page of the key list that cannot be read (a 200 whose body is not the
// API's, past the first page) fails the query with what went wrong, rather
// than ending the list early as if the keys read were all there are.
func TestAccAPIKeyList_queryUnreadablePage(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	for i := range 101 {
		createKey(t, e, fmt.Sprintf("k%03d", i))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Query().Get("after_id") != "" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte("{"))
			return
		}
		e.Emulator.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.Setenv("BOLTZ_BASE_URL", srv.URL)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.Needs114(acctest.FeatureQuery),
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{Config: `data "boltz_api_keys" "none" { workspace_id = "ws_none" }`},
			{
				Query:       true,
				Config:      "provider \"boltz\" {}\n\nlist \"boltz_api_key\" \"all\" {\n  provider = boltz\n}\n",
				ExpectError: regexp.MustCompile(`(?s)Cannot list Boltz API keys.*GET /compute/v1/admin/api-keys: decoding the answer`),
			},
		},
	})
}

// lateCheck is a query check made when it runs, from what an earlier step
// captured (the managed key's id).
type lateCheck func() querycheck.QueryResultCheck

func (f lateCheck) CheckQuery(ctx context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	f().CheckQuery(ctx, req, resp)
}
