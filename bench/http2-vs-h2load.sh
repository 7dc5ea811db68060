#!/usr/bin/env bash
# throng vs h2load (nghttp2's load generator) over HTTP/2 against the same
# local nginx (one worker, `listen ... http2`), same connections, same
# streams in flight on each, same duration. With --streams 1 (the default),
# one stream at a time on each connection (h2load -m1; a throng VU of its
# own per connection sends its next request when the last one is answered);
# with --streams M, h2load -cC -mM against C*M throng VUs sharing C
# connections (the target's "pool": C). Prints requests/s and requests per
# CPU-second of the generator (user+sys from /usr/bin/time), median of N
# rounds. Plain text (h2c, prior knowledge) unless --tls (h2 by ALPN, TLS 1.3).
#
#   bench/http2-vs-h2load.sh [--rounds N] [--duration S] [--connections C] [--streams M] [--throng PATH] [--tls]
#
# nginx is pinned to CPU 0 and the generator to CPU 1 (when there are two).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3 duration=10 connections=50 streams=1 throng=build/harness/cli/throng port=18090 mode=h2c
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
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
pool_member="" vus=$connections
if [ "$streams" -gt 1 ]; then
  pool_member=", \"pool\": $connections"
  vus=$((connections * streams))
fi
cat > "$work/h2.json" <<JSON
{"target": {"url": "$scheme://127.0.0.1:$port", "http2": true$tls_member$pool_member},
 "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
 "steps": [{"name": "index", "http": {"path": "/index.html"}}]}
JSON

# h2load's "succeeded" count (2xx); what it got instead when there is none.
successes_h2load() {
  local n
  n=$(awk '/^requests:/ {print $8}' "$work/out")
  [ "${n:-0}" != 0 ] || grep -E "requests:|status codes|errored" "$work/out" >&2
  echo "${n:-0}"
}

for r in $(seq "$rounds"); do
  # -D: for a duration, as throng.
  measure_round "$r" h2load h2load -t1 -c"$connections" -m"$streams" -D"$duration" "$url"
  measure_round "$r" throng "$throng" run "$work/h2.json" --vus "$vus" --duration "${duration}s" \
    --threads 1 --quiet --out "$work/throng"
done
print_versus h2load h2load throng
