#!/usr/bin/env bash
# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# Runs the provider's acceptance tests under other Terraform-compatible CLIs,
# each built (or found in the cache) by build.sh:
#
#   scripts/cli/test.sh '^TestAcc' terraform:1.13.3 tofu:1.12.6
#
# Prints each run's wall time and its skipped tests with their reasons, and
# fails if a run fails or if the tests that need resource identity
# (Terraform/OpenTofu >= 1.12) did not pass in it: under the terraform on
# PATH (1.11) they skip, so this is where they must run.
set -euo pipefail
cd "$(dirname "$0")/../.."

run=${1:?usage: test.sh RUN_REGEXP NAME:VERSION...}; shift
pkg=${TEST_CLI_PKG:-./internal/provider/}
timeout=${TEST_TIMEOUT:-30m}
must_pass=(TestAccAPIKey_identity TestAccAPIKey_identity/secret TestAccAPIKey_identity/publishable TestAccAPIKey_identityImportExplains)

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

summary=()
status=0
for spec in "$@"; do
  name=${spec%%:*} version=${spec#*:}
  bin=$(bash scripts/cli/build.sh "$name" "$version")
  log="$tmp/$name-$version.log"
  echo "=== acceptance tests ($run) under $("$bin" version | head -n1) ($bin)"
  (
    export TF_ACC=1 TF_ACC_TERRAFORM_PATH="$bin" CHECKPOINT_DISABLE=1
    if [ "$name" = tofu ]; then
      # The configurations leave the provider's source implied (hashicorp/
      # xclade), which OpenTofu resolves on its own registry: serve the
      # in-process provider under that address.
      export TF_ACC_PROVIDER_HOST=registry.opentofu.org TF_ACC_PROVIDER_NAMESPACE=hashicorp
    fi
    go test "$pkg" -run "$run" -count=1 -v -timeout "$timeout"
  ) > "$log" 2>&1 &
  pid=$!
  start=$(date +%s)
  rc=0; wait "$pid" || rc=$?
  secs=$(( $(date +%s) - start ))
  grep -E '^(--- FAIL|FAIL|ok|panic)' "$log" || true
  passed=$(grep -cE '^\s*--- PASS' "$log" || true)
  skipped=$(grep -cE '^\s*--- SKIP' "$log" || true)
  if [ "$rc" -ne 0 ]; then
    echo "--- output of the failing run:"; grep -vE '^\s*(=== (RUN|PAUSE|CONT)|--- PASS)' "$log" | tail -n 150
    status=1
  fi
  for t in "${must_pass[@]}"; do
    if ! grep -qE "^\s*--- PASS: ${t} \(" "$log"; then
      echo "error: $t did not pass under $name $version (skipped or not run): resource identity is untested" >&2
      status=1
    fi
  done
  echo "--- skipped under $name $version:"
  grep -E '^\s*--- SKIP' "$log" | sed 's/^\s*/    /' || true
  echo "--- their reasons:"
  grep -E '^\s+[A-Za-z0-9_]+_test\.go:[0-9]+: ' "$log" | grep -iE 'skip|needs|below|not (run|supported)' | sed 's/^\s*/    /' | sort | uniq -c || true
  summary+=("$name $version: exit $rc, ${secs}s wall, $passed passed, $skipped skipped")
done

echo "=== summary"
printf '%s\n' "${summary[@]}"
exit "$status"
