// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"math"
	"strings"
	"unicode"
)

// issues collects validation problems in the order zod reports them and
// renders them as Medusa's zodValidator does: at most three, joined by "; ",
// after "Invalid request: ".
type issues struct{ list []string }

func pathString(path []string) string { return strings.Join(path, ", ") }

func (is *issues) required(path []string) {
	is.list = append(is.list, "Field '"+pathString(path)+"' is required")
}

func (is *issues) wrongType(path []string, expected string, got any) {
	is.list = append(is.list, "Expected type: '"+expected+"' for field '"+pathString(path)+"', got: '"+jsString(got)+"'")
}

func (is *issues) badEnum(path []string, options []string, got any) {
	is.list = append(is.list, "Expected: '"+strings.Join(options, ", ")+"' for field '"+pathString(path)+"', but got: '"+jsString(got)+"'")
}

func (is *issues) unrecognized(keys []string) {
	if len(keys) > 0 {
		is.list = append(is.list, "Unrecognized fields: '"+strings.Join(keys, ", ")+"'")
	}
}

func (is *issues) err() *apiError {
	if len(is.list) == 0 {
		return nil
	}
	l := is.list
	if len(l) > 3 {
		l = l[:3]
	}
	return invalidData("Invalid request: " + strings.Join(l, "; "))
}

// unknownKeys lists the keys of o that are not in known, in JS order.
func unknownKeys(o *jsObject, known map[string]bool) []string {
	var out []string
	for _, k := range o.orderedKeys() {
		if !known[k] {
			out = append(out, k)
		}
	}
	return out
}

// bodyObject checks that a parsed body is an object. zod reports a
// non-object body (a JSON array) as a missing field with an empty path.
func bodyObject(body any, is *issues) *jsObject {
	if o, ok := body.(*jsObject); ok {
		return o
	}
	is.required(nil)
	return nil
}

func path(parent []string, k string) []string {
	p := make([]string, 0, len(parent)+1)
	return append(append(p, parent...), k)
}

// requireString is z.string() (required).
func requireString(o *jsObject, parent []string, key string, is *issues) (string, bool) {
	v, ok := o.get(key)
	if !ok {
		is.required(path(parent, key))
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		is.wrongType(path(parent, key), "string", v)
		return "", false
	}
	return s, true
}

// optionalString is z.string().optional().
func optionalString(o *jsObject, parent []string, key string, is *issues) (*string, bool) {
	v, ok := o.get(key)
	if !ok {
		return nil, true
	}
	s, ok := v.(string)
	if !ok {
		is.wrongType(path(parent, key), "string", v)
		return nil, false
	}
	return &s, true
}

// enumValue is z.nativeEnum(): a non-string is a type error listing the
// values the way zod's joinValues does, a wrong string an enum error.
func enumValue(v any, p []string, options []string, is *issues) (string, bool) {
	s, ok := v.(string)
	if !ok {
		if f, isNum := v.(float64); isNum {
			is.badEnum(p, options, f)
			return "", false
		}
		quoted := make([]string, len(options))
		for i, o := range options {
			quoted[i] = "'" + o + "'"
		}
		is.wrongType(p, strings.Join(quoted, " | "), v)
		return "", false
	}
	for _, o := range options {
		if s == o {
			return s, true
		}
	}
	is.badEnum(p, options, s)
	return "", false
}

// stringOrArray is z.union([z.string(), z.array(z.string())]).
func stringOrArray(v any, p []string, is *issues) ([]string, bool) {
	switch x := v.(type) {
	case string:
		return []string{x}, true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				is.wrongType(p, "string, string", v)
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	is.wrongType(p, "string, array", v)
	return nil, false
}

// stringArray is z.array(z.string()).
func stringArray(v any, p []string, is *issues) ([]string, bool) {
	arr, ok := v.([]any)
	if !ok {
		is.wrongType(p, "array", v)
		return nil, false
	}
	out := make([]string, 0, len(arr))
	good := true
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			is.wrongType(path(p, itoa(i)), "string", e)
			good = false
			continue
		}
		out = append(out, s)
	}
	return out, good
}

// booleanString accepts real booleans (JSON) and "true"/"false" in any case
// (query strings).
func booleanString(v any, p []string, is *issues) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(x) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	is.wrongType(p, "boolean", v)
	return false, false
}

// pagingNumber is createFindParams' offset/limit: a non-empty string goes
// through JavaScript's parseInt, and the result must be a number.
func pagingNumber(v any, p []string, is *issues) (float64, bool) {
	if s, ok := v.(string); ok && s != "" {
		f := jsParseInt(s)
		if math.IsNaN(f) {
			is.wrongType(p, "number", v)
			return 0, false
		}
		return f, true
	}
	if f, ok := v.(float64); ok {
		return f, true
	}
	is.wrongType(p, "number", v)
	return 0, false
}

// jsParseInt is JavaScript's parseInt(s) with no radix.
func jsParseInt(s string) float64 {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	base := 10.0
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		base = 16
		s = s[2:]
	}
	f, n := 0.0, 0
	for ; n < len(s); n++ {
		c := s[n]
		var d float64
		switch {
		case c >= '0' && c <= '9':
			d = float64(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = float64(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = float64(c-'A') + 10
		default:
			goto done
		}
		f = f*base + d
	}
done:
	if n == 0 {
		return math.NaN()
	}
	if neg {
		f = -f
	}
	return f
}

func itoa(i int) string {
	return jsNumber(float64(i))
}
