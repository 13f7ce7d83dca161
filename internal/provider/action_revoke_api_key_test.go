// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

// The xclade_revoke_api_key action under a real Terraform (1.14+): invoked
// from the CLI as the incident-response recipe says, and triggered from a
// resource's action_trigger inside terraform-plugin-testing. Each checks
// the server afterwards: the named key revoked, a key of the same title
// untouched.

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/faultproxy"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// revokeTrigger runs the action with config body when the terraform_data
// named trigger is created (acctest.ActionTrigger).
func revokeTrigger(trigger, body string) string {
	return acctest.ActionTrigger("xclade_revoke_api_key", trigger, body)
}

// twinKeys makes two live keys of typ with the same title, out of band:
// the one to revoke and a foreign one that must stay live.
func twinKeys(t *testing.T, e *acctest.Env, typ, suffix string) (target, foreign *xclade.APIKey) {
	t.Helper()
	return e.CreateKey(t, e.Title(suffix), typ), e.CreateKey(t, e.Title(suffix), typ)
}

// keyState asks the API when the key id is revoked (nil while it is live).
func keyState(t *testing.T, e *acctest.Env, id string) (*time.Time, error) {
	k, err := e.Client.GetAPIKey(acctest.Context(t), id)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", id, err)
	}
	return k.RevokedAt, nil
}

// revokedNow fails unless target's revocation is in the past and foreign is live.
func revokedNow(e *acctest.Env, target, foreign string) acctest.CheckFunc {
	return func(ctx context.Context) error {
		now := e.Client.ServerNow()
		k, err := e.Client.GetAPIKey(ctx, target)
		if err != nil {
			return err
		}
		if k.RevokedAt == nil || k.RevokedAt.After(now) {
			return fmt.Errorf("%s should be revoked now, revoked_at %v", target, k.RevokedAt)
		}
		f, err := e.Client.GetAPIKey(ctx, foreign)
		if err != nil {
			return err
		}
		if f.RevokedAt != nil {
			return fmt.Errorf("the same-title key %s was touched: revoked_at %v", foreign, f.RevokedAt)
		}
		return nil
	}
}

// The action revokes the named key of each type and leaves its same-title
// twin live; a second trigger on the revoked key succeeds without moving
// its revocation; revoke_in schedules; an unknown id is an error; a
// malformed id is refused at plan time.
func TestAccRevokeAPIKeyAction(t *testing.T) {
	for _, typ := range []string{xclade.TypeSecret, xclade.TypePublishable} {
		t.Run(typ, func(t *testing.T) {
			acctest.SkipBelow114(t, acctest.FeatureActions) // before any key is made
			e := acctest.New(t)
			target, foreign := twinKeys(t, e, typ, "leaked")
			later, _ := twinKeys(t, e, typ, "later")
			var firstRevokedAt time.Time
			tfresource.Test(t, tfresource.TestCase{
				TerraformVersionChecks:   acctest.Needs114(acctest.FeatureActions),
				ProtoV6ProviderFactories: e.Factories(),
				Steps: []tfresource.TestStep{
					{
						Config:      revokeTrigger("malformed", `    id = "sk_live_123"`),
						PlanOnly:    true,
						ExpectError: regexp.MustCompile(`must be an xclade API key id`),
					},
					{
						Config: revokeTrigger("first", fmt.Sprintf("    id = %q", target.ID)),
						ConfigStateChecks: []statecheck.StateCheck{
							revokedNow(e, target.ID, foreign.ID),
							acctest.CheckFunc(func(ctx context.Context) error {
								k, err := e.Client.GetAPIKey(ctx, target.ID)
								if err == nil {
									firstRevokedAt = *k.RevokedAt
								}
								return err
							}),
						},
					},
					{
						// Already revoked: success, and the revocation stays as it was.
						Config: revokeTrigger("again", fmt.Sprintf("    id = %q", target.ID)),
						ConfigStateChecks: []statecheck.StateCheck{
							revokedNow(e, target.ID, foreign.ID),
							acctest.CheckFunc(func(ctx context.Context) error {
								k, err := e.Client.GetAPIKey(ctx, target.ID)
								if err != nil {
									return err
								}
								if !k.RevokedAt.Equal(firstRevokedAt) {
									return fmt.Errorf("revoking again moved revoked_at from %s to %s", firstRevokedAt, k.RevokedAt)
								}
								return nil
							}),
						},
					},
					{
						Config: revokeTrigger("scheduled", fmt.Sprintf("    id = %q\n    revoke_in = \"2h\"", later.ID)),
						ConfigStateChecks: []statecheck.StateCheck{acctest.CheckFunc(func(ctx context.Context) error {
							k, err := e.Client.GetAPIKey(ctx, later.ID)
							if err != nil {
								return err
							}
							now := e.Client.ServerNow()
							if k.RevokedAt == nil || k.RevokedAt.Before(now.Add(time.Hour)) || k.RevokedAt.After(now.Add(3*time.Hour)) {
								return fmt.Errorf("revoke_in = 2h: revoked_at %v, want about two hours from %s", k.RevokedAt, now)
							}
							return nil
						})},
					},
					{
						Config:      revokeTrigger("unknown", `    id = "apk_01J0ABCDEFGHJKMNPQRSTVWXYZ"`),
						ExpectError: regexp.MustCompile(`No xclade API key apk_01J0ABCDEFGHJKMNPQRSTVWXYZ`),
					},
				},
			})
			if t.Failed() {
				return
			}
			if at, err := keyState(t, e, foreign.ID); err != nil || at != nil {
				t.Errorf("the same-title key %s after the test: revoked_at %v (%v)", foreign.ID, at, err)
			}
		})
	}
}

// The incident-response recipe as users run it: the provider a plugin
// binary, the action invoked from the command line with no resource in
// the configuration; progress says what happened, and a second invoke of
// a revoked key succeeds saying so.
func TestAccRevokeAPIKeyActionInvoke(t *testing.T) {
	acctest.SkipBelow114(t, acctest.FeatureActions)
	e := acctest.New(t)
	target, foreign := twinKeys(t, e, xclade.TypeSecret, "leaked")
	acctest.InvokeRecipe{Provider: "xclade", MainPkg: ".", EnvPrefix: "XCLADE_", Vars: e.Vars(),
		Target: target.ID, Unknown: "apk_01J0ABCDEFGHJKMNPQRSTVWXYZ", Revoking: "Revoking secret key " + target.ID,
		Revoked: func() error { return revokedNow(e, target.ID, foreign.ID)(acctest.Context(t)) },
	}.Run(t)
}

// actionServer is the provider's protocol server, configured, for calling
// the action as Terraform does with any CLI (acctest.Action): these tests
// run under every CLI, the real server's conformance pass included.
func actionServer(t *testing.T, e *acctest.Env) func(set map[string]tftypes.Value) ([]string, error) {
	t.Helper()
	ctx := context.Background()
	srv, schemas, err := acctest.ConfiguredServer(ctx, e.Factories()["xclade"])
	if err != nil {
		t.Fatal(err)
	}
	return func(set map[string]tftypes.Value) ([]string, error) {
		return acctest.Action(ctx, srv, schemas, "xclade_revoke_api_key", set)
	}
}

func idArg(id string) map[string]tftypes.Value { return map[string]tftypes.Value{"id": str(id)} }

const revokeRoute = "POST /admin/api-keys/{id}/revoke"

// What each invocation sends and says: a malformed or unknown id is an
// error before any revoke; the named key is revoked and its twin is not;
// a revoked key, or one scheduled no later than revoke_in asks, is left as
// it is, without a revoke request; a later schedule is brought forward.
func TestRevokeAPIKeyActionProtocol(t *testing.T) {
	e := acctest.New(t)
	proxy := e.Proxy(t)
	invoke := actionServer(t, e)
	target, foreign := twinKeys(t, e, xclade.TypePublishable, "leaked")

	if _, err := invoke(idArg("sk_live_123")); err == nil || !strings.Contains(err.Error(), "must be an xclade API key id") {
		t.Errorf("a malformed id: %v", err)
	}
	if _, err := invoke(idArg("apk_01J0ABCDEFGHJKMNPQRSTVWXYZ")); err == nil || !strings.Contains(err.Error(), "No xclade API key apk_01J0ABCDEFGHJKMNPQRSTVWXYZ") {
		t.Errorf("an unknown id: %v", err)
	}
	if n := proxy.Count(revokeRoute); n != 0 {
		t.Fatalf("%d revoke requests for a malformed and an unknown id", n)
	}

	progress, err := invoke(idArg(target.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(progress) != 2 || !strings.HasPrefix(progress[0], "Revoking publishable key "+target.ID) || !strings.Contains(progress[1], "is revoked") {
		t.Errorf("progress %q: want the key named, then revoked", progress)
	}
	if err := revokedNow(e, target.ID, foreign.ID)(acctest.Context(t)); err != nil {
		t.Fatal(err)
	}
	first, _ := keyState(t, e, target.ID)

	// The API would revoke a publishable key again, rewriting revoked_at and
	// revoked_by: the action must not ask.
	progress, err = invoke(idArg(target.ID))
	if err != nil || len(progress) != 1 || !strings.Contains(progress[0], "already revoked") {
		t.Errorf("revoking again: %v, progress %q", err, progress)
	}
	if again, _ := keyState(t, e, target.ID); again == nil || !again.Equal(*first) {
		t.Errorf("revoking again moved revoked_at from %v to %v", first, again)
	}
	if n := proxy.Count(revokeRoute); n != 1 {
		t.Errorf("%d revoke requests, want 1 (none for the key already revoked)", n)
	}

	// revoke_in never postpones an earlier schedule, and brings a later one forward.
	soon, _ := twinKeys(t, e, xclade.TypeSecret, "soon")
	late, _ := twinKeys(t, e, xclade.TypeSecret, "late")
	ctx := acctest.Context(t)
	if _, err := e.Client.RevokeAPIKey(ctx, soon.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Client.RevokeAPIKey(ctx, late.ID, 5*time.Hour); err != nil {
		t.Fatal(err)
	}
	soonAt, _ := keyState(t, e, soon.ID)
	with2h := func(id string) map[string]tftypes.Value {
		return map[string]tftypes.Value{"id": str(id), "revoke_in": str("2h")}
	}
	if progress, err := invoke(with2h(soon.ID)); err != nil || !strings.Contains(strings.Join(progress, "\n"), "left as it is") {
		t.Errorf("a key scheduled in 1h with revoke_in 2h: %v, progress %q", err, progress)
	}
	if at, _ := keyState(t, e, soon.ID); at == nil || !at.Equal(*soonAt) {
		t.Errorf("the 1h schedule moved from %v to %v", soonAt, at)
	}
	if _, err := invoke(with2h(late.ID)); err != nil {
		t.Fatal(err)
	}
	now := e.Client.ServerNow()
	if at, _ := keyState(t, e, late.ID); at == nil || at.Before(now.Add(time.Hour)) || at.After(now.Add(3*time.Hour)) {
		t.Errorf("a key scheduled in 5h with revoke_in 2h: revoked_at %v, want about %s", at, now.Add(2*time.Hour))
	}
}

// An answer the action cannot read proves nothing: a gateway's 404 page is
// not "no such key", and a revoke answered with a body that is not the
// API's is not "revoked". A revoke applied whose answer was lost and that
// the client retried is revoked (the server says so).
func TestRevokeAPIKeyActionFaults(t *testing.T) {
	revoke := "/admin/api-keys/{id}/revoke"
	for name, c := range map[string]struct {
		typ   string
		rule  faultproxy.Rule
		check func(t *testing.T, e *acctest.Env, key, foreign string, progress []string, err error)
	}{
		"gateway 404 on the read": {xclade.TypeSecret,
			faultproxy.Rule{Method: http.MethodGet, Path: "/admin/api-keys/{id}", Action: faultproxy.StatusBefore, Status: http.StatusNotFound},
			func(t *testing.T, e *acctest.Env, key, _ string, _ []string, err error) {
				if err == nil || strings.Contains(err.Error(), "No xclade API key") {
					t.Errorf("a gateway's 404 page must be an error that does not call the key unknown, got %v", err)
				}
				if at, err := keyState(t, e, key); err != nil || at != nil {
					t.Errorf("the key after a failed read: revoked_at %v (%v), want live and untouched", at, err)
				}
			}},
		"revoke applied, answer unreadable": {xclade.TypePublishable,
			faultproxy.Rule{Method: http.MethodPost, Path: revoke, Action: faultproxy.StatusAfter, Status: http.StatusOK, Body: "{", Times: 5},
			func(t *testing.T, _ *acctest.Env, _, _ string, progress []string, err error) {
				if err == nil || strings.Contains(strings.Join(progress, "\n"), "is revoked") {
					t.Errorf("an unreadable revoke answer must be an error, not a revocation: %v, progress %q", err, progress)
				}
			}},
		"revoke applied, answer lost": {xclade.TypeSecret,
			faultproxy.Rule{Method: http.MethodPost, Path: revoke, Action: faultproxy.StatusAfter, Status: http.StatusBadGateway},
			func(t *testing.T, e *acctest.Env, key, foreign string, progress []string, err error) {
				if err != nil {
					t.Fatalf("a retried revoke: %v (progress %q)", err, progress)
				}
				if err := revokedNow(e, key, foreign)(acctest.Context(t)); err != nil {
					t.Error(err)
				}
			}},
	} {
		t.Run(name, func(t *testing.T) {
			e := acctest.New(t)
			proxy := e.Proxy(t)
			invoke := actionServer(t, e)
			key, foreign := twinKeys(t, e, c.typ, "fault")
			proxy.Add(c.rule)
			progress, err := invoke(idArg(key.ID))
			t.Logf("progress %q, error %v", progress, err)
			c.check(t, e, key.ID, foreign.ID, progress, err)
			if f, _ := keyState(t, e, foreign.ID); f != nil {
				t.Errorf("the same-title key was touched")
			}
		})
	}
}
