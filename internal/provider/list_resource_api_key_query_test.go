// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

// The xclade_api_key list resource under a real `terraform query`
// (Terraform 1.14+): what users see, where list_resource_api_key_test.go
// makes the protocol calls itself.

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// foundIDs is a query check: the list block at addr found exactly want,
// in this order (by the identity of each result).
type foundIDs struct {
	addr string
	want []string
}

func (f foundIDs) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	var got []string
	for _, r := range req.Query {
		if strings.TrimPrefix(r.Address, "list.") == f.addr {
			id, _ := r.Identity["id"].(string)
			got = append(got, id)
		}
	}
	if !slices.Equal(got, f.want) {
		resp.Error = fmt.Errorf("%s found %v, want %v", f.addr, got, f.want)
	}
}

// listRequests is a query check on the emulator: the walk asked for at
// least min pages.
func listRequests(e *acctest.Env, minimum int64) querycheck.QueryResultCheck {
	return queryCheckFunc(func() error {
		if e.Emulator == nil {
			return nil // a real server's requests are not counted
		}
		if n := e.Emulator.RequestCounts()["GET /admin/api-keys"]; n < minimum {
			return fmt.Errorf("terraform query made %d list requests, want at least %d (it must page)", n, minimum)
		}
		return nil
	})
}

type queryCheckFunc func() error

func (f queryCheckFunc) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	resp.Error = f()
}

// Five keys of this test, one of them revoked, found by terraform query:
// across pages of two, with each filter, with the list block's limit, with
// the identity in every result, and with the resource when
// include_resource asks for it. A filter the API cannot take is refused.
func TestAccAPIKeyListQuery(t *testing.T) {
	acctest.SkipBelow114(t, acctest.FeatureQuery) // before any key is made
	e := acctest.New(t)
	k := newFiveKeys(t, e)
	secret, publishable, revoked, live := k.secret, k.publishable, k.revoked, k.live
	list := func(name, extra, config string) string {
		return fmt.Sprintf(`
list "xclade_api_key" %q {
  provider = xclade
%s
  config {
    query     = %q
    page_size = 2
%s
  }
}
`, name, extra, e.Prefix(), config)
	}
	const providerBlock = "provider \"xclade\" {}\n"

	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks:   acctest.Needs114(acctest.FeatureQuery),
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []tfresource.TestStep{
			// The provider block, in the configuration that the query files sit beside.
			{Config: providerBlock},
			{
				// Four live keys at two a page: more than one page.
				PreConfig: func() {
					if e.Emulator != nil {
						e.Emulator.ResetRequestCounts()
					}
				},
				Query:  true,
				Config: list("mine", "", ""),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("xclade_api_key.mine", len(live)),
					foundIDs{"xclade_api_key.mine", live},
					querycheck.ExpectIdentity("xclade_api_key.mine", map[string]knownvalue.Check{"id": knownvalue.StringExact(live[0])}),
					querycheck.ExpectResourceDisplayName("xclade_api_key.mine",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(secret[0])}),
						knownvalue.StringRegexp(regexp.MustCompile(`^`+regexp.QuoteMeta(k.titles[secret[0]])+` \(secret, sk_.*\*\*\*.*\)$`))),
					listRequests(e, 2),
				},
			},
			{
				Query: true,
				Config: list("publishable", "", `    type = "publishable"`) +
					list("any", "", `    status = "any"`) +
					list("revoked", "", `    status = "revoked"`) +
					list("by_ids", "", fmt.Sprintf("    ids = [%q, %q]", secret[1], revoked)) +
					list("newest", "", `    order = "-id"`) +
					list("limited", "  limit = 3", ""),
				QueryResultChecks: []querycheck.QueryResultCheck{
					foundIDs{"xclade_api_key.publishable", publishable},
					foundIDs{"xclade_api_key.any", slices.Sorted(slices.Values(append(slices.Clone(secret), publishable...)))},
					foundIDs{"xclade_api_key.revoked", []string{revoked}},
					foundIDs{"xclade_api_key.by_ids", []string{secret[1]}},
					foundIDs{"xclade_api_key.newest", reversed(live)},
					foundIDs{"xclade_api_key.limited", live[:3]},
				},
			},
			{
				// With include_resource, each result carries the resource as an import reads it.
				Query:  true,
				Config: list("full", "  include_resource = true", fmt.Sprintf("    ids = [%q, %q]", secret[0], publishable[0])),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("xclade_api_key.full", 2),
					querycheck.ExpectResourceKnownValues("xclade_api_key.full",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(secret[0])}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(secret[0])},
							{Path: tfjsonpath.New("title"), KnownValue: knownvalue.StringExact(k.titles[secret[0]])},
							{Path: tfjsonpath.New("type"), KnownValue: knownvalue.StringExact("secret")},
							{Path: tfjsonpath.New("token"), KnownValue: knownvalue.Null()}, // a secret key's token is never readable
							{Path: tfjsonpath.New("revoke_delay"), KnownValue: knownvalue.StringExact("0s")},
							{Path: tfjsonpath.New("revoked_at"), KnownValue: knownvalue.Null()},
						}),
					querycheck.ExpectResourceKnownValues("xclade_api_key.full",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(publishable[0])}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("type"), KnownValue: knownvalue.StringExact("publishable")},
							{Path: tfjsonpath.New("token"), KnownValue: knownvalue.StringRegexp(regexp.MustCompile(`^pk_`))},
						}),
				},
			},
			{
				Query:       true,
				Config:      list("bad", "", `    status = "live"`),
				ExpectError: regexp.MustCompile(`(?s)status.*value must be one of`),
			},
		},
	})
}

// What the list resource is for: terraform query -generate-config-out
// writes an import block and a resource for every key found, and applying
// that file imports the keys with no change planned afterwards. The
// provider is a plugin binary, as for users (terraform-plugin-testing's
// query step cannot write configuration).
func TestAccAPIKeyListQueryGenerateConfig(t *testing.T) {
	acctest.SkipBelow114(t, acctest.FeatureQuery)
	e := acctest.New(t)
	var ids []string
	for _, typ := range []string{xclade.TypeSecret, xclade.TypePublishable} {
		ids = append(ids, e.CreateKey(t, e.Title("found-"+typ), typ).ID)
	}
	m := acctest.BuildMirror(t, "xclade", ".")
	w := acctest.NewWorkdir(t, m, "XCLADE_", e.Vars())
	w.Write("main.tf", m.RequiredProviders("xclade")+"\nprovider \"xclade\" {}\n")
	w.Write("keys.tfquery.hcl", fmt.Sprintf(`
list "xclade_api_key" "found" {
  provider         = xclade
  include_resource = true

  config {
    query = %q
  }
}
`, e.Prefix()))
	w.MustRun("init", "-input=false")
	out := w.MustRun("query", "-generate-config-out=generated.tf")
	t.Logf("terraform query:\n%s", out)
	generated := acctest.ParseConfig(t, "generated.tf", w.Read("generated.tf"))
	imports := generated.Blocks("import")
	resources := generated.Blocks("resource", "xclade_api_key")
	if len(imports) != len(ids) || len(resources) != len(ids) {
		t.Fatalf("generated.tf: %d import blocks and %d resources, want %d of each:\n%s", len(imports), len(resources), len(ids), w.Read("generated.tf"))
	}
	for _, id := range ids {
		if !strings.Contains(w.Read("generated.tf"), id) {
			t.Errorf("generated.tf does not import %s", id)
		}
	}

	// The query file is not part of a plan or apply.
	out = w.MustRun("apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, fmt.Sprintf("%d imported, 0 added, 0 changed, 0 destroyed", len(ids))) {
		t.Errorf("the apply of generated.tf should import %d keys and change nothing:\n%s", len(ids), out)
	}
	out, err := w.Run("plan", "-detailed-exitcode", "-input=false")
	if code := acctest.ExitCode(err); code != 0 {
		t.Errorf("a plan after the import should show no change (exit %d, want 0):\n%s", code, out)
	}

	// Imported means managed: destroy revokes both, and only them.
	w.MustRun("destroy", "-auto-approve", "-input=false")
	for _, id := range ids {
		k, err := e.Client.GetAPIKey(acctest.Context(t), id)
		if err != nil || k.RevokedAt == nil {
			t.Errorf("%s after destroy: %v (%v)", id, k, err)
		}
	}
}
