// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// The echo provider copies the ephemeral result into a test resource's
// state, the only way to look at an ephemeral value from a test. Only the
// test's echo resource holds it: the xclade provider wrote nothing.
func withEcho(e *acctest.Env) map[string]func() (tfprotov6.ProviderServer, error) {
	f := e.Factories()
	f["echo"] = echoprovider.NewProviderServer()
	return f
}

func ephemeralConfig(title, extra string) string {
	return fmt.Sprintf(`
ephemeral "xclade_api_key" "test" {
  title = %q
%s
}

provider "echo" {
  data = ephemeral.xclade_api_key.test
}

resource "echo" "test" {}
`, title, extra)
}

// keysTitled lists every key with the title (each plan and apply opens
// its own ephemeral key).
func keysTitled(ctx context.Context, e *acctest.Env, title string) ([]*xclade.APIKey, error) {
	var keys []*xclade.APIKey
	for k, err := range e.Client.AllAPIKeys(ctx, xclade.ListParams{Filter: xclade.Filter{Titles: []string{title}}}, 100) {
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}

func allRevoked(e *acctest.Env, title string, want int) func(*terraform.State) error {
	return func(*terraform.State) error {
		keys, err := keysTitled(context.Background(), e, title)
		if err != nil {
			return err
		}
		if len(keys) < want {
			return fmt.Errorf("found %d keys titled %q, want at least %d", len(keys), title, want)
		}
		now := e.Client.ServerNow().Add(time.Second)
		for _, k := range keys {
			if !k.RevokedBefore(now) {
				return fmt.Errorf("ephemeral key %s (%s) is still live after the run (revoked_at %v)", k.ID, k.Redacted, k.RevokedAt)
			}
		}
		return nil
	}
}

func TestAccEphemeralAPIKey_openAndClose(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("ephemeral")
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.RequireAbove(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: withEcho(e),
		CheckDestroy:             allRevoked(e, title, 2),
		Steps: []resource.TestStep{{
			Config: ephemeralConfig(title, `  ttl = "15m"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("token"), knownvalue.StringRegexp(secretTokenRE)),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("type"), knownvalue.StringExact("secret")),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("revoked_at"), knownvalue.StringRegexp(rfc3339msRE)),
				// The key the run used existed on the server and has been
				// revoked by Close (before the ttl's scheduled time).
				checkFunc(func(ctx context.Context) error {
					keys, err := keysTitled(ctx, e, title)
					if err != nil {
						return err
					}
					if len(keys) == 0 {
						return fmt.Errorf("no key titled %q was ever created", title)
					}
					ttlEnd := e.Client.ServerNow().Add(10 * time.Minute)
					for _, k := range keys {
						if k.RevokedAt == nil || k.RevokedAt.After(ttlEnd) {
							return fmt.Errorf("%s not revoked by Close: revoked_at %v", k.ID, k.RevokedAt)
						}
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccEphemeralAPIKey_publishableDeleteOnClose(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("ephemeral-pk")
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.RequireAbove(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: withEcho(e),
		CheckDestroy: func(*terraform.State) error {
			keys, err := keysTitled(context.Background(), e, title)
			if err != nil {
				return err
			}
			if len(keys) != 0 {
				return fmt.Errorf("%d ephemeral keys left after delete_on_close", len(keys))
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: ephemeralConfig(title, "  type = \"publishable\"\n  delete_on_close = true"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("token"), knownvalue.StringRegexp(publishableTokenRE)),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("revoked_at"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccEphemeralAPIKey_badTTL(t *testing.T) {
	e := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.RequireAbove(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: withEcho(e),
		Steps: []resource.TestStep{{
			Config:      ephemeralConfig("x", `  ttl = "forever"`),
			ExpectError: regexp.MustCompile(`ttl: "forever" is not a duration`),
		}},
	})
}

// revoke_on_close = false hands the key over: it outlives the run and ends
// on the server's schedule (ttl), never by Close.
func TestAccEphemeralAPIKey_handOff(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("handoff")
	stillLive := func(*terraform.State) error {
		keys, err := keysTitled(context.Background(), e, title)
		if err != nil {
			return err
		}
		if len(keys) == 0 {
			return fmt.Errorf("no key titled %q was ever created", title)
		}
		now := e.Client.ServerNow()
		for _, k := range keys {
			if k.RevokedAt == nil || !k.RevokedAt.After(now.Add(23*time.Hour)) || k.RevokedAt.After(now.Add(25*time.Hour)) {
				return fmt.Errorf("%s should work until its ttl (24h) and end then: revoked_at %v", k.ID, k.RevokedAt)
			}
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.RequireAbove(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: withEcho(e),
		CheckDestroy:             stillLive,
		Steps: []resource.TestStep{
			{
				Config:            ephemeralConfig(title, "  ttl = \"24h\"\n  revoke_on_close = false"),
				ConfigStateChecks: []statecheck.StateCheck{checkFunc(func(context.Context) error { return stillLive(nil) })},
			},
		},
	})
}

func TestAccEphemeralAPIKey_handOffNeedsTTL(t *testing.T) {
	e := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.RequireAbove(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: withEcho(e),
		Steps: []resource.TestStep{
			{
				Config:      ephemeralConfig("x", "  revoke_on_close = false"),
				ExpectError: regexp.MustCompile(`(?s)revoke_on_close = false needs a ttl.*set ttl`),
			},
			{
				Config:      ephemeralConfig("x", "  ttl = \"1h\"\n  revoke_on_close = false\n  delete_on_close = true"),
				ExpectError: regexp.MustCompile(`(?s)delete_on_close needs revoke_on_close`),
			},
		},
	})
}
