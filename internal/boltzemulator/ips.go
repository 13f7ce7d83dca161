// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"net/netip"
	"strings"
)

// checkIP accepts one IPv4 or IPv6 address and returns its canonical form
// (netip's: lower-case, shortest IPv6). The contract says "addresses", so
// CIDR ranges and zoned addresses are refused.
func checkIP(s string) (canon, problem string) {
	if strings.Contains(s, "/") {
		return "", "must be an IP address, not a CIDR range"
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return "", "must be a valid IPv4 or IPv6 address"
	}
	return a.String(), ""
}
