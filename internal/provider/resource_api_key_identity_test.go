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
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// Resource identity arrived in Terraform 1.12 (and OpenTofu 1.12): below it
// the CLI neither stores identities nor accepts import blocks by identity.
// make test-cli runs these tests with Terraform 1.16.4 and OpenTofu 1.12.6
// and fails if they were skipped there.
var needsIdentity = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

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
				TerraformVersionChecks:   needsIdentity,
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckDestroyRevoked,
				Steps: []resource.TestStep{
					{
						Config: cfg,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringRegexp(apkIDRE)}),
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
							plancheck.ExpectKnownValue(addr, tfjsonpath.New("revoke_delay"), knownvalue.StringExact("0s")),
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
						ResourceName:      addr,
						ImportState:       true,
						ImportStateKind:   resource.ImportCommandWithID,
						ImportStateVerify: true,
						// A secret key's token is returned only by its create: an
						// import cannot have it.
						ImportStateVerifyIgnore: []string{"token"},
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
		TerraformVersionChecks:   needsIdentity,
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
// on the protocol so that it runs under every CLI: the identity schema,
// an import by identity alone, and the identity a read returns for state
// written before the provider had identities.
func TestAPIKeyIdentityOverProtocol(t *testing.T) {
	ctx := context.Background()
	e := acctest.New(t)
	srv, schemas, err := acctest.ConfiguredServer(ctx, e.Factories()["xclade"])
	if err != nil {
		t.Fatal(err)
	}
	ids, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || acctest.DiagError(ids.Diagnostics) != nil {
		t.Fatalf("identity schemas: %v %v", err, acctest.DiagError(ids.Diagnostics))
	}
	is := ids.IdentitySchemas["xclade_api_key"]
	if is == nil || len(is.IdentityAttributes) != 1 || is.IdentityAttributes[0].Name != "id" || !is.IdentityAttributes[0].RequiredForImport {
		t.Fatalf("xclade_api_key's identity schema is %+v, want one attribute id, required for import", is)
	}
	identityType := is.ValueType()

	k, err := e.Client.CreateAPIKey(acctest.Context(t), xclade.CreateAPIKeyRequest{Title: e.Title("proto"), Type: "publishable"})
	if err != nil {
		t.Fatal(err)
	}
	identity := func(id string) *tfprotov6.ResourceIdentityData {
		v, err := tfprotov6.NewDynamicValue(identityType, tftypes.NewValue(identityType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id)}))
		if err != nil {
			t.Fatal(err)
		}
		return &tfprotov6.ResourceIdentityData{IdentityData: &v}
	}
	identityID := func(d *tfprotov6.ResourceIdentityData) string {
		if d == nil || d.IdentityData == nil {
			return "<none>"
		}
		v, err := d.IdentityData.Unmarshal(identityType)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]tftypes.Value
		var id string
		_ = v.As(&m)
		_ = m["id"].As(&id)
		return id
	}

	imp, err := srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "xclade_api_key", Identity: identity(k.ID)})
	if err != nil || acctest.DiagError(imp.Diagnostics) != nil {
		t.Fatalf("import by identity: %v %v", err, acctest.DiagError(imp.Diagnostics))
	}
	if len(imp.ImportedResources) != 1 {
		t.Fatalf("import by identity gave %d resources", len(imp.ImportedResources))
	}
	got := imp.ImportedResources[0]
	if id := identityID(got.Identity); id != k.ID {
		t.Errorf("imported identity id = %s, want %s", id, k.ID)
	}
	resType := schemas.ResourceSchemas["xclade_api_key"].ValueType()
	state, err := got.State.Unmarshal(resType)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	var stateID string
	_ = state.As(&attrs)
	_ = attrs["id"].As(&stateID)
	if stateID != k.ID {
		t.Errorf("imported state id = %q, want %s", stateID, k.ID)
	}

	// Read with no prior identity, as for state from an older provider.
	read, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "xclade_api_key", CurrentState: got.State})
	if err != nil || acctest.DiagError(read.Diagnostics) != nil {
		t.Fatalf("read: %v %v", err, acctest.DiagError(read.Diagnostics))
	}
	if id := identityID(read.NewIdentity); id != k.ID {
		t.Errorf("identity after a read of state without one = %s, want %s", id, k.ID)
	}

	bad, err := srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "xclade_api_key", Identity: identity("sk_123")})
	if err != nil {
		t.Fatal(err)
	}
	if e := acctest.DiagError(bad.Diagnostics); e == nil || !strings.Contains(e.Error(), "identity = {") {
		t.Errorf("import by a malformed identity: %v, want an error that shows the identity form", e)
	}
}
