// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package clock lets the provider ask for the time through an interface, so
// tests can decide what "now" is instead of sleeping.
package clock

import "time"

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

type real struct{}

func (real) Now() time.Time { return time.Now() }

// Real is the wall clock.
func Real() Clock { return real{} }
