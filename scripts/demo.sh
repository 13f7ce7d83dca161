#!/usr/bin/env bash
# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# The main job: build a provider, start its local emulator on 127.0.0.1,
# and run a real `terraform init` and `terraform apply` of its quickstart
# against it, then `terraform destroy`. Nothing is downloaded: `terraform
# init` installs the provider just built from a local filesystem mirror, as
# it would install a release from the registry.
#
#   scripts/demo.sh [xclade|boltz] [example-dir]     (default: xclade)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
provider=${1:-xclade}
case "$provider" in
  xclade) main=$root; emulator=xclade-emulator; emulator_args=(-bootstrap-secret-key); default_example=$root/examples/quickstart ;;
  boltz) main=$root/boltz; emulator=boltz-emulator; emulator_args=(); default_example=$root/boltz/examples/quickstart ;;
  *) echo "usage: $0 [xclade|boltz] [example-dir]" >&2; exit 2 ;;
esac
example=${2:-$default_example}
command -v terraform >/dev/null || { echo "error: terraform is not on PATH (need Terraform >= 1.11)" >&2; exit 1; }

work=$(mktemp -d)
emu_pid=
cleanup() {
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null && wait "$emu_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> building the $provider provider and its emulator"
go build -o "$root/bin/terraform-provider-$provider" "$main"
go build -o "$work/$emulator" "$root/cmd/$emulator"

echo "==> starting the $provider emulator on 127.0.0.1"
"$work/$emulator" -listen 127.0.0.1:0 "${emulator_args[@]}" -env-file "$work/emulator.env" >/dev/null &
emu_pid=$!
for _ in $(seq 100); do [ -s "$work/emulator.env" ] && break; sleep 0.1; done
[ -s "$work/emulator.env" ] || { echo "error: the emulator did not start" >&2; exit 1; }
set -a; . "$work/emulator.env"; set +a
base_var=$(echo "$provider" | tr a-z A-Z)_BASE_URL
echo "    $base_var=${!base_var}"

version=0.1.0
address=registry.terraform.io/xclade/$provider
mirror="$work/mirror/$address/$version/$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$mirror"
cp "$root/bin/terraform-provider-$provider" "$mirror/terraform-provider-${provider}_v$version"
cat > "$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["$address"]
  }
  direct {
    exclude = ["$address"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
mkdir -p "$work/config"
cp -r "$example"/*.tf "$work/config/"
cd "$work/config"

tf() { terraform "$@" -no-color; }

echo "==> terraform init (from the local mirror)"
tf init -input=false | grep -v '^$'
echo "==> terraform apply ($example)"
tf apply -auto-approve -input=false
echo "==> terraform output"
terraform output -no-color
echo "==> terraform show"
tf show | grep -Ev '^\s*$' | head -60
case "$provider" in
  xclade) ids=$(terraform show -json | grep -o '"id":"apk_[0-9A-Z]*"' | cut -d'"' -f4 | sort -u) ;;
  boltz) ids=$(terraform show -json | grep -o '"id":"key_[0-9A-Z]*"' | cut -d'"' -f4 | sort -u) ;;
esac
echo "==> terraform destroy"
tf destroy -auto-approve -input=false
echo "==> what the API says about the keys now"
# The admin key goes to curl through its config on stdin, not argv.
case "$provider" in
  xclade)
    for id in $ids; do
      printf 'user = "%s:"\n' "$XCLADE_API_KEY" |
        curl -sS -K - "$XCLADE_BASE_URL/admin/api-keys/$id?fields=id,title,revoked_at"
      echo
    done ;;
  boltz)
    # No get: the list (one page is plenty here) shows each key's is_active.
    list=$(printf 'header = "x-api-key: %s"\n' "$BOLTZ_API_KEY" | curl -sS -K - "$BOLTZ_BASE_URL/compute/v1/admin/api-keys?limit=100")
    for id in $ids; do
      echo "$list" | grep -o "{\"id\":\"$id\"[^}]*" | grep -o '"id":"[^"]*"\|"name":"[^"]*"\|"is_active":[a-z]*' | paste -sd' '
    done ;;
esac
echo "==> $provider demo finished: keys created, shown, then revoked by destroy"
