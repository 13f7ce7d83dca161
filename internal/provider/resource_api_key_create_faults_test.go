// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

// Creates of many keys sharing one title, with faults between the provider
// and the server (a fault proxy, so these run against a real server too) and
// another process making keys with the same title and type at the same time.
// After each run the server is asked: the other process's keys are untouched,
// each key in state is live on the server exactly once with the token state
// holds, and no other live key carries the title.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/faultproxy"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

func TestAccCreateFaults_sharedTitle(t *testing.T) {
	timeout := time.Second
	if acctest.Real() {
		timeout = 3 * time.Second
	}
	post := func(r faultproxy.Rule) faultproxy.Rule {
		r.Method, r.Path, r.Times = http.MethodPost, "/admin/api-keys", 2
		return r
	}
	faults := map[string]faultproxy.Rule{
		"dropped after the server applied it":            post(faultproxy.Rule{Action: faultproxy.DropAfter}),
		"502 applied":                                    post(faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 502}),
		"504 applied late":                               post(faultproxy.Rule{Action: faultproxy.StatusThenLate, Status: 504, Delay: timeout / 2}),
		"client timeout":                                 post(faultproxy.Rule{Action: faultproxy.AnswerLate, Delay: 3 * timeout / 2}),
		"504 applied after the provider stopped looking": post(faultproxy.Rule{Action: faultproxy.StatusThenLate, Status: 504, Delay: 3 * timeout}),
		// Applied, then answered by something other than a clean success or
		// refusal: unknown, never "nothing was made".
		"500 applied": post(faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 500,
			Body: `{"code":"unknown_error","type":"unknown_error","message":"An unknown error occurred."}`}),
		"520 applied":         post(faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 520}),
		"524 applied":         post(faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 524}),
		"garbled 200 applied": post(faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 200, Body: "{"}),
	}
	for name, rule := range faults {
		for _, typ := range []string{xclade.TypeSecret, xclade.TypePublishable} {
			t.Run(name+"/"+typ, func(t *testing.T) {
				e := acctest.New(t)
				proxy := e.Proxy(t)
				title := e.Title("shared")
				foreign := &foreignKeys{e: e, title: title, typ: typ}
				rule := rule // each subtest its own hook
				rule.OnMatch = func(*http.Request) { foreign.make(t) }
				cfg := fmt.Sprintf(`
provider "xclade" {
  request_timeout = %q
}

resource "xclade_api_key" "k" {
  count = 5
  title = %q
  type  = %q
}
`, timeout.String(), title, typ)
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: e.Factories(),
					CheckDestroy: func(s *terraform.State) error {
						if err := e.CheckDestroyRevoked(s); err != nil {
							return err
						}
						return foreign.untouched(t)
					},
					Steps: []resource.TestStep{{
						PreConfig: func() {
							foreign.make(t) // one made just before
							proxy.Add(rule)
						},
						Config: cfg,
						ConfigStateChecks: []statecheck.StateCheck{stateCheck(func(ctx context.Context, s *tfjson.State) error {
							proxy.WaitLate()
							if n := proxy.Pending(); n != 0 {
								return fmt.Errorf("the fault was not hit (%d left): the test proved nothing", n)
							}
							if err := foreign.untouched(t); err != nil {
								return err
							}
							return stateIsTheServer(ctx, e, s, title, 5, foreign.ids(), rule.Action == faultproxy.StatusThenLate && rule.Delay > timeout)
						})},
					}},
				})
			})
		}
	}
}

// foreignKeys are keys another process makes with the same title and type,
// straight to the server.
type foreignKeys struct {
	e          *acctest.Env
	title, typ string
	mu         sync.Mutex
	keys       []*xclade.APIKey
}

func (f *foreignKeys) make(t *testing.T) {
	k, err := f.e.Client.CreateAPIKey(acctest.Context(t), xclade.CreateAPIKeyRequest{Title: f.title, Type: f.typ})
	if err != nil {
		t.Errorf("the other process's create: %v", err)
		return
	}
	f.mu.Lock()
	f.keys = append(f.keys, k.APIKey)
	f.mu.Unlock()
}

func (f *foreignKeys) ids() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	for _, k := range f.keys {
		ids = append(ids, k.ID)
	}
	return ids
}

// untouched: every foreign key is live with its title.
func (f *foreignKeys) untouched(t *testing.T) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.keys) < 2 {
		return fmt.Errorf("%d foreign keys were made, want 2: the test proved nothing", len(f.keys))
	}
	for _, k := range f.keys {
		got, err := f.e.Client.GetAPIKey(acctest.Context(t), k.ID)
		if err != nil {
			return fmt.Errorf("the other process's key %s: %w", k.ID, err)
		}
		if got.Title != k.Title || got.RevokedAt != nil {
			return fmt.Errorf("the other process's key %s was touched: title %q, revoked_at %v", k.ID, got.Title, got.RevokedAt)
		}
	}
	return nil
}

// stateIsTheServer checks that the n keys in state are live on the server
// with the tokens state holds, and that apart from the foreign ones no other
// live key carries the title, nor a pending title for it unless lateCopies.
func stateIsTheServer(ctx context.Context, e *acctest.Env, s *tfjson.State, title string, n int, foreign []string, lateCopies bool) error {
	var inState []string
	for _, r := range s.Values.RootModule.Resources {
		if r.Type != "xclade_api_key" {
			continue
		}
		id, _ := r.AttributeValues["id"].(string)
		key, err := e.Client.GetAPIKey(ctx, id)
		if err != nil {
			return fmt.Errorf("%s (%s): %w", r.Address, id, err)
		}
		if err := matchesServer(r.AttributeValues, key); err != nil {
			return fmt.Errorf("%s: %w", r.Address, err)
		}
		if slices.Contains(inState, id) {
			return fmt.Errorf("%s is in state twice", id)
		}
		inState = append(inState, id)
	}
	if len(inState) != n {
		return fmt.Errorf("%d keys in state, want %d", len(inState), n)
	}
	now := e.Client.ServerNow()
	for k, err := range e.Client.AllAPIKeys(ctx, xclade.ListParams{Q: title}, 100) {
		if err != nil {
			return err
		}
		if k.RevokedBefore(now) || slices.Contains(inState, k.ID) || slices.Contains(foreign, k.ID) {
			continue
		}
		if !lateCopies || !strings.HasPrefix(k.Title, title+" [tf-create ") {
			return fmt.Errorf("left live and in no state: %s titled %q", k.ID, k.Title)
		}
		// A request the server applied after the provider had stopped looking
		// for it: the apply warned of it by this title (TestCreate_faultMatrix
		// checks the warning's text).
	}
	return nil
}

// stateCheck turns a function into a state check.
type stateCheck func(context.Context, *tfjson.State) error

func (f stateCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(ctx, req.State)
}

// A rename after a successful create that keeps failing costs no key: the
// key is in state with its token, its pending title on the server, and the
// next apply gives it its title.
func TestAccCreateFaults_failedRename(t *testing.T) {
	for _, typ := range []string{xclade.TypeSecret, xclade.TypePublishable} {
		t.Run(typ, func(t *testing.T) {
			e := acctest.New(t)
			proxy := e.Proxy(t)
			title := e.Title("rename")
			// max_retries = 1: the rename is sent twice, and refused twice.
			cfg := `
provider "xclade" {
  max_retries = 1
}
` + keyConfig(title, typ, "")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckDestroyRevoked,
				Steps: []resource.TestStep{
					{
						PreConfig: func() {
							proxy.Add(faultproxy.Rule{Method: http.MethodPost, Path: "/admin/api-keys/{id}", Action: faultproxy.StatusBefore,
								Status: 500, Times: 2, Body: `{"code":"unknown_error","type":"unknown_error","message":"An unknown error occurred."}`})
						},
						Config: cfg,
						// The next plan renames the key: that is the point.
						ExpectNonEmptyPlan: true,
						ConfigStateChecks: []statecheck.StateCheck{
							stateCheck(func(context.Context, *tfjson.State) error {
								if n := proxy.Pending(); n != 0 {
									return fmt.Errorf("the rename was refused %d times fewer than planned: the test proved nothing", n)
								}
								return nil
							}),
							e.KeyOnServer(addr, func(s map[string]any, k *xclade.APIKey) error {
								if !strings.HasPrefix(k.Title, title+" [tf-create ") || k.RevokedAt != nil {
									return fmt.Errorf("on the server: title %q, revoked_at %v; want the live key under its pending title", k.Title, k.RevokedAt)
								}
								if tok, _ := s["token"].(string); xclade.RedactToken(tok) != k.Redacted {
									return fmt.Errorf("the token in state is not %s's", k.ID)
								}
								return nil
							}),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("title"), knownvalue.StringExact(title)),
						},
					},
					{
						// The refresh reads the pending title; the apply renames it.
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							e.KeyOnServer(addr, matchesServer),
							stateCheck(func(ctx context.Context, s *tfjson.State) error {
								return stateIsTheServer(ctx, e, s, title, 1, nil, false)
							}),
						},
					},
				},
			})
		})
	}
}
