// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// No CLI here runs terraform query (Terraform 1.14+), so these tests make
// the calls it makes, through the provider's protocol server as it is
// served (the wrapper included): GetProviderSchema for the list block's
// schema, ValidateListResourceConfig, then ListResource, whose results
// Terraform reads as a stream.

type listHarness struct {
	t      *testing.T
	srv    tfprotov6.ProviderServerWithListResource
	cfgTyp tftypes.Type
	resTyp tftypes.Type
	idTyp  tftypes.Type
}

func newListHarness(t *testing.T, e *acctest.Env) *listHarness {
	t.Helper()
	ctx := context.Background()
	srv, schemas, err := acctest.ConfiguredServer(ctx, e.Factories()["xclade"])
	if err != nil {
		t.Fatal(err)
	}
	ls, ok := srv.(tfprotov6.ProviderServerWithListResource)
	if !ok {
		t.Fatal("the provider's protocol server does not serve list resources")
	}
	s := schemas.ListResourceSchemas["xclade_api_key"]
	if s == nil {
		t.Fatalf("no xclade_api_key list resource in the provider schema (list resources: %v)", keys(schemas.ListResourceSchemas))
	}
	ids, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return &listHarness{t: t, srv: ls, cfgTyp: s.ValueType(),
		resTyp: schemas.ResourceSchemas["xclade_api_key"].ValueType(),
		idTyp:  ids.IdentitySchemas["xclade_api_key"].ValueType()}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func (h *listHarness) config(set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	v, err := tfprotov6.NewDynamicValue(h.cfgTyp, acctest.NullObject(h.cfgTyp, set))
	if err != nil {
		h.t.Fatal(err)
	}
	return &v
}

func (h *listHarness) validate(set map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.srv.ValidateListResourceConfig(context.Background(), &tfprotov6.ValidateListResourceConfigRequest{
		TypeName: "xclade_api_key", Config: h.config(set)})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

type listed struct {
	id, display string
	resource    map[string]tftypes.Value // nil without include_resource
}

// list reads every result, as Terraform does, and fails on an error result.
func (h *listHarness) list(set map[string]tftypes.Value, includeResource bool, limit int64) []listed {
	h.t.Helper()
	stream, err := h.srv.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: "xclade_api_key", Config: h.config(set), IncludeResource: includeResource, Limit: limit})
	if err != nil {
		h.t.Fatal(err)
	}
	var out []listed
	for r := range stream.Results {
		if err := acctest.DiagError(r.Diagnostics); err != nil {
			h.t.Fatalf("list result: %v", err)
		}
		var l listed
		l.display = r.DisplayName
		idv, err := r.Identity.IdentityData.Unmarshal(h.idTyp)
		if err != nil {
			h.t.Fatal(err)
		}
		var ida map[string]tftypes.Value
		_ = idv.As(&ida)
		_ = ida["id"].As(&l.id)
		if r.Resource != nil {
			rv, err := r.Resource.Unmarshal(h.resTyp)
			if err != nil {
				h.t.Fatal(err)
			}
			if !rv.IsNull() {
				_ = rv.As(&l.resource)
			}
		}
		out = append(out, l)
	}
	return out
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func num(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

func idsOf(ls []listed) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.id
	}
	return out
}

// fiveKeys are three secret and two publishable keys of one test, made
// out of band, the third secret one revoked: what the list resource's
// tests look for.
type fiveKeys struct {
	secret, publishable []string
	revoked             string
	live                []string // in id order
	titles              map[string]string
}

func newFiveKeys(t *testing.T, e *acctest.Env) fiveKeys {
	t.Helper()
	k := fiveKeys{titles: map[string]string{}}
	for i, typ := range []string{"secret", "publishable", "secret", "publishable", "secret"} {
		title := e.Title(fmt.Sprintf("%s%d", typ, i))
		id := e.CreateKey(t, title, typ).ID
		k.titles[id] = title
		if typ == "secret" {
			k.secret = append(k.secret, id)
		} else {
			k.publishable = append(k.publishable, id)
		}
	}
	k.revoked = k.secret[2]
	if _, err := e.Client.RevokeAPIKey(acctest.Context(t), k.revoked, 0); err != nil {
		t.Fatal(err)
	}
	k.live = slices.Sorted(slices.Values(append([]string{k.secret[0], k.secret[1]}, k.publishable...)))
	return k
}

// Five keys of this test, one of them revoked, read two per page: the
// default finds the four live ones across pages, in id order; the filters
// narrow it; the list block's limit stops the paging early.
func TestListResourceAPIKeys(t *testing.T) {
	e := acctest.New(t)
	h := newListHarness(t, e)
	k := newFiveKeys(t, e)
	secret, publishable, revoked, live := k.secret, k.publishable, k.revoked, k.live
	mine := map[string]tftypes.Value{"query": str(e.Prefix()), "page_size": num(2)}
	with := func(extra map[string]tftypes.Value) map[string]tftypes.Value {
		out := map[string]tftypes.Value{}
		for k, v := range mine {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}

	if e.Emulator != nil {
		e.Emulator.ResetRequestCounts()
	}
	got := h.list(mine, false, 100)
	if !slices.Equal(idsOf(got), live) {
		t.Fatalf("default listing: %v, want the live keys in id order %v", idsOf(got), live)
	}
	if e.Emulator != nil {
		// Four keys at two a page: two full pages and the empty third that
		// ends the walk, or two if the count ends it.
		if n := e.Emulator.RequestCounts()["GET /admin/api-keys"]; n < 2 {
			t.Errorf("the listing took %d list requests; with page_size 2 it must page", n)
		}
	}
	for _, l := range got {
		if l.resource != nil {
			t.Errorf("%s: a resource object without include_resource", l.id)
		}
		if !strings.Contains(l.display, e.Prefix()) || !strings.Contains(l.display, "***") {
			t.Errorf("display name %q: want the title and the redacted key", l.display)
		}
	}

	for name, c := range map[string]struct {
		set   map[string]tftypes.Value
		limit int64
		want  []string
	}{
		"type":           {with(map[string]tftypes.Value{"type": str("publishable")}), 100, publishable},
		"status any":     {with(map[string]tftypes.Value{"status": str("any")}), 100, slices.Sorted(slices.Values(append(slices.Clone(secret), publishable...)))},
		"status revoked": {with(map[string]tftypes.Value{"status": str("revoked")}), 100, []string{revoked}},
		"ids":            {with(map[string]tftypes.Value{"ids": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str(secret[1]), str(revoked)})}), 100, []string{secret[1]}},
		"empty ids":      {with(map[string]tftypes.Value{"ids": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{})}), 100, nil},
		"order":          {with(map[string]tftypes.Value{"order": str("-id")}), 100, reversed(live)},
		"limit":          {mine, 3, live[:3]},
	} {
		t.Run(name, func(t *testing.T) {
			if got := idsOf(h.list(c.set, false, c.limit)); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// With include_resource, each result is the resource exactly as an import
// of the key and the refresh after it store it: what terraform query
// -generate-config-out writes then imports without a change.
func TestListResourceAPIKeysIncludesTheImportedResource(t *testing.T) {
	e := acctest.New(t)
	h := newListHarness(t, e)
	ctx := context.Background()
	for _, typ := range []string{"secret", "publishable"} {
		k, err := e.Client.CreateAPIKey(acctest.Context(t), xclade.CreateAPIKeyRequest{Title: e.Title(typ), Type: typ})
		if err != nil {
			t.Fatal(err)
		}
		got := h.list(map[string]tftypes.Value{"ids": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str(k.ID)})}, true, 100)
		if len(got) != 1 || got[0].resource == nil {
			t.Fatalf("%s: want one result with a resource, got %+v", typ, got)
		}

		imp, err := h.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "xclade_api_key", ID: k.ID})
		if err != nil || acctest.DiagError(imp.Diagnostics) != nil {
			t.Fatalf("import: %v %v", err, acctest.DiagError(imp.Diagnostics))
		}
		read, err := h.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "xclade_api_key",
			CurrentState: imp.ImportedResources[0].State, CurrentIdentity: imp.ImportedResources[0].Identity})
		if err != nil || acctest.DiagError(read.Diagnostics) != nil {
			t.Fatalf("read: %v %v", err, acctest.DiagError(read.Diagnostics))
		}
		sv, err := read.NewState.Unmarshal(h.resTyp)
		if err != nil {
			t.Fatal(err)
		}
		var want map[string]tftypes.Value
		_ = sv.As(&want)
		if len(want) == 0 || len(got[0].resource) != len(want) {
			t.Fatalf("%s: listed %d attributes, imported %d", typ, len(got[0].resource), len(want))
		}
		for name, w := range want {
			if g := got[0].resource[name]; !g.Equal(w) {
				t.Errorf("%s %s: listed %s, imported %s", typ, name, g, w)
			}
		}
	}
}

// ValidateListResourceConfig checks the filters as the data source does.
func TestListResourceAPIKeysValidatesFilters(t *testing.T) {
	h := newListHarness(t, acctest.New(t))
	if err := acctest.DiagError(h.validate(map[string]tftypes.Value{"type": str("secret"), "status": str("any"), "page_size": num(50)})); err != nil {
		t.Errorf("a valid config: %v", err)
	}
	for name, set := range map[string]map[string]tftypes.Value{
		"type":          {"type": str("admin")},
		"status":        {"status": str("live")},
		"order":         {"order": str("redacted")},
		"page_size":     {"page_size": num(5000)},
		"created_after": {"created_after": str("yesterday")},
	} {
		if acctest.DiagError(h.validate(set)) == nil {
			t.Errorf("an invalid %s was accepted", name)
		}
	}
}
