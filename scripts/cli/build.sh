#!/usr/bin/env bash
# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# Builds a Terraform or OpenTofu CLI from source through the Go module proxy
# (the only place these machines can get one: release archives are not
# reachable) into a cache, and prints the binary's path on stdout.
#
#   scripts/cli/build.sh terraform 1.16.4
#   scripts/cli/build.sh tofu 1.12.6
#
# Idempotent: a cached binary that reports the wanted version is reused, so
# only a cold machine pays the ~5 minutes per CLI. XCLADE_CLI_CACHE overrides
# the cache directory (default ~/.cache/xclade-cli).
set -euo pipefail

name=${1:?usage: build.sh terraform|tofu VERSION}
version=${2:?usage: build.sh terraform|tofu VERSION}
version=${version#v}
cache=${XCLADE_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xclade-cli}
out="$cache/$name-$version"
bin="$out/$name"

case "$name" in
  terraform) module=github.com/hashicorp/terraform; pkg=.; ;;
  tofu)      module=github.com/opentofu/opentofu;   pkg=./cmd/tofu; ;;
  *) echo "build.sh: unknown CLI $name (terraform or tofu)" >&2; exit 2 ;;
esac

log() { echo "build.sh: $*" >&2; }

# Both CLIs warn on stdout about a missing CLI config file; that warning is
# not the version line we look for.
reports_version() {
  [ -x "$bin" ] || return 1
  local cfg; cfg=$(mktemp); 
  local v; v=$(TF_CLI_CONFIG_FILE="$cfg" CHECKPOINT_DISABLE=1 "$bin" version 2>/dev/null | head -n1 || true)
  rm -f "$cfg"
  [ "$v" = "Terraform v$version" ] || [ "$v" = "OpenTofu v$version" ]
}

if reports_version; then
  log "reusing $bin"
  echo "$bin"; exit 0
fi

log "building $name v$version from $module@v$version (about 5 minutes on 2 cores the first time)"
started=$(date +%s)
src_ro=$(cd / && go mod download -json "$module@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$src_ro" ] && [ -d "$src_ro" ] || { log "go mod download gave no source directory for $module@v$version"; exit 1; }

mkdir -p "$out"
work=$(mktemp -d "$out/src.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "$src_ro/." "$work/"
chmod -R u+w "$work"

if [ "$name" = terraform ]; then
  # The module zip leaves out the nested modules that go.mod replaces with
  # local paths (the remote-state backends and internal/legacy). Drop the
  # requirements on the missing ones, and the backends from the registry of
  # backends, so the root module builds on its own; those backends are not
  # needed by anything here (tests use the local backend).
  missing=()
  while read -r path; do
    [ -d "$work/$path" ] || missing+=("$path")
  done < <(sed -n 's#^replace github.com/hashicorp/terraform/\(internal/[^ ]*\) => \./.*#\1#p' "$work/go.mod")
  init="$work/internal/backend/init/init.go"
  for path in "${missing[@]}"; do
    mod="github.com/hashicorp/terraform/$path"
    sed -i "\#^[[:space:]]*$mod v0.0.0-00010101000000-000000000000\$#d; \#^replace $mod => #d" "$work/go.mod"
    case "$path" in
      internal/backend/remote-state/*)
        alias=$(sed -n "s#^[[:space:]]*\([A-Za-z0-9_]*\) \"$mod\"\$#\1#p" "$init")
        [ -n "$alias" ] || { log "no import of $mod in init.go"; exit 1; }
        sed -i "\#^[[:space:]]*$alias \"$mod\"\$#d; /$alias\.New(/d" "$init"
        ;;
    esac
  done
  log "left out of the build: ${missing[*]}"
fi

(cd "$work" && GOFLAGS=-mod=mod GOTOOLCHAIN=${GOTOOLCHAIN:-local} CGO_ENABLED=0 \
  go build -trimpath -ldflags "-X $module/version.dev=no" -o "$bin.tmp" "$pkg")
mv -f "$bin.tmp" "$bin"

reports_version || { log "$bin does not report v$version"; "$bin" version >&2 || true; exit 1; }
log "built $bin in $(( $(date +%s) - started ))s"
echo "$bin"
