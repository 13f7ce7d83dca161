// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// credentialsAccepted asks the API once, when the provider is configured,
// whether it takes the credentials: refused ones are then one error on the
// provider block, naming where they came from, instead of one per resource.
// Anything else (an unreachable server, a timeout) is left to the
// operations, which report it with what they were doing.
func (p *xcladeProvider) credentialsAccepted(ctx context.Context, client *xclade.Client, cfg xclade.Config, m providerModel, diags *diag.Diagnostics) bool {
	ctx, cancel := context.WithTimeout(ctx, cfg.RequestTimeout+5*time.Second)
	defer cancel()
	err := client.CheckCredentials(ctx)
	if !xclade.IsUnauthorized(err) && !xclade.IsForbidden(err) {
		if err != nil {
			tflog.Debug(ctx, "credential check inconclusive", map[string]any{"error": err.Error()})
		}
		return true
	}
	attr, source := p.credentialSource(m)
	detail := fmt.Sprintf("The xclade API at %s refused the %s from %s: %v\n\nEvery resource and data source of this provider "+
		"uses these credentials: fix %s, then run Terraform again.", client.BaseURL(), cfg.AuthMethod(), source, err, source)
	if attr != "" {
		diags.AddAttributeError(path.Root(attr), "xclade credentials refused", detail)
	} else {
		diags.AddError("xclade credentials refused", detail)
	}
	return false
}

// credentialSource names where the credentials came from: the attribute
// (returned too, to attach the error to it) or the environment variables.
func (p *xcladeProvider) credentialSource(m providerModel) (attr, source string) {
	switch {
	case !m.APIKey.IsNull():
		return "api_key", "the api_key attribute"
	case !m.Token.IsNull():
		return "token", "the token attribute"
	case !m.Email.IsNull():
		return "email", "the email and password attributes"
	case p.getenv("XCLADE_API_KEY") != "":
		return "", "the environment variable XCLADE_API_KEY"
	case p.getenv("XCLADE_TOKEN") != "":
		return "", "the environment variable XCLADE_TOKEN"
	}
	return "", "the environment variables XCLADE_EMAIL and XCLADE_PASSWORD"
}
