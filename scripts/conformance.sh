#!/usr/bin/env bash
# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# Runs the client contract tests and the acceptance tests against a real
# Medusa server, twice: with email/password (JWT) and with a secret API key.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(./internal/xclade/... ./internal/emulator/... ./internal/provider/...)
cache=${XCLADE_MEDUSA_CACHE:-$HOME/.cache/xclade-medusa}

trap 'bash "$root/scripts/medusa/stop.sh" >/dev/null 2>&1 || true' EXIT
start=$(date +%s)
bash "$root/scripts/medusa/start.sh"
echo "==> Medusa ready in $(( $(date +%s) - start ))s"
set -a; . "$cache/medusa.env"; set +a
api_key=$XCLADE_TEST_API_KEY

cd "$root"
logs=$(mktemp -d)
# run NAME ENV...: one pass of the suites (only the tests matching $only,
# if set), verbose into a log; prints the package results, any failure in
# full, and how many tests passed, were skipped (they need the emulator's
# fault or clock hooks, or a newer Terraform) and failed.
only=
run() {
  local name=$1; shift
  local log="$logs/$name.log" rc=0
  env "$@" TF_ACC=1 go test "${pkgs[@]}" ${only:+-run "$only"} -count=1 -timeout 30m -p 1 -v >"$log" 2>&1 || rc=$?
  grep -E '^(ok|FAIL|panic:)' "$log" || true
  if [ $rc -ne 0 ]; then
    echo "--- failures ($name):"
    grep -E -B2 -A30 -e '^\s*--- FAIL' "$log" | grep -v -e '^=== ' | head -n 300
  fi
  echo "conformance $name: $(grep -cE '^\s*--- PASS' "$log") passed, $(grep -cE '^\s*--- FAIL' "$log") failed, $(grep -cE '^\s*--- SKIP' "$log") skipped (tests and subtests)"
  return $rc
}

status=0
echo "==> conformance pass 1/2: email/password (JWT)"
run jwt -u XCLADE_TEST_API_KEY || status=1
echo "==> conformance pass 2/2: secret API key (HTTP Basic)"
run api-key -u XCLADE_TEST_EMAIL -u XCLADE_TEST_PASSWORD XCLADE_TEST_API_KEY="$api_key" || status=1
# The terraform on PATH (1.11) has no terraform query and no actions, so
# the passes above skip their tests: run them under the Terraform that make
# test-cli uses (built once into ~/.cache/xclade-cli), with the API key.
tf_cli=$(bash "$root/scripts/cli/build.sh" terraform "${TF_CLI_VERSION:-1.16.4}")
: > "$logs/empty.tfrc"
echo "==> conformance: terraform query and actions under $(TF_CLI_CONFIG_FILE="$logs/empty.tfrc" "$tf_cli" version | head -n1)"
only='^TestAcc(APIKeyListQuery|RevokeAPIKeyAction)' run newest-cli -u XCLADE_TEST_EMAIL -u XCLADE_TEST_PASSWORD \
  XCLADE_TEST_API_KEY="$api_key" TF_ACC_TERRAFORM_PATH="$tf_cli" TF_CLI_CONFIG_FILE="$logs/empty.tfrc" || status=1
echo "==> load: terraform apply and destroy of 300 keys at -parallelism 10 and 50 (make load)"
load_start=$(date +%s)
make --no-print-directory load || status=1
echo "==> load finished in $(( $(date +%s) - load_start ))s"
echo "==> load-fleet: ${LOAD_FLEET:-6} terraform runs at once, ${LOAD_FLEET_N:-60} publishable keys each at -parallelism=50 (make load-fleet)"
fleet_start=$(date +%s)
make --no-print-directory load-fleet || status=1
echo "==> load-fleet finished in $(( $(date +%s) - fleet_start ))s"
echo "==> bench: refresh and destroy of ${BENCH_MEDUSA_N:-3000} imported keys against this server (make bench-medusa)"
bench_start=$(date +%s)
# A measurement, not a test: what it measures is asserted by the suites
# above. It is bounded so that a slow machine cannot stall CI, and a run that
# does not finish says so instead of failing the conformance checks.
if ! timeout "${BENCH_MEDUSA_TIMEOUT:-20m}" make --no-print-directory bench-medusa XCLADE_TEST_API_KEY="$api_key"; then
  echo "warning: make bench-medusa did not finish (timeout ${BENCH_MEDUSA_TIMEOUT:-20m}); bench/results.md keeps its previous Real Medusa section" >&2
fi
echo "==> bench finished in $(( $(date +%s) - bench_start ))s"
echo "==> conformance finished in $(( $(date +%s) - start ))s"
exit $status
