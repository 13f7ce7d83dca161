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

// errStatus is an error answer with status and msg, its code the
// contract's for that status.
func errStatus(status int, msg string) *apiError {
	return &apiError{status: status, code: statusCode(status), msg: msg}
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
	e := errStatus(status, http.StatusText(status))
	if status == http.StatusUnprocessableEntity {
		e.details = []FieldError{}
	}
	if e.msg == "" {
		e.msg = "Status " + strconv.Itoa(status)
	}
	return e
}

// statusCodes are the contract's codes by status; any other 4xx is
// bad_request and any 5xx internal_error. No code for 429 is documented:
// rate_limited reads like the others.
var statusCodes = map[int]string{
	http.StatusUnauthorized: "unauthorized", http.StatusForbidden: "forbidden", http.StatusNotFound: "not_found",
	http.StatusConflict: "conflict", http.StatusUnprocessableEntity: "VALIDATION_ERROR", http.StatusTooManyRequests: "rate_limited",
}

func statusCode(status int) string {
	switch c, ok := statusCodes[status]; {
	case ok:
		return c
	case status >= 500:
		return "internal_error"
	}
	return "bad_request"
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
