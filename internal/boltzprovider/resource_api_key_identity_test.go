// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// Resource identity arrived in Terraform 1.12 (and OpenTofu 1.12): below it
// the CLI neither stores identities nor accepts import blocks by identity,
// and these tests skip with that reason. Run them with a newer CLI through
// TF_ACC_TERRAFORM_PATH (make test-cli).
var needsIdentity = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

var keyIDRE = regexp.MustCompile(`^key_[0-9A-Za-z]{10,40}$`)

// The identity is the key's id from the create on, and the key imports by
// identity, by an import block with id and by terraform import, each into
// the state it was created with (but the secret, which only a create sees).
func TestAccAPIKey_identity(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	cfg := keyConfig(e.Title("identity"), `  expires_in_days = 30`)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   needsIdentity,
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringRegexp(keyIDRE)}),
					statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")),
				},
			},
			{
				Config:          cfg,
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("expires_in_days"), knownvalue.Int64Exact(30)),
				}},
			},
			{
				Config:          cfg,
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
				}},
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateKind:         resource.ImportCommandWithID,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"key"},
			},
			{
				// -generate-config-out from an import by identity.
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				GenerateConfig:  true,
			},
		},
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
		TerraformVersionChecks:   needsIdentity,
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
// on the protocol so that it runs under every CLI: the identity schema,
// an import by identity alone, and the identity a read returns for state
// written before the provider had identities.
func TestAPIKeyIdentityOverProtocol(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := acctest.NewBoltz(t)
	srv, schemas, err := acctest.ConfiguredServer(ctx, e.Factories()["boltz"])
	if err != nil {
		t.Fatal(err)
	}
	ids, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || acctest.DiagError(ids.Diagnostics) != nil {
		t.Fatalf("identity schemas: %v %v", err, acctest.DiagError(ids.Diagnostics))
	}
	is := ids.IdentitySchemas["boltz_api_key"]
	if is == nil || len(is.IdentityAttributes) != 1 || is.IdentityAttributes[0].Name != "id" || !is.IdentityAttributes[0].RequiredForImport {
		t.Fatalf("boltz_api_key's identity schema is %+v, want one attribute id, required for import", is)
	}
	identityType := is.ValueType()
	identity := func(id string) *tfprotov6.ResourceIdentityData {
		v := mustDynamic(t, identityType, tftypes.NewValue(identityType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id)}))
		return &tfprotov6.ResourceIdentityData{IdentityData: v}
	}
	identityID := func(d *tfprotov6.ResourceIdentityData) string {
		if d == nil || d.IdentityData == nil {
			return "<none>"
		}
		return stringAttr(t, d.IdentityData, identityType, "id")
	}

	id := createKey(t, e, "proto")
	imp, err := srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "boltz_api_key", Identity: identity(id)})
	if err != nil || acctest.DiagError(imp.Diagnostics) != nil {
		t.Fatalf("import by identity: %v %v", err, acctest.DiagError(imp.Diagnostics))
	}
	if len(imp.ImportedResources) != 1 {
		t.Fatalf("import by identity gave %d resources", len(imp.ImportedResources))
	}
	got := imp.ImportedResources[0]
	resType := schemas.ResourceSchemas["boltz_api_key"].ValueType()
	if gotID, stateID := identityID(got.Identity), stringAttr(t, got.State, resType, "id"); gotID != id || stateID != id {
		t.Errorf("import by identity: identity %s, state id %s, want %s", gotID, stateID, id)
	}

	// Read with no prior identity, as for state from an older provider.
	read, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "boltz_api_key", CurrentState: got.State})
	if err != nil || acctest.DiagError(read.Diagnostics) != nil {
		t.Fatalf("read: %v %v", err, acctest.DiagError(read.Diagnostics))
	}
	if got := identityID(read.NewIdentity); got != id {
		t.Errorf("identity after a read of state without one = %s, want %s", got, id)
	}

	bad, err := srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "boltz_api_key", Identity: identity("my key")})
	if err != nil {
		t.Fatal(err)
	}
	if e := acctest.DiagError(bad.Diagnostics); e == nil || !strings.Contains(e.Error(), "identity = {") {
		t.Errorf("import by a malformed identity: %v, want an error that shows the identity form", e)
	}
}

// stringAttr is the string attribute name of an object value.
func stringAttr(t *testing.T, dv *tfprotov6.DynamicValue, typ tftypes.Type, name string) string {
	t.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	var s string
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	_ = attrs[name].As(&s)
	return s
}
