#!/usr/bin/env bash
# User-space instructions per operation (callgrind), throng vs pgbench and
# redis-benchmark, with one client each so that no batching differs: where a
# generator's CPU goes, without the machine's noise that CPU times carry.
# Each figure is the difference of a short and a long run divided by the
# difference in operations, so that startup and connecting cancel out. For
# throng, only the worker thread counts, less its once-a-second handover of
# histograms (at full speed a few instructions per operation; under callgrind,
# which runs about 50 times slower, it would weigh far more).
#
#   bench/db-instructions.sh [--throng PATH] [--only postgres|redis]
#
# PostgreSQL: scenarios/postgres-select.json vs pgbench -S -M prepared -c 1.
# Redis: scenarios/redis-getset.json at pipeline 16 vs redis-benchmark -t
#   set,get -d 3 -r 100000 -c 1 -P 16.
set -euo pipefail
cd "$(dirname "$0")/.."

throng=build/harness/cli/throng only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --throng) throng=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/common.sh
source bench/common.sh
db_bench_setup

# callgrind OUT COMMAND...: the whole process's instructions (all threads).
callgrind() {
  local out=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>"$out.log"
  grep -o 'Collected : [0-9]*' "$out.log" | awk '{print $3}'
}

# throng_point NAME SECONDS ARGS...: "operations instructions" of throng's
# worker thread (the thread that ran the VUs), less the shard handover.
throng_point() {
  local name=$1 seconds=$2; shift 2
  local dir="$work/$name-$seconds"
  mkdir -p "$dir"
  valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$dir/cg" \
    "$throng" run "$@" --vus 1 --threads 1 --duration "${seconds}s" --quiet --out "$dir/out" \
    >/dev/null 2>"$dir/log"
  python3 - "$dir" <<'PY'
import glob, json, re, subprocess, sys
d = sys.argv[1]
ops = json.load(open(f"{d}/out/result.json"))["total"]["requests"]
best = None
for f in glob.glob(f"{d}/cg-*"):
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", f], capture_output=True, text=True).stdout
    if not re.search(r"WorkerThread::start\(\)::\{lambda\(\)#1\}.*_M_run", text):
        continue  # not the worker thread
    total = int(re.search(r"([\d,]+) \([ \d.]+%\)  PROGRAM TOTALS", text).group(1).replace(",", ""))
    handover = 0
    for line in text.splitlines():
        if re.search(r"Worker::take_shard\(.*\{lambda\(\)#1\}::operator\(\)", line):
            handover = int(line.split()[0].replace(",", ""))
            break
    if best is None or total > best[0]:
        best = (total, handover)
print(ops, best[0] - best[1])
PY
}

# per_op NAME OPS1 INSTR1 OPS2 INSTR2
per_op() {
  python3 -c "import sys; n, a, b, c, d = sys.argv[1:]; print(f'{n:<40} {round((float(d) - float(b)) / (float(c) - float(a))):>8}')" "$@"
}

printf '%-40s %8s\n' "generator (one client)" "instr/op"
if [ "$only" != redis ]; then
  "$pgbench" -i -s 10 -q -h 127.0.0.1 -p "$pg_port" -U throng postgres >/dev/null 2>&1
  pg=("$pgbench" -S -M prepared -c 1 -j 1 -h 127.0.0.1 -p "$pg_port" -U throng)
  a=$(callgrind "$work/pgbench-1" "${pg[@]}" -t 2000 postgres)
  b=$(callgrind "$work/pgbench-2" "${pg[@]}" -t 6000 postgres)
  per_op "pgbench -S -M prepared" 2000 "$a" 6000 "$b"
  read -r n1 i1 < <(throng_point pg 3 scenarios/postgres-select.json --target "$pg_url")
  read -r n2 i2 < <(throng_point pg 8 scenarios/postgres-select.json --target "$pg_url")
  per_op "throng postgres-select (worker thread)" "$n1" "$i1" "$n2" "$i2"
fi
if [ "$only" != postgres ]; then
  rb=(redis-benchmark -h 127.0.0.1 -p "$redis_port" -c 1 -P 16 -t set,get -d 3 -r 100000 -q)
  a=$(callgrind "$work/rb-1" "${rb[@]}" -n 50000)
  b=$(callgrind "$work/rb-2" "${rb[@]}" -n 150000)
  per_op "redis-benchmark -P 16" 100000 "$a" 300000 "$b"
  set16=(--set /steps/0/redis/pipeline=16 --set /steps/1/redis/pipeline=16)
  read -r n1 i1 < <(throng_point redis 3 scenarios/redis-getset.json --target "$redis_url" "${set16[@]}")
  read -r n2 i2 < <(throng_point redis 8 scenarios/redis-getset.json --target "$redis_url" "${set16[@]}")
  per_op "throng redis-getset P16 (worker thread)" "$n1" "$i1" "$n2" "$i2"
fi
