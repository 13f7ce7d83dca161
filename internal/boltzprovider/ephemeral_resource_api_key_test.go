// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/boltz"
)

// Each plan and apply opens its own key, created with a one-day expiry and
// revoked when the run is done; only the echo resource sees the secret.
func TestAccEphemeralAPIKey(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	f := e.Factories()
	f["echo"] = echoprovider.NewProviderServer()
	name := e.Title("eph")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: f,
		CheckDestroy: ephemeralKeysRevoked(e, name, func(k boltz.APIKey) error {
			if k.ExpiresAt == nil || k.ExpiresAt.Sub(k.CreatedAt) != 24*time.Hour {
				return fmt.Errorf("ephemeral key %s expires at %v, want created_at + 1 day", k.ID, k.ExpiresAt)
			}
			return nil
		}),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
ephemeral "boltz_api_key" "test" {
  name        = %q
  mode        = "test"
  allowed_ips = ["2001:DB8::7"]
}
provider "echo" {
  data = ephemeral.boltz_api_key.test
}
resource "echo" "test" {}
`, name),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("key"), knownvalue.StringRegexp(wsSecretRE)),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("expires_at"), knownvalue.NotNull()),
			},
		}},
	})
}

// ephemeralKeysRevoked asks the API whether the run made keys named name
// and revoked every one, each also passing check (if not nil).
func ephemeralKeysRevoked(e *acctest.BoltzEnv, name string, check func(boltz.APIKey) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		keys, err := e.Client.List(context.Background(), "")
		if err != nil {
			return err
		}
		n := 0
		for _, k := range keys {
			if k.Name != name {
				continue
			}
			n++
			if k.IsActive {
				return fmt.Errorf("ephemeral key %s is still active after the run", k.ID)
			}
			if check != nil {
				if err := check(k); err != nil {
					return err
				}
			}
		}
		if n == 0 {
			return fmt.Errorf("no ephemeral key was made")
		}
		return nil
	}
}
