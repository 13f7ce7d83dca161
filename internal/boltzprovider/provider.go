// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package boltzprovider implements the Boltz Terraform provider: the API
// keys of a Boltz organization (the Boltz API for protein and small-molecule
// design), through the admin endpoints create, list and revoke.
package boltzprovider

import (
	"context"
	"fmt"
	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
	"net/http"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/clock"
	"github.com/xclade/terraform-provider-xclade/internal/logmask"
	"github.com/xclade/terraform-provider-xclade/internal/secret"
	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
)

// Address is the provider's registry address: the one place it is written.
const Address = "registry.terraform.io/xclade/boltz"

// typeName prefixes every resource and data source type (boltz_api_key),
// and names the provider in its errors.
const typeName = "boltz"

var (
	_ provider.Provider                       = (*boltzProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*boltzProvider)(nil)
	_ provider.ProviderWithListResources      = (*boltzProvider)(nil)
)

// Option adjusts a provider built for tests.
type Option func(*boltzProvider)

// WithGetenv replaces the environment lookup, so parallel tests each point
// the provider at their own server.
func WithGetenv(getenv func(string) string) Option {
	return func(p *boltzProvider) { p.getenv = getenv }
}

// WithClock replaces the wall clock (rotation).
func WithClock(c clock.Clock) Option { return func(p *boltzProvider) { p.clock = c } }

// WithHTTPClient replaces the HTTP client.
func WithHTTPClient(hc *http.Client) Option {
	return withClientConfig(func(c *boltz.Config) { c.HTTPClient = hc })
}

// WithRetryDelays shortens retry backoff so fault tests run fast.
func WithRetryDelays(minDelay, maxDelay time.Duration) Option {
	return withClientConfig(func(c *boltz.Config) { c.MinRetryDelay, c.MaxRetryDelay = minDelay, maxDelay })
}

// withClientConfig adjusts the client configuration after the provider
// block and the environment have made it.
func withClientConfig(f func(*boltz.Config)) Option {
	return func(p *boltzProvider) { p.tune = append(p.tune, f) }
}

type boltzProvider struct {
	version string
	getenv  func(string) string
	clock   clock.Clock
	tune    []func(*boltz.Config)
}

// New returns the provider factory, which boltz/main.go serves through
// releasectx.Serve.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &boltzProvider{version: version, getenv: os.Getenv, clock: clock.Real()}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	client *boltz.Client
	clock  clock.Clock
}

type providerModel struct {
	APIKey  types.String `tfsdk:"api_key"`
	BaseURL types.String `tfsdk:"base_url"`
	tfkit.TransportModel
}

func (p *boltzProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = typeName
	resp.Version = p.version
}

// transport is how the shared transport arguments read in this provider.
var transport = tfkit.Transport{
	Env:       "BOLTZ",
	Risk:      "The admin key then crosses the network unencrypted.",
	RetryNote: "A create whose request may have reached the server is never retried. ",
}

func (p *boltzProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Boltz provider manages the API keys of a Boltz organization (the Boltz API for " +
			"protein and small-molecule design) through its admin endpoints: create a workspace key, list keys, revoke a key.",
		Attributes: tfkit.WithTransport(map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "An **admin** API key (`sk_bc_admin_live_…` or `sk_bc_admin_test_…`), sent in the " +
					"`x-api-key` header. Workspace keys (`sk_bc_ws_…`) cannot manage keys. Can also be set with `BOLTZ_API_KEY`.",
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The API's root URL. Default: `" + boltz.DefaultBaseURL + "`. Plain `http://` is " +
					"accepted only for loopback addresses unless `allow_insecure_http` is true. Can also be set with `BOLTZ_BASE_URL`.",
			},
		}, transport),
	}
}

func (p *boltzProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	ctx = logmask.Context(ctx)
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if tfkit.AnyUnknown(m.APIKey, m.BaseURL) || m.TransportModel.AnyUnknown() {
		return // known at apply time; operations report it if they need the client before
	}
	cfg := p.clientConfig(m, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := boltz.New(cfg)
	if err != nil {
		attr := path.Root("base_url")
		if cfg.APIKey == "" {
			attr = path.Root("api_key")
		}
		resp.Diagnostics.AddAttributeError(attr, "Invalid Boltz provider configuration", err.Error())
		return
	}
	if !p.credentialsAccepted(ctx, client, cfg, m, &resp.Diagnostics) {
		return
	}
	data := &providerData{client: client, clock: p.clock}
	resp.ResourceData, resp.DataSourceData, resp.EphemeralResourceData, resp.ListResourceData = data, data, data, data
	resp.ActionData = data
}

// clientConfig merges configuration and environment, configuration first,
// attribute by attribute.
func (p *boltzProvider) clientConfig(m providerModel, diags *diag.Diagnostics) boltz.Config {
	cfg := boltz.Config{
		BaseURL: boltz.DefaultBaseURL, BaseURLSetting: "base_url",
		APIKey:   secret.Secret(p.stringOrEnv(m.APIKey, "BOLTZ_API_KEY")),
		Settings: apiclient.Settings{UserAgent: "terraform-provider-boltz/" + p.version, MaxRetries: apiclient.DefaultMaxRetries, Logger: logmask.Logger{}},
	}
	switch {
	case !m.BaseURL.IsNull():
		cfg.BaseURL = m.BaseURL.ValueString()
	case p.getenv("BOLTZ_BASE_URL") != "":
		cfg.BaseURL, cfg.BaseURLSetting = p.getenv("BOLTZ_BASE_URL"), "BOLTZ_BASE_URL"
	}
	m.TransportModel.Apply(&cfg.Settings, transport, p.getenv, diags)
	for _, f := range p.tune {
		f(&cfg)
	}
	return cfg
}

func (p *boltzProvider) stringOrEnv(v types.String, env string) string {
	return tfkit.StringOrEnv(v, env, p.getenv)
}

// credentialsAccepted asks the API once, at Configure, whether the key may
// manage keys (one list request, limit=1): a refused key or a workspace key
// is then one error on the provider block, instead of one per resource.
// Anything else (an unreachable server) is left to the operations, which
// report it with what they were doing.
func (p *boltzProvider) credentialsAccepted(ctx context.Context, client *boltz.Client, cfg boltz.Config, m providerModel, diags *diag.Diagnostics) bool {
	ctx, cancel := context.WithTimeout(ctx, max(cfg.RequestTimeout, 30*time.Second)+5*time.Second)
	defer cancel()
	err := client.CheckCredentials(ctx)
	if !boltz.IsUnauthorized(err) && !boltz.IsForbidden(err) {
		if err != nil {
			tflog.Debug(ctx, "credential check inconclusive", map[string]any{"error": err.Error()})
		}
		return true
	}
	source := "the environment variable BOLTZ_API_KEY"
	if !m.APIKey.IsNull() {
		source = "the api_key attribute"
	}
	summary, what := "Boltz API key refused", "refused the API key"
	if boltz.IsForbidden(err) {
		summary, what = "Boltz API key cannot manage keys", "accepted the API key, but it may not manage keys (a workspace key?)"
	}
	detail := fmt.Sprintf("The Boltz API at %s %s from %s: %v\n\nEvery resource and data source of this provider uses this key: "+
		"set %s to an admin key (sk_bc_admin_…), then run Terraform again.", client.BaseURL(), what, source, err, source)
	if !m.APIKey.IsNull() {
		diags.AddAttributeError(path.Root("api_key"), summary, detail)
	} else {
		diags.AddError(summary, detail)
	}
	return false
}

func (p *boltzProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewAPIKeyResource}
}

func (p *boltzProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewAPIKeysDataSource, NewAPIKeyDataSource}
}

func (p *boltzProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewAPIKeyListResource}
}

func (p *boltzProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{NewAPIKeyEphemeralResource}
}
