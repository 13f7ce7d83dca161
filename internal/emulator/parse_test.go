// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"reflect"
	"strings"
	"testing"
)

// A malformed body is a 400 that says where; a good one keeps its key
// order and JSON's values.
func TestParseJSONBody(t *testing.T) {
	for _, in := range []string{`{"title":"x",}`, `{`, `{title:1}`, `{"a" 1}`, `[1,]`, `{"a":01}`, `{} x`, `123`, `null`, "   "} {
		if _, err := parseJSONBody(in); err == nil || !strings.Contains(err.msg, "JSON") {
			t.Errorf("%q: got %v, want a JSON syntax error", in, err)
		}
	}
	v, err := parseJSONBody(`{"b":[1,"x",true,null,{"c":1.5e3}],"a":"\u00e9\ud83d\ude00","b":2}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(appendJSON(nil, v)); got != `{"b":2,"a":"é😀"}` {
		t.Fatal(got)
	}
	v, err = parseJSONBody(` [{"c":1.5e3}, "x"]`)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(appendJSON(nil, v)); got != `[{"c":1500},"x"]` {
		t.Fatal(got)
	}
}

func TestParseQS(t *testing.T) {
	cases := map[string]string{
		"a=1&a=2":                             `{"a":["1","2"]}`,
		"a[]=1&a[]=2":                         `{"a":["1","2"]}`,
		"a=1&a[]=2":                           `{"a":["1","2"]}`,
		"a[b]=1&a[c]=2":                       `{"a":{"b":"1","c":"2"}}`,
		"$or[0][title]=x&$or[1][type]=y":      `{"$or":[{"title":"x"},{"type":"y"}]}`,
		"$or[1][type]=y&$or[0][title]=x":      `{"$or":[{"title":"x"},{"type":"y"}]}`,
		"$or[0][a]=1&$or[0][b]=2":             `{"$or":[{"a":"1","b":"2"}]}`,
		"$or[5][a]=1":                         `{"$or":[{"a":"1"}]}`,
		"$or[21][a]=1":                        `{"$or":{"21":{"a":"1"}}}`,
		"created_at[$gt]=x&created_at[$lt]=y": `{"created_at":{"$gt":"x","$lt":"y"}}`,
		"fields=+deleted_at":                  `{"fields":" deleted_at"}`,
		"fields=%2Bdeleted_at":                `{"fields":"+deleted_at"}`,
		"q=%zz":                               `{"q":"%zz"}`,
		"a":                                   `{"a":""}`,
		"a[b][c][d][e][f][g]=1":               `{"a":{"b":{"c":{"d":{"e":{"f":{"[g]":"1"}}}}}}}`,
		"&&a=1&":                              `{"a":"1"}`,
		"id%5B%5D=x":                          `{"id":["x"]}`,
	}
	for in, want := range cases {
		if got := string(appendJSON(nil, parseQS(in))); got != want {
			t.Errorf("%q: got %s want %s", in, got, want)
		}
	}
}

func TestNormalizeQuery(t *testing.T) {
	q, err := normalizeQuery(parseQS("id[]=a,b&title=a,b&x.y=1"))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(appendJSON(nil, q)); got != `{"id":["a","b"],"title":"a,b","x":{"y":"1"}}` {
		t.Fatal(got)
	}
	if _, err := normalizeQuery(parseQS("a.b.c=1")); err == nil || err.status != 500 {
		t.Fatal(err)
	}
}

func TestProjection(t *testing.T) {
	fields := func(p *projection) string {
		out := append([]string{}, p.scalars...)
		for _, r := range p.rels {
			out = append(out, r.name+"("+strings.Join(r.fields, ",")+")")
		}
		return strings.Join(out, " ")
	}
	str := func(s string) *string { return &s }
	cases := []struct {
		in   *string
		want string
	}{
		{nil, "id title token redacted type last_used_at updated_at created_at created_by revoked_at revoked_by sales_channels(id,name)"},
		{str("id,-token"), "id token"}, // replace mode strips the prefix
		{str("title,id"), "title id"},
		{str("+sales_channels.description,-revoked_by"), "id title token redacted type last_used_at updated_at created_at created_by revoked_at sales_channels(id,name,description)"},
		{str("id,sales_channels.*"), "id sales_channels(id,name,description,is_disabled,metadata,created_at,updated_at,deleted_at)"},
		{str("id,sales_channels"), "id sales_channels(id,name,description,is_disabled,metadata,created_at,updated_at,deleted_at)"},
		{str("id,bogus.x,sales_channels.bogus"), "id sales_channels()"},
	}
	for _, c := range cases {
		if got := fields(project(c.in, apiKeyDefaults, apiKeyEntity)); got != c.want {
			t.Errorf("%v: got %q want %q", c.in, got, c.want)
		}
	}
}

func TestJSHelpers(t *testing.T) {
	nums := map[float64]string{0: "0", 1: "1", -1.5: "-1.5", 1e21: "1e+21", 1e20: "100000000000000000000", 1e-7: "1e-7", 0.000001: "0.000001"}
	for f, want := range nums {
		if got := jsNumber(f); got != want {
			t.Errorf("%v: %s", f, got)
		}
	}
	ints := map[string]float64{"10": 10, " 7px": 7, "-3": -3, "0x1f": 31, "1.9": 1}
	for s, want := range ints {
		if got := jsParseInt(s); got != want {
			t.Errorf("%q: %v", s, got)
		}
	}
	if jsString([]any{"a", nil, 1.0}) != "a,,1" || jsString(newJSObject()) != "[object Object]" {
		t.Fatal("jsString")
	}
	o := newJSObject()
	for _, k := range []string{"b", "10", "a", "2", "01"} {
		o.set(k, 1.0)
	}
	if got := o.orderedKeys(); !reflect.DeepEqual(got, []string{"2", "10", "b", "a", "01"}) {
		t.Fatal(got)
	}
}

func TestLikeMatch(t *testing.T) {
	cases := []struct {
		s, q string
		want bool
	}{
		{"Alpha-Secret", "alpha", true},
		{"alpha", "a_p", true},
		{"alpha", "x%", false},
		{"100%", `0\%`, true},
		{"100", `0\%`, false},
		{"abc", "%", true},
	}
	for _, c := range cases {
		if got := ilikeContains(c.s, c.q); got != c.want {
			t.Errorf("%q ILIKE %%%s%%: %v", c.s, c.q, got)
		}
	}
}
