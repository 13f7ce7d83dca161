// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package acctest

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Helpers for tests and benchmarks that call the provider's protocol server
// directly, as Terraform does, without Terraform.

// ConfiguredServer starts a protocol server from factory and configures the
// provider with an empty provider block (settings come from its
// environment). It returns the server and its schemas.
func ConfiguredServer(ctx context.Context, factory func() (tfprotov6.ProviderServer, error)) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse, error) {
	return ConfiguredServerWith(ctx, factory, nil)
}

// ConfiguredServerWith is ConfiguredServer with the provider attributes in
// set configured, the others null.
func ConfiguredServerWith(ctx context.Context, factory func() (tfprotov6.ProviderServer, error), set map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse, error) {
	srv, err := factory()
	if err != nil {
		return nil, nil, err
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err == nil {
		err = DiagError(schemas.Diagnostics)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("provider schema: %w", err)
	}
	provType := schemas.Provider.ValueType()
	cfg, err := tfprotov6.NewDynamicValue(provType, NullObject(provType, set))
	if err != nil {
		return nil, nil, err
	}
	conf, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &cfg})
	if err == nil {
		err = DiagError(conf.Diagnostics)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("configure provider: %w", err)
	}
	return srv, schemas, nil
}

// NullObject is an object of type t with every attribute null except those
// in set.
func NullObject(t tftypes.Type, set map[string]tftypes.Value) tftypes.Value {
	obj := t.(tftypes.Object)
	vals := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, at := range obj.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
			continue
		}
		vals[name] = tftypes.NewValue(at, nil)
	}
	return tftypes.NewValue(t, vals)
}

// DiagError is the first error among diags, or nil.
func DiagError(diags []*tfprotov6.Diagnostic) error {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("%s: %s", d.Summary, d.Detail)
		}
	}
	return nil
}
