// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

var keyIDRE = regexp.MustCompile(`^key_[0-9A-Za-z]{10,40}$`)

// The identity is the key's id from the create on, and the key imports by
// identity, by an import block with id and by terraform import, each into
// the state it was created with (but the secret, which only a create sees).
func TestAccAPIKey_identity(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	cfg := keyConfig(e.Title("identity"), `  expires_in_days = 30`)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.NeedsIdentity,
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: acctest.IdentitySteps(addr, cfg, keyIDRE, "key",
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("expires_in_days"), knownvalue.Int64Exact(30))),
	})
}

// An import by identity of a key that cannot be managed says why, as the
// import by id does; a malformed identity is named as the identity.
func TestAccAPIKey_identityImportExplains(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	revoked := createKey(t, e, "revoked")
	if err := e.Emulator.RevokeKey(revoked); err != nil {
		t.Fatal(err)
	}
	importCfg := func(id string) string {
		return keyConfig(e.Title("revoked"), "") +
			fmt.Sprintf("\nimport {\n  to       = %s\n  identity = { id = %q }\n}\n", addr, id)
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.NeedsIdentity,
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{
				Config: importCfg(revoked), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Cannot import ` + revoked + `.*was revoked.*cannot be managed`),
			},
			{
				Config: importCfg(e.Admin.ID), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Cannot import.*admin key`),
			},
			{
				Config: importCfg("my key"), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)"my key" is not a Boltz API key id.*identity\s+=\s+\{\s+id\s+=\s+"key_`),
			},
		},
	})
	if keys := e.LiveKeysNamed(t, e.Prefix()); len(keys) != 0 {
		t.Errorf("a refused import left %d live keys", len(keys))
	}
}

// What Terraform 1.12+ exchanges with the provider for identity, checked
// on the protocol so that it runs under every CLI.
func TestAPIKeyIdentityOverProtocol(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	acctest.IdentityOverProtocol(t, e.Factories()["boltz"], "boltz_api_key", createKey(t, e, "proto"), "my key")
}
