// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Medusa parses bodies with Express's body-parser, i.e. Node's JSON.parse, and
// returns V8's SyntaxError message verbatim in a 400. This parser accepts
// exactly JSON and fails with the messages V8 (Node 20) produces, so a client
// sees the same text as from a real server.

type jsonSyntaxError struct{ msg string }

func (e *jsonSyntaxError) Error() string { return e.msg }

type jsonParser struct {
	src string
	pos int
}

// parseJSONBody applies body-parser's "strict" rule (the document must start
// with '{' or '['; anything else is reported as if the whole rest were junk)
// and then parses.
func parseJSONBody(body string) (any, *jsonSyntaxError) {
	first := -1
	for i := 0; i < len(body); i++ {
		if !isJSONSpace(body[i]) {
			first = i
			break
		}
	}
	if first < 0 || (body[first] != '{' && body[first] != '[') {
		return nil, strictSyntaxError(body, first)
	}
	p := &jsonParser{src: body}
	v, err := p.document()
	if err != nil {
		return nil, err
	}
	return v, nil
}

// strictSyntaxError reproduces body-parser's createStrictSyntaxError: it
// parses a copy whose tail is replaced by '#' and then substitutes the
// original characters back into V8's message.
func strictSyntaxError(body string, first int) *jsonSyntaxError {
	if first < 0 {
		p := &jsonParser{src: ""}
		_, err := p.document()
		return err
	}
	orig := []rune(body)
	index := len([]rune(body[:first]))
	partial := string(orig[:index]) + strings.Repeat("#", len(orig)-index)
	p := &jsonParser{src: partial}
	_, err := p.document()
	if err == nil {
		return &jsonSyntaxError{msg: "strict violation"}
	}
	var b strings.Builder
	msg := err.msg
	for i := 0; i < len(msg); {
		if msg[i] != '#' {
			b.WriteByte(msg[i])
			i++
			continue
		}
		j := i
		for j < len(msg) && msg[j] == '#' {
			j++
		}
		end := index + (j - i)
		if end > len(orig) {
			end = len(orig)
		}
		b.WriteString(string(orig[index:end]))
		i = j
	}
	return &jsonSyntaxError{msg: b.String()}
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.src) && isJSONSpace(p.src[p.pos]) {
		p.pos++
	}
}

func (p *jsonParser) document() (any, *jsonSyntaxError) {
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return nil, p.fail("Unexpected non-whitespace character after JSON at position %d")
	}
	return v, nil
}

// utf16Pos converts a byte offset into the UTF-16 offset V8 reports.
func (p *jsonParser) utf16Pos(off int) int {
	n := 0
	for _, r := range p.src[:off] {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// fail formats a message carrying the current position.
func (p *jsonParser) fail(format string) *jsonSyntaxError {
	return &jsonSyntaxError{msg: strings.Replace(format, "%d", strconv.Itoa(p.utf16Pos(p.pos)), 1)}
}

// unexpected is V8's message for a token that has no specific message: it
// depends on what kind of token sits at the cursor.
func (p *jsonParser) unexpected() *jsonSyntaxError {
	if p.pos >= len(p.src) {
		return &jsonSyntaxError{msg: "Unexpected end of JSON input"}
	}
	c := p.src[p.pos]
	switch {
	case c == '"':
		return p.fail("Unexpected string in JSON at position %d")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.fail("Unexpected number in JSON at position %d")
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	tok := string(r)
	if r >= 0x10000 {
		tok = string(utf16.Decode(utf16.Encode([]rune{r})[:1]))
	}
	units := utf16.Encode([]rune(p.src))
	pos := p.utf16Pos(p.pos)
	const ctx = 10
	n := len(units)
	sub := func(a, b int) string {
		if a < 0 {
			a = 0
		}
		if b > n {
			b = n
		}
		return string(utf16.Decode(units[a:b]))
	}
	switch {
	case n < 2*ctx+1:
		return &jsonSyntaxError{msg: "Unexpected token '" + tok + "', \"" + p.src + "\" is not valid JSON"}
	case pos < ctx:
		return &jsonSyntaxError{msg: "Unexpected token '" + tok + "', \"" + sub(0, pos+ctx) + "\"... is not valid JSON"}
	case pos < n-ctx:
		return &jsonSyntaxError{msg: "Unexpected token '" + tok + "', ...\"" + sub(pos-ctx, pos+ctx) + "\"... is not valid JSON"}
	default:
		return &jsonSyntaxError{msg: "Unexpected token '" + tok + "', ...\"" + sub(pos-ctx, n) + "\" is not valid JSON"}
	}
}

func (p *jsonParser) value() (any, *jsonSyntaxError) {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return nil, p.unexpected()
	}
	switch c := p.src[p.pos]; {
	case c == '"':
		return p.str()
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, p.unexpected()
}

func (p *jsonParser) literal(word string) *jsonSyntaxError {
	for i := 1; i < len(word); i++ {
		p.pos++
		if p.pos >= len(p.src) || p.src[p.pos] != word[i] {
			return p.unexpected()
		}
	}
	p.pos++
	return nil
}

func (p *jsonParser) object() (any, *jsonSyntaxError) {
	obj := newJSObject()
	p.pos++ // '{'
	first := true
	for {
		p.skipSpace()
		if first && p.pos < len(p.src) && p.src[p.pos] == '}' {
			p.pos++
			return obj, nil
		}
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			if first {
				return nil, p.fail("Expected property name or '}' in JSON at position %d")
			}
			return nil, p.fail("Expected double-quoted property name in JSON at position %d")
		}
		first = false
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, p.fail("Expected ':' after property name in JSON at position %d")
		}
		p.pos++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		obj.set(k.(string), v)
		p.skipSpace()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			p.pos++
			return obj, nil
		}
		return nil, p.fail("Expected ',' or '}' after property value in JSON at position %d")
	}
}

func (p *jsonParser) array() (any, *jsonSyntaxError) {
	arr := []any{}
	p.pos++ // '['
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return arr, nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		p.skipSpace()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == ']' {
			p.pos++
			return arr, nil
		}
		return nil, p.fail("Expected ',' or ']' after array element in JSON at position %d")
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *jsonParser) number() (any, *jsonSyntaxError) {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
		if p.pos >= len(p.src) || !isDigit(p.src[p.pos]) {
			return nil, p.fail("No number after minus sign in JSON at position %d")
		}
	}
	if p.src[p.pos] == '0' {
		p.pos++
		if p.pos < len(p.src) && isDigit(p.src[p.pos]) {
			return nil, p.fail("Unexpected number in JSON at position %d")
		}
	} else {
		for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
			p.pos++
		}
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if p.pos >= len(p.src) || !isDigit(p.src[p.pos]) {
			return nil, p.fail("Unterminated fractional number in JSON at position %d")
		}
		for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
			p.pos++
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if p.pos >= len(p.src) || !isDigit(p.src[p.pos]) {
			return nil, p.fail("Exponent part is missing a number in JSON at position %d")
		}
		for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
			p.pos++
		}
	}
	f, _ := strconv.ParseFloat(p.src[start:p.pos], 64) // overflow yields ±Inf, as in V8
	return f, nil
}

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (p *jsonParser) str() (any, *jsonSyntaxError) {
	p.pos++ // opening quote
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			return nil, p.fail("Unterminated string in JSON at position %d")
		}
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.pos++
			return b.String(), nil
		case c < 0x20:
			return nil, p.fail("Bad control character in string literal in JSON at position %d")
		case c == '\\':
			p.pos++
			if p.pos >= len(p.src) {
				return nil, p.fail("Unterminated string in JSON at position %d")
			}
			switch e := p.src[p.pos]; e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, err := p.unicodeEscape()
				if err != nil {
					return nil, err
				}
				if utf16.IsSurrogate(r) && r < 0xdc00 && strings.HasPrefix(p.src[p.pos+1:], "\\u") {
					save := p.pos
					p.pos += 2
					if lo, err := p.unicodeEscape(); err == nil && lo >= 0xdc00 && lo < 0xe000 {
						r = utf16.DecodeRune(r, lo)
					} else {
						p.pos = save
					}
				}
				b.WriteRune(r)
			default:
				return nil, p.fail("Bad escaped character in JSON at position %d")
			}
			p.pos++
		default:
			r, size := utf8.DecodeRuneInString(p.src[p.pos:])
			b.WriteRune(r)
			p.pos += size
		}
	}
}

// unicodeEscape reads the four hex digits after "\u" (cursor on 'u') and
// leaves the cursor on the last digit.
func (p *jsonParser) unicodeEscape() (rune, *jsonSyntaxError) {
	var r rune
	for i := 0; i < 4; i++ {
		p.pos++
		if p.pos >= len(p.src) || !isHex(p.src[p.pos]) {
			return 0, p.fail("Bad Unicode escape in JSON at position %d")
		}
		d, _ := strconv.ParseUint(p.src[p.pos:p.pos+1], 16, 8)
		r = r<<4 | rune(d)
	}
	return r, nil
}
