// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// The environment gets the checks the attributes get, and its errors name
// the variable.
func TestAccProvider_environmentIsValidated(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want *regexp.Regexp
	}{
		{"tenant that is not a DNS label", map[string]string{"XCLADE_TENANT": "127.0.0.1:18080/"},
			regexp.MustCompile(`(?s)Invalid\s+XCLADE_TENANT.*"127.0.0.1:18080/"\s+must\s+be\s+a\s+DNS\s+label`)},
		{"base_url over plain http", map[string]string{"XCLADE_BASE_URL": "http://acme.api.myxclade.com"},
			regexp.MustCompile(`(?s)XCLADE_BASE_URL\s+"http://acme.api.myxclade.com"\s+uses\s+plain\s+http://`)},
		{"base_url that is not a URL", map[string]string{"XCLADE_BASE_URL": "acme"},
			regexp.MustCompile(`(?s)XCLADE_BASE_URL\s+"acme"\s+is\s+not\s+an\s+absolute\s+URL`)},
		{"tenant and base_url", map[string]string{"XCLADE_TENANT": "acme", "XCLADE_BASE_URL": "https://acme.api.myxclade.com"},
			regexp.MustCompile(`(?s)XCLADE_TENANT\s+and\s+XCLADE_BASE_URL\s+are\s+both\s+set`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.env["XCLADE_API_KEY"] = "sk_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factoriesFor(tc.env),
				Steps: []resource.TestStep{{
					Config:      keyConfig("x", "secret", ""),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

// Configuration wins over the environment for the endpoint as a whole, and
// a connection error names the URL and where it came from: a stale
// XCLADE_BASE_URL cannot silently take the requests.
func TestAccProvider_configuredEndpointBeatsEnvironment(t *testing.T) {
	e := acctest.New(t) // XCLADE_BASE_URL points at a live server
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{{
			Config:      "provider \"xclade\" {\n  base_url    = \"http://127.0.0.1:1\"\n  max_retries = 0\n}\n" + keyConfig(e.Title("x"), "secret", ""),
			ExpectError: regexp.MustCompile(`(?s)cannot\s+connect\s+to\s+http://127.0.0.1:1\s+\(from\s+base_url\)`),
		}},
	})
}
