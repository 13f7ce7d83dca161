// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package acctest

import (
	"os"
	"os/exec"
	"testing"
)

// The acceptance tests run under the terraform on PATH (make test) and under
// other CLIs (make test-cli: Terraform 1.16 and OpenTofu), chosen the way
// terraform-plugin-testing chooses them.

// CLIPath is the CLI the tests run: TF_ACC_TERRAFORM_PATH, else terraform
// on PATH ("" if there is none).
func CLIPath() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, _ := exec.LookPath("terraform")
	return p
}

// RegistryHost is the host in the provider's address under the CLI in use:
// an implied or "xclade/xclade" source means registry.terraform.io to
// Terraform and registry.opentofu.org to OpenTofu. make test-cli sets
// TF_ACC_PROVIDER_HOST, which terraform-plugin-testing serves the provider
// under, for OpenTofu.
func RegistryHost() string {
	if h := os.Getenv("TF_ACC_PROVIDER_HOST"); h != "" {
		return h
	}
	return "registry.terraform.io"
}

// SkipUnlessAcc skips a test that runs a CLI or tool itself unless TF_ACC
// is set, as resource.Test does for the tests it runs: make unit runs go
// test without TF_ACC, and so without Terraform, npm or node.
func SkipUnlessAcc(t testing.TB) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test and make testacc do)")
	}
}
