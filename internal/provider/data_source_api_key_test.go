// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/testenv"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

const dsKey = "data.xclade_api_key."

// keyChecks checks every attribute of an xclade_api_key data source against
// the key the API returned.
func keyChecks(name string, k *xclade.APIKey, channels ...string) []statecheck.StateCheck {
	var token, sales knownvalue.Check = knownvalue.Null(), knownvalue.Null()
	if k.Type == xclade.TypePublishable {
		token = knownvalue.StringExact(k.Token.Reveal())
		cs := make([]knownvalue.Check, len(channels))
		for j, c := range channels {
			cs[j] = knownvalue.StringExact(c)
		}
		sales = knownvalue.SetExact(cs)
	}
	var revokedAt, revokedBy knownvalue.Check = knownvalue.Null(), knownvalue.Null()
	if k.RevokedAt != nil {
		revokedAt = knownvalue.StringExact(xclade.FormatTime(*k.RevokedAt))
		revokedBy = knownvalue.StringExact(*k.RevokedBy)
	}
	at := func(attr string, c knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(dsKey+name, tfjsonpath.New(attr), c)
	}
	return []statecheck.StateCheck{
		at("id", knownvalue.StringExact(k.ID)),
		at("title", knownvalue.StringExact(k.Title)),
		at("type", knownvalue.StringExact(k.Type)),
		at("redacted", knownvalue.StringExact(k.Redacted)),
		at("token", token),
		at("created_at", knownvalue.StringExact(xclade.FormatTime(k.CreatedAt))),
		at("created_by", knownvalue.StringExact(k.CreatedBy)),
		at("updated_at", knownvalue.StringExact(xclade.FormatTime(k.UpdatedAt))),
		at("revoked_at", revokedAt),
		at("revoked_by", revokedBy),
		at("sales_channel_ids", sales),
	}
}

// One key by title (secret: no token), by id (publishable: its pk_ token and
// channels), and a revoked key by title; then the lookups that fail.
func TestAccDataSourceAPIKey_lookups(t *testing.T) {
	e := acctest.New(t)
	ctx := acctest.Context(t)
	secret := dsCreateKey(t, e, e.Title("backend"), xclade.TypeSecret)
	secret.Token = "" // reads never show it
	pub := dsCreateKey(t, e, e.Title("storefront"), xclade.TypePublishable)
	sc, err := e.CreateSalesChannel(ctx, e.Title("sc"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Client.UpdateAPIKeySalesChannels(ctx, pub.ID, []string{sc.ID}, nil); err != nil {
		t.Fatal(err)
	}
	revoked := dsRevoke(t, e, dsCreateKey(t, e, e.Title("old"), xclade.TypePublishable), 0)
	// A rotated key: the old one revoked, the new one live, same title.
	dsRevoke(t, e, dsCreateKey(t, e, e.Title("rotated"), xclade.TypeSecret), 0)
	rotated := dsCreateKey(t, e, e.Title("rotated"), xclade.TypeSecret)
	rotated.Token = ""
	dup1 := dsCreateKey(t, e, e.Title("dup"), xclade.TypeSecret)
	time.Sleep(5 * time.Millisecond)
	dup2 := dsCreateKey(t, e, e.Title("dup"), xclade.TypePublishable)
	dups := []*xclade.APIKey{dup1, dup2}
	slices.SortFunc(dups, func(a, b *xclade.APIKey) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	})

	one := func(args string) string {
		return fmt.Sprintf("data \"xclade_api_key\" \"test\" {\n  %s\n}\n", args)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
data "xclade_api_key" "by_title" {
  title = %q
}

data "xclade_api_key" "by_id" {
  id = %q
}

data "xclade_api_key" "revoked" {
  title           = %q
  include_revoked = true
}

data "xclade_api_key" "secret_by_id" {
  id = %q
}

data "xclade_api_key" "rotated" {
  title = %q
}
`, secret.Title, pub.ID, revoked.Title, secret.ID, rotated.Title),
				ConfigStateChecks: concat(
					keyChecks("by_title", secret),
					keyChecks("by_id", pub, sc.ID),
					keyChecks("revoked", revoked),
					keyChecks("secret_by_id", secret),
					keyChecks("rotated", rotated),
				),
			},
			{
				Config:      one(fmt.Sprintf("title = %q", e.Title("absent"))),
				ExpectError: dsErrorRE(fmt.Sprintf("The title %q matched 0 xclade API keys", e.Title("absent")), "look the key up by id"),
			},
			{
				// A revoked key is found by title only when asked for.
				Config:      one(fmt.Sprintf("title = %q", revoked.Title)),
				ExpectError: dsErrorRE(fmt.Sprintf("The title %q matched 0 xclade API keys that still work", revoked.Title), "include_revoked = true"),
			},
			{
				// Titles are not unique: both matches are named, with their redacted forms.
				Config: one(fmt.Sprintf("title = %q", dup1.Title)),
				ExpectError: dsErrorRE(fmt.Sprintf("The title %q matched 2 xclade API keys that still work:", dup1.Title),
					fmt.Sprintf("%s (%s, %s), %s (%s, %s).", dups[0].ID, dups[0].Redacted, dups[0].Type, dups[1].ID, dups[1].Redacted, dups[1].Type),
					"set id instead of title"),
			},
			{
				Config:      one(`id = "apk_01JZZZZZZZZZZZZZZZZZZZZZZZ"`),
				ExpectError: dsErrorRE(`no xclade API key with id "apk_01JZZZZZZZZZZZZZZZZZZZZZZZ"`),
			},
		},
	})
}

// Exactly one of id and title, checked at plan time.
func TestAccDataSourceAPIKey_planTimeValidation(t *testing.T) {
	e := acctest.New(t)
	for name, tc := range map[string]struct {
		args string
		want *regexp.Regexp
	}{
		"neither": {`title = null`, dsErrorRE(`Missing Attribute Configuration`, `Exactly one of these attributes must be configured: [id,title]`)},
		"both":    {"id = \"apk_1\"\n  title = \"x\"", dsErrorRE(`Invalid Attribute Combination`, `Exactly one of these attributes must be configured: [id,title]`)},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("data \"xclade_api_key\" \"test\" {\n  %s\n}\n", tc.args),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

// A key created by Terraform and read back through both data sources in the
// same configuration: reads wait for the key (its id is unknown until
// apply; a lookup by title needs depends_on), and see the same token.
func TestAccDataSourceAPIKey_withResource(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("managed")
	res := "xclade_api_key.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "xclade_api_key" "test" {
  title = %q
  type  = "publishable"
}

data "xclade_api_key" "by_id" {
  id = xclade_api_key.test.id
}

data "xclade_api_key" "by_title" {
  title      = xclade_api_key.test.title
  depends_on = [xclade_api_key.test]
}

data "xclade_api_keys" "by_ids" {
  ids = [xclade_api_key.test.id]
}
`, title),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(res, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dsKey+"by_id", tfjsonpath.New("token"), knownvalue.StringRegexp(regexp.MustCompile(`^pk_[0-9a-f]{64}$`))),
				statecheck.CompareValuePairs(res, tfjsonpath.New("token"), dsKey+"by_id", tfjsonpath.New("token"), compare.ValuesSame()),
				statecheck.CompareValuePairs(res, tfjsonpath.New("id"), dsKey+"by_title", tfjsonpath.New("id"), compare.ValuesSame()),
				statecheck.CompareValuePairs(res, tfjsonpath.New("token"), dsKey+"by_title", tfjsonpath.New("token"), compare.ValuesSame()),
				statecheck.CompareValuePairs(res, tfjsonpath.New("created_at"), dsKey+"by_id", tfjsonpath.New("created_at"), compare.ValuesSame()),
				statecheck.CompareValuePairs(res, tfjsonpath.New("redacted"), dsKeys+"by_ids", tfjsonpath.New("api_keys").AtSliceIndex(0).AtMapKey("redacted"), compare.ValuesSame()),
				statecheck.CompareValuePairs(res, tfjsonpath.New("token"), dsKeys+"by_ids", tfjsonpath.New("api_keys").AtSliceIndex(0).AtMapKey("token"), compare.ValuesSame()),
				statecheck.ExpectKnownValue(dsKeys+"by_ids", tfjsonpath.New("total"), knownvalue.Int64Exact(1)),
			},
		}},
	})
}

// Behind a server or proxy that ignores the title filter, a lookup by title
// says so instead of reporting another key, or "several keys", as the
// answer.
func TestAccDataSourceAPIKey_titleFilterIgnored(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("ds")
	for _, tt := range []string{title, title + "-other"} {
		k, err := e.Client.CreateAPIKey(acctest.Context(t), xclade.CreateAPIKeyRequest{Title: tt, Type: xclade.TypePublishable})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(acctest.Do(t, "revoke "+k.ID, func(ctx context.Context) error { _, err := e.Client.RevokeAPIKey(ctx, k.ID, 0); return err }))
	}
	e.Setenv("XCLADE_BASE_URL", testenv.TitleFilterIgnorer(t, e.BaseURL))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{{
			Config:      fmt.Sprintf("data \"xclade_api_key\" \"k\" {\n  title = %q\n}\n", title),
			ExpectError: regexp.MustCompile(`(?s)answer that ignores the title.*does\s+not\s+apply\s+the\s+xclade\s+API's\s+title\s+filter`),
		}},
	})
}
