// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"net/url"
	"strconv"
	"strings"
)

// Express's "extended" query parser is qs with its defaults (depth 5,
// arrayLimit 20, parameterLimit 1000). Medusa's filters ($or[0][title]=x,
// created_at[$gt]=..., id[]=a) depend on its exact shapes, so this is a
// faithful port of the parts that matter. Arrays may carry nil holes while
// being built; compactQS removes them at the end, as qs does.

const (
	qsDepth          = 5
	qsArrayLimit     = 20
	qsParameterLimit = 1000
)

func qsDecode(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// parseQS parses a query string (or a form-encoded body) into a *jsObject.
func parseQS(raw string) *jsObject {
	temp := newJSObject()
	parts := strings.Split(raw, "&")
	if len(parts) > qsParameterLimit {
		parts = parts[:qsParameterLimit]
	}
	for _, part := range parts {
		if part == "" {
			continue
		}
		pos := strings.Index(part, "]=")
		if pos == -1 {
			pos = strings.Index(part, "=")
		} else {
			pos++
		}
		var key, val string
		if pos == -1 {
			key = qsDecode(part)
		} else {
			key = qsDecode(part[:pos])
			val = qsDecode(part[pos+1:])
		}
		if key == "" {
			continue
		}
		if prev, ok := temp.get(key); ok {
			temp.set(key, qsCombine(prev, val))
		} else {
			temp.set(key, val)
		}
	}
	var out any = newJSObject()
	for _, k := range temp.keys {
		v, _ := temp.get(k)
		out = qsMerge(out, qsParseKeys(k, v))
	}
	res, _ := compactQS(out).(*jsObject)
	if res == nil {
		res = newJSObject()
	}
	return res
}

func qsCombine(a, b any) any {
	var out []any
	if arr, ok := a.([]any); ok {
		out = append(out, arr...)
	} else {
		out = append(out, a)
	}
	if arr, ok := b.([]any); ok {
		out = append(out, arr...)
	} else {
		out = append(out, b)
	}
	return out
}

// qsParseKeys splits "a[b][0]" into its segments and builds the nested value.
func qsParseKeys(key string, val any) any {
	var chain []string
	first := bracketSegment(key, 0)
	parent := key
	if first >= 0 {
		parent = key[:first]
	}
	if parent != "" {
		chain = append(chain, parent)
	}
	pos := 0
	depth := 0
	rest := -1
	for {
		start := bracketSegment(key, pos)
		if start < 0 {
			break
		}
		if depth >= qsDepth {
			rest = start
			break
		}
		end := strings.IndexByte(key[start:], ']') + start
		chain = append(chain, key[start:end+1])
		pos = end + 1
		depth++
	}
	if rest >= 0 {
		chain = append(chain, "["+key[rest:]+"]")
	}
	leaf := val
	for i := len(chain) - 1; i >= 0; i-- {
		root := chain[i]
		if root == "[]" {
			leaf = qsCombine([]any{}, leaf) // [].concat(leaf)
			continue
		}
		clean := root
		if len(root) >= 2 && root[0] == '[' && root[len(root)-1] == ']' {
			clean = root[1 : len(root)-1]
		}
		if idx, err := strconv.Atoi(clean); err == nil && root != clean && strconv.Itoa(idx) == clean && idx >= 0 && idx <= qsArrayLimit {
			arr := make([]any, idx+1)
			arr[idx] = leaf
			leaf = arr
			continue
		}
		obj := newJSObject()
		if clean != "__proto__" {
			obj.set(clean, leaf)
		}
		leaf = obj
	}
	return leaf
}

// bracketSegment finds the next "[...]" without nested brackets, like qs's
// /(\[[^[\]]*])/ regexp.
func bracketSegment(s string, from int) int {
	for i := from; i < len(s); i++ {
		if s[i] != '[' {
			continue
		}
		for j := i + 1; j < len(s); j++ {
			if s[j] == '[' {
				break
			}
			if s[j] == ']' {
				return i
			}
		}
	}
	return -1
}

func qsMerge(target, source any) any {
	if source == nil {
		return target
	}
	if s, ok := source.(string); ok {
		if s == "" {
			return target // qs: `if (!source) return target`
		}
		switch t := target.(type) {
		case []any:
			return append(t, s)
		case *jsObject:
			t.set(s, true)
			return t
		}
		return []any{target, s}
	}
	switch t := target.(type) {
	case string, bool, nil:
		if arr, ok := source.([]any); ok {
			return append([]any{t}, arr...)
		}
		return []any{t, source}
	case []any:
		if sarr, ok := source.([]any); ok {
			for i, item := range sarr {
				if item == nil {
					continue
				}
				if i < len(t) && t[i] != nil {
					if isObjectLike(t[i]) && isObjectLike(item) {
						t[i] = qsMerge(t[i], item)
					} else {
						t = append(t, item)
					}
				} else {
					for len(t) <= i {
						t = append(t, nil)
					}
					t[i] = item
				}
			}
			return t
		}
		obj := newJSObject()
		for i, item := range t {
			if item != nil {
				obj.set(strconv.Itoa(i), item)
			}
		}
		return qsMerge(obj, source)
	case *jsObject:
		sobj, ok := source.(*jsObject)
		if !ok {
			// An array source merged into an object: qs walks its indices.
			sobj = newJSObject()
			for i, item := range source.([]any) {
				if item != nil {
					sobj.set(strconv.Itoa(i), item)
				}
			}
		}
		for _, k := range sobj.keys {
			v, _ := sobj.get(k)
			if cur, ok := t.get(k); ok {
				t.set(k, qsMerge(cur, v))
			} else {
				t.set(k, v)
			}
		}
		return t
	}
	return target
}

func isObjectLike(v any) bool {
	switch v.(type) {
	case []any, *jsObject:
		return true
	}
	return false
}

func compactQS(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if e != nil {
				out = append(out, compactQS(e))
			}
		}
		return out
	case *jsObject:
		for _, k := range x.keys {
			x.vals[k] = compactQS(x.vals[k])
		}
		return x
	}
	return v
}

// normalizeQuery is Medusa's own pass over req.query before validation: a
// one-element array is split on commas (so id[]=a,b means two ids while
// id=a,b stays one), and "a.b" keys become nested objects.
func normalizeQuery(q *jsObject) (*jsObject, *apiError) {
	out := newJSObject()
	for _, k := range q.keys {
		v, _ := q.get(k)
		if arr, ok := v.([]any); ok && len(arr) == 1 {
			if s, ok := arr[0].(string); ok {
				parts := strings.Split(s, ",")
				nv := make([]any, len(parts))
				for i, p := range parts {
					nv[i] = p
				}
				v = nv
			}
		}
		if strings.Contains(k, ".") {
			segs := strings.Split(k, ".")
			if len(segs) > 2 {
				return nil, &apiError{status: 500, typ: "invalid_argument", msg: "Key accessor more than 2 levels deep: " + k}
			}
			parent, _ := out.get(segs[0])
			po, ok := parent.(*jsObject)
			if !ok {
				po = newJSObject()
			}
			po.set(segs[1], v)
			out.set(segs[0], po)
			continue
		}
		out.set(k, v)
	}
	return out, nil
}
