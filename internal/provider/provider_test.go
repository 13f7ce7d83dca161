// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/provider"
)

// Misconfiguration fails at plan time with an error that names the setting
// and the fix, and never echoes a credential.
func TestAccProvider_configurationErrors(t *testing.T) {
	e := acctest.New(t)
	noEnv := provider.WithGetenv(func(string) string { return "" })
	cases := []struct {
		name, block string
		want        *regexp.Regexp
	}{
		{"plain http to a remote host", `base_url = "http://acme.api.myxclade.com"
  api_key = "sk_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`, regexp.MustCompile(`(?s)plain http://.*allow_insecure_http = true`)},
		{"tenant and base_url", `tenant = "acme"
  base_url = "https://acme.api.myxclade.com"
  api_key = "sk_x"`, regexp.MustCompile(`(?s)"base_url".*cannot be specified when "tenant" is specified|(?s)tenant.*base_url`)},
		{"no endpoint", `api_key = "sk_x"`, regexp.MustCompile(`(?s)Missing xclade endpoint.*Set tenant`)},
		{"no credentials", `tenant = "acme"`, regexp.MustCompile(`(?s)no credentials: set api_key \(XCLADE_API_KEY\), token\s+\(XCLADE_TOKEN\), or\s+email\s+and\s+password`)},
		{"publishable key as credential", `tenant = "acme"
  api_key = "pk_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`, regexp.MustCompile(`(?s)publishable keys \(pk_\)\s+cannot\s+call\s+the\s+Admin\s+API`)},
		{"two credential methods", `tenant = "acme"
  api_key = "sk_x"
  token = "eyJhbGciOiJIUzI1NiJ9.e30.x"`, regexp.MustCompile(`(?s)more than one credential method`)},
		{"bad tenant", `tenant = "Acme Corp"
  api_key = "sk_x"`, regexp.MustCompile(`(?s)tenant.*must be a DNS label`)},
		{"bad request_timeout", `tenant = "acme"
  api_key = "sk_x"
  request_timeout = "soon"`, regexp.MustCompile(`(?s)request_timeout: "soon" is not a duration`)},
		{"max_concurrent_requests below 1", `tenant = "acme"
  api_key = "sk_x"
  max_concurrent_requests = 0`, regexp.MustCompile(`(?s)max_concurrent_requests.*value must be between 1 and 256, got: 0`)},
		{"missing ca_cert_file", `tenant = "acme"
  api_key = "sk_x"
  ca_cert_file = "/nonexistent/ca.pem"`, regexp.MustCompile(`(?s)Cannot read ca_cert_file`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(noEnv),
				Steps: []resource.TestStep{{
					Config:      "provider \"xclade\" {\n  " + tc.block + "\n}\n" + keyConfig("x", "secret", ""),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

// Environment variables configure the provider; configuration wins.
func TestAccProvider_environmentAndOverride(t *testing.T) {
	e := acctest.New(t)
	vars := e.Vars()
	vars["XCLADE_BASE_URL"] = "http://acme.api.myxclade.com" // refused if used
	env := provider.WithGetenv(func(k string) string { return vars[k] })
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(env),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				Config:      keyConfig(e.Title("env"), "secret", ""),
				ExpectError: regexp.MustCompile(`(?s)http://acme.api.myxclade.com.*plain http://`),
			},
			{
				Config: "provider \"xclade\" {\n  base_url = \"" + e.BaseURL + "\"\n}\n" + keyConfig(e.Title("env"), "secret", ""),
			},
		},
	})
}

// XCLADE_MAX_CONCURRENT_REQUESTS must be a number in range, and a
// max_concurrent_requests in the configuration overrides it.
func TestAccProvider_maxConcurrentRequestsFromTheEnvironment(t *testing.T) {
	e := acctest.New(t)
	vars := e.Vars()
	vars["XCLADE_MAX_CONCURRENT_REQUESTS"] = "lots"
	env := provider.WithGetenv(func(k string) string { return vars[k] })
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(env),
		Steps: []resource.TestStep{
			{
				Config:      keyConfig(e.Title("env"), "secret", ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)XCLADE_MAX_CONCURRENT_REQUESTS \(for max_concurrent_requests\) must be a\s+whole\s+number\s+between\s+1\s+and\s+256, got "lots"`),
			},
			{
				Config:             "provider \"xclade\" {\n  max_concurrent_requests = 4\n}\n" + keyConfig(e.Title("env"), "secret", ""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}
