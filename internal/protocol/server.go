// Package protocol wraps the provider's protocol server so that each call's
// context is let go when the call returns.
//
// terraform-plugin-framework (through v1.19.0) keeps a cancel function for
// the context of every call it serves, so that StopProvider can cancel them,
// and drops them only when StopProvider is called, which Terraform does only
// on an interrupt. Each retained context holds, through its parents, the
// call's loggers and gRPC metadata: about 10 KiB per call. A plan of 1,000
// resources makes 4,000 calls, so the provider's live heap grew by about
// 40 MiB during the plan, and the garbage collector, scanning it again and
// again under the memory limit, took over half of the provider's CPU.
//
// Server hands the framework a context whose link to the call's context is
// cut when the call returns: what the framework retains is then a few bytes
// per call. During the call the context behaves exactly like the call's own
// (values, deadline, cancellation), and StopProvider still cancels calls in
// flight.
package protocol

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Server wraps s. It serves the RPCs of tfprotov6.ProviderServer; the
// optional list-resource, action and state-store RPCs are not served (the
// provider has none).
func Server(s tfprotov6.ProviderServer) tfprotov6.ProviderServer { return server{s} }

type server struct{ next tfprotov6.ProviderServer }

// call runs fn with a context released when fn returns.
func call[Req, Resp any](ctx context.Context, req Req, fn func(context.Context, Req) (Resp, error)) (Resp, error) {
	c := newReleasable(ctx)
	defer c.release()
	return fn(c, req)
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
func (c *releasable) String() string              { return "protocol.releasable" }

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
func Serve(address string, p provider.Provider, debug bool) error {
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, New(p), opts...)
}
