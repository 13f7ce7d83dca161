// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"net/http"

	"github.com/xclade/terraform-provider-xclade/internal/emukit"
)

// Fault describes a misbehaviour to inject into upcoming requests
// (emukit.Fault): queued, matched in order, the first match applied.
type Fault = emukit.Fault

func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f Fault, handle func(http.ResponseWriter)) {
	emukit.Apply(w, r, f, func(w http.ResponseWriter, _ *http.Request, status int) { writeError(w, errForStatus(status)) }, handle)
}
