// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// import {} blocks plan a no-op import against a matching configuration,
// and -generate-config-out writes a configuration that imports cleanly.
func TestAccAPIKey_importBlock(t *testing.T) {
	for _, typ := range []string{"secret", "publishable"} {
		t.Run(typ, func(t *testing.T) {
			e := acctest.New(t)
			cfg := keyConfig(e.Title("import-"+typ), typ, "")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckDestroyRevoked,
				Steps: []resource.TestStep{
					{Config: cfg},
					{
						Config:          cfg,
						ResourceName:    addr,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithID,
						ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
							plancheck.ExpectKnownValue(addr, tfjsonpath.New("revoke_delay"), knownvalue.StringExact("0s")),
							plancheck.ExpectKnownValue(addr, tfjsonpath.New("delete_on_destroy"), knownvalue.Bool(false)),
						}},
					},
					{
						ResourceName:    addr,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithID,
						GenerateConfig:  true,
					},
				},
			})
		})
	}
}

// Importing a key that cannot be managed says why, in the user's terms.
func TestAccAPIKey_importExplainsRevokedAndMissing(t *testing.T) {
	e := acctest.New(t)
	revoked, err := e.Client.CreateAPIKey(acctest.Context(t), xclade.CreateAPIKeyRequest{Title: e.Title("revoked"), Type: "publishable"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Client.RevokeAPIKey(acctest.Context(t), revoked.ID, 0); err != nil {
		t.Fatal(err)
	}
	importCfg := func(id string) string {
		return keyConfig(e.Title("revoked"), "publishable", "") + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", addr, id)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{
				Config: importCfg(revoked.ID), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)` + revoked.ID + `.*was\s+revoked\s+at\s+\d{4}-.*revoked\s+keys\s+cannot\s+be\s+managed.*xclade_api_keys\s+data\s+source`),
			},
			{
				Config: importCfg("apk_01J0ABCDEFGHJKMNPQRSTVWXYZ"), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)The\s+xclade\s+API\s+has\s+no\s+key\s+apk_01J0ABCDEFGHJKMNPQRSTVWXYZ`),
			},
		},
	})
}

// An imported secret key has no token; the import warns and says how to
// get one. The warning is read from the protocol, as Terraform shows it.
func TestImportSecretKeyWarnsOfMissingToken(t *testing.T) {
	ctx := context.Background()
	e := acctest.New(t)
	srv, _, err := acctest.ConfiguredServer(ctx, e.Factories()["xclade"])
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"secret", "publishable"} {
		k, err := e.Client.CreateAPIKey(acctest.Context(t), xclade.CreateAPIKeyRequest{Title: e.Title(typ), Type: typ})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "xclade_api_key", ID: k.ID})
		if err != nil || acctest.DiagError(resp.Diagnostics) != nil {
			t.Fatalf("import %s: %v %v", typ, err, acctest.DiagError(resp.Diagnostics))
		}
		var warned bool
		for _, d := range resp.Diagnostics {
			warned = warned || (d.Severity == tfprotov6.DiagnosticSeverityWarning && strings.Contains(d.Detail, "-replace=") && strings.Contains(d.Summary, k.ID))
		}
		if warned != (typ == "secret") {
			t.Errorf("%s import: warned about the token = %v, want %v (%+v)", typ, warned, typ == "secret", resp.Diagnostics)
		}
	}
}
