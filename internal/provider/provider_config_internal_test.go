// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/xclade"
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

// XCLADE_READ_SNAPSHOTS=off leaves reads batched only; anything but on or
// off is an error naming the variable.
func TestReadSnapshotsFromEnvironment(t *testing.T) {
	for _, tc := range []struct {
		env, wantMode string
		wantErr       bool
	}{
		{"", xclade.CoalescingOn, false},
		{"on", xclade.CoalescingOn, false},
		{"off", xclade.CoalescingBatchOnly, false},
		{"no", xclade.CoalescingOn, true},
	} {
		p := &xcladeProvider{getenv: func(k string) string { return map[string]string{"XCLADE_READ_SNAPSHOTS": tc.env}[k] }}
		var rc xclade.ReadCoalescing
		var diags diag.Diagnostics
		p.readSnapshots(&rc, &diags)
		if rc.Mode != tc.wantMode || diags.HasError() != tc.wantErr {
			t.Errorf("XCLADE_READ_SNAPSHOTS=%q: mode %q, diagnostics %v; want mode %q, error %v", tc.env, rc.Mode, diags, tc.wantMode, tc.wantErr)
		}
		if tc.wantErr && !strings.Contains(diags[0].Summary()+diags[0].Detail(), "XCLADE_READ_SNAPSHOTS") {
			t.Errorf("the error does not name the variable: %v", diags)
		}
	}
	// The bench's own mode wins: off stays off.
	p := &xcladeProvider{getenv: func(string) string { return "off" }}
	rc := xclade.ReadCoalescing{Mode: xclade.CoalescingOff}
	var diags diag.Diagnostics
	p.readSnapshots(&rc, &diags)
	if rc.Mode != xclade.CoalescingOff {
		t.Errorf("mode %q, want %q", rc.Mode, xclade.CoalescingOff)
	}
}
