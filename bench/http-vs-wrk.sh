#!/usr/bin/env bash
# throng vs wrk (and ab -k) against the same local nginx (one worker), same
# connections, same duration. Prints requests/s and requests per CPU-second
# of the load generator (user+sys from /usr/bin/time), median of N rounds.
# With --tls, over HTTPS (TLS 1.3, keep-alive): throng verifies nginx's
# certificate against the CA made for the run, as a scenario's tls.ca_file.
#
#   bench/http-vs-wrk.sh [--rounds N] [--duration S] [--connections C] [--throng PATH] [--tls]
#
# nginx is pinned to CPU 0 and the generator to CPU 1 (when there are two),
# so that the two do not fight over one core.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3 duration=10 connections=50 throng=build/harness/cli/throng port=18080 tls=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --throng) throng=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --tls) tls=tls; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/common.sh
source bench/common.sh
bench_setup "$port" "$tls"
url="$nginx_url"
# throng's request: the --url one-liner, or for HTTPS a scenario whose target
# trusts the run's CA.
throng_request=(--url "$url")
if [ -n "$tls" ]; then
  cat > "$work/https.json" <<JSON
{"target": {"url": "https://127.0.0.1:$port", "tls": {"ca_file": "$work/ca.pem"}},
 "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
 "steps": [{"name": "index", "http": {"path": "/index.html"}}]}
JSON
  throng_request=("$work/https.json")
fi

successes_wrk() { awk '/requests in/ {n = $1} /Non-2xx or 3xx responses/ {bad = $NF} END {print n - bad}' "$work/out"; }
successes_ab() { awk '/Complete requests/ {n = $3} /Non-2xx responses/ {bad = $NF} END {print n - bad}' "$work/out"; }

for r in $(seq "$rounds"); do
  measure_round "$r" wrk wrk -t1 -c"$connections" -d"${duration}s" "$url"
  measure_round "$r" throng "$throng" run "${throng_request[@]}" --vus "$connections" --duration "${duration}s" \
    --threads 1 --quiet --out "$work/throng"
  measure_round "$r" ab timeout $((duration + 5)) ab -k -q -c "$connections" -t "$duration" -n 100000000 "$url"
done
print_versus wrk wrk ab throng
