#!/usr/bin/env bash
# throng vs pgbench and redis-benchmark against the same local servers
# (started by scripts/services.sh on ports of our own), side by side in one
# session. Prints operations/s and the load generator's CPU per operation
# (user+sys from /usr/bin/time), medians of N rounds, and the ratios (the
# median of each round's throng/peer ratio, with a confidence interval).
#
#   bench/db-vs-peers.sh [--rounds N (6)] [--duration S] [--clients C] [--connections C]
#                        [--threads T] [--throng PATH] [--only postgres|redis] [--tpcb]
#
# PostgreSQL: pgbench -S -M prepared (select-only, scale 10) vs
#   scenarios/postgres-select.json, both with C clients (default 16) and one
#   generator thread. With --tpcb: pgbench's default TPC-B-like transaction
#   (-M prepared) vs scenarios/postgres-tpcb.json instead.
# Redis: redis-benchmark -t set,get -d 3 -r 100000 vs scenarios/redis-getset.json,
#   both with C connections (default 50), pipelining 1 and 16, one thread.
# throng runs --threads T (default 1, as pgbench -j 1 and redis-benchmark).
#   redis-benchmark runs SET then GET n times each; its rate is 2n over the
#   whole wall time, which is the rate of a mix of both, as throng's flow is.
# With two cores or more, the servers (PostgreSQL's postmaster, whose backends
# inherit it, and redis-server) are pinned to CPU 0 and the generators to
# CPU 1, so that a generator's CPU is its own and both tools get the same.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=6 duration=10 clients=16 connections=50 threads=1 throng=build/harness/cli/throng only="" tpcb=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --throng) throng=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --tpcb) tpcb=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/common.sh
source bench/common.sh
db_bench_setup
client_cpu=""
if [ "$(nproc)" -ge 2 ]; then
  client_cpu="taskset -c 1"
  taskset -apc 0 "$(head -n 1 "$(cat "$work/svc/postgres.dir")/data/postmaster.pid")" >/dev/null
  taskset -apc 0 "$(cat "$work/svc/redis.pid")" >/dev/null
fi

# Runs a command under /usr/bin/time on the generator's CPU; leaves "user sys wall" in $work/time.
timed() { /usr/bin/time -f "%U %S %e" -o "$work/time" $client_cpu "$@" > "$work/out" 2>"$work/err"; }
cpu_of() { awk '{print $1 + $2}' "$work/time"; }
wall_of() { awk '{print $3}' "$work/time"; }
throng_requests() { python3 -c "import json;print(json.load(open('$work/throng/result.json'))['total']['requests'])"; }
throng_seconds() { python3 -c "import json;print(json.load(open('$work/throng/result.json'))['run']['duration_s'])"; }
throng_errors() { python3 -c "import json;print(json.load(open('$work/throng/result.json'))['total']['errors']['total'])"; }

declare -A rate cpu_us
record() {  # record KEY OPS SECONDS CPU
  rate[$1]+="$(python3 -c "print($2 / $3)") "
  cpu_us[$1]+="$(python3 -c "print($4 / max($2, 1) * 1e6)") "
  echo "  $1: $2 ops in $3 s, generator cpu $4 s" >&2
}

# The PostgreSQL workload: select-only, or with --tpcb pgbench's default script.
pgbench_script=(-S) pg_scenario=scenarios/postgres-select.json pg_workload=select-only
[ -n "$tpcb" ] && pgbench_script=() pg_scenario=scenarios/postgres-tpcb.json pg_workload=TPC-B-like

pgbench_round() {
  timed "$pgbench" "${pgbench_script[@]}" -M prepared -c "$clients" -j 1 -T "$duration" -h 127.0.0.1 -p "$pg_port" -U throng postgres
  record pgbench "$(awk '/number of transactions actually processed/ {split($NF, a, "/"); print a[1]}' "$work/out")" \
    "$duration" "$(cpu_of)"
}
throng_pg_round() {
  timed "$throng" run "$pg_scenario" --target "$pg_url" --vus "$clients" \
    --duration "${duration}s" --threads "$threads" --quiet --out "$work/throng" || true
  [ "$(throng_errors)" = 0 ] || echo "  throng: $(throng_errors) errors (see $work/throng)" >&2
  record throng-pg "$(throng_requests)" "$(throng_seconds)" "$(cpu_of)"
}
# Odd rounds run the peer first, even rounds throng: neither always goes first.
in_turn() {  # in_turn ROUND PEER_FUNCTION THRONG_FUNCTION
  if [ $(($1 % 2)) = 1 ]; then "$2"; "$3"; else "$3"; "$2"; fi
}

run_postgres() {
  echo "pgbench -i -s 10 ..." >&2
  "$pgbench" -i -s 10 -q -h 127.0.0.1 -p "$pg_port" -U throng postgres >/dev/null 2>&1
  for r in $(seq "$rounds"); do
    echo "round $r (postgres $pg_workload, $clients clients)" >&2
    in_turn "$r" pgbench_round throng_pg_round
  done
}

redis_benchmark_round() {
  redis-cli -p "$redis_port" flushall >/dev/null
  timed redis-benchmark -h 127.0.0.1 -p "$redis_port" -c "$connections" -P "$pipeline" -n "$n" \
    -t set,get -d 3 -r 100000 --csv
  record "redis-benchmark-P$pipeline" "$((2 * n))" "$(wall_of)" "$(cpu_of)"
}
throng_redis_round() {
  redis-cli -p "$redis_port" flushall >/dev/null
  timed "$throng" run scenarios/redis-getset.json --target "$redis_url" --vus "$connections" \
    --duration "${duration}s" --threads "$threads" --quiet --out "$work/throng" \
    --set "/steps/0/redis/pipeline=$pipeline" --set "/steps/1/redis/pipeline=$pipeline" || true
  [ "$(throng_errors)" = 0 ] || echo "  throng: $(throng_errors) errors (see $work/throng)" >&2
  record "throng-redis-P$pipeline" "$(throng_requests)" "$(throng_seconds)" "$(cpu_of)"
}

run_redis() {
  for pipeline in 1 16; do
    # Enough requests for about `duration` seconds per test, from a short calibration.
    $client_cpu redis-benchmark -h 127.0.0.1 -p "$redis_port" -c "$connections" -P "$pipeline" -n 200000 -t get \
      -d 3 -r 100000 --csv > "$work/calib" 2>/dev/null
    local per_second
    per_second=$(awk -F'"' 'NR == 2 {print $4}' "$work/calib")
    n=$(python3 -c "print(max(100000, int(float('$per_second') * $duration / 2)))")
    for r in $(seq "$rounds"); do
      echo "round $r (redis, $connections connections, pipeline $pipeline)" >&2
      in_turn "$r" redis_benchmark_round throng_redis_round
    done
  done
}

[ "$only" != redis ] && run_postgres
[ "$only" != postgres ] && run_redis

median() { python3 -c "import statistics,sys; print(round(statistics.median(map(float, sys.argv[1:])), 2))" "$@"; }
printf '\n%-22s %14s %22s\n' generator "ops/s" "generator CPU µs/op"
for key in pgbench throng-pg redis-benchmark-P1 throng-redis-P1 redis-benchmark-P16 throng-redis-P16; do
  [ -n "${rate[$key]:-}" ] || continue
  # shellcheck disable=SC2086
  printf '%-22s %14s %22s\n' "$key" "$(median ${rate[$key]})" "$(median ${cpu_us[$key]})"
done
# Each round runs the peer and throng back to back, so their ratio within a
# round is little touched by what else the machine does; the median of those
# paired ratios is the figure. Its confidence interval is distribution-free
# (order statistics of the rounds, binomial coverage): 94% with 5 rounds, at
# least 95% with 6 or more. "below 1 in K of N" counts the rounds.
ratio() {  # ratio THRONG PEER
  [ -n "${rate[$1]:-}" ] && [ -n "${rate[$2]:-}" ] || return 0
  python3 - "$1" "$2" "${rate[$1]}" "${rate[$2]}" "${cpu_us[$1]}" "${cpu_us[$2]}" <<'PY'
import math, statistics, sys
t, p = sys.argv[1], sys.argv[2]
tr, pr, tc, pc = ([float(x) for x in a.split()] for a in sys.argv[3:])
def median_interval(xs):
    # The widest k for which [x(k), x(n-k+1)] still covers the median with
    # at least 95%, or the whole range when n is too small for that.
    n, xs = len(xs), sorted(xs)
    coverage = lambda k: 1 - 2 * sum(math.comb(n, i) for i in range(k)) / 2 ** n
    k = 1
    while k + 1 <= (n + 1) // 2 and coverage(k + 1) >= 0.95:
        k += 1
    return xs[k - 1], xs[n - k], coverage(k)
def show(what, xs):
    low, high, cover = median_interval(xs)
    below = sum(x < 1 for x in xs)
    return (f"{what} {statistics.median(xs):.2f}x ({cover:.0%} CI {low:.2f}-{high:.2f};"
            f" below 1 in {below} of {len(xs)})")
print(f"{t} / {p}:")
print("  " + show("ops/s", [a / b for a, b in zip(tr, pr)]))
print("  " + show("generator CPU per op", [a / b for a, b in zip(tc, pc)]))
PY
}
echo
ratio throng-pg pgbench
ratio throng-redis-P1 redis-benchmark-P1
ratio throng-redis-P16 redis-benchmark-P16
