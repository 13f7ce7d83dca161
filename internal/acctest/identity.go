// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package acctest

import (
	"context"
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
)

// NeedsIdentity skips a test below Terraform 1.12 (and OpenTofu 1.12),
// with that reason: older CLIs neither store identities nor accept import
// blocks by identity. make test-cli runs such tests with a newer CLI.
var NeedsIdentity = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// IdentitySteps create the resource at addr from cfg and check that its
// identity is its id (matching idRE) from the create on, and that it
// imports by identity and by an import block with id with no change
// planned (and checks), by terraform import into the state it was created
// with but for the attribute secret (only a create sees it), and by
// identity with -generate-config-out.
func IdentitySteps(addr, cfg string, idRE *regexp.Regexp, secret string, checks ...plancheck.PlanCheck) []resource.TestStep {
	noop := append([]plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)}, checks...)
	return []resource.TestStep{
		{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringRegexp(idRE)}),
				statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")),
			},
		},
		{
			Config: cfg, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: noop},
		},
		{
			Config: cfg, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: noop},
		},
		{
			ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportCommandWithID,
			ImportStateVerify: true, ImportStateVerifyIgnore: []string{secret},
		},
		{ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity, GenerateConfig: true},
	}
}

// IdentityOverProtocol checks what Terraform 1.12+ exchanges with a
// provider whose resource typeName has an identity of its id alone. It
// speaks the protocol directly, so it runs under every CLI. It checks the
// identity schema, an import of the object id by identity alone, the
// identity a read returns for state written before the provider had
// identities, and the error for the malformed identity bad, which must
// show the identity form.
func IdentityOverProtocol(t *testing.T, factory func() (tfprotov6.ProviderServer, error), typeName, id, bad string) {
	t.Helper()
	ctx := context.Background()
	srv, schemas, err := ConfiguredServer(ctx, factory)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || DiagError(ids.Diagnostics) != nil {
		t.Fatalf("identity schemas: %v %v", err, DiagError(ids.Diagnostics))
	}
	is := ids.IdentitySchemas[typeName]
	if is == nil || len(is.IdentityAttributes) != 1 || is.IdentityAttributes[0].Name != "id" || !is.IdentityAttributes[0].RequiredForImport {
		t.Fatalf("%s's identity schema is %+v, want one attribute id, required for import", typeName, is)
	}
	identityType := is.ValueType()
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
		return stringAttribute(t, d.IdentityData, identityType, "id")
	}

	imp, err := srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typeName, Identity: identity(id)})
	if err != nil || DiagError(imp.Diagnostics) != nil {
		t.Fatalf("import by identity: %v %v", err, DiagError(imp.Diagnostics))
	}
	if len(imp.ImportedResources) != 1 {
		t.Fatalf("import by identity gave %d resources", len(imp.ImportedResources))
	}
	got := imp.ImportedResources[0]
	stateID := stringAttribute(t, got.State, schemas.ResourceSchemas[typeName].ValueType(), "id")
	if gotID := identityID(got.Identity); gotID != id || stateID != id {
		t.Errorf("import by identity: identity id %s, state id %q, want %s", gotID, stateID, id)
	}

	// Read with no prior identity, as for state from an older provider.
	read, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: got.State})
	if err != nil || DiagError(read.Diagnostics) != nil {
		t.Fatalf("read: %v %v", err, DiagError(read.Diagnostics))
	}
	if got := identityID(read.NewIdentity); got != id {
		t.Errorf("identity after a read of state without one = %s, want %s", got, id)
	}

	refused, err := srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typeName, Identity: identity(bad)})
	if err != nil {
		t.Fatal(err)
	}
	if e := DiagError(refused.Diagnostics); e == nil || !strings.Contains(e.Error(), "identity = {") {
		t.Errorf("import by the malformed identity %q: %v, want an error that shows the identity form", bad, e)
	}
}

// stringAttribute returns the string attribute called name of dv, an
// object value of type typ.
func stringAttribute(t *testing.T, dv *tfprotov6.DynamicValue, typ tftypes.Type, name string) string {
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
	if err := attrs[name].As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
