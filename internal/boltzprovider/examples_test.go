// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
)

// Every example in boltz/examples (docs and quickstart) applies against the
// emulator and its keys are revoked by destroy.
func TestAccExamples(t *testing.T) {
	root := filepath.Join("..", "..", "boltz", "examples")
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") && !slices.Contains(dirs, filepath.Dir(p)) {
			dirs = append(dirs, filepath.Dir(p))
		}
		return err
	})
	if err != nil || len(dirs) < 5 {
		t.Fatalf("examples under %s: %v %v", root, dirs, err)
	}
	for _, dir := range dirs {
		t.Run(strings.TrimPrefix(dir, root+string(filepath.Separator)), func(t *testing.T) {
			t.Parallel()
			e := acctest.NewBoltz(t)
			if err := e.Emulator.CreateWorkspace("ws_sandbox"); err != nil {
				t.Fatal(err)
			}
			// The data source example looks one key up by name.
			if _, err := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "ci-pipeline"}); err != nil {
				t.Fatal(err)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
			var text strings.Builder
			var checks []tfversion.TerraformVersionCheck
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				// The test serves the provider in process: the block that
				// says where users get it from goes.
				cfg := acctest.ParseConfig(t, f, string(b))
				text.WriteString(cfg.Without("terraform"))
				if len(cfg.Blocks("action")) > 0 {
					checks = acctest.Needs114(acctest.FeatureActions)
				}
			}
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   checks,
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckDestroyRevoked,
				Steps:                    []resource.TestStep{{Config: text.String()}},
			})
		})
	}
}
