#!/usr/bin/env bash
# throng vs pgbench -S (select-only, prepared) against the same PostgreSQL,
# same clients, same duration: transactions/s and CPU-µs of the load
# generator per transaction (user+sys from /usr/bin/time), median of N
# rounds, throng with 1 and with 2 worker threads.
#
#   bench/postgres-vs-pgbench.sh [--url postgresql://user@127.0.0.1:PORT/db] [--rounds N]
#                                [--duration S] [--clients C] [--no-init] [--throng PATH]
#
# The URL defaults to $THRONG_TEST_POSTGRES (scripts/services.sh start DIR
# writes it). Without --no-init the database is first filled by
# `pgbench -i -s 10` (pgbench_accounts gets 1,000,000 rows).
set -euo pipefail
cd "$(dirname "$0")/.."

url=${THRONG_TEST_POSTGRES:-} rounds=3 duration=10 clients=16 init=1 throng=build/harness/cli/throng
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --no-init) init=0; shift ;;
    --throng) throng=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$url" ] || { echo "give --url, or start the test services and source their services.env" >&2; exit 2; }
[ -x "$throng" ] || { echo "build throng first (cmake --build --preset default)" >&2; exit 2; }
pgbench=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1)
pgbench=${pgbench:-$(command -v pgbench)}
work=$(mktemp -d -t throng-pgbench-XXXXXX)
trap 'rm -rf "$work"' EXIT

[ "$init" = 1 ] && "$pgbench" -i -s 10 -q "$url" > "$work/init.log" 2>&1

cat > "$work/select.json" <<JSON
{ "name": "select-only", "target": "$url",
  "executor": { "type": "constant-vus", "vus": $clients, "duration": "${duration}s" },
  "steps": [ { "name": "select",
               "postgres": { "query": "SELECT abalance FROM pgbench_accounts WHERE aid = \$1",
                             "params": ["\${random_int(1,1000000)}"] } } ] }
JSON

# Runs a generator under /usr/bin/time; prints "transactions cpu_seconds".
measure() {
  local kind=$1; shift
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" > "$work/out" 2>"$work/err" || true
  local cpu n
  cpu=$(awk '{print $1 + $2}' "$work/time")
  case "$kind" in
    pgbench) n=$(awk '/actually processed/ {print $NF}' "$work/out") ;;
    throng*) n=$(python3 -c "import json;print(json.load(open('$work/throng/result.json'))['total']['requests'])") ;;
  esac
  echo "$n $cpu"
}

declare -A tps cpu_us
tools="pgbench throng-t1 throng-t2"
for r in $(seq "$rounds"); do
  for tool in $tools; do
    case "$tool" in
      pgbench) line=$(measure pgbench "$pgbench" -S -M prepared -c "$clients" -j 1 -T "$duration" "$url") ;;
      throng-t*) line=$(measure "$tool" "$throng" run "$work/select.json" --threads "${tool#throng-t}" \
                            --quiet --out "$work/throng") ;;
    esac
    read -r n cpu <<<"$line"
    tps[$tool]+="$(python3 -c "print($n / $duration)") "
    cpu_us[$tool]+="$(python3 -c "print($cpu * 1e6 / max($n, 1))") "
    echo "round $r  $tool: $n transactions, generator cpu ${cpu}s" >&2
  done
done

median() { python3 -c "import statistics,sys; print(round(statistics.median(map(float, sys.argv[1:])), 2))" "$@"; }
printf '\n%-10s %12s %22s\n' tool "tps" "CPU-µs per transaction"
for tool in $tools; do
  # shellcheck disable=SC2086
  printf '%-10s %12s %22s\n' "$tool" "$(median ${tps[$tool]})" "$(median ${cpu_us[$tool]})"
done
for tool in throng-t1 throng-t2; do
  # shellcheck disable=SC2086
  python3 - "$tool" "$(median ${tps[$tool]})" "$(median ${tps[pgbench]})" \
    "$(median ${cpu_us[$tool]})" "$(median ${cpu_us[pgbench]})" <<'PY'
import sys
tool, t_tps, p_tps, t_cpu, p_cpu = sys.argv[1], *map(float, sys.argv[2:])
print(f"{tool} / pgbench: {t_tps / p_tps:.2f}x tps, {t_cpu / p_cpu:.2f}x CPU per transaction")
PY
done
