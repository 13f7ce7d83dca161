// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/provider"
)

var (
	jwtRE = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}`)
	// Any full key at all, including the ephemeral one nobody captured.
	anyKeyRE = regexp.MustCompile(`(sk|pk)_[0-9a-f]{64}`)
)

// A whole apply, refresh and destroy at TRACE level, with every kind of
// secret in play: the log must hold none of them. Not parallel: the log
// settings are process environment.
func TestAccLogging_noSecretsAtTrace(t *testing.T) {
	for _, auth := range []string{"api_key", "email_password"} {
		t.Run(auth, func(t *testing.T) {
			e := acctest.New(t)
			emu := e.NeedEmulator(t)
			logPath := filepath.Join(t.TempDir(), "trace.log")
			t.Setenv("TF_LOG", "TRACE")
			t.Setenv("TF_ACC_LOG", "TRACE")
			t.Setenv("TF_ACC_LOG_PATH", logPath)

			secrets := map[string]string{"the provider's api_key": e.Vars()["XCLADE_API_KEY"]}
			opts := []provider.Option{}
			if auth == "email_password" {
				vars := map[string]string{"XCLADE_BASE_URL": e.BaseURL, "XCLADE_EMAIL": emu.AdminEmail(), "XCLADE_PASSWORD": emu.AdminPassword()}
				opts = append(opts, provider.WithGetenv(func(k string) string { return vars[k] }))
				secrets = map[string]string{"the password": emu.AdminPassword()}
			}
			captured := map[string]string{}
			factories := e.Factories(opts...)
			for k, v := range withEcho(e) {
				if k == "echo" {
					factories[k] = v
				}
			}
			cfg := fmt.Sprintf(`
resource "xclade_api_key" "secret" {
  title = %[1]q
  type  = "secret"
}
resource "xclade_api_key" "publishable" {
  title = %[1]q
  type  = "publishable"
}
data "xclade_api_keys" "all" {
  query      = %[2]q
  depends_on = [xclade_api_key.secret, xclade_api_key.publishable]
}
ephemeral "xclade_api_key" "short" {
  title = %[1]q
  ttl   = "5m"
}
provider "echo" {
  data = ephemeral.xclade_api_key.short.redacted
}
resource "echo" "test" {}
`, e.Title("log"), e.Prefix())
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories,
				CheckDestroy:             e.CheckDestroyRevoked,
				Steps: []resource.TestStep{{
					Config: cfg,
					ConfigStateChecks: []statecheck.StateCheck{
						captureToken("xclade_api_key.secret", captured),
						captureToken("xclade_api_key.publishable", captured),
					},
				}},
			})
			raw, err := os.ReadFile(logPath)
			if err != nil {
				t.Fatalf("no TRACE log written: %v", err)
			}
			log := string(raw)
			if !strings.Contains(log, "xclade Admin API request") {
				t.Fatalf("the TRACE log holds none of the provider's request lines (%d bytes): the check would prove nothing", len(log))
			}
			for addr, tok := range captured {
				secrets["the token of "+addr] = tok
			}
			for _, k := range emu.Keys() {
				if k.Token != "" {
					secrets["publishable token of "+k.ID] = k.Token
				}
			}
			found := 0
			for what, s := range secrets {
				if s != "" && strings.Contains(log, s) {
					t.Errorf("%s appears in the TRACE log", what)
					found++
				}
			}
			if m := anyKeyRE.FindString(log); m != "" {
				t.Errorf("a full key (%s) appears in the TRACE log", m[:6]+"...")
				found++
			}
			if jwtRE.MatchString(log) {
				t.Errorf("a JWT appears in the TRACE log")
				found++
			}
			t.Logf("TRACE log: %d bytes, %d secrets checked, %d found", len(log), len(secrets)+1, found)
		})
	}
}

func captureToken(addr string, into map[string]string) statecheck.StateCheck {
	return stateFunc(func(values map[string]map[string]any) error {
		tok, _ := values[addr]["token"].(string)
		if tok == "" {
			return fmt.Errorf("%s has no token", addr)
		}
		into[addr] = tok
		return nil
	})
}
