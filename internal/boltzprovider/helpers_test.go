// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
)

func mustDynamic(t testing.TB, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// createKey makes a workspace key out of band and returns its id.
func createKey(t testing.TB, e *acctest.BoltzEnv, suffix string) string {
	t.Helper()
	k, err := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: e.Title(suffix)})
	if err != nil {
		t.Fatal(err)
	}
	return k.ID
}
