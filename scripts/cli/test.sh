#!/usr/bin/env bash
# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# Runs both providers' acceptance tests under other Terraform-compatible
# CLIs, each built (or found in the cache) by build.sh:
#
#   scripts/cli/test.sh '^TestAcc' terraform:1.16.4 tofu:1.12.6
#
# Prints each run's wall time, pass and skip counts, and its skipped tests
# with their reasons. Fails if a run fails, or if a test that the CLI
# supports did not pass in it: resource identity (Terraform and OpenTofu
# >= 1.12) under every CLI here, and with Terraform >= 1.14 the list
# resources (terraform query) and actions, which skip under the terraform
# on PATH (1.11) and OpenTofu 1.12; those skips are counted, never silent.
set -euo pipefail
cd "$(dirname "$0")/../.."

run=${1:?usage: test.sh RUN_REGEXP NAME:VERSION...}; shift
read -r -a pkgs <<< "${TEST_CLI_PKG:-./internal/provider/ ./internal/boltzprovider/}"
timeout=${TEST_TIMEOUT:-30m}

# package:test that must pass. Identity needs a CLI >= 1.12 (all here).
must_pass_identity=(
  provider:TestAccAPIKey_identity provider:TestAccAPIKey_identity/secret provider:TestAccAPIKey_identity/publishable
  provider:TestAccAPIKey_identityImportExplains
  boltzprovider:TestAccAPIKey_identity boltzprovider:TestAccAPIKey_identityImportExplains
)
# Terraform >= 1.14: terraform query and actions.
must_pass_114=(
  provider:TestAccAPIKeyListQuery provider:TestAccAPIKeyListQueryGenerateConfig
  provider:TestAccExamples/list-resources/xclade_api_key/list-resource.tfquery.hcl
  provider:TestAccRevokeAPIKeyAction/secret provider:TestAccRevokeAPIKeyAction/publishable
  provider:TestAccRevokeAPIKeyActionInvoke provider:TestAccExamples/actions/xclade_revoke_api_key
  boltzprovider:TestAccRevokeAPIKeyAction boltzprovider:TestAccRevokeAPIKeyActionInvoke
  boltzprovider:TestAccExamples/actions/boltz_revoke_api_key
  boltzprovider:TestAccAPIKeyList_query boltzprovider:TestAccAPIKeyList_queryValidation
  boltzprovider:TestAccAPIKeyList_queryUnreadablePage boltzprovider:TestAccExamplesQuery
)
# What acctest.Needs114 and SkipBelow114 say when they skip a test.
needs114='need Terraform 1.14 or later'

# Both CLIs warn (and terraform-plugin-testing then misreads their version)
# when TF_CLI_CONFIG_FILE names a missing file.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "${TF_CLI_CONFIG_FILE:-}" ] || [ ! -f "${TF_CLI_CONFIG_FILE}" ]; then
  : > "$tmp/empty.tfrc"
  export TF_CLI_CONFIG_FILE="$tmp/empty.tfrc"
fi
# A pinned version would make terraform-plugin-testing download a release.
unset TF_ACC_TERRAFORM_VERSION

# at_least VERSION MIN: whether VERSION >= MIN.
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

summary=()
status=0
for spec in "$@"; do
  name=${spec%%:*} version=${spec#*:}
  bin=$(bash scripts/cli/build.sh "$name" "$version")
  must_pass=("${must_pass_identity[@]}")
  has114=false
  if [ "$name" = terraform ] && at_least "$version" 1.14.0; then
    must_pass+=("${must_pass_114[@]}")
    has114=true
  fi
  echo "=== acceptance tests ($run) under $("$bin" version | head -n1) ($bin)"
  start=$(date +%s)
  rc=0 passed=0 skipped=0 skipped114=0
  for pkg in "${pkgs[@]}"; do
    short=$(basename "$pkg")
    log="$tmp/$name-$version-$short.log"
    prc=0
    (
      export TF_ACC=1 TF_ACC_TERRAFORM_PATH="$bin" CHECKPOINT_DISABLE=1
      if [ "$name" = tofu ]; then
        # The configurations leave the provider's source implied (hashicorp/
        # xclade), which OpenTofu resolves on its own registry: serve the
        # in-process provider under that address.
        export TF_ACC_PROVIDER_HOST=registry.opentofu.org TF_ACC_PROVIDER_NAMESPACE=hashicorp
      fi
      go test "$pkg" -run "$run" -count=1 -v -timeout "$timeout"
    ) > "$log" 2>&1 || prc=$?
    grep -E '^(--- FAIL|FAIL|ok|panic)' "$log" || true
    if [ "$prc" -ne 0 ]; then
      echo "--- output of the failing run ($pkg):"; grep -vE '^\s*(=== (RUN|PAUSE|CONT)|--- PASS)' "$log" | tail -n 150
      rc=$prc
    fi
    passed=$(( passed + $(grep -cE '^\s*--- PASS' "$log" || true) ))
    skipped=$(( skipped + $(grep -cE '^\s*--- SKIP' "$log" || true) ))
    n114=$(grep -cF "$needs114" "$log" || true)
    skipped114=$(( skipped114 + n114 ))
    for entry in "${must_pass[@]}"; do
      [ "${entry%%:*}" = "$short" ] || continue
      t=${entry#*:}
      if ! grep -qF -- "--- PASS: $t (" "$log"; then
        echo "error: $short $t did not pass under $name $version (skipped or not run)" >&2
        status=1
      fi
    done
    if $has114 && [ "$n114" -gt 0 ]; then
      echo "error: $n114 tests of $short skipped as if $name $version had no terraform query or actions:" >&2
      grep -F "$needs114" "$log" | sed 's/^\s*/    /' >&2
      status=1
    fi
    echo "--- skipped in $short under $name $version:"
    grep -E '^\s*--- SKIP' "$log" | sed 's/^\s*/    /' || true
    echo "--- their reasons:"
    grep -E '^\s+[A-Za-z0-9_]+\.go:[0-9]+: ' "$log" | grep -iE 'skip|needs|below|not (run|supported)' |
      sed -E 's/^\s*[A-Za-z0-9_]+\.go:[0-9]+: //' | sort | uniq -c | sed 's/^\s*/    /' || true
  done
  [ "$rc" -eq 0 ] || status=1
  secs=$(( $(date +%s) - start ))
  summary+=("$name $version: exit $rc, ${secs}s wall, $passed passed, $skipped skipped ($skipped114 of them need Terraform 1.14: list resources, actions)")
done

echo "=== summary (${pkgs[*]}, tests and subtests)"
printf '%s\n' "${summary[@]}"
exit "$status"
