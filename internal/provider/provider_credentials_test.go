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

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

const wrongKey = "sk_0000000000000000000000000000000000000000000000000000000000000000"

// Refused credentials are one error on the provider block that names
// where they came from, not one per resource.
func TestAccProvider_refusedCredentialsOnce(t *testing.T) {
	threeKeys := func(e *acctest.Env) string {
		var b strings.Builder
		for i := range 3 {
			fmt.Fprintf(&b, "resource \"xclade_api_key\" \"k%d\" {\n  title = %q\n  type  = \"secret\"\n}\n", i, e.Title(fmt.Sprint(i)))
		}
		return b.String()
	}
	t.Run("attribute", func(t *testing.T) {
		e := acctest.New(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.Factories(),
			Steps: []resource.TestStep{{
				Config: fmt.Sprintf("provider \"xclade\" {\n  api_key = %q\n}\n", wrongKey) + threeKeys(e),
				ExpectError: regexp.MustCompile(`(?s)xclade credentials refused.*with provider\["` + regexp.QuoteMeta(acctest.RegistryHost()) + `/hashicorp/xclade"\].*` +
					`refused\s+the\s+secret\s+API\s+key\s+sk_000\*\*\*000\s+from\s+the\s+api_key\s+attribute`),
			}},
		})
	})
	t.Run("environment", func(t *testing.T) {
		e := acctest.New(t)
		e.Setenv("XCLADE_API_KEY", wrongKey)
		e.Setenv("XCLADE_EMAIL", "")
		e.Setenv("XCLADE_PASSWORD", "")
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.Factories(),
			Steps: []resource.TestStep{{
				Config:      threeKeys(e),
				ExpectError: regexp.MustCompile(`(?s)xclade credentials refused.*from\s+the\s+environment\s+variable\s+XCLADE_API_KEY`),
			}},
		})
	})
}

// Configuring the provider costs one request, and refused credentials
// are reported on the attribute that holds them.
func TestConfigureChecksCredentialsWithOneRequest(t *testing.T) {
	ctx := context.Background()
	e := acctest.New(t)
	emu := e.NeedEmulator(t)
	srv, schemas, err := acctest.ConfiguredServer(ctx, e.Factories()["xclade"])
	if err != nil {
		t.Fatal(err)
	}
	if n := emu.RequestCount(); n != 1 {
		t.Errorf("configuring the provider made %d requests, want 1", n)
	}
	provType := schemas.Provider.ValueType()
	cfg, err := tfprotov6.NewDynamicValue(provType, acctest.NullObject(provType, map[string]tftypes.Value{
		"api_key": tftypes.NewValue(tftypes.String, wrongKey),
	}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Attribute == nil || resp.Diagnostics[0].Attribute.String() != tftypes.NewAttributePath().WithAttributeName("api_key").String() {
		t.Fatalf("want one error on api_key, got %+v", resp.Diagnostics)
	}
	if d := resp.Diagnostics[0].Detail; strings.Contains(d, wrongKey) {
		t.Errorf("the error shows the key: %s", d)
	}
}
