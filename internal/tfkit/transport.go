// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
	"github.com/xclade/terraform-provider-xclade/internal/validators"
)

// TransportModel is the provider arguments both providers share for how
// requests are sent (apiclient.Settings); embedded in a provider's model.
type TransportModel struct {
	MaxRetries        types.Int64  `tfsdk:"max_retries"`
	RequestTimeout    types.String `tfsdk:"request_timeout"`
	MaxConcurrent     types.Int64  `tfsdk:"max_concurrent_requests"`
	AllowInsecureHTTP types.Bool   `tfsdk:"allow_insecure_http"`
	CACertFile        types.String `tfsdk:"ca_cert_file"`
}

// Transport is what differs between the providers in the arguments of
// TransportModel: their environment and their documentation.
type Transport struct {
	// Env prefixes the environment variables that stand in for arguments,
	// e.g. "XCLADE" for XCLADE_MAX_CONCURRENT_REQUESTS.
	Env string
	// Risk says what plain http exposes.
	Risk string
	// RetryNote ends max_retries' description.
	RetryNote string
	// ConcurrencyNote follows the default in max_concurrent_requests'
	// description: where the default comes from.
	ConcurrencyNote string
}

// AnyUnknown reports whether an argument is known only after apply.
func (m TransportModel) AnyUnknown() bool {
	return AnyUnknown(m.MaxRetries, m.RequestTimeout, m.MaxConcurrent, m.AllowInsecureHTTP, m.CACertFile)
}

// Apply puts the arguments into the client's settings: a null one keeps
// the default already there. getenv reads the variables t names.
func (m TransportModel) Apply(s *apiclient.Settings, t Transport, getenv func(string) string, diags *diag.Diagnostics) {
	if !m.MaxRetries.IsNull() {
		s.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if !m.RequestTimeout.IsNull() {
		// The schema validator has checked the syntax already.
		s.RequestTimeout, _ = time.ParseDuration(m.RequestTimeout.ValueString())
	}
	s.MaxConcurrentRequests = m.maxConcurrentRequests(t.Env+"_MAX_CONCURRENT_REQUESTS", getenv, diags)
	s.AllowInsecureHTTP = m.AllowInsecureHTTP.ValueBool()
	s.CACertPEM = ReadCACert(m.CACertFile, diags)
}

// maxConcurrentRequests is the configured cap, else the variable env, else
// 0 (the client's default). The schema checks the argument at plan time;
// the variable can only be checked here.
func (m TransportModel) maxConcurrentRequests(env string, getenv func(string) string, diags *diag.Diagnostics) int {
	if !m.MaxConcurrent.IsNull() {
		return int(m.MaxConcurrent.ValueInt64())
	}
	v := strings.TrimSpace(getenv(env))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > apiclient.MaxConcurrentRequestsLimit {
		diags.AddAttributeError(path.Root("max_concurrent_requests"), "Invalid "+env,
			fmt.Sprintf("%s (for max_concurrent_requests) must be a whole number between 1 and %d, got %q.", env, apiclient.MaxConcurrentRequestsLimit, v))
		return 0
	}
	return n
}

// WithTransport adds TransportModel's arguments to a provider schema's attrs.
func WithTransport(attrs map[string]schema.Attribute, t Transport) map[string]schema.Attribute {
	attrs["max_retries"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "How many times a failed request is retried (connection errors, 429, 502, 503, 504), with " +
			"exponential backoff that honours `Retry-After`. " + t.RetryNote + "Default: `" +
			strconv.Itoa(apiclient.DefaultMaxRetries) + "`.",
		Validators: []validator.Int64{int64validator.Between(0, 20)},
	}
	attrs["max_concurrent_requests"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "The most requests the provider sends to the API at once, whatever " +
			"Terraform's `-parallelism`: operations beyond it wait their turn (within their own " +
			"timeouts; the wait does not count against `request_timeout`). While the server struggles " +
			"(timeouts, 5xx, 429, answers far slower than usual) the provider goes lower by itself, " +
			"and back up as answers recover. Default: `" + strconv.Itoa(apiclient.DefaultMaxConcurrentRequests) + "`" +
			t.ConcurrencyNote + ". Can also be set with `" + t.Env + "_MAX_CONCURRENT_REQUESTS`.",
		Validators: []validator.Int64{int64validator.Between(1, apiclient.MaxConcurrentRequestsLimit)},
	}
	attrs["request_timeout"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "How long one attempt of a request may take, as a Go duration such as `\"30s\"` or " +
			"`\"2m\"`. Default: `\"" + apiclient.DefaultRequestTimeout.String() + "\"`.",
		Validators: []validator.String{validators.Duration(time.Second, time.Hour)},
	}
	attrs["allow_insecure_http"] = schema.BoolAttribute{
		Optional:            true,
		MarkdownDescription: "Allow a plain `http://` `base_url` for hosts that are not loopback. " + t.Risk + " Default: `false`.",
	}
	attrs["ca_cert_file"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Path to a PEM file of certificate authorities to trust in addition to the system's, " +
			"for a server behind a private CA. TLS verification cannot be turned off.",
	}
	return attrs
}
