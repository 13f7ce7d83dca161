// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"

	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
)

// Error types the API reports in the "type" field of its JSON error bodies.
const (
	ErrorTypeInvalidData  = "invalid_data"
	ErrorTypeNotAllowed   = "not_allowed"
	ErrorTypeNotFound     = "not_found"
	ErrorTypeUnauthorized = "unauthorized"
	ErrorTypeUnknown      = "unknown_error"
)

// APIError is every non-2xx answer of the API, and the 200 answers that the
// contract documents as meaning "not found" (update/revoke of an unknown id).
type APIError struct {
	StatusCode int
	Type       string
	Code       string
	Message    string
	Method     string
	Path       string
	// HTML is true when the server answered with a non-JSON page, which means
	// the base URL does not point at an xclade Admin API.
	HTML bool
	// Hint tells the user what to do; the client sets it where it knows more
	// than the status code, e.g. which credential method a 401 refused.
	Hint string
}

func (e *APIError) Error() string {
	return apiclient.FormatAPIError(e.Method, e.Path, e.StatusCode, e.Type, e.Message, e.hint())
}

func (e *APIError) hint() string {
	switch {
	case e.Hint != "":
		return e.Hint
	case e.HTML:
		return "the server answered with a web page, not the xclade Admin API: check base_url or tenant"
	case e.StatusCode == 429:
		return "the tenant's rate limit was hit: retry later or lower -parallelism"
	}
	return ""
}

// IsNotFound reports whether the API itself said the key does not exist: a
// 404 in its own shape, with type "not_found" (or the 200 {} it answers an
// update or revoke of an unknown id). A 404 in any other shape (an HTML
// page, a gateway's or another framework's JSON such as {"detail":"Not
// Found"}, an empty body) comes from something that is not the API, or a
// route it does not have, and says nothing about the key.
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == 404 && apiErr.Type == ErrorTypeNotFound
}

// IsUnauthorized reports whether the credentials were refused.
func IsUnauthorized(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == 401
}

var alreadyRevokedRE = regexp.MustCompile(`^There are \d+ secret keys that are already revoked\.?$`)

// IsAlreadyRevoked reports whether a revoke was refused because the secret
// key's revocation is already in the past. On destroy that is success.
func IsAlreadyRevoked(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == 400 && alreadyRevokedRE.MatchString(apiErr.Message)
}

// IsNotRevoked reports whether a delete was refused because the key is not
// revoked yet (never revoked, or its revocation is scheduled in the future).
func IsNotRevoked(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == 400 && apiErr.Type == ErrorTypeNotAllowed &&
		strings.HasPrefix(apiErr.Message, "Cannot delete api keys that are not revoked")
}

// IsSingleSecretKeyLimit reports whether a create was refused by a server
// older than Medusa 2.11, which allows only one active secret key a store.
func IsSingleSecretKeyLimit(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == 400 &&
		strings.Contains(apiErr.Message, "only have one active secret key")
}

// IsUnknownSalesChannel reports whether linking sales channels failed
// because one of them does not exist.
func IsUnknownSalesChannel(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == 400 && strings.HasPrefix(apiErr.Message, "Sales channels with IDs ")
}

type errorBody struct {
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// newAPIError builds an APIError from a response body of any shape: the
// API's JSON, Express's HTML 404 page, a proxy's error page, or nothing.
func newAPIError(method, path string, status int, contentType string, body []byte) *APIError {
	e := &APIError{StatusCode: status, Method: method, Path: path}
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err == nil && (eb.Message != "" || eb.Type != "") {
		e.Type, e.Code, e.Message = eb.Type, eb.Code, eb.Message
		return e
	}
	text := strings.TrimSpace(string(body))
	if strings.Contains(contentType, "html") || strings.HasPrefix(text, "<") {
		e.HTML = true
		text = strings.TrimSpace(tagRE.ReplaceAllString(text, " "))
		text = strings.Join(strings.Fields(text), " ")
	}
	const maxLen = 200
	if len(text) > maxLen {
		text = text[:maxLen] + "…"
	}
	if text == "" {
		text = httpStatusText(status)
	}
	e.Message = text
	return e
}

func httpStatusText(status int) string {
	switch status {
	case 401:
		return "Unauthorized"
	case 404:
		return "Not Found"
	case 429:
		return "Too Many Requests"
	case 502:
		return "Bad Gateway"
	case 503:
		return "Service Unavailable"
	case 504:
		return "Gateway Timeout"
	}
	return "empty response body"
}
