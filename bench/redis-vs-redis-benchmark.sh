#!/usr/bin/env bash
# throng vs redis-benchmark against the same local redis-server: SET and GET
# with random keys (100000 of them) and 3-byte values, the same number of
# connections, pipelining 1 and 16. Prints operations/s and the generator's
# CPU-seconds per million operations (user+sys from /usr/bin/time), median of
# N rounds.
#
#   bench/redis-vs-redis-benchmark.sh [--rounds N] [--duration S] [--connections C]
#                                     [--threads T] [--throng PATH] [--pipelines "1 16"]
#
# redis-server is pinned to CPU 0 and the generator to CPU 1 (when there are
# two). throng runs --threads T (default 1, like redis-benchmark --threads 1).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3 duration=10 connections=50 threads=1 throng=build/harness/cli/throng pipelines="1 16"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --throng) throng=$2; shift 2 ;;
    --pipelines) pipelines=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -x "$throng" ] || { echo "build throng first (cmake --build --preset default)" >&2; exit 2; }
command -v redis-benchmark >/dev/null || { echo "redis-benchmark is not installed (redis-tools)" >&2; exit 2; }

work=$(mktemp -d -t throng-redis-bench-XXXXXX)
redis_pid=""
cleanup() {
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

server_cpu="" client_cpu=""
if [ "$(nproc)" -ge 2 ]; then server_cpu="taskset -c 0"; client_cpu="taskset -c 1"; fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$server_cpu redis-server --bind 127.0.0.1 --port "$port" --dir "$work" --save '' --appendonly no \
  --logfile "$work/redis.log" &
redis_pid=$!
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

scenario() {  # pipeline
  cat > "$work/scenario.json" <<JSON
{ "name": "redis-get-set", "target": "redis://127.0.0.1:$port",
  "executor": { "type": "constant-vus", "vus": $connections, "duration": "${duration}s" },
  "steps": [
    { "name": "set", "redis": { "command": "SET key:\${random_int(0,99999)} xxx", "pipeline": $1 } },
    { "name": "get", "redis": { "command": "GET key:\${random_int(0,99999)}", "pipeline": $1 } } ] }
JSON
}


median() { python3 -c "import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))" "$@"; }

for pipeline in $pipelines; do
  scenario "$pipeline"
  declare -A ops_s=() cpu_m=()
  for r in $(seq "$rounds"); do
    for tool in throng redis-benchmark; do
      redis-cli -p "$port" flushall >/dev/null
      case "$tool" in
        redis-benchmark)
          start=$(date +%s.%N)
          /usr/bin/time -f "%U %S" -o "$work/time" $client_cpu redis-benchmark -h 127.0.0.1 -p "$port" \
            -c "$connections" -n "$requests" -P "$pipeline" -t set,get -d 3 -r 100000 --threads 1 -q \
            > "$work/out" 2>&1 || true
          end=$(date +%s.%N)
          ops=$((2 * requests)); wall=$(python3 -c "print($end - $start)") ;;
        throng)
          rm -rf "$work/throng"
          /usr/bin/time -f "%U %S" -o "$work/time" $client_cpu "$throng" run "$work/scenario.json" \
            --threads "$threads" --quiet --out "$work/throng" > "$work/out" 2>&1 || true
          read -r ops wall < <(python3 -c "
import json; r = json.load(open('$work/throng/result.json'))
print(r['total']['requests'], r['run']['duration_s'])")
          # redis-benchmark then does as many operations (half SET, half GET), so both run about as long.
          requests=$(( ops / 2 )) ;;
      esac
      cpu=$(awk '{print $1 + $2}' "$work/time")
      ops_s[$tool]+="$(python3 -c "print($ops / $wall)") "
      cpu_m[$tool]+="$(python3 -c "print($cpu / $ops * 1e6)") "
      printf 'P=%-3s round %s %-16s %10d ops in %6.2fs, %6.0f ops/s, generator cpu %5.2fs\n' \
        "$pipeline" "$r" "$tool" "$ops" "$wall" "$(python3 -c "print($ops / $wall)")" "$cpu" >&2
    done
  done
  # shellcheck disable=SC2086
  python3 - "$pipeline" "$(median ${ops_s[redis-benchmark]})" "$(median ${cpu_m[redis-benchmark]})" \
    "$(median ${ops_s[throng]})" "$(median ${cpu_m[throng]})" <<'PY'
import sys
p = sys.argv[1]
b_ops, b_cpu, t_ops, t_cpu = map(float, sys.argv[2:])
print(f"\npipeline {p}: redis-benchmark {b_ops:,.0f} ops/s, {b_cpu:.2f} CPU-s per million ops")
print(f"pipeline {p}: throng          {t_ops:,.0f} ops/s, {t_cpu:.2f} CPU-s per million ops")
print(f"pipeline {p}: throng / redis-benchmark: {t_ops / b_ops:.2f}x ops/s, {t_cpu / b_cpu:.2f}x CPU per op\n")
PY
done
