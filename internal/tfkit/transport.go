// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	AllowInsecureHTTP types.Bool   `tfsdk:"allow_insecure_http"`
	CACertFile        types.String `tfsdk:"ca_cert_file"`
}

// Apply puts the arguments into the client's settings: a null one keeps
// the default already there.
func (m TransportModel) Apply(s *apiclient.Settings, diags *diag.Diagnostics) {
	if !m.MaxRetries.IsNull() {
		s.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if !m.RequestTimeout.IsNull() {
		// The schema validator has checked the syntax already.
		s.RequestTimeout, _ = time.ParseDuration(m.RequestTimeout.ValueString())
	}
	s.AllowInsecureHTTP = m.AllowInsecureHTTP.ValueBool()
	s.CACertPEM = ReadCACert(m.CACertFile, diags)
}

// WithTransport adds TransportModel's arguments to a provider schema's
// attrs. risk says what plain http exposes; retryNote ends max_retries'
// description.
func WithTransport(attrs map[string]schema.Attribute, risk, retryNote string) map[string]schema.Attribute {
	attrs["max_retries"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "How many times a failed request is retried (connection errors, 429, 502, 503, 504), with " +
			"exponential backoff that honours `Retry-After`. " + retryNote + "Default: `" +
			strconv.Itoa(apiclient.DefaultMaxRetries) + "`.",
		Validators: []validator.Int64{int64validator.Between(0, 20)},
	}
	attrs["request_timeout"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "How long one attempt of a request may take, as a Go duration such as `\"30s\"` or " +
			"`\"2m\"`. Default: `\"" + apiclient.DefaultRequestTimeout.String() + "\"`.",
		Validators: []validator.String{validators.Duration(time.Second, time.Hour)},
	}
	attrs["allow_insecure_http"] = schema.BoolAttribute{
		Optional:            true,
		MarkdownDescription: "Allow a plain `http://` `base_url` for hosts that are not loopback. " + risk + " Default: `false`.",
	}
	attrs["ca_cert_file"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Path to a PEM file of certificate authorities to trust in addition to the system's, " +
			"for a server behind a private CA. TLS verification cannot be turned off.",
	}
	return attrs
}
