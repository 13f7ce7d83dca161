// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Command floor-provider is a provider that serves the xclade_api_key
// schema and does nothing else, for make bench to measure what any provider
// with that schema costs Terraform before it makes a single request. Built
// with -ldflags "-X main.name=boltz" it serves boltz_api_key's schema and
// identity instead, for boltz-bench.
//
// Built with -ldflags "-X main.mode=framework" it is a
// terraform-plugin-framework provider whose resource has the real
// resource's schema and an empty Read, served like the real provider
// (internal/releasectx, internal/runtimedefaults): the framework's own cost.
// With -X main.mode=protocol the calls of a refresh (validate, upgrade,
// read, plan) are answered directly with terraform-plugin-go, as cheaply as
// the protocol allows: what Terraform itself costs with any external provider.
//
// It serves refreshes only: creating, updating or deleting fails.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/boltzprovider"
	xcladeprovider "github.com/xclade/terraform-provider-xclade/internal/provider"
	"github.com/xclade/terraform-provider-xclade/internal/releasectx"
	"github.com/xclade/terraform-provider-xclade/internal/runtimedefaults"
)

var (
	mode = "framework"
	name = "xclade" // or "boltz"
)

func main() {
	runtimedefaults.Apply()
	var r resource.Resource = floorResource{}
	if name == "boltz" {
		r = boltzFloorResource{}
	}
	framework := releasectx.New(floorProvider{r})
	factory := framework
	if mode == "protocol" {
		factory = func() tfprotov6.ProviderServer { return newProtocolFloor(framework()) }
	}
	if err := tf6server.Serve("registry.terraform.io/xclade/"+name, factory); err != nil {
		log.Fatal(err)
	}
}

// ---------- the framework floor ----------

type floorProvider struct{ r resource.Resource }

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = name
}
func (floorProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (p floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return p.r }}
}

type floorResource struct{}

func (floorResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = name + "_api_key"
}

func (floorResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	xcladeprovider.NewAPIKeyResource().Schema(ctx, req, resp)
}

// boltzFloorResource has boltz_api_key's schema and identity.
type boltzFloorResource struct{ floorResource }

func (boltzFloorResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	boltzprovider.NewAPIKeyResource().Schema(ctx, req, resp)
}

func (boltzFloorResource) IdentitySchema(ctx context.Context, req resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	boltzprovider.NewAPIKeyResource().(resource.ResourceWithIdentity).IdentitySchema(ctx, req, resp)
}

// Read keeps the prior state and sets the identity, which the framework
// requires of every read of a resource that has one (as boltz_api_key's
// Read does first).
func (boltzFloorResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), id)...)
}

// Read keeps the prior state, which the framework has already copied.
func (floorResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (floorResource) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.AddError("floor provider", "serves refreshes only")
}
func (floorResource) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("floor provider", "serves refreshes only")
}
func (floorResource) Delete(_ context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse) {
	resp.Diagnostics.AddError("floor provider", "serves refreshes only")
}

// ---------- the protocol floor ----------

// protocolFloor answers the calls of a refresh itself and leaves the rest
// (schema, provider configuration) to the framework floor.
type protocolFloor struct {
	tfprotov6.ProviderServer
	stateType tftypes.Type
}

func newProtocolFloor(next tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	s, err := next.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(s.Diagnostics) > 0 {
		log.Fatalf("floor schema: %v %v", err, s.Diagnostics)
	}
	return protocolFloor{ProviderServer: next, stateType: s.ResourceSchemas[name+"_api_key"].ValueType()}
}

func (protocolFloor) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

func (p protocolFloor) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	v, err := req.RawState.UnmarshalWithOpts(p.stateType, tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return nil, err
	}
	dv, err := tfprotov6.NewDynamicValue(p.stateType, v)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &dv}, nil
}

func (protocolFloor) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

func (protocolFloor) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate}, nil
}
