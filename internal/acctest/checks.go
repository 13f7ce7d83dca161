// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package acctest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// CheckDestroyRevoked asks the API about every xclade_api_key that was in
// state: each must be gone or revoked (now or on a schedule).
func (e *Env) CheckDestroyRevoked(s *terraform.State) error {
	for addr, rs := range s.RootModule().Resources {
		if !isManagedKey(addr, rs.Type) {
			continue
		}
		key, err := e.Client.GetAPIKey(context.Background(), rs.Primary.ID)
		if xclade.IsNotFound(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("checking %s: %w", rs.Primary.ID, err)
		}
		if key.RevokedAt == nil {
			return fmt.Errorf("%s (%s) is still live after destroy", key.ID, key.Title)
		}
	}
	return nil
}

// CheckDestroyDeleted requires every destroyed key to be gone from the API.
func (e *Env) CheckDestroyDeleted(s *terraform.State) error {
	for addr, rs := range s.RootModule().Resources {
		if !isManagedKey(addr, rs.Type) {
			continue
		}
		_, err := e.Client.GetAPIKey(context.Background(), rs.Primary.ID)
		if !xclade.IsNotFound(err) {
			return fmt.Errorf("%s still exists after destroy with delete_on_destroy (err=%v)", rs.Primary.ID, err)
		}
	}
	return nil
}

// isManagedKey tells a managed xclade_api_key from a data source of the same
// type, whose key the destroy leaves alone.
func isManagedKey(addr, typ string) bool {
	return typ == "xclade_api_key" && !strings.HasPrefix(addr, "data.")
}

// IDs captures resource ids from state so later steps (PreConfig, checks)
// can act on the server out of band.
type IDs map[string]string

// Capture is a state check that records the id of the resource at addr.
func (ids IDs) Capture(addr string) statecheck.StateCheck { return captureID{ids: ids, addr: addr} }

type captureID struct {
	ids  IDs
	addr string
}

func (c captureID) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if _, id, err := resourceID(req.State, c.addr); err != nil {
		resp.Error = err
	} else {
		c.ids[c.addr] = id
	}
}

// KeyOnServer is a state check that fetches the key of the resource at addr
// from the API and hands it to check.
func (e *Env) KeyOnServer(addr string, check func(state map[string]any, key *xclade.APIKey) error) statecheck.StateCheck {
	return keyOnServer{e: e, addr: addr, check: check}
}

type keyOnServer struct {
	e     *Env
	addr  string
	check func(map[string]any, *xclade.APIKey) error
}

func (k keyOnServer) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	r, id, err := resourceID(req.State, k.addr)
	if err != nil {
		resp.Error = err
		return
	}
	key, err := k.e.Client.GetAPIKey(ctx, id)
	if err != nil {
		resp.Error = fmt.Errorf("%s: GET %s: %w", k.addr, id, err)
		return
	}
	if err := k.check(r.AttributeValues, key); err != nil {
		resp.Error = fmt.Errorf("%s (%s): %w", k.addr, id, err)
	}
}

// resourceID is the resource at addr in state and its id; an error says
// which is missing.
func resourceID(state *tfjson.State, addr string) (*tfjson.StateResource, string, error) {
	if state != nil && state.Values != nil && state.Values.RootModule != nil {
		for _, r := range state.Values.RootModule.Resources {
			if r.Address != addr {
				continue
			}
			if id, _ := r.AttributeValues["id"].(string); id != "" {
				return r, id, nil
			}
			return nil, "", fmt.Errorf("%s has no id", addr)
		}
	}
	return nil, "", fmt.Errorf("%s not in state", addr)
}

// Do runs an out-of-band API call in a PreConfig and fails the test on error.
func Do(t testing.TB, what string, fn func(ctx context.Context) error) func() {
	return func() {
		t.Helper()
		if err := fn(Context(t)); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
}

// CheckFunc adapts a function that asks the API into a state check.
type CheckFunc func(ctx context.Context) error

// CheckState runs f.
func (f CheckFunc) CheckState(ctx context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(ctx)
}

// StateFunc hands a check the attribute values of every root resource,
// keyed by address.
type StateFunc func(values map[string]map[string]any) error

// CheckState runs f on the state's root resources.
func (f StateFunc) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	values := map[string]map[string]any{}
	if req.State != nil && req.State.Values != nil && req.State.Values.RootModule != nil {
		for _, r := range req.State.Values.RootModule.Resources {
			values[r.Address] = r.AttributeValues
		}
	}
	resp.Error = f(values)
}
