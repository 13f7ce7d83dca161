// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// Responses are rendered by hand: key order matters to anyone diffing against
// a real server (Express keeps insertion order), JSON.stringify does not
// escape <, > and &, and listing a thousand keys must stay cheap.

type field struct {
	k string
	v any
}

// ordered is a JSON object whose keys keep their order.
type ordered []field

// rawJSON is an already rendered JSON value.
type rawJSON []byte

const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func appendJSON(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendJSONString(b, x)
	case *string:
		if x == nil {
			return append(b, "null"...)
		}
		return appendJSONString(b, *x)
	case bool:
		return strconv.AppendBool(b, x)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		return append(b, jsNumber(x)...)
	case time.Time:
		b = append(b, '"')
		b = x.UTC().AppendFormat(b, timeLayout)
		return append(b, '"')
	case *time.Time:
		if x == nil {
			return append(b, "null"...)
		}
		return appendJSON(b, *x)
	case rawJSON:
		return append(b, x...)
	case []rawJSON:
		return appendJSONArray(b, x, func(b []byte, e rawJSON) []byte { return append(b, e...) })
	case ordered:
		b = append(b, '{')
		for i, f := range x {
			b = appendJSONMember(b, i, f.k, f.v)
		}
		return append(b, '}')
	case []ordered:
		return appendJSONArray(b, x, func(b []byte, e ordered) []byte { return appendJSON(b, e) })
	case []any:
		return appendJSONArray(b, x, appendJSON)
	case *jsObject:
		b = append(b, '{')
		for i, k := range x.orderedKeys() {
			b = appendJSONMember(b, i, k, x.vals[k])
		}
		return append(b, '}')
	}
	return append(b, "null"...)
}

// appendJSONArray appends xs as a JSON array, each element written by elem.
func appendJSONArray[T any](b []byte, xs []T, elem func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, e := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, e)
	}
	return append(b, ']')
}

// appendJSONMember appends the i-th member "k":v of a JSON object, with the
// comma that separates it from the one before.
func appendJSONMember(b []byte, i int, k string, v any) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	b = appendJSONString(b, k)
	b = append(b, ':')
	return appendJSON(b, v)
}

const hexDigits = "0123456789abcdef"

func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		// Copy runs of bytes that need no escaping in one go.
		j := i
		for j < len(s) && s[j] >= 0x20 && s[j] < utf8.RuneSelf && s[j] != '"' && s[j] != '\\' {
			j++
		}
		if j > i {
			b = append(b, s[i:j]...)
			i = j
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case int(c) < len(shortEscapes) && shortEscapes[c] != 0:
				b = append(b, '\\', shortEscapes[c])
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\ufffd"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// shortEscapes are the characters JSON.stringify writes as a backslash and
// one letter.
var shortEscapes = [...]byte{'"': '"', '\\': '\\', '\n': 'n', '\r': 'r', '\t': 't', '\b': 'b', '\f': 'f'}

// etag is Express's default weak ETag: length and a truncated SHA-1.
func etag(body []byte) string {
	sum := sha1.Sum(body)
	return `W/"` + strconv.FormatInt(int64(len(body)), 16) + "-" + base64.StdEncoding.EncodeToString(sum[:])[:27] + `"`
}

func writeJSON(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	tag := etag(body)
	h.Set("ETag", tag)
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && status >= 200 && status < 300 && r.Header.Get("If-None-Match") == tag {
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func writeText(w http.ResponseWriter, r *http.Request, status int, text string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("ETag", etag([]byte(text)))
	h.Set("Content-Length", strconv.Itoa(len(text)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(text))
	}
}
