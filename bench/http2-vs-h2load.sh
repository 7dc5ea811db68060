#!/usr/bin/env bash
# throng vs h2load (nghttp2's load generator) over HTTP/2 against the same
# local nginx (one worker, `listen ... http2`), same connections, one stream
# at a time on each (h2load -m 1: a throng VU sends its next request when
# the last one is answered), same duration. Prints requests/s and requests
# per CPU-second of the generator (user+sys from /usr/bin/time), median of N
# rounds. Plain text (h2c, prior knowledge) unless --tls (h2 by ALPN, TLS 1.3).
#
#   bench/http2-vs-h2load.sh [--rounds N] [--duration S] [--connections C] [--throng PATH] [--tls]
#
# nginx is pinned to CPU 0 and the generator to CPU 1 (when there are two).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3 duration=10 connections=50 throng=build/harness/cli/throng port=18090 mode=h2c
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --throng) throng=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --tls) mode=h2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/common.sh
source bench/common.sh
bench_setup "$port" "$mode"
url="$nginx_url"
tls_member=""
[ "$mode" = h2 ] && tls_member=", \"tls\": {\"ca_file\": \"$work/ca.pem\"}"
scheme=http
[ "$mode" = h2 ] && scheme=https
cat > "$work/h2.json" <<JSON
{"target": {"url": "$scheme://127.0.0.1:$port", "http2": true$tls_member},
 "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
 "steps": [{"name": "index", "http": {"path": "/index.html"}}]}
JSON

# Runs a command under /usr/bin/time; prints "requests cpu_seconds".
measure() {
  local kind=$1; shift
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" > "$work/out" 2>"$work/err" || true
  local cpu requests
  cpu=$(awk '{print $1 + $2}' "$work/time")
  case "$kind" in
    h2load) requests=$(awk '/^requests:/ {print $8}' "$work/out")
            [ "${requests:-0}" != 0 ] || { grep -E "requests:|status codes|errored" "$work/out" >&2; requests=0; } ;;
    # Only successful responses count, for every tool.
    throng) requests=$(python3 -c "import json;t=json.load(open('$work/throng/result.json'))['total'];print(t['requests'] - t['errors']['total'])") ;;
  esac
  echo "$requests $cpu"
}

declare -A rps per_cpu
for r in $(seq "$rounds"); do
  for tool in h2load throng; do
    case "$tool" in
      # h2load's "succeeded" count (2xx); -D: for a duration, as throng.
      h2load) line=$(measure h2load $client_cpu h2load -t1 -c"$connections" -m1 -D"$duration" "$url") ;;
      throng) line=$(measure throng $client_cpu "$throng" run "$work/h2.json" --vus "$connections" \
                        --duration "${duration}s" --threads 1 --quiet --out "$work/throng") ;;
    esac
    read -r n cpu <<<"$line"
    rps[$tool]+="$(python3 -c "print($n / $duration)") "
    per_cpu[$tool]+="$(python3 -c "print($n / max($cpu, 1e-9))") "
    echo "round $r  $tool: $n requests, generator cpu ${cpu}s" >&2
  done
done

median() { python3 -c "import statistics,sys; print(round(statistics.median(map(float, sys.argv[1:]))))" "$@"; }
printf '\n%-8s %14s %22s\n' tool "req/s" "req per CPU-second"
for tool in h2load throng; do
  # shellcheck disable=SC2086
  printf '%-8s %14s %22s\n' "$tool" "$(median ${rps[$tool]})" "$(median ${per_cpu[$tool]})"
done
# shellcheck disable=SC2086
python3 - "$(median ${per_cpu[throng]})" "$(median ${per_cpu[h2load]})" "$(median ${rps[throng]})" "$(median ${rps[h2load]})" <<'PY'
import sys
t_cpu, h_cpu, t_rps, h_rps = map(float, sys.argv[1:])
print(f"\nthrong / h2load: {t_rps / h_rps:.2f}x requests/s, {t_cpu / h_cpu:.2f}x requests per generator CPU-second")
PY
