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
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
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

// Every .tfquery.hcl example in boltz/examples runs with terraform query
// (Terraform 1.14+: acctest.Needs114) beside a configuration that has the boltz
// provider, as its comment says, and each of its list blocks finds a key
// of the ones the emulator is given: the examples' names and workspace, a
// revoked key for the audit.
func TestAccExamplesQuery(t *testing.T) {
	root := filepath.Join("..", "..", "boltz", "examples")
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tfquery.hcl") {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tfquery.hcl example under %s: %v", root, err)
	}
	for _, f := range files {
		t.Run(strings.TrimPrefix(f, root+string(filepath.Separator)), func(t *testing.T) {
			t.Parallel()
			e := acctest.NewBoltz(t)
			if err := e.Emulator.CreateWorkspace("ws_sandbox"); err != nil {
				t.Fatal(err)
			}
			if _, err := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "ci-pipeline", WorkspaceID: "ws_sandbox"}); err != nil {
				t.Fatal(err)
			}
			old, err := e.Emulator.CreateWorkspaceKey(boltzemulator.KeySpec{Name: "ci-old"})
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Emulator.RevokeKey(old.ID); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var checks []querycheck.QueryResultCheck
			for _, l := range acctest.ParseConfig(t, f, string(b)).Blocks("list", "boltz_api_key") {
				checks = append(checks, querycheck.ExpectLengthAtLeast(strings.Join(l.Labels, "."), 1))
			}
			if len(checks) == 0 {
				t.Fatalf("%s has no list \"boltz_api_key\" block", f)
			}
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   acctest.Needs114(acctest.FeatureQuery),
				ProtoV6ProviderFactories: e.Factories(),
				Steps: []resource.TestStep{
					{Config: `provider "boltz" {}`},
					{Query: true, Config: string(b), QueryResultChecks: checks},
				},
			})
		})
	}
}
