// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// tenant and base_url are one setting: either one in configuration beats
// both variables, so a stale XCLADE_BASE_URL never redirects a configured
// tenant's requests.
func TestEndpointConfigurationBeatsEnvironment(t *testing.T) {
	env := map[string]string{"XCLADE_BASE_URL": "https://stale.example.com", "XCLADE_TENANT": "other"}
	p := &xcladeProvider{getenv: func(k string) string { return env[k] }}
	for _, tc := range []struct {
		m                 providerModel
		wantURL, wantFrom string
	}{
		{providerModel{Tenant: types.StringValue("acme"), BaseURL: types.StringNull()}, "https://acme.api.myxclade.com", "tenant"},
		{providerModel{Tenant: types.StringNull(), BaseURL: types.StringValue("https://x.example.com")}, "https://x.example.com", "base_url"},
	} {
		var diags diag.Diagnostics
		url, from := p.endpoint(tc.m, &diags)
		if url != tc.wantURL || from != tc.wantFrom || diags.HasError() {
			t.Errorf("endpoint = %q from %q (%v), want %q from %q", url, from, diags, tc.wantURL, tc.wantFrom)
		}
	}
}
