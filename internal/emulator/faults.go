// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"net/http"

	"github.com/xclade/terraform-provider-xclade/internal/emukit"
)

// Fault describes a misbehaviour to inject into upcoming requests
// (emukit.Fault): queued, matched in order, the first match applied.
type Fault = emukit.Fault

func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f Fault, handle func(http.ResponseWriter)) {
	emukit.Apply(w, r, f, writeFaultStatus, handle)
}

// writeFaultStatus answers a faulted status in Medusa's error style.
func writeFaultStatus(w http.ResponseWriter, r *http.Request, status int) {
	var e *apiError
	switch {
	case status == http.StatusUnauthorized:
		e = unauthorized()
	case status == http.StatusTooManyRequests:
		e = &apiError{typ: "too_many_requests", msg: "Too many requests"}
	case status >= 500:
		e = unknownError()
	case status == http.StatusNotFound:
		e = &apiError{typ: "not_found", msg: "Not found"}
	case status == http.StatusConflict:
		e = &apiError{typ: "conflict", msg: "Conflict"}
	case status == http.StatusForbidden:
		e = &apiError{typ: "forbidden", msg: "Forbidden"}
	case status == http.StatusUnprocessableEntity:
		e = &apiError{code: "invalid_request_error", typ: "duplicate_error", msg: "Duplicate"}
	default:
		e = &apiError{typ: "invalid_data", msg: http.StatusText(status)}
	}
	e.status = status
	writeError(w, r, e)
}
