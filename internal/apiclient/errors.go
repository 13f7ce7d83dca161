// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package apiclient

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// AmbiguousError means a call that is not idempotent may or may not have
// been applied: the connection broke, the attempt timed out or was
// interrupted, the server or a gateway answered 5xx (or 408), or the answer
// was a 2xx or 3xx the client cannot read or that lacks the object it must
// hold, after the request was sent.
type AmbiguousError struct {
	Method, Path string
	Err          error
	// Header is a gateway's answer's, for its Retry-After.
	Header http.Header
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s %s: the request was sent but its outcome is unknown: %v", e.Method, e.Path, e.Err)
}

func (e *AmbiguousError) Unwrap() error { return e.Err }

// UnreadableAnswer classifies an answer the client cannot use although its
// status was not an error: a body that does not decode, or that lacks the
// object the call must return. Such an answer proves nothing about the
// request, so after a call that is not idempotent the server may have
// applied it: the outcome is unknown (an *AmbiguousError wrapping why). An
// idempotent call's answer is just an error: asking again is safe.
func UnreadableAnswer(cl Call, why error) error {
	if cl.Idempotent || why == nil {
		return why
	}
	var amb *AmbiguousError
	if errors.As(why, &amb) {
		return why
	}
	return &AmbiguousError{Method: cl.Method, Path: cl.Path, Err: why}
}

// RedirectError is a 3xx answer, which is never followed: none of these
// APIs redirects, so a redirect means the base URL points at something else
// (a proxy, a login page, a moved host), and following it would hand the
// credentials to whatever Location names.
type RedirectError struct {
	Method, Path string
	Status       int
	// Location is where it pointed, without query, fragment or userinfo.
	Location string
	API      string
}

func (e *RedirectError) Error() string {
	to := "without a Location"
	if e.Location != "" {
		to = "to " + e.Location
	}
	return fmt.Sprintf("%s %s: HTTP %d: redirect %s, not followed (the %s never redirects: check base_url or tenant)",
		e.Method, e.Path, e.Status, to, e.API)
}

// MaxAnswerBytes bounds how much of an answer the client reads: the largest
// real answer, a page of 1,000 keys, is about 0.5 MiB. A variable so that a
// test can lower it.
var MaxAnswerBytes int64 = 64 << 20

// AnswerTooLargeError is an answer cut off at MaxAnswerBytes: reported as
// such, not as the JSON error the truncated body would cause.
type AnswerTooLargeError struct {
	Method, Path string
	Status       int
	Limit        int64
	API          string
}

func (e *AnswerTooLargeError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d: the answer is larger than %s, more than any %s answer; not read (check base_url)",
		e.Method, e.Path, e.Status, FormatBytes(e.Limit), e.API)
}

// FormatBytes renders a size as MiB when it is a whole number of them.
func FormatBytes(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// NotJSONError is a 2xx answer that is not JSON: the base URL points at a
// web page, not at the API.
type NotJSONError struct {
	Method, Path string
	Status       int
	ContentType  string
}

func (e *NotJSONError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d: expected JSON, got %q (the server answered with a web page, not the API: check base_url or tenant)",
		e.Method, e.Path, e.Status, e.ContentType)
}

// safeLocation shows where a redirect points without what its query,
// fragment or userinfo may carry (tokens, signed parameters).
func safeLocation(resp *http.Response) string {
	u, err := resp.Location()
	if errors.Is(err, http.ErrNoLocation) {
		return ""
	}
	if err != nil {
		return "an unparsable Location"
	}
	shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	s := shown.String()
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		s += " (query, fragment and userinfo not shown)"
	}
	return s
}

// FormatAPIError is how both clients spell an API's error answer:
// "METHOD PATH: HTTP status kind: message (note) (note)", each part left out
// when empty, so that errors read alike whichever API gave them.
func FormatAPIError(method, path string, status int, kind, message string, notes ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", method, path, status)
	if kind != "" {
		fmt.Fprintf(&b, " %s", kind)
	}
	if message != "" {
		fmt.Fprintf(&b, ": %s", message)
	}
	for _, n := range notes {
		if n != "" {
			fmt.Fprintf(&b, " (%s)", n)
		}
	}
	return b.String()
}
