#!/usr/bin/env bash
# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# The main job: build a provider, start its local emulator on 127.0.0.1,
# and run a real `terraform init` and `terraform apply` of its quickstart
# against it, then `terraform destroy`. Nothing is downloaded: `terraform
# init` installs the provider just built from a local filesystem mirror, as
# it would install a release from the registry.
#
#   scripts/demo.sh [NAME] [example-dir]     (default: xclade; make demo runs each provider)
#
# A provider NAME is found by the layout every provider follows (see the
# GNUmakefile): its main.go in NAME/ or at the module root, its emulator
# in cmd/NAME-emulator, which writes NAME_BASE_URL and NAME_API_KEY into
# -env-file, its quickstart in examples/quickstart under its folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
provider=${1:-xclade}
main=$root; [ -f "$root/$provider/main.go" ] && main=$root/$provider
emulator=$provider-emulator
[ -d "$root/cmd/$emulator" ] || { echo "usage: $0 [NAME] [example-dir]: no emulator cmd/$emulator for a provider $provider" >&2; exit 2; }
example=${2:-$main/examples/quickstart}

# What a provider's demo needs beyond the layout, as functions named
# HOOK_NAME; a provider without them has none. emulator_args_NAME prints
# the emulator's flags; show_key_NAME ID prints what the API says about a
# key after the destroy, the admin key going to curl through its config
# on stdin, not argv.
emulator_args_xclade() { echo -bootstrap-secret-key; }
show_key_xclade() {
  printf 'user = "%s:"\n' "$XCLADE_API_KEY" | curl -sS -K - "$XCLADE_BASE_URL/admin/api-keys/$1?fields=id,title,revoked_at"
  echo
}
# No get: the list (one page is plenty here) shows the key's is_active.
show_key_boltz() {
  printf 'header = "x-api-key: %s"\n' "$BOLTZ_API_KEY" | curl -sS -K - "$BOLTZ_BASE_URL/compute/v1/admin/api-keys?limit=100" |
    grep -o "{\"id\":\"$1\"[^}]*" | grep -o '"id":"[^"]*"\|"name":"[^"]*"\|"is_active":[a-z]*' | paste -sd' '
}
hook() { declare -F "$1_$provider" >/dev/null && "$1_$provider" "${@:2}"; }

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
read -r -a emulator_args <<< "$(hook emulator_args || true)"

echo "==> starting the $provider emulator on 127.0.0.1"
"$work/$emulator" -listen 127.0.0.1:0 ${emulator_args[@]+"${emulator_args[@]}"} -env-file "$work/emulator.env" >/dev/null &
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
# The ids of the managed resources, to ask the API about them afterwards.
ids=$(for addr in $(terraform state list | grep -v '^data\.'); do
  terraform state show -no-color "$addr" | sed -n 's/^    id *= *"\(.*\)"$/\1/p'
done)
echo "==> terraform destroy"
tf destroy -auto-approve -input=false
if declare -F "show_key_$provider" >/dev/null; then
  echo "==> what the API says about the keys now"
  for id in $ids; do hook show_key "$id"; done
fi
echo "==> $provider demo finished: keys created, shown, then revoked by destroy"
