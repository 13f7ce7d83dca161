// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package secret holds the type both API clients keep credentials and key
// material in, so that a value that slips into a log line, an error or a
// %+v dump prints as a placeholder instead of the key.
package secret

// Secret holds a credential or key material. Its String and GoString methods
// never reveal the value.
type Secret string

// Placeholder is what a Secret prints as.
const Placeholder = "[REDACTED]"

// String implements fmt.Stringer without revealing the value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return Placeholder
}

// GoString implements fmt.GoStringer without revealing the value.
func (s Secret) GoString() string { return s.String() }

// Reveal returns the raw value. Call it only where the value must leave the
// process: a request header, a request body, Terraform state.
func (s Secret) Reveal() string { return string(s) }

// Redact shortens a key for display: its first 6 characters, ***, and its
// last 3, which the xclade API itself treats as safe to show.
func Redact(token string) string {
	if len(token) < 12 {
		return "***"
	}
	return token[:6] + "***" + token[len(token)-3:]
}
