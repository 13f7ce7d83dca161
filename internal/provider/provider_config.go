// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/xclade/terraform-provider-xclade/internal/clock"
	"github.com/xclade/terraform-provider-xclade/internal/logmask"
	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	client *xclade.Client
	clock  clock.Clock
}

// clientConfig merges configuration and environment into a client config.
// Configuration wins over the environment, attribute by attribute.
func (p *xcladeProvider) clientConfig(m providerModel) (xclade.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	cfg := xclade.Config{
		BaseURL:     p.stringOrEnv(m.BaseURL, "XCLADE_BASE_URL"),
		APIKey:      xclade.Secret(p.stringOrEnv(m.APIKey, "XCLADE_API_KEY")),
		AccessToken: xclade.Secret(p.stringOrEnv(m.Token, "XCLADE_TOKEN")),
		Email:       p.stringOrEnv(m.Email, "XCLADE_EMAIL"),
		Password:    xclade.Secret(p.stringOrEnv(m.Password, "XCLADE_PASSWORD")),
		Settings: xclade.Settings{
			UserAgent:     fmt.Sprintf("terraform-provider-xclade/%s", p.version),
			MaxRetries:    xclade.DefaultMaxRetries,
			HTTPClient:    p.httpClient,
			MinRetryDelay: p.minRetryDelay,
			MaxRetryDelay: p.maxRetryDelay,
			Logger:        logmask.Logger{},
		},

		ReadCoalescing: p.readCoalescing,
	}
	cfg.BaseURL, cfg.BaseURLSetting = p.endpoint(m, &diags)
	p.readSnapshots(&cfg.ReadCoalescing, &diags)
	// An explicit credential in configuration replaces every credential from
	// the environment, so mixing the two never trips the one-method rule.
	if !m.APIKey.IsNull() || !m.Token.IsNull() || !m.Email.IsNull() {
		cfg.APIKey = xclade.Secret(m.APIKey.ValueString())
		cfg.AccessToken = xclade.Secret(m.Token.ValueString())
		cfg.Email, cfg.Password = m.Email.ValueString(), xclade.Secret(m.Password.ValueString())
	}
	m.TransportModel.Apply(&cfg.Settings, transport, p.getenv, &diags)
	return cfg, diags
}

// readSnapshots turns the coalesced reads' snapshots off with
// XCLADE_READ_SNAPSHOTS=off (reads are then batched only). The snapshot
// makes a refresh of 1,000 keys against a server of 30–80 ms answers over
// twice as fast: bench/results.md, "Speed devices".
func (p *xcladeProvider) readSnapshots(rc *xclade.ReadCoalescing, diags *diag.Diagnostics) {
	switch v := p.getenv("XCLADE_READ_SNAPSHOTS"); v {
	case "", "on":
	case "off":
		if rc.Mode == xclade.CoalescingOn {
			rc.Mode = xclade.CoalescingBatchOnly
		}
	default:
		diags.AddError("Invalid XCLADE_READ_SNAPSHOTS",
			fmt.Sprintf("The environment variable XCLADE_READ_SNAPSHOTS = %q is not \"on\" or \"off\". Unset it to keep "+
				"snapshots on (the default), or set \"off\" to read keys by batches only.", v))
	}
}

// endpoint is the base URL from tenant or base_url, configured or from the
// environment, and the name of the setting it came from for the client's
// errors. A value from the environment gets the checks the attribute's
// validators give a configured one: the tenant is put into a host name, so
// XCLADE_TENANT = "127.0.0.1:18080/" would otherwise send requests, and
// credentials, to another host. Configuration wins over the environment.
func (p *xcladeProvider) endpoint(m providerModel, diags *diag.Diagnostics) (baseURL, setting string) {
	switch {
	case !m.Tenant.IsNull() && !m.BaseURL.IsNull():
		return "", "" // conflict reported by the schema validator
	case !m.BaseURL.IsNull():
		return m.BaseURL.ValueString(), "base_url"
	case !m.Tenant.IsNull():
		return tenantURL(m.Tenant.ValueString()), "tenant"
	}
	envTenant, envBaseURL := p.getenv("XCLADE_TENANT"), p.getenv("XCLADE_BASE_URL")
	switch {
	case envTenant != "" && envBaseURL != "":
		diags.AddError("Conflicting xclade endpoint in the environment",
			"XCLADE_TENANT and XCLADE_BASE_URL are both set: unset one of them, or set tenant or base_url in the provider block.")
	case envBaseURL != "":
		return envBaseURL, "XCLADE_BASE_URL"
	case envTenant != "" && !tenantRE.MatchString(envTenant):
		diags.AddError("Invalid XCLADE_TENANT",
			fmt.Sprintf("The environment variable XCLADE_TENANT = %q %s.", envTenant, tenantRuleText))
	case envTenant != "":
		return tenantURL(envTenant), "XCLADE_TENANT"
	default:
		diags.AddAttributeError(path.Root("base_url"), "Missing xclade endpoint",
			"Set tenant (or XCLADE_TENANT) to your tenant's name, or base_url (or XCLADE_BASE_URL) to the Admin API's URL.")
	}
	return "", ""
}

func tenantURL(tenant string) string { return "https://" + tenant + ".api.myxclade.com" }

// anyUnknown reports whether the configuration depends on values known
// only after apply, in which case the provider cannot be configured yet.
func (m providerModel) anyUnknown() bool {
	return tfkit.AnyUnknown(m.Tenant, m.BaseURL, m.APIKey, m.Token, m.Email, m.Password) || m.TransportModel.AnyUnknown()
}
