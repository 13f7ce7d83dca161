// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"encoding/hex"

	"github.com/xclade/terraform-provider-xclade/internal/emukit"
)

// newSecret returns a key secret: the documented prefix for its type and
// mode, then 48 random hex digits (192 bits).
func newSecret(keyType string, live bool) string {
	var b [24]byte
	emukit.RandomFill(b[:])
	t := "ws"
	if keyType == keyTypeAdmin {
		t = "admin"
	}
	m := "test"
	if live {
		m = "live"
	}
	return "sk_bc_" + t + "_" + m + "_" + hex.EncodeToString(b[:])
}
