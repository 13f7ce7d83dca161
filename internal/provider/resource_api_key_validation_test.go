// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// Bad input fails at plan time with an error that names the attribute and
// the fix; nothing reaches the API.
func TestAccAPIKey_planTimeValidation(t *testing.T) {
	e := acctest.New(t)
	cases := []struct {
		name, config string
		want         *regexp.Regexp
	}{
		{"bad type", keyConfig("x", "admin", ""), regexp.MustCompile(`(?s)Attribute type value must be one of.*"secret".*"publishable"`)},
		{"delete with delay", keyConfig("x", "secret", "  revoke_delay = \"1h\"\n  delete_on_destroy = true"),
			regexp.MustCompile(`(?s)delete_on_destroy = true cannot be combined with revoke_delay = "1h"`)},
		{"channels on secret", keyConfig("x", "secret", `  sales_channel_ids = ["sc_1"]`),
			regexp.MustCompile(`(?s)sales_channel_ids can only be set when type = "publishable"`)},
		{"bad revoke_delay", keyConfig("x", "secret", `  revoke_delay = "ten minutes"`),
			regexp.MustCompile(`(?s)revoke_delay: "ten minutes" is not a duration`)},
		{"negative revoke_delay", keyConfig("x", "secret", `  revoke_delay = "-5m"`),
			regexp.MustCompile(`(?s)revoke_delay: "-5m" must be a duration`)},
		{"bad rotate_after", keyConfig("x", "secret", `  rotate_after = "30d"`),
			regexp.MustCompile(`(?s)rotate_after: "30d" is not a duration.\s+Days\s+are\s+not\s+a\s+unit\s+here:\s+write\s+"720h"\s+\(30\s+days\)`)},
		{"rotate after expiry", keyConfig("x", "secret", "  rotate_after = \"2160h\"\n  expire_after = \"720h\""),
			regexp.MustCompile(`(?s)rotate_after = "2160h" is not shorter than expire_after = "720h"`)},
		{"bad expire_after", keyConfig("x", "secret", `  expire_after = "90d"`),
			regexp.MustCompile(`(?s)expire_after: "90d" is not a duration.\s+Days\s+are\s+not\s+a\s+unit\s+here:\s+write\s+"2160h"`)},
		{"revoke_delay too long", keyConfig("x", "secret", `  revoke_delay = "90000h"`),
			regexp.MustCompile(`(?s)revoke_delay: "90000h" must\s+be\s+a\s+duration\s+such\s+as\s+"90s"\s+or\s+"24h",\s+between\s+0s\s+and\s+87600h\s+\(10\s+years\)`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				Steps:                    []resource.TestStep{{Config: tc.config, PlanOnly: true, ExpectError: tc.want}},
			})
		})
	}
}

func TestAccAPIKey_importRejectsBadID(t *testing.T) {
	e := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{{
			Config:        keyConfig("x", "secret", ""),
			ResourceName:  addr,
			ImportState:   true,
			ImportStateId: "sk_not_an_id",
			ExpectError:   regexp.MustCompile(`"sk_not_an_id" is not an xclade API key id`),
		}},
	})
}
