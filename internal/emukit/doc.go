// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package emukit is the machinery both API emulators share and neither API
// defines: sortable ids, request accounting, and fault injection for tests.
// It imports no client and no provider, like the emulators themselves.
package emukit
