// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// The data source's id gets import's format check at plan time: a value
// that is not an id is never put into a request path.
func TestAccDataSourceAPIKey_idIsValidated(t *testing.T) {
	e := acctest.New(t)
	for _, id := range []string{"..", "apk_x/../../auth", "127.0.0.1:18080", "apk_short"} {
		t.Run(id, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf(`data "xclade_api_key" "k" { id = %q }`, id),
					ExpectError: regexp.MustCompile(`(?s)must\s+be\s+an\s+xclade\s+API\s+key\s+id`),
				}},
			})
		})
	}
}
