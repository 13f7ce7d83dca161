// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"reflect"
	"strings"
	"testing"
)

func TestJSONSyntaxMessages(t *testing.T) {
	// Node 20 (V8) messages, after body-parser's strict first-character rule.
	cases := map[string]string{
		`{"title":"x",}`:                      "Expected double-quoted property name in JSON at position 13",
		`{`:                                   "Expected property name or '}' in JSON at position 1",
		`{title:1}`:                           "Expected property name or '}' in JSON at position 1",
		`{"a" 1}`:                             "Expected ':' after property name in JSON at position 5",
		`{"a":1 "b":2}`:                       "Expected ',' or '}' after property value in JSON at position 7",
		`{"a":1`:                              "Expected ',' or '}' after property value in JSON at position 6",
		`[1 2]`:                               "Expected ',' or ']' after array element in JSON at position 3",
		`[1,]`:                                `Unexpected token ']', "[1,]" is not valid JSON`,
		`{"a":}`:                              `Unexpected token '}', "{"a":}" is not valid JSON`,
		`{"a":`:                               "Unexpected end of JSON input",
		`{"a":"b`:                             "Unterminated string in JSON at position 7",
		"{\"a\":\"\x01\"}":                    "Bad control character in string literal in JSON at position 6",
		`{"a":"\x"}`:                          "Bad escaped character in JSON at position 7",
		`{"a":"\u12G4"}`:                      "Bad Unicode escape in JSON at position 10",
		`{"a":-}`:                             "No number after minus sign in JSON at position 6",
		`{"a":1.}`:                            "Unterminated fractional number in JSON at position 7",
		`{"a":1e}`:                            "Exponent part is missing a number in JSON at position 7",
		`{"a":01}`:                            "Unexpected number in JSON at position 6",
		`{"a":tru}`:                           `Unexpected token '}', "{"a":tru}" is not valid JSON`,
		`{} x`:                                "Unexpected non-whitespace character after JSON at position 3",
		`123`:                                 `Unexpected token '1', "123" is not valid JSON`,
		`null`:                                `Unexpected token 'n', "null" is not valid JSON`,
		`  "x"`:                               `Unexpected token '"', "  "x"" is not valid JSON`,
		"   ":                                 "Unexpected end of JSON input",
		`abcdefghijklmnopqrstuvwxyz`:          `Unexpected token 'a', "abcdefghij"... is not valid JSON`,
		`{"title":"aaaaaaaaaaaaaaaaaaaa" x}`:  `Expected ',' or '}' after property value in JSON at position 32`,
		`{"title":"aaaaaaaaaaaaaaaaaaaa",x}`:  `Expected double-quoted property name in JSON at position 32`,
		`{"title":xaaaaaaaaaaaaaaaaaaaaaaaa}`: `Unexpected token 'x', "{"title":xaaaaaaaaa"... is not valid JSON`,
		`{"aaaaaaaaaaaaaaaaaaaaaaaaaa":x}`:    `Unexpected token 'x', ..."aaaaaaaa":x}" is not valid JSON`,
	}
	for in, want := range cases {
		_, err := parseJSONBody(in)
		if err == nil || err.msg != want {
			t.Errorf("%q:\n got %v\nwant %s", in, err, want)
		}
	}
	v, err := parseJSONBody(`{"b":[1,"x",true,null,{"c":1.5e3}],"a":"\u00e9\ud83d\ude00"}`)
	if err != nil {
		t.Fatal(err)
	}
	got := string(appendJSON(nil, v))
	if got != `{"b":[1,"x",true,null,{"c":1500}],"a":"é😀"}` {
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
