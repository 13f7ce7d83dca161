// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// Which token-bearing attributes Terraform hides. Secret material (the
// provider's credentials, the resource's and ephemeral resource's token)
// is sensitive; api_keys[*].token of xclade_api_keys, which only ever holds
// publishable keys, is not, so that a plan over a large tenant stays fast.
func TestSchemaSensitivity(t *testing.T) {
	srv, err := acctest.New(t).Factories()["xclade"]()
	if err != nil {
		t.Fatal(err)
	}
	s, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	attr := func(b *tfprotov6.SchemaBlock, name string) *tfprotov6.SchemaAttribute {
		t.Helper()
		for _, a := range b.Attributes {
			if a.Name == name {
				return a
			}
		}
		t.Fatalf("no attribute %q", name)
		return nil
	}
	want := map[string]struct {
		a         *tfprotov6.SchemaAttribute
		sensitive bool
	}{
		"provider api_key":              {attr(s.Provider.Block, "api_key"), true},
		"provider token":                {attr(s.Provider.Block, "token"), true},
		"provider password":             {attr(s.Provider.Block, "password"), true},
		"resource token":                {attr(s.ResourceSchemas["xclade_api_key"].Block, "token"), true},
		"ephemeral token":               {attr(s.EphemeralResourceSchemas["xclade_api_key"].Block, "token"), true},
		"data xclade_api_key token":     {attr(s.DataSourceSchemas["xclade_api_key"].Block, "token"), true},
		"data xclade_api_keys api_keys": {attr(s.DataSourceSchemas["xclade_api_keys"].Block, "api_keys"), false},
	}
	for name, w := range want {
		if w.a.Sensitive != w.sensitive {
			t.Errorf("%s: sensitive = %v, want %v", name, w.a.Sensitive, w.sensitive)
		}
	}
	var nested *tfprotov6.SchemaAttribute
	for _, a := range attr(s.DataSourceSchemas["xclade_api_keys"].Block, "api_keys").NestedType.Attributes {
		if a.Name == "token" {
			nested = a
		}
	}
	if nested == nil || nested.Sensitive {
		t.Errorf("xclade_api_keys api_keys[*].token: want present and not sensitive, got %+v", nested)
	}
}
