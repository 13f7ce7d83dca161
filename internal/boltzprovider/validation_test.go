// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// Every argument's rule is enforced at plan time, before any request: the
// emulator must see none.
func TestAccValidation_planTime(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	key := func(body string) string { return "resource \"boltz_api_key\" \"test\" {\n" + body + "\n}\n" }
	cases := []struct{ name, config, want string }{
		{"empty name", key(`name = ""`), `(?s)name.*string length must be between 1 and 255`},
		{"long name", key(`name = "` + strings.Repeat("n", 256) + `"`), `(?s)string length must be between 1 and 255`},
		{"not an address", key(`name = "a"
allowed_ips = ["10.0.0.300"]`), `(?s)Invalid allowed IP.*"10.0.0.300" is not an IPv4 or IPv6 address`},
		{"cidr", key(`name = "a"
allowed_ips = ["10.0.0.0/24"]`), `(?s)Invalid allowed IP.*is a CIDR range`},
		{"zone", key(`name = "a"
allowed_ips = ["fe80::1%eth0"]`), `(?s)IPv6 zone`},
		{"same address twice", key(`name = "a"
allowed_ips = ["2001:DB8::1", "2001:db8::1"]`), `(?s)Allowed IP listed twice.*same address \(2001:db8::1\)`},
		{"expiry zero", key(`name = "a"
expires_in_days = 0`), `(?s)expires_in_days.*between 1 and 365`},
		{"expiry too long", key(`name = "a"
expires_in_days = 366`), `(?s)expires_in_days.*between 1 and 365`},
		{"mode", key(`name = "a"
mode = "prod"`), `(?s)mode.*value must be one of`},
		{"workspace empty", key(`name = "a"
workspace_id = ""`), `(?s)workspace_id.*at least 1`},
		{"rotate_after syntax", key(`name = "a"
rotate_after = "30d"`), `(?s)rotate_after`},
		{"rotate_after too short", key(`name = "a"
rotate_after = "10s"`), `(?s)rotate_after`},
		{"rotate_after past expiry", key(`name = "a"
rotate_after = "720h"
expires_in_days = 30`), `(?s)rotate_after must be shorter than expires_in_days`},
		{"provider request_timeout", `provider "boltz" {
  request_timeout = "forever"
}
` + key(`name = "a"`), `(?s)request_timeout`},
		{"provider max_retries", `provider "boltz" {
  max_retries = 21
}
` + key(`name = "a"`), `(?s)max_retries.*between 0 and 20`},
		{"provider max_concurrent_requests", `provider "boltz" {
  max_concurrent_requests = 0
}
` + key(`name = "a"`), `(?s)max_concurrent_requests.*between 1 and 256, got: 0`},
		{"data source status", `data "boltz_api_keys" "x" {
  status = "revoked"
}`, `(?s)status.*value must be one of`},
		{"data source regex", `data "boltz_api_keys" "x" {
  name_regex = "("
}`, `(?s)Invalid name_regex`},
		{"data source id and name", `data "boltz_api_key" "x" {
  id   = "key_1"
  name = "a"
}`, `(?s)Invalid Attribute Combination`},
		{"ephemeral address", `ephemeral "boltz_api_key" "x" {
  name        = "a"
  allowed_ips = ["::ffff:zz"]
}`, `(?s)Invalid allowed IP`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: regexp.MustCompile(c.want)})
	}
	e.Emulator.ResetRequestCounts()
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: e.Factories(), Steps: steps})
	// Configure's credential check is the only request a plan makes.
	for route, n := range e.Emulator.RequestCounts() {
		if !strings.HasPrefix(route, "GET") {
			t.Errorf("a rejected plan sent %d %s", n, route)
		}
	}
}
