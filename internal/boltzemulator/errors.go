// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// apiError is a non-2xx answer in the contract's shape:
// {"code", "message"} plus "details" on validation errors.
type apiError struct {
	status  int
	code    string
	msg     string
	details []FieldError
}

// FieldError is one entry of a 422's "details". The contract only says
// details are "field-level"; a list of {field, message} keeps every problem
// (several per field, in a stable order) and is what clients can show as is.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func errBadRequest(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "bad_request", msg: msg}
}

func errUnauthorized(msg string) *apiError {
	return &apiError{status: http.StatusUnauthorized, code: "unauthorized", msg: msg}
}

func errForbidden(msg string) *apiError {
	return &apiError{status: http.StatusForbidden, code: "forbidden", msg: msg}
}

func errNotFound(msg string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "not_found", msg: msg}
}

// errValidation carries every problem in details and repeats them in the
// message, because SDKs (boltz-compute-api among them) show only message.
func errValidation(details []FieldError) *apiError {
	parts := make([]string, len(details))
	for i, d := range details {
		parts[i] = d.Field + ": " + d.Message
	}
	return &apiError{
		status:  http.StatusUnprocessableEntity,
		code:    "VALIDATION_ERROR",
		msg:     "Validation failed: " + strings.Join(parts, "; "),
		details: details,
	}
}

// errForStatus is the answer in the contract's style for any status, used
// by the revoke-again option and by faults.
func errForStatus(status int) *apiError {
	e := &apiError{status: status, msg: http.StatusText(status)}
	switch {
	case status == http.StatusBadRequest:
		e.code = "bad_request"
	case status == http.StatusUnauthorized:
		e.code = "unauthorized"
	case status == http.StatusForbidden:
		e.code = "forbidden"
	case status == http.StatusNotFound:
		e.code = "not_found"
	case status == http.StatusConflict:
		e.code = "conflict"
	case status == http.StatusUnprocessableEntity:
		e.code = "VALIDATION_ERROR"
		e.details = []FieldError{}
	case status == http.StatusTooManyRequests:
		// No code for 429 is documented; this one reads like the others.
		e.code = "rate_limited"
	case status >= 500:
		e.code = "internal_error"
	default:
		e.code = "bad_request"
	}
	if e.msg == "" {
		e.msg = "Status " + strconv.Itoa(status)
	}
	return e
}

func writeError(w http.ResponseWriter, e *apiError) {
	// A 422 always carries details (an injected one an empty list); other
	// errors never do.
	var details any
	if e.details != nil {
		details = e.details
	}
	writeJSON(w, e.status, struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Details any    `json:"details,omitempty"`
	}{e.code, e.msg, details})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic("boltzemulator: cannot encode a response: " + err.Error())
	}
	b = append(b, '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
