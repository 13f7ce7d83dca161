#!/usr/bin/env bash
# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# Start (or reuse) a real Medusa 2.21.2 server on 127.0.0.1 for the conformance tests.
# Idempotent; safe to run as root. See README.md in this directory for the env vars.
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

T0=$(date +%s)
step() { xm_log "[$(($(date +%s) - T0))s] $*"; }

xm_lock

# ---------------------------------------------------------------- prerequisites
command -v node >/dev/null 2>&1 || xm_die "node is not on PATH (Medusa 2.21.2 needs Node ^20.19 or >=22.12)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)?0:1)' ||
  xm_die "node $(node -v) is too old: Medusa 2.21.2 needs ^20.19.0 || >=22.12.0"
command -v npm >/dev/null 2>&1 || xm_die "npm is not on PATH"

mkdir -p "$XM_CACHE" "$XM_APP" "$XM_STATE"
chmod 700 "$XM_CACHE"

# Secrets generated once per cache (JWTs stay valid across restarts).
new_secrets=0
if [ ! -s "$XM_SECRETS" ]; then
  (
    umask 077
    {
      echo "XM_PG_PASSWORD=$(node "$XM_HELPER" secret)"
      echo "XM_JWT_SECRET=$(node "$XM_HELPER" secret)"
      echo "XM_COOKIE_SECRET=$(node "$XM_HELPER" secret)"
    } >"$XM_SECRETS.tmp"
  )
  mv "$XM_SECRETS.tmp" "$XM_SECRETS"
  new_secrets=1
fi
# shellcheck disable=SC1090
. "$XM_SECRETS"

# The medusa CLI keeps a config file (telemetry machine id) under $XDG_CONFIG_HOME/medusa. Keep it
# in the cache with telemetry disabled there too: with MEDUSA_DISABLE_TELEMETRY alone no event is
# recorded, but every CLI command still forks a detached telemetry sender that outlives it.
if [ ! -f "$XM_XDG_CONFIG/medusa/config.json" ]; then
  mkdir -p "$XM_XDG_CONFIG/medusa"
  echo '{"telemetry":{"enabled":false}}' >"$XM_XDG_CONFIG/medusa/config.json"
fi

# ---------------------------------------------------------------- node project
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
install_hash=$(hash_of "$XM_PROJECT_SRC/package.json" "$XM_PROJECT_SRC/package-lock.json")
if [ ! -d "$XM_APP/node_modules" ] || [ "$(cat "$XM_STATE/install.sha256" 2>/dev/null)" != "$install_hash" ] ||
  ! cmp -s "$XM_PROJECT_SRC/package-lock.json" "$XM_APP/package-lock.json"; then
  xm_stop_medusa
  step "installing the Medusa project into $XM_APP (clean npm install from the lock; minutes when cold)"
  rm -f "$XM_STATE/install.sha256"
  rm -rf "$XM_APP/node_modules"
  cp "$XM_PROJECT_SRC/package.json" "$XM_PROJECT_SRC/package-lock.json" "$XM_APP/"
  node "$XM_HELPER" check-lock "$XM_APP" || xm_die "package.json and package-lock.json disagree; regenerate the lock"
  # Not `npm ci`: npm rejects its own lockfile when a platform binary named in optionalDependencies
  # cannot be fetched (npm/cli#9846; the registry mirror here only serves the linux ones). A clean
  # `npm install --no-save` installs exactly the locked versions and leaves the lock untouched;
  # verify-install then checks that every non-optional locked package is there at its locked version.
  # --ignore-scripts: no install script (swc/esbuild binary checks, telemetry notice, optional
  # msgpack native build) is needed to run the API, and none runs as root.
  (cd "$XM_APP" && npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error) 9>&- ||
    xm_die "npm install failed in $XM_APP"
  cmp -s "$XM_PROJECT_SRC/package-lock.json" "$XM_APP/package-lock.json" || xm_die "npm rewrote package-lock.json in $XM_APP"
  node "$XM_HELPER" verify-install "$XM_APP" || xm_die "the installed tree does not match package-lock.json"
  echo "$install_hash" >"$XM_STATE/install.sha256"
  step "npm install done"
fi
for f in medusa-config.ts tsconfig.json; do
  cmp -s "$XM_PROJECT_SRC/$f" "$XM_APP/$f" || cp "$XM_PROJECT_SRC/$f" "$XM_APP/$f"
done
MEDUSA_BIN=$XM_APP/node_modules/.bin/medusa
[ -x "$MEDUSA_BIN" ] || xm_die "$MEDUSA_BIN is missing; delete $XM_STATE/install.sha256 and retry"

# ---------------------------------------------------------------- PostgreSQL
PGBIN=$(xm_find_pgbin)
if [ -z "$PGBIN" ]; then
  step "PostgreSQL server binaries not found; installing Debian's postgresql package"
  if xm_is_root; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  else
    xm_die "no initdb/pg_ctl/postgres found and not root: install PostgreSQL 15 server binaries or set XCLADE_PG_BIN"
  fi
  PGBIN=$(xm_find_pgbin)
  [ -n "$PGBIN" ] || xm_die "PostgreSQL server binaries still not found after apt-get install"
fi
PSQL=$PGBIN/psql
[ -x "$PSQL" ] || PSQL=$(command -v psql) || xm_die "psql not found"

if xm_is_root; then
  if ! id "$XM_PG_OS_USER" >/dev/null 2>&1; then
    step "creating OS user $XM_PG_OS_USER for PostgreSQL (it refuses to run as root)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$XM_PG_OS_USER"
  fi
  PG_OWNER=$XM_PG_OS_USER
else
  PG_OWNER=$(id -un)
fi

PGROOT=$(xm_pgroot_recorded || true)
if [ -z "$PGROOT" ] || [ ! -d "$PGROOT" ]; then
  PGROOT=$XM_CACHE/pg
  # shellcheck disable=SC2016
  if xm_is_root && ! xm_as_pg sh -c 'cd "$1"' _ "$XM_CACHE" 2>/dev/null; then
    PGROOT=$(xm_pgroot_fallback)
    step "$XM_PG_OS_USER cannot reach $XM_CACHE; PostgreSQL data goes to $PGROOT"
  fi
  if [ -e "$PGROOT/data/PG_VERSION" ]; then
    # Left over from a deleted cache: its password is gone with the cache, start over.
    xm_as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "${PGROOT:?}/data"
  fi
  mkdir -p "$PGROOT"
  [ "$PGROOT" = "$XM_CACHE/pg" ] || chmod 755 "$(dirname "$PGROOT")"
  chown "$PG_OWNER": "$PGROOT"
  chmod 700 "$PGROOT"
  echo "$PGROOT" >"$XM_STATE/pgroot"
fi
PGDATA_DIR=$PGROOT/data
PGLOG=$PGROOT/postgres.log

if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
  step "initdb $PGDATA_DIR ($("$PGBIN/postgres" --version))"
  rm -rf "$PGDATA_DIR"
  pwfile=$PGROOT/.pwfile
  (umask 077 && printf '%s\n' "$XM_PG_PASSWORD" >"$pwfile")
  chown "$PG_OWNER": "$pwfile"
  xm_as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --pwfile="$pwfile" -E UTF8 --no-locale \
    --auth-local=trust --auth-host=scram-sha-256 >"$PGROOT/initdb.log" 2>&1 ||
    { rm -f "$pwfile"; tail -n 30 "$PGROOT/initdb.log" >&2; xm_die "initdb failed"; }
  rm -f "$pwfile"
  # Forget everything derived from an older cluster.
  rm -f "$XM_STATE/template.key" "$XM_STATE/db.key"
fi
data_major=$(cat "$PGDATA_DIR/PG_VERSION")
bin_major=$("$PGBIN/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')
[ "$data_major" = "$bin_major" ] ||
  xm_die "$PGDATA_DIR is PostgreSQL $data_major but $PGBIN is $bin_major: set XCLADE_PG_BIN or delete $PGROOT"

if xm_pg_running "$PGBIN" "$PGDATA_DIR" &&
  [ "$(sed -n 4p "$PGDATA_DIR/postmaster.pid")" != "$XM_PG_PORT" ]; then
  step "PostgreSQL runs on another port; restarting it on $XM_PG_PORT"
  xm_as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" stop -m fast -w >/dev/null
fi
if ! xm_pg_running "$PGBIN" "$PGDATA_DIR"; then
  step "starting PostgreSQL on 127.0.0.1:$XM_PG_PORT"
  # A throw-away test database: durability is traded for speed (fsync off).
  xm_as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$XM_PG_PORT -c unix_socket_directories='$PGDATA_DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || { tail -n 30 "$PGLOG" >&2 || true; xm_die "PostgreSQL did not start (port $XM_PG_PORT in use?)"; }
fi

sql() { # $1 = database, rest = psql args; as the superuser over the unix socket in the data dir
  local db=$1
  shift
  xm_as_pg env PGOPTIONS='-c client_min_messages=warning' "$PSQL" -h "$PGDATA_DIR" -p "$XM_PG_PORT" -U postgres -d "$db" -v ON_ERROR_STOP=1 -X -Atq "$@"
}
db_exists() { [ "$(sql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }
db_url() { echo "postgres://postgres:$XM_PG_PASSWORD@127.0.0.1:$XM_PG_PORT/$1"; }
medusa_cli() { # $1 = database, rest = medusa CLI args
  local db=$1
  shift
  (cd "$XM_APP" && env NODE_ENV=development XDG_CONFIG_HOME="$XM_XDG_CONFIG" DATABASE_URL="$(db_url "$db")" JWT_SECRET="$XM_JWT_SECRET" \
    COOKIE_SECRET="$XM_COOKIE_SECRET" "$MEDUSA_BIN" "$@" </dev/null) 9>&-
}

if [ "$new_secrets" = 1 ]; then # an existing cluster must accept the new password
  sql postgres -c "ALTER ROLE postgres PASSWORD '$XM_PG_PASSWORD'"
fi

# ---------------------------------------------------------------- databases
# The template database is migrated and has the admin user; the live database is a copy of it
# (CREATE DATABASE ... TEMPLATE, about a second) and is reset from it on XCLADE_MEDUSA_FRESH_DB=1.
# XCLADE_MEDUSA_FRESH_DB=migrate rebuilds the template too (db:migrate + medusa user from scratch).
fresh=${XCLADE_MEDUSA_FRESH_DB:-0}
db_key=$(printf '%s\n' "$install_hash" "$XM_ADMIN_EMAIL" "$XM_ADMIN_PASSWORD" | sha256sum | cut -d' ' -f1)

if [ "$fresh" = migrate ] || ! db_exists "$XM_TEMPLATE_DB" || [ "$(cat "$XM_STATE/template.key" 2>/dev/null)" != "$db_key" ]; then
  xm_stop_medusa
  rm -f "$XM_STATE/template.key" "$XM_STATE/db.key"
  step "building template database $XM_TEMPLATE_DB (medusa db:migrate, then the admin user)"
  sql postgres -c "DROP DATABASE IF EXISTS \"$XM_TEMPLATE_DB\" WITH (FORCE)"
  sql postgres -c "CREATE DATABASE \"$XM_TEMPLATE_DB\""
  medusa_cli "$XM_TEMPLATE_DB" db:migrate >"$XM_CACHE/migrate.log" 2>&1 ||
    { tail -n 40 "$XM_CACHE/migrate.log" >&2; xm_die "medusa db:migrate failed (full log: $XM_CACHE/migrate.log)"; }
  step "migrations done"
  medusa_cli "$XM_TEMPLATE_DB" user -e "$XM_ADMIN_EMAIL" -p "$XM_ADMIN_PASSWORD" >"$XM_CACHE/user.log" 2>&1 ||
    { tail -n 20 "$XM_CACHE/user.log" >&2; xm_die "medusa user failed (full log: $XM_CACHE/user.log)"; }
  step "admin user $XM_ADMIN_EMAIL created"
  echo "$db_key" >"$XM_STATE/template.key"
fi

if [ "$fresh" != 0 ] || ! db_exists "$XM_DB" || [ "$(cat "$XM_STATE/db.key" 2>/dev/null)" != "$db_key" ]; then
  xm_stop_medusa
  rm -f "$XM_STATE/db.key"
  step "creating database $XM_DB as a copy of $XM_TEMPLATE_DB"
  sql postgres -c "DROP DATABASE IF EXISTS \"$XM_DB\" WITH (FORCE)"
  sql postgres -c "CREATE DATABASE \"$XM_DB\" TEMPLATE \"$XM_TEMPLATE_DB\""
  echo "$db_key" >"$XM_STATE/db.key"
fi

# ---------------------------------------------------------------- medusa
server_key=$(printf '%s\n' "$db_key" "$XM_PORT" "$XM_DB" "$XM_PG_PORT" \
  "$(hash_of "$XM_APP/medusa-config.ts" "$XM_APP/tsconfig.json" "$XM_SECRETS")" | sha256sum | cut -d' ' -f1)

reuse=0
if pid=$(xm_medusa_pid) && [ "$(cat "$XM_STATE/server.key" 2>/dev/null)" = "$server_key" ] &&
  node "$XM_HELPER" health "$XM_BASE_URL/health"; then
  reuse=1
  step "reusing the healthy medusa already running (pid $pid) on $XM_BASE_URL"
else
  xm_stop_medusa
  if node "$XM_HELPER" port-open "$XM_PORT"; then
    xm_die "127.0.0.1:$XM_PORT is in use by a process this script did not start; set XCLADE_MEDUSA_PORT"
  fi
  step "starting medusa on $XM_BASE_URL (log: $XM_LOG)"
  [ -f "$XM_LOG" ] && mv -f "$XM_LOG" "$XM_LOG.1"
  # setsid: medusa leads its own process group, which stop.sh terminates as a whole.
  (
    cd "$XM_APP"
    exec 9>&- # the lock fd must not live on in the server
    exec env NODE_ENV=development XDG_CONFIG_HOME="$XM_XDG_CONFIG" DATABASE_URL="$(db_url "$XM_DB")" JWT_SECRET="$XM_JWT_SECRET" \
      COOKIE_SECRET="$XM_COOKIE_SECRET" setsid "$MEDUSA_BIN" start -H 127.0.0.1 -p "$XM_PORT" \
      >"$XM_LOG" 2>&1 </dev/null
  ) &
  pid=$!
  echo "$pid" >"$XM_PIDFILE"
  deadline=$(($(date +%s) + XM_HEALTH_TIMEOUT))
  until node "$XM_HELPER" health "$XM_BASE_URL/health"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$XM_LOG" >&2 || true
      rm -f "$XM_PIDFILE"
      xm_die "medusa exited before becoming healthy (full log: $XM_LOG)"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 40 "$XM_LOG" >&2 || true
      xm_stop_medusa
      xm_die "medusa not healthy after ${XM_HEALTH_TIMEOUT}s (full log: $XM_LOG)"
    fi
    sleep 1
  done
  echo "$server_key" >"$XM_STATE/server.key"
  step "medusa healthy (pid $pid)"
fi

# ---------------------------------------------------------------- credentials + env file
XM_BASE_URL=$XM_BASE_URL XM_EMAIL=$XM_ADMIN_EMAIL XM_PASSWORD=$XM_ADMIN_PASSWORD XM_ENV_FILE=$XM_ENVFILE \
  node "$XM_HELPER" bootstrap || xm_die "bootstrap against $XM_BASE_URL failed (log: $XM_LOG)"

step "ready$([ "$reuse" = 1 ] && echo ' (reused)')"
echo "XCLADE_TEST_BASE_URL=$XM_BASE_URL"
echo "env file: $XM_ENVFILE"
