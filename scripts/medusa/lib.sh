# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# shellcheck shell=bash disable=SC2034
# Shared settings and helpers for start.sh / stop.sh. Sourcing this has no side effects
# besides defining variables and functions.

XM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
XM_PROJECT_SRC=$XM_DIR/project
XM_HELPER=$XM_DIR/helper.js

XM_CACHE=${XCLADE_MEDUSA_CACHE:-${HOME:-/root}/.cache/xclade-medusa}
XM_APP=$XM_CACHE/project            # installed copy of project/ (node_modules lives here)
XM_STATE=$XM_CACHE/state            # markers: install hash, template/db keys, pg root
XM_LOG=$XM_CACHE/medusa.log
XM_PIDFILE=$XM_CACHE/medusa.pid
XM_ENVFILE=$XM_CACHE/medusa.env
XM_SECRETS=$XM_CACHE/secrets.env
XM_XDG_CONFIG=$XM_CACHE/xdg-config   # XDG_CONFIG_HOME for medusa: its CLI config stays in the cache

XM_PORT=${XCLADE_MEDUSA_PORT:-9123}
XM_PG_PORT=${XCLADE_PG_PORT:-54329}
XM_PG_OS_USER=${XCLADE_PG_OS_USER:-xclade-pg}   # only used when running as root
XM_DB=${XCLADE_MEDUSA_DB:-xclade_medusa}
XM_TEMPLATE_DB=${XM_DB}_template
XM_ADMIN_EMAIL=${XCLADE_MEDUSA_ADMIN_EMAIL:-admin@xclade.local}
XM_ADMIN_PASSWORD=${XCLADE_MEDUSA_ADMIN_PASSWORD:-supersecret-conformance}
XM_HEALTH_TIMEOUT=${XCLADE_MEDUSA_HEALTH_TIMEOUT:-120}
XM_BASE_URL=http://127.0.0.1:$XM_PORT

export MEDUSA_DISABLE_TELEMETRY=true

xm_log() { printf '[xclade-medusa] %s\n' "$*" >&2; }
xm_die() { xm_log "ERROR: $*"; exit 1; }

xm_is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the OS user that owns the PostgreSQL data dir (from / so that an
# unreadable current directory does not bother postgres). 9>&-: the lock fd must not be
# inherited by the postgres server, or the next run would wait for the lock forever.
xm_as_pg() {
  if xm_is_root; then
    if command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u "$XM_PG_OS_USER" -- "$@") 9>&-
    else
      (cd / && setpriv --reuid="$XM_PG_OS_USER" --regid="$XM_PG_OS_USER" --init-groups -- "$@") 9>&-
    fi
  else
    (cd / && "$@") 9>&-
  fi
}

# Directory holding PostgreSQL's server binaries (initdb, pg_ctl, postgres). Empty if none.
xm_find_pgbin() {
  local c p
  if [ -n "${XCLADE_PG_BIN:-}" ]; then
    echo "$XCLADE_PG_BIN"
    return
  fi
  p=$(command -v pg_ctl 2>/dev/null || true)
  # shellcheck disable=SC2046
  for c in ${p:+"$(dirname "$(readlink -f "$p")")"} /usr/lib/postgresql/15/bin \
    $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
    if [ -x "$c/initdb" ] && [ -x "$c/pg_ctl" ] && [ -x "$c/postgres" ]; then
      echo "$c"
      return
    fi
  done
}

# Where the PostgreSQL data lives: recorded at creation in $XM_STATE/pgroot. By default under the
# cache; when running as root and the unprivileged user cannot traverse the cache path (e.g. the
# cache is under /root, mode 0700), a per-cache directory under /var/lib/xclade-medusa instead.
xm_pgroot_recorded() {
  [ -f "$XM_STATE/pgroot" ] && cat "$XM_STATE/pgroot"
}

xm_pgroot_fallback() {
  printf '/var/lib/xclade-medusa/%s' "$(printf '%s' "$XM_CACHE" | sha256sum | cut -c1-12)"
}

# pid of the running medusa (from the pid file) if that process is alive and is ours.
xm_medusa_pid() {
  local pid
  [ -f "$XM_PIDFILE" ] || return 1
  pid=$(cat "$XM_PIDFILE" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'medusa' || return 1
  echo "$pid"
}

# pids of node processes that belong to process group $1 (medusa started by start.sh leads its
# own group) or whose working directory is the installed project; so that nothing survives
# stop.sh, even with a stale or missing pid file.
xm_medusa_pids() {
  local group=${1:-} d pid stat exe
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    exe=$(readlink "$d/exe" 2>/dev/null) || continue
    case ${exe##*/} in node*) ;; *) continue ;; esac
    if [ -n "$group" ]; then
      stat=$(cat "$d/stat" 2>/dev/null) || continue
      stat=${stat##*) }            # after "(comm) ": state ppid pgrp ...
      stat=${stat#* }              # drop state
      stat=${stat#* }              # drop ppid
      if [ "${stat%% *}" = "$group" ]; then echo "$pid"; continue; fi
    fi
    [ "$(readlink "$d/cwd" 2>/dev/null)" = "$XM_APP" ] && echo "$pid"
  done
  return 0
}

# Stop medusa: SIGTERM to its process group and stray project node processes, SIGKILL after 15 s.
xm_stop_medusa() {
  local pid pids
  pid=$(cat "$XM_PIDFILE" 2>/dev/null || true)
  case $pid in '' | *[!0-9]*) pid= ;; esac
  pids=$(xm_medusa_pids "$pid")
  if [ -n "$pids" ]; then
    xm_log "stopping medusa (pids ${pids//$'\n'/ })"
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 1 30); do
      pids=$(xm_medusa_pids "$pid")
      [ -z "$pids" ] && break
      sleep 0.5
    done
    if [ -n "$pids" ]; then
      xm_log "killing medusa processes that ignored SIGTERM: ${pids//$'\n'/ }"
      # shellcheck disable=SC2086
      kill -KILL $pids 2>/dev/null || true
      sleep 0.5
    fi
  fi
  rm -f "$XM_PIDFILE" "$XM_STATE/server.key"
}

xm_pg_running() { # $1 = pgbin, $2 = data dir
  [ -f "$2/postmaster.pid" ] && xm_as_pg "$1/pg_ctl" -D "$2" status >/dev/null 2>&1
}

# Serialise start.sh/stop.sh runs on one cache (flock is in util-linux; skip if absent).
# fd 9 holds the lock: every long-lived child (postgres, medusa) is started with 9>&-.
xm_lock() {
  mkdir -p "$XM_CACHE"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$XM_CACHE/.lock"
    flock -w 900 9 || xm_die "another start.sh/stop.sh holds $XM_CACHE/.lock"
  fi
}
