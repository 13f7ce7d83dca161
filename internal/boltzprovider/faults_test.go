// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

// Create safety under faults, through a fault proxy: the API has no
// idempotency key, so a create that may have reached the server is never
// sent again, no key is revoked or adopted on a guess, and the error names
// every key the lost create may have made. Each case creates five keys
// with one name at once, as count = 5 does, next to a foreign key with the
// same name made by someone else.

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
	"github.com/xclade/terraform-provider-xclade/internal/boltzprovider"
	"github.com/xclade/terraform-provider-xclade/internal/faultproxy"
	"github.com/xclade/terraform-provider-xclade/internal/secret"
)

const createRoute = "POST /compute/v1/admin/api-keys"

// creator plans and applies creates of boltz_api_key through one
// configured protocol server, as Terraform does.
type creator struct {
	srv tfprotov6.ProviderServer
	typ tftypes.Type
}

func newCreator(t *testing.T, factory func() (tfprotov6.ProviderServer, error), provider map[string]tftypes.Value) *creator {
	t.Helper()
	srv, schemas, err := acctest.ConfiguredServerWith(context.Background(), factory, provider)
	if err != nil {
		t.Fatal(err)
	}
	return &creator{srv: srv, typ: schemas.ResourceSchemas["boltz_api_key"].ValueType()}
}

// create returns the id in the new state ("" if none) and the error text.
func (c *creator) create(t *testing.T, name string) (id, errText string) {
	ctx := context.Background()
	config := mustDynamic(t, c.typ, acctest.NullObject(c.typ, map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, name)}))
	null := mustDynamic(t, c.typ, tftypes.NewValue(c.typ, nil))
	plan, err := c.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "boltz_api_key", Config: config, ProposedNewState: config, PriorState: null})
	if err != nil || acctest.DiagError(plan.Diagnostics) != nil {
		t.Errorf("plan: %v %v", err, acctest.DiagError(plan.Diagnostics))
		return "", ""
	}
	applied, err := c.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: "boltz_api_key", Config: config, PlannedState: plan.PlannedState, PriorState: null})
	if err != nil {
		t.Error(err)
		return "", ""
	}
	if st, err := applied.NewState.Unmarshal(c.typ); err == nil && !st.IsNull() {
		var attrs map[string]tftypes.Value
		_ = st.As(&attrs)
		_ = attrs["id"].As(&id)
	}
	if err := acctest.DiagError(applied.Diagnostics); err != nil {
		errText = err.Error()
	}
	return id, errText
}

// createMany runs n creates of name at once.
func (c *creator) createMany(t *testing.T, name string, n int) (ids []string, errs []string) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, e := c.create(t, name)
			mu.Lock()
			defer mu.Unlock()
			if id != "" {
				ids = append(ids, id)
			}
			if e != "" {
				errs = append(errs, e)
			}
		}()
	}
	wg.Wait()
	return ids, errs
}

// outcome checks what is on the server after the creates: no key revoked
// (the foreign one included), every key with the name in state or named
// in an error, and as many new keys as the server made: made.
func outcome(t *testing.T, e *acctest.BoltzEnv, name, foreign string, ids, errs []string, made int) {
	t.Helper()
	keys, err := e.Client.List(acctest.Context(t), "")
	if err != nil {
		t.Fatal(err)
	}
	inState := map[string]bool{}
	for _, id := range ids {
		inState[id] = true
	}
	told := strings.Join(errs, "\n")
	n := 0
	for _, k := range keys {
		if k.Name != name {
			continue
		}
		if !k.IsActive {
			t.Errorf("%s was revoked: no key may be revoked on a guess", k.ID)
		}
		if k.ID == foreign {
			continue
		}
		n++
		if !inState[k.ID] && !strings.Contains(told, k.ID) {
			t.Errorf("%s (%s) is on the server, in no state and named in no error", k.ID, k.KeyPrefix)
		}
	}
	if n != made {
		t.Errorf("the server holds %d new keys named %q, want %d (a retried create would make more)", n, name, made)
	}
}

func TestFaults_createSafety(t *testing.T) {
	unresolved := regexp.MustCompile(`(?s)the key may have been created.*did not send the create again.*revoked or adopted no key`)
	for _, c := range []struct {
		name    string
		rule    faultproxy.Rule
		applied bool
		// single also runs the fault on one create with no other key of
		// the name on the server: the lookup finds nothing, or only the
		// key the lost create made.
		single bool
	}{
		{"dropped before the server saw it", faultproxy.Rule{Action: faultproxy.DropBefore}, false, false},
		{"dropped after the server applied it", faultproxy.Rule{Action: faultproxy.DropAfter}, true, false},
		{"502 not applied", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: http.StatusBadGateway}, false, false},
		{"502 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: http.StatusBadGateway}, true, false},
		{"504 not applied", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: http.StatusGatewayTimeout}, false, false},
		{"504 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: http.StatusGatewayTimeout}, true, false},
		{"client timeout, applied", faultproxy.Rule{Action: faultproxy.AnswerLate, Delay: 3 * time.Second}, true, false},
		{"500 not applied", faultproxy.Rule{Action: faultproxy.StatusBefore, Status: http.StatusInternalServerError}, false, true},
		{"500 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: http.StatusInternalServerError,
			Body: `{"code":"internal_error","message":"Internal Server Error"}`}, true, true},
		{"520 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 520}, true, true},
		{"524 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 524}, true, true},
		{"garbled 200 applied", faultproxy.Rule{Action: faultproxy.StatusAfter, Status: http.StatusOK, Body: "{"}, true, true},
	} {
		if c.single {
			t.Run(c.name+", one key", func(t *testing.T) {
				t.Parallel()
				e := acctest.NewBoltz(t)
				name := e.Title("one")
				proxy := e.Proxy(t)
				cr := newCreator(t, e.Factories()["boltz"], map[string]tftypes.Value{"request_timeout": tftypes.NewValue(tftypes.String, "1s")})
				rule := c.rule
				rule.Method, rule.Path = http.MethodPost, "/compute/v1/admin/api-keys"
				proxy.Add(rule)
				id, errText := cr.create(t, name)
				if id != "" || !unresolved.MatchString(errText) {
					t.Fatalf("want no state and an unresolved-create error, got %q and %q", id, errText)
				}
				if got := proxy.Count(createRoute); got != 1 {
					t.Errorf("%d creates reached the proxy, want 1: a create whose outcome is unknown was sent again", got)
				}
				made := 0
				if c.applied {
					made = 1
				}
				outcome(t, e, name, "", nil, []string{errText}, made)
			})
		}
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := acctest.NewBoltz(t)
			name := e.Title("five")
			foreign, err := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			proxy := e.Proxy(t)
			cr := newCreator(t, e.Factories()["boltz"], map[string]tftypes.Value{"request_timeout": tftypes.NewValue(tftypes.String, "1s")})
			rule := c.rule
			rule.Method, rule.Path = http.MethodPost, "/compute/v1/admin/api-keys"
			proxy.Add(rule)
			ids, errs := cr.createMany(t, name, 5)
			if len(ids) != 4 || len(errs) != 1 || !unresolved.MatchString(errs[0]) {
				t.Fatalf("want 4 keys in state and 1 unresolved-create error, got %d ids and errors %q", len(ids), errs)
			}
			if got := proxy.Count(createRoute); got != 5 {
				t.Errorf("%d creates reached the proxy, want 5: an ambiguous create must not be retried", got)
			}
			made := 4
			if c.applied {
				made = 5
			}
			outcome(t, e, name, foreign.ID, ids, errs, made)
			if c.applied && !regexp.MustCompile(`were made since the request was sent.*\(sk_bc_ws_\w+…, created `).MatchString(errs[0]) {
				t.Errorf("the error should name the candidates with key_prefix and created_at: %s", errs[0])
			}
		})
	}
}

// Terraform is stopped (Ctrl-C) while the create is in flight and the
// server has applied it: the error names the key; nothing is revoked.
func TestFaults_stopProviderMidCreate(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	name := e.Title("stop")
	foreign, _ := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: name})
	proxy := e.Proxy(t)
	cr := newCreator(t, e.Factories()["boltz"], nil)
	proxy.Add(faultproxy.Rule{Method: http.MethodPost, Path: "/compute/v1/admin/api-keys", Action: faultproxy.AnswerLate, Delay: 2 * time.Second,
		OnMatch: func(*http.Request) {
			if _, err := cr.srv.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
				t.Error(err)
			}
		}})
	id, errText := cr.create(t, name)
	if id != "" || !regexp.MustCompile(`(?s)interrupted.*the key may have been created`).MatchString(errText) {
		t.Fatalf("want no state and an unresolved-create error after the interrupt, got %q, %q", id, errText)
	}
	outcome(t, e, name, foreign.ID, nil, []string{errText}, 1)
}

// The admin key is revoked while a run creates keys: every create after
// that fails with the refused-key error and is not retried; nothing else
// is touched.
func TestFaults_unauthorizedMidRun(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	name := e.Title("401")
	foreign, _ := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: name})
	proxy := e.Proxy(t)
	cr := newCreator(t, e.Factories()["boltz"], nil)
	first, _ := cr.create(t, name)
	proxy.Add(faultproxy.Rule{Method: http.MethodPost, Path: "/compute/v1/admin/api-keys", Action: faultproxy.Forward,
		OnMatch: func(*http.Request) {
			if err := e.Emulator.RevokeKey(e.Admin.ID); err != nil {
				t.Error(err)
			}
		}})
	ids, errs := cr.createMany(t, name, 4)
	if len(ids) != 0 || len(errs) != 4 {
		t.Fatalf("after the admin key was revoked: %d keys created, errors %q", len(ids), errs)
	}
	for _, msg := range errs {
		if !regexp.MustCompile(`(?s)HTTP 401.*refused the API key sk_bc_\*\*\*`).MatchString(msg) || strings.Contains(msg, e.Admin.Secret) {
			t.Errorf("want the refused-key error without the secret, got %s", msg)
		}
	}
	if got := proxy.Count(createRoute); got != 5 {
		t.Errorf("%d creates sent, want 5 (a 401 is not retried)", got)
	}
	// The test's own checks need a key that still works.
	checker := e.Emulator.CreateAdminKey("checker", false)
	e.Client = e.NewClient(t, e.BaseURL, func(c *boltz.Config) { c.APIKey = secret.Secret(checker.Secret) })
	outcome(t, e, name, foreign.ID, []string{first}, errs, 1)
}

// A 429 with Retry-After was not applied: the create is retried, after the
// wait the server asked for, and makes exactly one key.
func TestFaults_rateLimitedRetryAfter(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	name := e.Title("429")
	foreign, _ := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: name})
	proxy := e.Proxy(t)
	cr := newCreator(t, e.Factories(boltzprovider.WithRetryDelays(5*time.Millisecond, 10*time.Second))["boltz"], nil)
	var rejected time.Time
	proxy.Add(faultproxy.Rule{Method: http.MethodPost, Path: "/compute/v1/admin/api-keys", Action: faultproxy.StatusBefore,
		Status: http.StatusTooManyRequests, RetryAfter: "1", OnMatch: func(*http.Request) { rejected = time.Now() }})
	ids, errs := cr.createMany(t, name, 5)
	if len(ids) != 5 || len(errs) != 0 {
		t.Fatalf("want 5 keys and no error, got %d and %q", len(ids), errs)
	}
	if got := proxy.Count(createRoute); got != 6 {
		t.Errorf("%d creates sent, want 6 (the rate-limited one once more)", got)
	}
	if waited := time.Since(rejected); waited < time.Second {
		t.Errorf("the retry came %s after the 429, before its Retry-After of 1s", waited)
	}
	outcome(t, e, name, foreign.ID, ids, nil, 5)
}

// gatewayNotFound is a JSON framework's 404, the answer of a base URL whose
// path is wrong behind a gateway: not the API's {"code": "not_found"}.
const gatewayNotFound = `{"detail":"Not Found"}`

const revokePath = "/compute/v1/admin/api-keys/{id}/revoke"

func countConfig(name string, n int) string {
	return fmt.Sprintf(`
resource "boltz_api_key" "test" {
  count = %d
  name  = %q
}
`, n, name)
}

// idsInState captures the ids of every boltz_api_key in state.
func idsInState(into *[]string) statecheck.StateCheck {
	return acctest.StateFunc(func(v map[string]map[string]any) error {
		*into = (*into)[:0]
		for a, attrs := range v {
			if strings.HasPrefix(a, "boltz_api_key.") {
				*into = append(*into, fmt.Sprint(attrs["id"]))
			}
		}
		sort.Strings(*into)
		return nil
	})
}

// survives is the steps of a fault that must leave n keys named name in
// state: create them, meet rule in faulty (which must fail), then apply
// the same configuration without the fault: the plan is empty, the same
// keys are in state and live, and beside others (keys of the name made
// outside Terraform) they are the only live keys of the name. ids gets
// their ids.
func survives(t *testing.T, e *acctest.BoltzEnv, proxy *faultproxy.Proxy, name string, n, others int, rule faultproxy.Rule,
	faulty resource.TestStep, ids *[]string) []resource.TestStep {
	var after []string
	faulty.PreConfig, faulty.Config = func() { proxy.Add(rule) }, countConfig(name, n)
	return []resource.TestStep{
		{Config: countConfig(name, n), ConfigStateChecks: []statecheck.StateCheck{idsInState(ids)}},
		faulty,
		{
			PreConfig:        proxy.Clear,
			Config:           countConfig(name, n),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{idsInState(&after), acctest.StateFunc(func(map[string]map[string]any) error {
				if strings.Join(after, ",") != strings.Join(*ids, ",") {
					return fmt.Errorf("state holds %v, want the keys from before the fault %v", after, *ids)
				}
				if live := e.LiveKeysNamed(t, name); len(live) != n+others {
					return fmt.Errorf("%d live keys named %q on the server, want %d", len(live), name, n+others)
				}
				return nil
			})},
		},
	}
}

// A 404 that is not the API's own answer about a key (here a gateway's JSON)
// during refresh, import and destroy is an error naming the base URL and the
// setting it came from; no key leaves state or is reported revoked.
func TestAccFaults_gatewayNotFound(t *testing.T) {
	notAPI := `HTTP 404: {"detail":"Not Found"} .*this is not the Boltz API's answer about a key, so it tells nothing about the key: check that http://127\.0\.0\.1:\d+ \(from BOLTZ_BASE_URL\) is the Boltz API's base URL`
	// Pages of the listing only: the credentials check (limit=1) passes.
	listing404 := faultproxy.Rule{Method: http.MethodGet, Path: "/compute/v1/admin/api-keys", Query: "limit=100",
		Action: faultproxy.StatusBefore, Status: http.StatusNotFound, Body: gatewayNotFound, Times: 1000}
	for _, c := range []struct {
		name   string
		rule   faultproxy.Rule
		faulty resource.TestStep
	}{
		{"refresh", listing404, resource.TestStep{ExpectError: wrapped(`Cannot read Boltz API key key_\w+ .*` + notAPI)}},
		{"destroy", faultproxy.Rule{Method: http.MethodPost, Path: revokePath, Action: faultproxy.StatusBefore, Status: http.StatusNotFound,
			Body: gatewayNotFound, Times: 1000}, resource.TestStep{Destroy: true, ExpectError: wrapped(`Cannot revoke Boltz API key key_\w+ .*` +
			notAPI + `.* is still active, as the list of keys shows`)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := acctest.NewBoltz(t)
			proxy := e.Proxy(t)
			var ids []string
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckDestroyRevoked,
				Steps:                    survives(t, e, proxy, e.Title(c.name), 2, 0, c.rule, c.faulty, &ids),
			})
		})
	}
	t.Run("import", func(t *testing.T) {
		t.Parallel()
		e := acctest.NewBoltz(t)
		proxy := e.Proxy(t)
		k, err := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: e.Title("import")})
		if err != nil {
			t.Fatal(err)
		}
		cfg := keyConfig(k.Name, "")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.Factories(),
			CheckDestroy:             e.CheckDestroyRevoked,
			Steps: []resource.TestStep{
				{
					PreConfig: func() { proxy.Add(listing404) },
					Config:    cfg, ResourceName: addr, ImportState: true, ImportStateId: k.ID,
					ExpectError: wrapped(`Cannot import Boltz API key ` + k.ID + ` .*` + notAPI),
				},
				{
					// Without the fault the same import succeeds: the key was there all along.
					PreConfig: proxy.Clear,
					Config:    cfg, ResourceName: addr, ImportState: true, ImportStateId: k.ID, ImportStatePersist: true,
				},
			},
		})
	})
}

// wrapped matches pattern in Terraform's output, which breaks lines at
// spaces: each space in pattern matches any run of white space.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// A revoke refused with 409 (a conflicting concurrent request) or 400 proves
// nothing by itself. While the key is active, a 409 is retried and a 400
// fails the destroy with the key left in state; when the server has revoked
// the key, the listing shows it inactive and the destroy succeeds.
func TestAccFaults_revokeRefused(t *testing.T) {
	apiBody := func(code, msg string) string { return `{"code":"` + code + `","message":"` + msg + `"}` }
	for _, c := range []struct {
		name string
		rule faultproxy.Rule
		// revokedByServer: the server revokes the key as the refusal is sent.
		revokedByServer bool
		fails           string
		revokes         int
	}{
		{"409 twice while active", faultproxy.Rule{Status: http.StatusConflict, Times: 2,
			Body: apiBody("conflict", "conflicting concurrent request")}, false, "", 3},
		{"409, revoked meanwhile", faultproxy.Rule{Status: http.StatusConflict,
			Body: apiBody("conflict", "conflicting concurrent request")}, true, "", 1},
		// One revoke refused in the failed destroy, one accepted in the last.
		{"400 saying revoked while active", faultproxy.Rule{Status: http.StatusBadRequest, Times: 1000,
			Body: apiBody("bad_request", "API key is already revoked")}, false, `Cannot revoke Boltz API key key_\w+ .* HTTP 400 bad_request: API key is already revoked; the key key_\w+ .* is still active, as the list of keys shows`, 2},
		{"400, revoked meanwhile", faultproxy.Rule{Status: http.StatusBadRequest,
			Body: apiBody("bad_request", "API key is already revoked")}, true, "", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := acctest.NewBoltz(t)
			proxy := e.Proxy(t)
			name := e.Title("revoke")
			foreign, err := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			rule := c.rule
			rule.Method, rule.Path, rule.Action = http.MethodPost, revokePath, faultproxy.StatusBefore
			if c.revokedByServer {
				rule.OnMatch = func(r *http.Request) {
					if err := e.Emulator.RevokeKey(ids[0]); err != nil {
						t.Error(err)
					}
				}
			}
			// Without an error to expect, the destroy after the last step meets
			// the fault: CheckDestroy runs only after that destroy.
			steps := []resource.TestStep{
				{Config: countConfig(name, 1), ConfigStateChecks: []statecheck.StateCheck{idsInState(&ids)}},
				{PreConfig: func() { proxy.Add(rule) }, Config: countConfig(name, 1), PlanOnly: true},
			}
			if c.fails != "" {
				steps = survives(t, e, proxy, name, 1, 1, rule, resource.TestStep{Destroy: true, ExpectError: wrapped(c.fails)}, &ids)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy: func(s *terraform.State) error {
					if k, _ := e.Emulator.Key(foreign.ID); !k.IsActive {
						return fmt.Errorf("the foreign key %s was revoked", foreign.ID)
					}
					k, _ := e.Emulator.Key(ids[0])
					if k.IsActive {
						return fmt.Errorf("%s is still active after destroy", ids[0])
					}
					if got := proxy.Count("POST /compute/v1/admin/api-keys/" + ids[0] + "/revoke"); got != c.revokes {
						return fmt.Errorf("%d revokes sent, want %d", got, c.revokes)
					}
					return nil
				},
				Steps: steps,
			})
		})
	}
}

// The ephemeral key's Close answered 409 while the key is active: it
// revokes again instead of counting the key revoked.
func TestAccFaults_ephemeralCloseConflict(t *testing.T) {
	t.Parallel()
	e := acctest.NewBoltz(t)
	proxy := e.Proxy(t)
	f := e.Factories()
	f["echo"] = echoprovider.NewProviderServer()
	name := e.Title("eph409")
	proxy.Add(faultproxy.Rule{Method: http.MethodPost, Path: revokePath, Action: faultproxy.StatusBefore, Status: http.StatusConflict,
		Body: `{"code":"conflict","message":"conflicting concurrent request"}`, Times: 2})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: f,
		CheckDestroy: func(s *terraform.State) error {
			if proxy.Pending() != 0 {
				return fmt.Errorf("the 409s were never sent: %d left", proxy.Pending())
			}
			return ephemeralKeysRevoked(e, name, nil)(s)
		},
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
ephemeral "boltz_api_key" "test" {
  name = %q
}
provider "echo" {
  data = ephemeral.boltz_api_key.test
}
resource "echo" "test" {}
`, name),
		}},
	})
}
