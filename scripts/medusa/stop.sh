#!/usr/bin/env bash
# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# Stop the medusa server and PostgreSQL started by start.sh. Idempotent: exits 0 when nothing runs.
# The cache (installed project, database files, env file) is kept, so the next start is warm.
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ -d "$XM_CACHE" ] || exit 0
xm_lock

xm_stop_medusa

PGROOT=$(xm_pgroot_recorded || true)
if [ -n "$PGROOT" ] && [ -f "$PGROOT/data/postmaster.pid" ]; then
  PGBIN=$(xm_find_pgbin)
  [ -n "$PGBIN" ] || xm_die "PostgreSQL binaries not found; cannot stop the server in $PGROOT/data"
  if xm_pg_running "$PGBIN" "$PGROOT/data"; then
    xm_log "stopping PostgreSQL ($PGROOT/data)"
    xm_as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" stop -m fast -w -t 60 >/dev/null
  fi
fi
xm_log "stopped"
