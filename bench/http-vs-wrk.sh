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

# Runs a command under /usr/bin/time; prints "requests cpu_seconds".
measure() {
  local kind=$1; shift
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" > "$work/out" 2>"$work/err" || true
  local cpu requests
  cpu=$(awk '{print $1 + $2}' "$work/time")
  case "$kind" in
    wrk) requests=$(awk '/requests in/ {n = $1} /Non-2xx or 3xx responses/ {bad = $NF} END {print n - bad}' "$work/out") ;;
    ab) requests=$(awk '/Complete requests/ {n = $3} /Non-2xx responses/ {bad = $NF} END {print n - bad}' "$work/out") ;;
    # Only successful responses count, for every tool.
    throng) requests=$(python3 -c "import json;t=json.load(open('$work/throng/result.json'))['total'];print(t['requests'] - t['errors']['total'])") ;;
  esac
  echo "$requests $cpu"
}

declare -A rps per_cpu
for r in $(seq "$rounds"); do
  for tool in wrk throng ab; do
    case "$tool" in
      wrk) line=$(measure wrk $client_cpu wrk -t1 -c"$connections" -d"${duration}s" "$url") ;;
      throng) line=$(measure throng $client_cpu "$throng" run "${throng_request[@]}" --vus "$connections" \
                        --duration "${duration}s" --threads 1 --quiet --out "$work/throng") ;;
      ab) line=$(measure ab $client_cpu timeout $((duration + 5)) ab -k -q -c "$connections" -t "$duration" \
                        -n 100000000 "$url") ;;
    esac
    read -r n cpu <<<"$line"
    rps[$tool]+="$(python3 -c "print($n / $duration)") "
    per_cpu[$tool]+="$(python3 -c "print($n / max($cpu, 1e-9))") "
    echo "round $r  $tool: $n requests, generator cpu ${cpu}s" >&2
  done
done

median() { python3 -c "import statistics,sys; print(round(statistics.median(map(float, sys.argv[1:]))))" "$@"; }
printf '\n%-8s %14s %22s\n' tool "req/s" "req per CPU-second"
for tool in wrk ab throng; do
  # shellcheck disable=SC2086
  printf '%-8s %14s %22s\n' "$tool" "$(median ${rps[$tool]})" "$(median ${per_cpu[$tool]})"
done
# shellcheck disable=SC2086
python3 - "$(median ${per_cpu[throng]})" "$(median ${per_cpu[wrk]})" "$(median ${rps[throng]})" "$(median ${rps[wrk]})" <<'PY'
import sys
t_cpu, w_cpu, t_rps, w_rps = map(float, sys.argv[1:])
print(f"\nthrong / wrk: {t_rps / w_rps:.2f}x requests/s, {t_cpu / w_cpu:.2f}x requests per generator CPU-second")
PY
