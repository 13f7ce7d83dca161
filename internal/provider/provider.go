// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package provider implements the xclade Terraform provider: its
// configuration, resources, data sources and ephemeral resources.
package provider

import (
	"context"
	"net/http"
	"os"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/clock"
	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var (
	_ provider.Provider                       = (*xcladeProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*xcladeProvider)(nil)
	_ provider.ProviderWithListResources      = (*xcladeProvider)(nil)
	_ provider.ProviderWithActions            = (*xcladeProvider)(nil)
)

// typeName prefixes every resource and data source type (xclade_api_key),
// and names the provider in its errors.
const typeName = "xclade"

// Option adjusts a provider built for tests.
type Option func(*xcladeProvider)

// WithClock replaces the wall clock (rotation, status filters).
func WithClock(c clock.Clock) Option { return func(p *xcladeProvider) { p.clock = c } }

// WithHTTPClient replaces the HTTP client (tests with httptest servers).
func WithHTTPClient(hc *http.Client) Option { return func(p *xcladeProvider) { p.httpClient = hc } }

// WithRetryDelays shortens retry backoff so fault tests run fast.
func WithRetryDelays(minDelay, maxDelay time.Duration) Option {
	return func(p *xcladeProvider) { p.minRetryDelay, p.maxRetryDelay = minDelay, maxDelay }
}

// WithGetenv replaces the environment lookup, so parallel tests can each
// point the provider at their own server without touching the process's
// environment or writing credentials into configurations.
func WithGetenv(getenv func(string) string) Option {
	return func(p *xcladeProvider) { p.getenv = getenv }
}

// WithReadCoalescing tunes or switches off the client's coalesced reads
// (make bench measures the refresh with them off).
func WithReadCoalescing(rc xclade.ReadCoalescing) Option {
	return func(p *xcladeProvider) { p.readCoalescing = rc }
}

type xcladeProvider struct {
	version       string
	getenv        func(string) string
	clock         clock.Clock
	httpClient    *http.Client
	minRetryDelay time.Duration
	maxRetryDelay time.Duration

	readCoalescing xclade.ReadCoalescing
}

// New returns the provider factory, which main.go serves through
// releasectx.Serve.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &xcladeProvider{version: version, clock: clock.Real(), getenv: os.Getenv}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

type providerModel struct {
	Tenant   types.String `tfsdk:"tenant"`
	BaseURL  types.String `tfsdk:"base_url"`
	APIKey   types.String `tfsdk:"api_key"`
	Token    types.String `tfsdk:"token"`
	Email    types.String `tfsdk:"email"`
	Password types.String `tfsdk:"password"`
	tfkit.TransportModel
}

func (p *xcladeProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = typeName
	resp.Version = p.version
}

var tenantRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// tenantRuleText is the tenant's rule, for the attribute and XCLADE_TENANT alike.
const tenantRuleText = "must be a DNS label: lower-case letters, digits and dashes"

// transport is how the shared transport arguments read in this provider.
var transport = tfkit.Transport{
	Env:  "XCLADE",
	Risk: "Credentials then cross the network unencrypted.",
	RetryNote: "A create that may have reached the server is sent again only after the provider has looked for its " +
		"key and found none. ",
	ConcurrencyNote: ", measured against a real server (see \"Large estates\" in the provider's documentation)",
}

func (p *xcladeProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The xclade provider manages the API keys of an xclade tenant through its Admin API.",
		Attributes: tfkit.WithTransport(map[string]schema.Attribute{
			"tenant": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The tenant name: the provider calls `https://{tenant}.api.myxclade.com`. " +
					"Conflicts with `base_url`. Can also be set with the `XCLADE_TENANT` environment variable.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(tenantRE, tenantRuleText),
					stringvalidator.ConflictsWith(path.MatchRoot("base_url")),
				},
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The Admin API's root URL, e.g. `https://acme.api.myxclade.com` or " +
					"`http://127.0.0.1:9000` for a local server. Use it instead of `tenant` for a custom domain. " +
					"Plain `http://` is accepted only for loopback addresses unless `allow_insecure_http` is true. " +
					"Can also be set with `XCLADE_BASE_URL`.",
			},
			"api_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "A secret API key (`sk_…`) to authenticate with; sent with HTTP Basic " +
					"authentication. Can also be set with `XCLADE_API_KEY`. Use exactly one of `api_key`, " +
					"`token`, or `email` and `password`.",
			},
			"token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "An admin user's JWT (from `POST /auth/user/emailpass`), sent as a Bearer " +
					"token. JWTs expire after 24 hours. Can also be set with `XCLADE_TOKEN`.",
			},
			"email": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "An admin user's email, used with `password` to log in; the provider " +
					"refreshes the session when it expires. Can also be set with `XCLADE_EMAIL`.",
				Validators: []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("password"))},
			},
			"password": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The admin user's password. Can also be set with `XCLADE_PASSWORD`.",
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("email"))},
			},
		}, transport),
	}
}

func (p *xcladeProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.anyUnknown() {
		// Known at apply time; resources report it if they need the client before then.
		return
	}
	cfg, diags := p.clientConfig(m)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := xclade.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid xclade provider configuration", err.Error())
		return
	}
	if !p.credentialsAccepted(ctx, client, cfg, m, &resp.Diagnostics) {
		return
	}
	data := &providerData{client: client, clock: p.clock}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

func (p *xcladeProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewAPIKeyResource}
}

func (p *xcladeProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewAPIKeysDataSource, NewAPIKeyDataSource, NewSalesChannelsDataSource}
}

func (p *xcladeProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewAPIKeyListResource}
}

func (p *xcladeProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{NewRevokeAPIKeyAction}
}

func (p *xcladeProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{NewAPIKeyEphemeralResource}
}

// stringOrEnv is the configured value, else the environment variable.
func (p *xcladeProvider) stringOrEnv(v types.String, env string) string {
	return tfkit.StringOrEnv(v, env, p.getenv)
}
