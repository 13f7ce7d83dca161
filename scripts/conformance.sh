#!/usr/bin/env bash
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
status=0
echo "==> conformance pass 1/2: email/password (JWT)"
env -u XCLADE_TEST_API_KEY TF_ACC=1 go test "${pkgs[@]}" -count=1 -timeout 30m -p 1 || status=1
echo "==> conformance pass 2/2: secret API key (HTTP Basic)"
env -u XCLADE_TEST_EMAIL -u XCLADE_TEST_PASSWORD XCLADE_TEST_API_KEY="$api_key" TF_ACC=1 go test "${pkgs[@]}" -count=1 -timeout 30m -p 1 || status=1
echo "==> conformance finished in $(( $(date +%s) - start ))s"
exit $status
