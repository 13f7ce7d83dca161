// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package releasectx serves a provider so that each call's context is let
// go when the call returns, working around a retention in
// terraform-plugin-framework.
//
// The framework (through v1.19.0) keeps a cancel function for the context
// of every call it serves, so that StopProvider can cancel them, and drops
// them only when StopProvider is called, which Terraform does only on an
// interrupt: see registerContext and cancelRegisteredContexts in
// https://github.com/hashicorp/terraform-plugin-framework/blob/v1.19.0/internal/proto6server/serve.go
// (no upstream issue reports it as of 2026-11; this package should go when
// one is fixed). Each retained context holds, through its parents, the
// call's loggers and gRPC metadata: about 10 KiB per call. A plan of 1,000
// resources makes 4,000 calls, so the provider's live heap grew by about
// 40 MiB during the plan, and the garbage collector, scanning it again and
// again, took over half of the provider's CPU.
//
// Server hands the framework a context whose link to the call's context is
// cut when the call returns: what the framework retains is then a few bytes
// per call. During the call the context behaves exactly like the call's own
// (values, deadline, cancellation), and StopProvider still cancels calls in
// flight.
package releasectx

import (
	"context"
	"fmt"
	"iter"
	"os"
	"path"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Server wraps s. Besides tfprotov6.ProviderServer it serves the optional
// RPC sets that terraform-plugin-go's server finds by type assertion (list
// resources, actions, state stores): a wrapper without them would make them
// vanish even though s serves them. If s lacks one, its calls fail as they
// would unwrapped. TestWrapperForwardsEveryRPC fails when s (the framework's
// server) gains an RPC the wrapper does not forward.
func Server(s tfprotov6.ProviderServer) tfprotov6.ProviderServer { return server{s} }

type server struct{ next tfprotov6.ProviderServer }

// The optional interfaces are deprecated only because terraform-plugin-go
// will fold their methods into ProviderServer; until then the plugin server
// finds them by these very type assertions, so the wrapper must satisfy them.
var (
	_ tfprotov6.ProviderServerWithListResource = server{}
	_ tfprotov6.ProviderServerWithActions      = server{}
	_ tfprotov6.ProviderServerWithStateStores  = server{}
)

// call runs fn with a context released when fn returns.
func call[Req, Resp any](ctx context.Context, req Req, fn func(context.Context, Req) (Resp, error)) (Resp, error) {
	c := newReleasable(ctx)
	defer c.release()
	return fn(c, req)
}

// stream is call for an RPC that answers with an iterator, which
// terraform-plugin-go ranges over after fn has returned and which uses the
// call's context while it runs: the context is released when the iteration
// ends instead. terraform-plugin-go always ranges over the iterator it is
// given, so the context is always released.
func stream[Req, Resp any, T any](ctx context.Context, req Req, fn func(context.Context, Req) (*Resp, error), seq func(*Resp) *iter.Seq[T]) (*Resp, error) {
	c := newReleasable(ctx)
	resp, err := fn(c, req)
	if err != nil || resp == nil || *seq(resp) == nil {
		c.release()
		return resp, err
	}
	inner := *seq(resp)
	*seq(resp) = func(yield func(T) bool) {
		defer c.release()
		inner(yield)
	}
	return resp, nil
}

// releasable is a context that forwards to its parent until released, and
// is an empty, never-cancelled context after that.
type releasable struct {
	parent atomic.Pointer[context.Context]
}

func newReleasable(parent context.Context) *releasable {
	c := &releasable{}
	c.parent.Store(&parent)
	return c
}

var released = context.Background()

func (c *releasable) release() { c.parent.Store(&released) }

func (c *releasable) get() context.Context        { return *c.parent.Load() }
func (c *releasable) Deadline() (time.Time, bool) { return c.get().Deadline() }
func (c *releasable) Done() <-chan struct{}       { return c.get().Done() }
func (c *releasable) Err() error                  { return c.get().Err() }
func (c *releasable) Value(key any) any           { return c.get().Value(key) }
func (c *releasable) String() string              { return "releasectx.releasable" }

func (s server) GetMetadata(ctx context.Context, req *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return call(ctx, req, s.next.GetMetadata)
}

func (s server) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return call(ctx, req, s.next.GetProviderSchema)
}

func (s server) GetResourceIdentitySchemas(ctx context.Context, req *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return call(ctx, req, s.next.GetResourceIdentitySchemas)
}

func (s server) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return call(ctx, req, s.next.ValidateProviderConfig)
}

func (s server) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return call(ctx, req, s.next.ConfigureProvider)
}

func (s server) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return call(ctx, req, s.next.StopProvider)
}

func (s server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return call(ctx, req, s.next.ValidateResourceConfig)
}

func (s server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return call(ctx, req, s.next.UpgradeResourceState)
}

func (s server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return call(ctx, req, s.next.ReadResource)
}

func (s server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return call(ctx, req, s.next.PlanResourceChange)
}

func (s server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return call(ctx, req, s.next.ApplyResourceChange)
}

func (s server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return call(ctx, req, s.next.ImportResourceState)
}

func (s server) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return call(ctx, req, s.next.MoveResourceState)
}

func (s server) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return call(ctx, req, s.next.UpgradeResourceIdentity)
}

func (s server) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return call(ctx, req, s.next.GenerateResourceConfig)
}

func (s server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return call(ctx, req, s.next.ValidateDataResourceConfig)
}

func (s server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return call(ctx, req, s.next.ReadDataSource)
}

func (s server) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return call(ctx, req, s.next.ValidateEphemeralResourceConfig)
}

func (s server) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return call(ctx, req, s.next.OpenEphemeralResource)
}

func (s server) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return call(ctx, req, s.next.RenewEphemeralResource)
}

func (s server) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return call(ctx, req, s.next.CloseEphemeralResource)
}

func (s server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return call(ctx, req, s.next.CallFunction)
}

func (s server) GetFunctions(ctx context.Context, req *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return call(ctx, req, s.next.GetFunctions)
}

// The optional RPC sets.

func unimplemented(rpc string) error {
	return fmt.Errorf("the provider's server does not implement %s", rpc)
}

func (s server) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	next, ok := s.next.(tfprotov6.ListResourceServer)
	if !ok {
		return nil, unimplemented("ValidateListResourceConfig")
	}
	return call(ctx, req, next.ValidateListResourceConfig)
}

func (s server) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	next, ok := s.next.(tfprotov6.ListResourceServer)
	if !ok {
		return nil, unimplemented("ListResource")
	}
	return stream(ctx, req, next.ListResource, func(r *tfprotov6.ListResourceServerStream) *iter.Seq[tfprotov6.ListResourceResult] { return &r.Results })
}

func (s server) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	next, ok := s.next.(tfprotov6.ActionServer)
	if !ok {
		return nil, unimplemented("ValidateActionConfig")
	}
	return call(ctx, req, next.ValidateActionConfig)
}

func (s server) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	next, ok := s.next.(tfprotov6.ActionServer)
	if !ok {
		return nil, unimplemented("PlanAction")
	}
	return call(ctx, req, next.PlanAction)
}

func (s server) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	next, ok := s.next.(tfprotov6.ActionServer)
	if !ok {
		return nil, unimplemented("InvokeAction")
	}
	return stream(ctx, req, next.InvokeAction, func(r *tfprotov6.InvokeActionServerStream) *iter.Seq[tfprotov6.InvokeActionEvent] { return &r.Events })
}

func (s server) ValidateStateStoreConfig(ctx context.Context, req *tfprotov6.ValidateStateStoreConfigRequest) (*tfprotov6.ValidateStateStoreConfigResponse, error) {
	next, ok := s.next.(tfprotov6.StateStoreServer)
	if !ok {
		return nil, unimplemented("ValidateStateStoreConfig")
	}
	return call(ctx, req, next.ValidateStateStoreConfig)
}

func (s server) ConfigureStateStore(ctx context.Context, req *tfprotov6.ConfigureStateStoreRequest) (*tfprotov6.ConfigureStateStoreResponse, error) {
	next, ok := s.next.(tfprotov6.StateStoreServer)
	if !ok {
		return nil, unimplemented("ConfigureStateStore")
	}
	return call(ctx, req, next.ConfigureStateStore)
}

func (s server) ReadStateBytes(ctx context.Context, req *tfprotov6.ReadStateBytesRequest) (*tfprotov6.ReadStateBytesStream, error) {
	next, ok := s.next.(tfprotov6.StateStoreServer)
	if !ok {
		return nil, unimplemented("ReadStateBytes")
	}
	return stream(ctx, req, next.ReadStateBytes, func(r *tfprotov6.ReadStateBytesStream) *iter.Seq[tfprotov6.ReadStateByteChunk] { return &r.Chunks })
}

// WriteStateBytes reads its request stream during the call: call suffices.
func (s server) WriteStateBytes(ctx context.Context, req *tfprotov6.WriteStateBytesStream) (*tfprotov6.WriteStateBytesResponse, error) {
	next, ok := s.next.(tfprotov6.StateStoreServer)
	if !ok {
		return nil, unimplemented("WriteStateBytes")
	}
	return call(ctx, req, next.WriteStateBytes)
}

func (s server) GetStates(ctx context.Context, req *tfprotov6.GetStatesRequest) (*tfprotov6.GetStatesResponse, error) {
	next, ok := s.next.(tfprotov6.StateStoreServer)
	if !ok {
		return nil, unimplemented("GetStates")
	}
	return call(ctx, req, next.GetStates)
}

func (s server) DeleteState(ctx context.Context, req *tfprotov6.DeleteStateRequest) (*tfprotov6.DeleteStateResponse, error) {
	next, ok := s.next.(tfprotov6.StateStoreServer)
	if !ok {
		return nil, unimplemented("DeleteState")
	}
	return call(ctx, req, next.DeleteState)
}

func (s server) LockState(ctx context.Context, req *tfprotov6.LockStateRequest) (*tfprotov6.LockStateResponse, error) {
	next, ok := s.next.(tfprotov6.StateStoreServer)
	if !ok {
		return nil, unimplemented("LockState")
	}
	return call(ctx, req, next.LockState)
}

func (s server) UnlockState(ctx context.Context, req *tfprotov6.UnlockStateRequest) (*tfprotov6.UnlockStateResponse, error) {
	next, ok := s.next.(tfprotov6.StateStoreServer)
	if !ok {
		return nil, unimplemented("UnlockState")
	}
	return call(ctx, req, next.UnlockState)
}

// New is providerserver.NewProtocol6 for p, wrapped.
func New(p provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer { return Server(providerserver.NewProtocol6(p)()) }
}

// NewWithError is New in the shape terraform-plugin-testing's factories take.
func NewWithError(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) { return New(p)(), nil }
}

// Serve serves p at its registry address the way providerserver.Serve
// would, with the framework's server wrapped by New; debug serves it for a
// debugger such as delve. Both providers' entry points call it.
//
// Without the wrapper the provider's peak memory in a refresh of 1,000
// keys grows fivefold, and of 3,000 keys over tenfold (bench/results.md,
// "Speed devices"). <NAME>_RELEASE_CONTEXTS=off (XCLADE_…, BOLTZ_…, after
// the address's last element) serves the framework's server as it is, for
// when the framework fixes the retention or the wrapper is suspected.
func Serve(address string, p provider.Provider, debug bool) error {
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	factory := New(p)
	if os.Getenv(EnvVar(address)) == "off" {
		factory = providerserver.NewProtocol6(p)
	}
	return tf6server.Serve(address, factory, opts...)
}

// EnvVar is the variable that turns the wrapper off for the provider at
// address: XCLADE_RELEASE_CONTEXTS for registry.terraform.io/xclade/xclade.
func EnvVar(address string) string {
	return strings.ToUpper(path.Base(address)) + "_RELEASE_CONTEXTS"
}
