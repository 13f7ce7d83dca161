// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var apkIDRE = regexp.MustCompile(`^apk_[0-9A-Za-z]{10,40}$`)

// The identity is the key's id from the create on, and the key imports by
// identity, by an import block with id and by terraform import, each into
// the state it was created with.
func TestAccAPIKey_identity(t *testing.T) {
	for _, typ := range []string{"secret", "publishable"} {
		t.Run(typ, func(t *testing.T) {
			e := acctest.New(t)
			cfg := keyConfig(e.Title("identity-"+typ), typ, "")
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   acctest.NeedsIdentity,
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckDestroyRevoked,
				// A secret key's token is returned only by its create: an
				// import cannot have it.
				Steps: acctest.IdentitySteps(addr, cfg, apkIDRE, "token",
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("revoke_delay"), knownvalue.StringExact("0s"))),
			})
		})
	}
}

// An import by identity of a key that cannot be managed says why, as the
// import by id does; a malformed identity is named as the identity.
func TestAccAPIKey_identityImportExplains(t *testing.T) {
	e := acctest.New(t)
	revoked, err := e.Client.CreateAPIKey(acctest.Context(t), xclade.CreateAPIKeyRequest{Title: e.Title("revoked"), Type: "publishable"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Client.RevokeAPIKey(acctest.Context(t), revoked.ID, 0); err != nil {
		t.Fatal(err)
	}
	importCfg := func(id string) string {
		return keyConfig(e.Title("revoked"), "publishable", "") +
			fmt.Sprintf("\nimport {\n  to       = %s\n  identity = { id = %q }\n}\n", addr, id)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   acctest.NeedsIdentity,
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{
				Config: importCfg(revoked.ID), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)` + revoked.ID + `.*was\s+revoked\s+at\s+\d{4}-.*revoked\s+keys\s+cannot\s+be\s+managed`),
			},
			{
				Config: importCfg("my-key"), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)"my-key"\s+is\s+not\s+an\s+xclade\s+API\s+key\s+id.*identity\s+=\s+\{\s+id\s+=\s+"apk_`),
			},
		},
	})
}

// What Terraform 1.12+ exchanges with the provider for identity, checked
// on the protocol so that it runs under every CLI.
func TestAPIKeyIdentityOverProtocol(t *testing.T) {
	e := acctest.New(t)
	k, err := e.Client.CreateAPIKey(acctest.Context(t), xclade.CreateAPIKeyRequest{Title: e.Title("proto"), Type: "publishable"})
	if err != nil {
		t.Fatal(err)
	}
	acctest.IdentityOverProtocol(t, e.Factories()["xclade"], "xclade_api_key", k.ID, "sk_123")
}
