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

// Action calls an action as Terraform does, through srv (a ConfiguredServer)
// with the attributes in set, the others null: ValidateActionConfig (the
// plan-time checks) then InvokeAction. It returns the progress messages
// in order and the diagnostics' error, if any (a refused configuration
// stops before the invoke).
func Action(ctx context.Context, srv tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, typ string, set map[string]tftypes.Value) ([]string, error) {
	as, ok := srv.(tfprotov6.ProviderServerWithActions)
	s := schemas.ActionSchemas[typ]
	if !ok || s == nil {
		return nil, fmt.Errorf("the provider serves no action %s", typ)
	}
	cfg, err := tfprotov6.NewDynamicValue(s.Schema.ValueType(), NullObject(s.Schema.ValueType(), set))
	if err != nil {
		return nil, err
	}
	v, err := as.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: typ, Config: &cfg})
	if err != nil {
		return nil, err
	}
	if err := DiagError(v.Diagnostics); err != nil {
		return nil, err
	}
	stream, err := as.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: typ, Config: &cfg})
	if err != nil {
		return nil, err
	}
	var progress []string
	completed := false
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed = true
			if err := DiagError(e.Diagnostics); err != nil {
				return progress, err
			}
		}
	}
	if !completed {
		return progress, fmt.Errorf("the action %s ended without a completed event", typ)
	}
	return progress, nil
}
