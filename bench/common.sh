# Sourced by the bench scripts (run from the repository root).
#   bench_setup PORT [tls]
#                      installs the peers, checks $throng, makes $work (removed
#                      on exit), starts a one-worker nginx on 127.0.0.1:PORT
#                      pinned to CPU 0, and sets $nginx_url and $client_cpu
#                      (the command prefix that pins a generator to CPU 1).
#                      With "tls", nginx serves HTTPS (TLS 1.3, a P-256
#                      certificate made now for 127.0.0.1, its CA in $work/ca.pem);
#                      with "h2", HTTP/2 over that; with "h2c", HTTP/2 in plain
#                      text (prior knowledge only).
#   measure_round ROUND TOOL CMD...
#                      runs CMD under /usr/bin/time on the generator's CPU,
#                      counts TOOL's successful requests with successes_TOOL
#                      (the caller's, reading $work/out; successes_throng is
#                      here) and adds the round's rates per second of
#                      $duration and per generator CPU-second to rps[TOOL]
#                      and per_cpu[TOOL].
#   print_versus PEER TOOL...
#                      the tools' medians, then throng's ratios to PEER.
#   db_bench_setup     installs the peers, checks $throng, makes $work, starts
#                      PostgreSQL and Redis from scripts/services.sh in it
#                      (both stopped and removed on exit), and sets $pg_url,
#                      $pg_port, $redis_url, $redis_port and $pgbench.

start_nginx() {
  local port=$1 tls=${2:-}
  local listen="listen 127.0.0.1:$port;" scheme=http
  mkdir -p "$work/html" "$work/logs" "$work/tmp"
  if [ "$tls" = tls ] || [ "$tls" = h2 ]; then
    scripts/make-certificates.sh "$work"
    local h2=""
    [ "$tls" = h2 ] && h2=" http2"
    listen="listen 127.0.0.1:$port ssl$h2; ssl_certificate $work/server.crt; ssl_certificate_key $work/server.key;"
    listen+=" ssl_protocols TLSv1.3;"
    scheme=https
  elif [ "$tls" = h2c ]; then
    listen="listen 127.0.0.1:$port http2;"
  fi
  printf 'hello from nginx\n' > "$work/html/index.html"
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { $listen root $work/html; }
}
CONF
  local pin=""
  [ "$(nproc)" -ge 2 ] && pin="taskset -c 0"
  $pin nginx -c "$work/nginx.conf" -p "$work" &
  nginx_pid=$!
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  nginx_url="$scheme://127.0.0.1:$port/index.html"
}

bench_cleanup() {
  [ -n "${nginx_pid:-}" ] && kill "$nginx_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}

bench_setup() {
  scripts/install-deps.sh --bench
  [ -x "$throng" ] || { echo "build throng first (cmake --build --preset default)" >&2; exit 2; }
  work=$(mktemp -d -t throng-bench-XXXXXX)
  # mktemp's 0700 would keep nginx's worker (nobody, when started as root)
  # out: every request would be a 403.
  chmod 755 "$work"
  nginx_pid=""
  trap bench_cleanup EXIT
  start_nginx "$1" "${2:-}"
  client_cpu=""
  [ "$(nproc)" -ge 2 ] && client_cpu="taskset -c 1"
}

db_bench_cleanup() { scripts/services.sh stop "$work/svc"; rm -rf "$work"; }

db_bench_setup() {
  scripts/install-deps.sh --bench
  [ -x "$throng" ] || { echo "build throng first (cmake --build --preset default)" >&2; exit 2; }
  work=$(mktemp -d -t throng-bench-XXXXXX)
  trap db_bench_cleanup EXIT
  scripts/services.sh start "$work/svc"
  # shellcheck source=/dev/null
  source "$work/svc/services.env"
  pg_url=$THRONG_TEST_POSTGRES redis_url=$THRONG_TEST_REDIS
  pg_port=${pg_url##*:}; pg_port=${pg_port%%/*}
  redis_port=${redis_url##*:}
  pgbench=$(ls /usr/lib/postgresql/*/bin/pgbench | sort -V | tail -n 1)
}

declare -A rps per_cpu
measure_round() {
  local round=$1 tool=$2; shift 2
  # shellcheck disable=SC2086
  /usr/bin/time -f "%U %S" -o "$work/time" $client_cpu "$@" > "$work/out" 2>"$work/err" || true
  local cpu n
  cpu=$(awk '{print $1 + $2}' "$work/time")
  n=$("successes_$tool")
  rps[$tool]+="$(python3 -c "print($n / $duration)") "
  per_cpu[$tool]+="$(python3 -c "print($n / max($cpu, 1e-9))") "
  echo "round $round  $tool: $n requests, generator cpu ${cpu}s" >&2
}

# Only successful responses count, for every tool: throng's requests less its errors.
successes_throng() {
  python3 -c "import json;t=json.load(open('$work/throng/result.json'))['total'];print(t['requests'] - t['errors']['total'])"
}

median() { python3 -c "import statistics,sys; print(round(statistics.median(map(float, sys.argv[1:]))))" "$@"; }

print_versus() {
  local peer=$1; shift
  printf '\n%-8s %14s %22s\n' tool "req/s" "req per CPU-second"
  for tool in "$@"; do
    # shellcheck disable=SC2086
    printf '%-8s %14s %22s\n' "$tool" "$(median ${rps[$tool]})" "$(median ${per_cpu[$tool]})"
  done
  # shellcheck disable=SC2086
  python3 - "$peer" "$(median ${per_cpu[throng]})" "$(median ${per_cpu[$peer]})" "$(median ${rps[throng]})" \
    "$(median ${rps[$peer]})" <<'PY'
import sys
peer = sys.argv[1]
t_cpu, p_cpu, t_rps, p_rps = map(float, sys.argv[2:])
print(f"\nthrong / {peer}: {t_rps / p_rps:.2f}x requests/s, {t_cpu / p_cpu:.2f}x requests per generator CPU-second")
PY
}
