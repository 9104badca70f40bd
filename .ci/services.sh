#!/usr/bin/env bash
# PostgreSQL and Redis for the tests, on loopback, in a temporary folder (services do not start by
# themselves on these machines). Used by .ci/run and by hand:
#   eval "$(bash .ci/services.sh start)"   # installs if needed, starts both, prints the exports
#   bash .ci/services.sh stop "$MOTCUA_SERVICES_DIR"
# Prints nothing to stdout but `export` lines; on any failure it warns on stderr and exports
# nothing for that server, so its suites skip.
set -uo pipefail

warn() { echo "warning: $*" >&2; }

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

as_postgres() {
  if [ "$(id -u)" -ne 0 ]; then "$@"; return; fi
  # initdb refuses to run as root.
  if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
}

install_missing() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then warn "${missing[*]} not installed and not root: cannot apt-get install"; return 1; fi
  echo "== installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 ||
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2; } ||
    warn "apt-get install ${missing[*]} failed"
}

start_postgres() {
  local dir=$1 bin port
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bin" ] || { warn "PostgreSQL is not installed: its suites will skip"; return 1; }
  port=$(free_port)
  mkdir -p "$dir/pg"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$dir/pg"
  as_postgres "$bin/initdb" -D "$dir/pg/data" -U postgres -A trust --locale=C.UTF-8 -E UTF8 --no-sync >"$dir/pg/initdb.log" 2>&1 ||
    as_postgres "$bin/initdb" -D "$dir/pg/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/pg/initdb.log" 2>&1 ||
    { warn "initdb failed (see $dir/pg/initdb.log)"; return 1; }
  # Throwaway data: no fsync; loopback only; the socket in the temp folder.
  as_postgres "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2 ||
    { warn "PostgreSQL did not start (see $dir/pg/server.log)"; return 1; }
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'CREATE DATABASE motcua_test' >&2 || { warn "could not create the test database"; return 1; }
  echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$port/motcua_test"
}

start_redis() {
  local dir=$1 port
  command -v redis-server >/dev/null || { warn "Redis is not installed: its suites will skip"; return 1; }
  port=$(free_port)
  mkdir -p "$dir/redis"
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$dir/redis" --pidfile "$dir/redis/redis.pid" \
    --logfile "$dir/redis/redis.log" --save '' --appendonly no >&2 || { warn "Redis did not start"; return 1; }
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "export REDIS_URL=redis://127.0.0.1:$port"
}

stop() {
  local dir=${1:-}
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  if [ -d "$dir/pg/data" ]; then
    local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    as_postgres "$bin/pg_ctl" -D "$dir/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/redis/redis.pid" ]; then
    local pid; pid=$(cat "$dir/redis/redis.pid")
    kill "$pid" 2>/dev/null
    # Redis writes its log and removes its pid file as it stops: removing the folder under it fails.
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir" 2>/dev/null || { sleep 1; rm -rf "$dir"; }
}

case "${1:-}" in
  start)
    install_missing
    dir=$(mktemp -d "${TMPDIR:-/tmp}/motcua-services-XXXXXX")
    chmod 755 "$dir"
    echo "export MOTCUA_SERVICES_DIR=$dir"
    start_postgres "$dir"
    start_redis "$dir"
    ;;
  stop) stop "${2:-${MOTCUA_SERVICES_DIR:-}}" ;;
  *) echo "usage: $0 start | stop <dir>" >&2; exit 2 ;;
esac
exit 0
