# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# The suites again where make test cannot take them: under other CLIs, and
# against a real server.

# The acceptance suites of both providers again under Terraform
# $(TF_CLI_VERSION) (the newest the Go module proxy serves) and OpenTofu
# $(TOFU_CLI_VERSION), each built from the Go module proxy by
# scripts/cli/build.sh into ~/.cache/xclade-cli (about 8 and 5 minutes on 2
# cores the first time, reused after); make test runs them under the
# terraform on PATH (1.11, the oldest supported). Fails unless the tests
# that need Terraform >= 1.12 (resource identity) passed under both, and
# those that need Terraform >= 1.14 (terraform query, actions) under
# Terraform; prints each CLI's run time and its skipped tests, counted.
TOFU_CLI_VERSION ?= 1.12.6
TEST_CLI_RUN     ?= ^TestAcc
.PHONY: test-cli
test-cli:
	bash scripts/cli/test.sh "$(TEST_CLI_RUN)" terraform:$(TF_CLI_VERSION) tofu:$(TOFU_CLI_VERSION)

# The client contract suite and the whole acceptance suite against a real
# Medusa 2.21.2 server started by scripts/medusa: once authenticated with a
# JWT from email/password, once with a secret API key; then make load,
# make load-fleet and make bench-medusa against it.
CONFORMANCE_PKGS ?= ./internal/xclade/... ./internal/emulator/... ./internal/provider/...
.PHONY: conformance
conformance: check-terraform
	bash scripts/conformance.sh $(CONFORMANCE_PKGS)
