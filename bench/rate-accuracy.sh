#!/usr/bin/env bash
# How exactly throng holds an open-model schedule: constant-arrival-rate at
# each rate for a fixed duration against a one-worker nginx, then the
# achieved iterations vs the target and the p99/max send lag (actual send -
# intended send).
#
#   bench/rate-accuracy.sh [--duration S] [--rates "2000 10000"] [--throng PATH]
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10 rates="2000 10000" throng=build/harness/cli/throng port=18081
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --rates) rates=$2; shift 2 ;;
    --throng) throng=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/common.sh
source bench/common.sh
bench_setup "$port"

printf '%8s %10s %10s %9s %12s %12s %12s %9s\n' rate target achieved "ratio" "lag p50" "lag p99" "lag max" dropped
for rate in $rates; do
  cat > "$work/s.json" <<JSON
{ "name": "rate-$rate", "target": "${nginx_url%/index.html}",
  "executor": {"type": "constant-arrival-rate", "rate": $rate, "duration": "${duration}s",
               "pre_allocated_vus": 50, "max_vus": 200},
  "steps": [{"name": "get", "http": {"path": "/index.html"}}] }
JSON
  $client_cpu "$throng" run "$work/s.json" --quiet --out "$work/out-$rate" >/dev/null
  python3 - "$work/out-$rate/result.json" "$rate" "$duration" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); rate = float(sys.argv[2]); duration = float(sys.argv[3])
target = rate * duration
started = sum(i["started"] for i in r["intervals"])
lag = r["send_lag_ms"]
dropped = r["iterations"]["dropped"]
print(f'{rate:8.0f} {target:10.0f} {started:10d} {started / target:9.4f} {lag["p50"]:10.3f}ms {lag["p99"]:10.3f}ms '
      f'{lag["max"]:10.3f}ms {dropped:9d}')
if abs(started + dropped - target) > 1:
    print(f'  warning: started + dropped = {started + dropped}, not the {target:.0f} due', file=sys.stderr)
PY
done
