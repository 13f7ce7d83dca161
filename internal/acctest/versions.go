// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// List resources (terraform query) and actions came with Terraform 1.14:
// the terraform on PATH (1.11) and OpenTofu 1.12 have neither, so the
// tests of them skip there, saying so; make test-cli runs them under
// Terraform 1.16 and counts the skips under each CLI.

// Features of Terraform 1.14 a test can need, as its skip message names them.
const (
	FeatureQuery   = "list resources (terraform query)"
	FeatureActions = "actions (terraform apply -invoke, action_trigger)"
)

// Needs114 gates a resource.Test on Terraform 1.14 with
// tfversion.SkipBelow, and words the skip so that the test log says which
// feature the CLI lacks and which CLI it was.
func Needs114(feature string) []tfversion.TerraformVersionCheck {
	return []tfversion.TerraformVersionCheck{needs114{feature: feature}}
}

type needs114 struct{ feature string }

func (n needs114) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	tfversion.SkipBelow(tfversion.Version1_14_0).CheckTerraformVersion(ctx, req, resp)
	if resp.Skip != "" {
		resp.Skip = skipMessage(n.feature, req.TerraformVersion)
	}
}

func skipMessage(feature string, v *version.Version) string {
	return fmt.Sprintf("skipped: %s need Terraform 1.14 or later; %s %s has none (make test-cli runs this under Terraform 1.16)",
		feature, CLIName(), v)
}

// CLIName is "OpenTofu" when the CLI in use is tofu, else "Terraform".
func CLIName() string {
	if strings.Contains(filepath.Base(CLIPath()), "tofu") {
		return "OpenTofu"
	}
	return "Terraform"
}

// CLIVersion is the version the CLI in use reports.
func CLIVersion(t testing.TB) *version.Version {
	t.Helper()
	cli := CLIPath()
	if cli == "" {
		t.Fatal("no terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
	}
	cmd := exec.Command(cli, "version", "-json")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v\n%s", cli, err, out)
	}
	parsed, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	return parsed
}

// SkipBelow114 is Needs114 for a test that runs the CLI itself rather
// than through resource.Test; without TF_ACC it skips as SkipUnlessAcc.
func SkipBelow114(t testing.TB, feature string) {
	t.Helper()
	SkipUnlessAcc(t)
	v := CLIVersion(t)
	var resp tfversion.CheckTerraformVersionResponse
	needs114{feature: feature}.CheckTerraformVersion(context.Background(), tfversion.CheckTerraformVersionRequest{TerraformVersion: v}, &resp)
	if resp.Skip != "" {
		t.Skip(resp.Skip)
	}
}
