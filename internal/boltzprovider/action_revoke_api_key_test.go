// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

// The boltz_revoke_api_key action under a real Terraform (1.14+): invoked
// from the CLI as the incident-response recipe says, and triggered from a
// resource's action_trigger inside terraform-plugin-testing. Each checks
// the emulator afterwards: the named key revoked, a key of the same name
// untouched.

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/faultproxy"
)

const revokeCountKey = "POST " + revokePath

// revokeTrigger runs the action for id when the terraform_data named
// trigger is created (acctest.ActionTrigger).
func revokeTrigger(trigger, id string) string {
	return acctest.ActionTrigger("boltz_revoke_api_key", trigger, fmt.Sprintf("    id = %q", id))
}

// revokedAlone fails unless target is revoked and foreign still active.
func revokedAlone(e *acctest.BoltzEnv, target, foreign string) acctest.CheckFunc {
	return func(context.Context) error {
		k, ok := e.Emulator.Key(target)
		if !ok || k.IsActive {
			return fmt.Errorf("%s should be revoked (found %v, active %v)", target, ok, k.IsActive)
		}
		if f, ok := e.Emulator.Key(foreign); !ok || !f.IsActive || f.RevokedAt != nil {
			return fmt.Errorf("the same-name key %s was touched (found %v, active %v)", foreign, ok, f.IsActive)
		}
		return nil
	}
}

// revokes counts the revoke requests since the last call.
func revokes(e *acctest.BoltzEnv) int64 {
	n := e.Emulator.RequestCounts()[revokeCountKey]
	e.Emulator.ResetRequestCounts()
	return n
}

// The action revokes the named key and leaves its same-name twin active;
// a second trigger on the revoked key succeeds without a revoke request;
// an unknown id is an error; a malformed id is refused at plan time.
func TestAccRevokeAPIKeyAction(t *testing.T) {
	e := acctest.NewBoltz(t)
	target, foreign := createKey(t, e, "leaked"), createKey(t, e, "leaked")
	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks:   acctest.Needs114(acctest.FeatureActions),
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []tfresource.TestStep{
			{
				Config:      revokeTrigger("malformed", "key with spaces"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`must be a Boltz API key id`),
			},
			{
				PreConfig: func() { revokes(e) },
				Config:    revokeTrigger("first", target),
				ConfigStateChecks: []statecheck.StateCheck{revokedAlone(e, target, foreign), acctest.CheckFunc(func(context.Context) error {
					if n := revokes(e); n != 1 {
						return fmt.Errorf("%d revoke requests, want 1", n)
					}
					return nil
				})},
			},
			{
				Config: revokeTrigger("again", target),
				ConfigStateChecks: []statecheck.StateCheck{revokedAlone(e, target, foreign), acctest.CheckFunc(func(context.Context) error {
					if n := revokes(e); n != 0 {
						return fmt.Errorf("the already revoked key was revoked again (%d requests)", n)
					}
					return nil
				})},
			},
			{
				Config:      revokeTrigger("unknown", "key_does_not_exist"),
				ExpectError: regexp.MustCompile(`No Boltz API key key_does_not_exist`),
			},
		},
	})
}

// The incident-response recipe as users run it: the provider a plugin
// binary, the action invoked from the command line with no resource in
// the configuration; progress says what happened.
func TestAccRevokeAPIKeyActionInvoke(t *testing.T) {
	acctest.SkipBelow114(t, acctest.FeatureActions)
	e := acctest.NewBoltz(t)
	target, foreign := createKey(t, e, "leaked"), createKey(t, e, "leaked")
	acctest.InvokeRecipe{Provider: "boltz", MainPkg: "./boltz", EnvPrefix: "BOLTZ_", Vars: e.Vars(),
		Target: target, Unknown: "key_does_not_exist", Revoking: "Revoking workspace key " + target,
		Revoked: func() error { return revokedAlone(e, target, foreign)(context.Background()) },
	}.Run(t)
}

// invoker calls the action through the provider's protocol server, as
// Terraform does with any CLI (acctest.Action), so these tests run under
// every CLI.
func invoker(t *testing.T, e *acctest.BoltzEnv) func(id string) ([]string, error) {
	t.Helper()
	ctx := context.Background()
	srv, schemas, err := acctest.ConfiguredServer(ctx, e.Factories()["boltz"])
	if err != nil {
		t.Fatal(err)
	}
	return func(id string) ([]string, error) {
		return acctest.Action(ctx, srv, schemas, "boltz_revoke_api_key", map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id)})
	}
}

// What each invocation sends and says: a malformed or unknown id is an
// error with no revoke request; the named key is revoked and its twin is
// not; a revoked key is success with no revoke request.
func TestRevokeAPIKeyActionProtocol(t *testing.T) {
	e := acctest.NewBoltz(t)
	invoke := invoker(t, e)
	target, foreign := createKey(t, e, "leaked"), createKey(t, e, "leaked")
	revokes(e)

	if _, err := invoke("key with spaces"); err == nil || !strings.Contains(err.Error(), "must be a Boltz API key id") {
		t.Errorf("a malformed id: %v", err)
	}
	if _, err := invoke("key_does_not_exist"); err == nil || !strings.Contains(err.Error(), "No Boltz API key key_does_not_exist") {
		t.Errorf("an unknown id: %v", err)
	}
	if n := revokes(e); n != 0 {
		t.Fatalf("%d revoke requests for a malformed and an unknown id", n)
	}
	progress, err := invoke(target)
	if err != nil || len(progress) != 2 || !strings.HasPrefix(progress[0], "Revoking workspace key "+target) || !strings.HasSuffix(progress[1], "is revoked") {
		t.Fatalf("revoking: %v, progress %q", err, progress)
	}
	if err := revokedAlone(e, target, foreign)(context.Background()); err != nil {
		t.Fatal(err)
	}
	progress, err = invoke(target)
	if err != nil || len(progress) != 1 || !strings.Contains(progress[0], "already revoked") {
		t.Errorf("revoking again: %v, progress %q", err, progress)
	}
	if n := revokes(e); n != 1 {
		t.Errorf("%d revoke requests, want 1 (none for the key already revoked)", n)
	}
}

// A refusal is not a revocation: a 409 (the API's "conflicting concurrent
// request") to a revoke of a key that still works is asked again until the
// revoke goes through (a 409 that lasts past the deadline is an error: the
// client's TestRevokeConfirmsWhatTheAnswerCannotProve); the same 409 after
// the server revoked the key is success, proven by the list. A gateway's
// 404 page on the read is not "no key".
func TestRevokeAPIKeyActionFaults(t *testing.T) {
	const conflict = `{"code":"conflict","message":"conflicting concurrent request"}` // the API's own 409
	for name, c := range map[string]struct {
		rule    faultproxy.Rule
		revoked bool
		reject  string // an error must not say this
	}{
		"409 before the server": {faultproxy.Rule{Method: http.MethodPost, Path: "/compute/v1/admin/api-keys/{id}/revoke",
			Action: faultproxy.StatusBefore, Status: http.StatusConflict, Body: conflict, Times: 3}, true, ""},
		"409 after the server": {faultproxy.Rule{Method: http.MethodPost, Path: "/compute/v1/admin/api-keys/{id}/revoke",
			Action: faultproxy.StatusAfter, Status: http.StatusConflict, Body: conflict, Times: 10}, true, ""},
		"gateway 404 on the list": {faultproxy.Rule{Method: http.MethodGet, Path: "/compute/v1/admin/api-keys",
			Action: faultproxy.StatusBefore, Status: http.StatusNotFound}, false, "No Boltz API key"},
	} {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewBoltz(t)
			proxy := e.Proxy(t)
			invoke := invoker(t, e)
			target, foreign := createKey(t, e, "fault"), createKey(t, e, "fault")
			proxy.Add(c.rule)
			progress, err := invoke(target)
			t.Logf("progress %q, error %v", progress, err)
			k, _ := e.Emulator.Key(target)
			switch {
			case c.revoked && (err != nil || k.IsActive):
				t.Errorf("the server revoked the key: want success, got %v (active %v)", err, k.IsActive)
			case !c.revoked && err == nil:
				t.Errorf("the key still works (active %v): want an error, got success, progress %q", k.IsActive, progress)
			case !c.revoked && !k.IsActive:
				t.Errorf("the key was revoked although every revoke was refused")
			case c.reject != "" && err != nil && strings.Contains(err.Error(), c.reject):
				t.Errorf("the error calls the key unknown: %v", err)
			}
			if f, ok := e.Emulator.Key(foreign); !ok || !f.IsActive {
				t.Errorf("the same-name key was touched")
			}
		})
	}
}
