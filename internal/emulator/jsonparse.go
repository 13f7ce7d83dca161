// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Medusa parses bodies with Express's body-parser (Node's JSON.parse) and
// answers a malformed one 400 invalid_data with V8's SyntaxError message.
// The client never sends malformed JSON, so the emulator keeps only what
// the rest of it reads: key order (for the order validation errors list
// fields in), numbers as float64, body-parser's "strict" rule (an object or
// an array at the top), and a 400 invalid_data with the position of a
// syntax error, not V8's wording.

type jsonSyntaxError struct{ msg string }

func (e *jsonSyntaxError) Error() string { return e.msg }

// parseJSONBody parses body into *jsObject, []any, string, float64, bool
// and nil values.
func parseJSONBody(body string) (any, *jsonSyntaxError) {
	if t := strings.TrimLeft(body, " \t\n\r"); t == "" || (t[0] != '{' && t[0] != '[') {
		return nil, &jsonSyntaxError{fmt.Sprintf("Malformed JSON at position %d: the body must be an object or an array", len(body)-len(t))}
	}
	dec := json.NewDecoder(strings.NewReader(body))
	v, err := decodeJSONValue(dec)
	if err == nil {
		if _, err = dec.Token(); err == io.EOF {
			return v, nil
		} else if err == nil {
			err = errors.New("data after the document")
		}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, &jsonSyntaxError{"Unexpected end of JSON input"} // V8's words, which clients may match
	}
	return nil, &jsonSyntaxError{fmt.Sprintf("Malformed JSON at position %d: %v", dec.InputOffset(), err)}
}

func decodeJSONValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		obj := newJSObject()
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeJSONValue(dec)
			if err != nil {
				return nil, err
			}
			obj.set(k.(string), v)
		}
		_, err = dec.Token() // '}'
		return obj, err
	case json.Delim('['):
		arr := []any{}
		for dec.More() {
			v, err := decodeJSONValue(dec)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err = dec.Token() // ']'
		return arr, err
	}
	return tok, nil
}
