# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# The tools the targets need. tfplugindocs, golangci-lint and staticcheck are
# pinned in tools/go.mod (a module of its own, so the main go.mod stays
# small), goreleaser at GORELEASER_VERSION; each is built into ./bin the
# first time a target needs it, and again when tools/go.mod changes.
# Terraform and npm are not built: a target that needs one says so.

TFPLUGINDOCS       := $(BIN)/tfplugindocs
GOLANGCI_LINT      := $(BIN)/golangci-lint
STATICCHECK        := $(BIN)/staticcheck
GORELEASER         := $(BIN)/goreleaser
GORELEASER_VERSION ?= v2.15.1
# The newest Terraform the Go module proxy serves, for what the terraform
# on PATH (1.11, the oldest supported) cannot do: make docs, make test-cli.
TF_CLI_VERSION     ?= 1.16.4

$(TFPLUGINDOCS): tools/go.mod tools/go.sum
	cd tools && $(GO) build -o $@ github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs

$(GOLANGCI_LINT): tools/go.mod tools/go.sum
	@echo "building golangci-lint (about 3 minutes the first time)"
	cd tools && $(GO) build -o $@ github.com/golangci/golangci-lint/v2/cmd/golangci-lint

$(STATICCHECK): tools/go.mod tools/go.sum
	cd tools && $(GO) build -o $@ honnef.co/go/tools/cmd/staticcheck

# go install pkg@version ignores every go.mod; it runs from / so that a
# half-edited go.mod in the work tree cannot get in its way.
$(GORELEASER):
	@echo "building goreleaser $(GORELEASER_VERSION) (about 2 minutes the first time)"
	cd / && GOBIN=$(BIN) $(GO) install github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION)

# Builds every tool into ./bin.
.PHONY: tools
tools: $(TFPLUGINDOCS) $(GOLANGCI_LINT) $(STATICCHECK) $(GORELEASER)

.PHONY: staticcheck
staticcheck: $(STATICCHECK)
	$(GO) vet ./...
	$(STATICCHECK) ./...

.PHONY: check-terraform
check-terraform:
	@command -v terraform >/dev/null 2>&1 || { echo "error: the terraform CLI is not on PATH; acceptance tests need it (install Terraform >= 1.11)" >&2; exit 1; }

# The vendor's TypeScript SDK (boltz-compute-api, pinned by
# scripts/boltz-sdk/package-lock.json) for the Boltz emulator's conformance
# test, installed into scripts/boltz-sdk/node_modules with npm ci. The stamp
# re-runs npm ci only when the package files change or node_modules is gone.
BOLTZ_SDK_STAMP := scripts/boltz-sdk/node_modules/.installed
$(BOLTZ_SDK_STAMP): scripts/boltz-sdk/package.json scripts/boltz-sdk/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "error: npm is not on PATH; the Boltz SDK conformance test needs Node.js 20 or later with npm" >&2; exit 1; }
	cd scripts/boltz-sdk && npm ci --no-audit --no-fund
	touch $@

.PHONY: boltz-sdk
boltz-sdk: $(BOLTZ_SDK_STAMP)
