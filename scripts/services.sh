#!/usr/bin/env bash
# The real services the tests use: PostgreSQL and Redis, each on a loopback
# port of our own with its data in a temporary directory, never touching a
# system-wide instance. Stopped by PID.
#   scripts/services.sh start DIR   start both; writes DIR/services.env (export lines)
#   scripts/services.sh stop DIR    stop what `start DIR` started
set -euo pipefail

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# PostgreSQL refuses to run as root: then it runs as the `postgres` user the
# Debian package creates.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] || { echo "services: PostgreSQL is not installed (scripts/install-deps.sh --tests)" >&2; exit 1; }
  echo "$dir"
}

# A CA (ca.pem) and a server certificate for 127.0.0.1 it signed
# (server.crt, server.key, readable by the server's user only), in DIR.
pg_certificates() {
  "$(dirname "$0")/make-certificates.sh" "$1"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$1/server.crt" "$1/server.key"
  return 0
}

start() {
  local dir="$1" bin pg_dir pg_port redis_port
  mkdir -p "$dir"
  bin="$(pg_bin)"
  pg_dir="$(mktemp -d -t throng-pg-XXXXXX)"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pg_dir"
  echo "$pg_dir" > "$dir/postgres.dir"
  pg_port="$(free_port)"
  as_postgres "$bin/initdb" -D "$pg_dir/data" -U throng --auth=trust --no-sync -E UTF8 >"$pg_dir/initdb.log" 2>&1 ||
    { cat "$pg_dir/initdb.log" >&2; exit 1; }
  # TLS for the clients that ask for it in their URL (sslmode=...); the
  # others talk plain TCP (PGSSLMODE=disable in services.env), as before.
  pg_certificates "$pg_dir"
  local pg_tls="-c ssl=on -c ssl_cert_file=$pg_dir/server.crt -c ssl_key_file=$pg_dir/server.key"
  as_postgres "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 start \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c max_connections=200 $pg_tls" >/dev/null ||
    { cat "$pg_dir/server.log" >&2; exit 1; }

  redis_port="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir" --save '' --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 100); do
    [ -s "$dir/redis.pid" ] && redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.05
  done

  cat > "$dir/services.env" <<ENV
export THRONG_TEST_POSTGRES="postgresql://throng@127.0.0.1:$pg_port/postgres"
export THRONG_TEST_POSTGRES_CA="$pg_dir/ca.pem"
export PGSSLMODE=disable
export THRONG_TEST_REDIS="redis://127.0.0.1:$redis_port"
ENV
}

# SIGTERM by PID, then wait (at most ~10 s) for the process to go.
stop_pid() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  local dir="$1" pg_dir
  [ -s "$dir/redis.pid" ] && stop_pid "$(cat "$dir/redis.pid")"
  if [ -s "$dir/postgres.dir" ]; then
    pg_dir="$(cat "$dir/postgres.dir")"
    [ -s "$pg_dir/data/postmaster.pid" ] && stop_pid "$(head -n 1 "$pg_dir/data/postmaster.pid")"
    rm -rf "$pg_dir"
  fi
}

case "${1:-}" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) echo "usage: scripts/services.sh start|stop DIR" >&2; exit 2 ;;
esac
