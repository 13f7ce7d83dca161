#!/usr/bin/env bash
# The main job: build the provider, start the local xclade emulator on
# 127.0.0.1, and run a real `terraform init` and `terraform apply` of
# examples/quickstart against it, then `terraform destroy`. Nothing is
# downloaded: `terraform init` installs the provider just built from a local
# filesystem mirror, as it would install a release from the registry.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
example=${1:-$root/examples/quickstart}
command -v terraform >/dev/null || { echo "error: terraform is not on PATH (need Terraform >= 1.11)" >&2; exit 1; }

work=$(mktemp -d)
emu_pid=
cleanup() {
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null && wait "$emu_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> building the provider and the emulator"
go build -o "$root/bin/terraform-provider-xclade" "$root"
go build -o "$work/xclade-emulator" "$root/cmd/xclade-emulator"

echo "==> starting the xclade emulator on 127.0.0.1"
"$work/xclade-emulator" -listen 127.0.0.1:0 -bootstrap-secret-key -env-file "$work/emulator.env" >/dev/null &
emu_pid=$!
for _ in $(seq 100); do [ -s "$work/emulator.env" ] && break; sleep 0.1; done
[ -s "$work/emulator.env" ] || { echo "error: the emulator did not start" >&2; exit 1; }
set -a; . "$work/emulator.env"; set +a
echo "    XCLADE_BASE_URL=$XCLADE_BASE_URL"

version=0.1.0
mirror="$work/mirror/registry.terraform.io/xclade/xclade/$version/$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$mirror"
cp "$root/bin/terraform-provider-xclade" "$mirror/terraform-provider-xclade_v$version"
cat > "$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["registry.terraform.io/xclade/xclade"]
  }
  direct {
    exclude = ["registry.terraform.io/xclade/xclade"]
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
ids=$(terraform show -json | grep -o '"id":"apk_[0-9A-Z]*"' | cut -d'"' -f4 | sort -u)
echo "==> terraform destroy"
tf destroy -auto-approve -input=false
echo "==> what the API says about the keys now"
for id in $ids; do
  # The admin key is passed through curl's config on stdin, not argv.
  printf 'user = "%s:"\n' "$XCLADE_API_KEY" |
    curl -sS -K - "$XCLADE_BASE_URL/admin/api-keys/$id?fields=id,title,revoked_at"
  echo
done
echo "==> demo finished: keys created, shown, then revoked by destroy"
