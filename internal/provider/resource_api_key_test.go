// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var (
	secretTokenRE      = regexp.MustCompile(`^sk_[0-9a-f]{64}$`)
	publishableTokenRE = regexp.MustCompile(`^pk_[0-9a-f]{64}$`)
	redactedRE         = regexp.MustCompile(`^(sk|pk)_[0-9a-f]{3}\*\*\*[0-9a-f]{3}$`)
	rfc3339msRE        = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
)

const addr = "xclade_api_key.test"

func keyConfig(title, typ, extra string) string {
	return fmt.Sprintf(`
resource "xclade_api_key" "test" {
  title = %q
  type  = %q
%s
}
`, title, typ, extra)
}

// The token in state is the key the API created, and the API agrees with
// every other attribute.
func matchesServer(state map[string]any, key *xclade.APIKey) error {
	if key.Title != state["title"] || key.Type != state["type"] || key.Redacted != state["redacted"] {
		return fmt.Errorf("state %v/%v/%v, server %v/%v/%v", state["title"], state["type"], state["redacted"], key.Title, key.Type, key.Redacted)
	}
	if tok, _ := state["token"].(string); tok != "" && xclade.RedactToken(tok) != key.Redacted {
		return fmt.Errorf("state token does not belong to the key (server redacted %s)", key.Redacted)
	}
	if xclade.FormatTime(key.CreatedAt) != state["created_at"] {
		return fmt.Errorf("created_at: state %v, server %s", state["created_at"], xclade.FormatTime(key.CreatedAt))
	}
	return nil
}

func TestAccAPIKey_secretLifecycle(t *testing.T) {
	e := acctest.New(t)
	title, renamed := e.Title("secret"), e.Title("secret-renamed")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				Config: keyConfig(title, "secret", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("token")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("revoke_delay"), knownvalue.StringExact("0s")),
					// A new key is known not to be revoked and, being secret, to have no channels.
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("revoked_at"), knownvalue.Null()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("sales_channel_ids"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.StringRegexp(secretTokenRE)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("redacted"), knownvalue.StringRegexp(redactedRE)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(rfc3339msRE)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("revoked_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("revoked_by"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sales_channel_ids"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("rotation_due_at"), knownvalue.Null()),
					e.KeyOnServer(addr, func(s map[string]any, k *xclade.APIKey) error {
						if k.RevokedAt != nil {
							return fmt.Errorf("new key is revoked")
						}
						return matchesServer(s, k)
					}),
				},
			},
			{
				// A rename is an in-place update that keeps the secret token.
				Config: keyConfig(renamed, "secret", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("updated_at")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("redacted"), knownvalue.StringRegexp(redactedRE)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("title"), knownvalue.StringExact(renamed)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.StringRegexp(secretTokenRE)),
					e.KeyOnServer(addr, matchesServer),
				},
			},
			{
				// Import cannot recover a secret token; nothing else differs.
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"token"},
			},
		},
	})
}

func TestAccAPIKey_publishableWithSalesChannels(t *testing.T) {
	e := acctest.New(t)
	ctx := acctest.Context(t)
	sc1, err := e.CreateSalesChannel(ctx, e.Title("sc1"))
	if err != nil {
		t.Fatal(err)
	}
	sc2, err := e.CreateSalesChannel(ctx, e.Title("sc2"))
	if err != nil {
		t.Fatal(err)
	}
	channels := func(ids ...string) string {
		return fmt.Sprintf("  sales_channel_ids = %s\n", hclList(ids))
	}
	serverChannels := func(want ...string) statecheck.StateCheck {
		return e.KeyOnServer(addr, func(s map[string]any, k *xclade.APIKey) error {
			if got := k.SalesChannelIDs(); !sameSet(got, want) {
				return fmt.Errorf("server sales channels %v, want %v", got, want)
			}
			return matchesServer(s, k)
		})
	}
	title := e.Title("pub")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				Config: keyConfig(title, "publishable", channels(sc1.ID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.StringRegexp(publishableTokenRE)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sales_channel_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(sc1.ID)})),
					serverChannels(sc1.ID),
				},
			},
			{
				Config: keyConfig(title, "publishable", channels(sc2.ID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					// Linking channels does not touch the key itself.
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(rfc3339msRE)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{serverChannels(sc2.ID)},
			},
			{
				Config:            keyConfig(title, "publishable", channels()),
				ConfigStateChecks: []statecheck.StateCheck{serverChannels()},
			},
			{
				// A publishable token is readable, so import verifies it too.
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccAPIKey_typeChangeReplaces(t *testing.T) {
	e := acctest.New(t)
	title := e.Title("typechange")
	ids := acctest.IDs{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckDestroyRevoked,
		Steps: []resource.TestStep{
			{
				Config:            keyConfig(title, "secret", ""),
				ConfigStateChecks: []statecheck.StateCheck{ids.Capture(addr)},
			},
			{
				Config: keyConfig(title, "publishable", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("id")),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("token")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.StringRegexp(publishableTokenRE)),
					revokedOnServer(e, ids, addr),
				},
			},
		},
	})
}

// revokedOnServer checks that the key captured earlier under addr is revoked.
func revokedOnServer(e *acctest.Env, ids acctest.IDs, addr string) statecheck.StateCheck {
	return checkFunc(func(ctx context.Context) error {
		k, err := e.Client.GetAPIKey(ctx, ids[addr])
		if err != nil {
			return err
		}
		if k.RevokedAt == nil || k.RevokedAt.After(e.Client.ServerNow().Add(time.Second)) {
			return fmt.Errorf("replaced key %s is not revoked (revoked_at %v)", k.ID, k.RevokedAt)
		}
		return nil
	})
}
