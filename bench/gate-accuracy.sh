#!/usr/bin/env bash
# How often the regression gate is right, on this machine: many A/A
# comparisons (the same demo service twice: every "regression" is a false
# alarm) and A/B comparisons against the same service made 10% and 5% slower
# (`throng demo --extra-latency`: every detection is right).
#
# Each round runs A, A, B+10%, B+5% (the order rotates from round to round so
# that drift falls on every side alike) and makes three comparisons: A/A,
# A/B10, A/B5. Then every comparison is judged again on the first half of
# each run's intervals (a run half as long), and rounds are grouped by three
# and merged (like --repeat 3). Prints counts with 95% Clopper-Pearson
# intervals, and the p95 change the slowdown actually made.
#
# The service answers /items after a lognormal delay (median 20 ms, shape
# 0.5, as an API backed by a database might): long enough that scheduling
# noise on a shared machine is small beside it.
#
#   bench/gate-accuracy.sh [--rounds N] [--duration S] [--rate R] [--tolerances "3 5"] [--no-b5]
#                          [--median-ms M] [--keep DIR] [--analyze-only] [--throng PATH]
#     --rounds       rounds (default 200: 200 A/A, 200 A/B10, 200 A/B5 comparisons)
#     --duration     seconds per run (default 12)
#     --rate         requests per second (default 1000, open model)
#     --tolerances   p95 tolerances to judge with, in % (default "3 5"): the
#                    same runs are judged with each (the gate's rules travel
#                    in the candidate's result.json)
#     --no-b5        rounds of three runs, without the +5% side
#     --keep DIR     keep every result there (default: a temporary directory);
#     --analyze-only judge the results kept in --keep DIR again, running nothing
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=200 duration=12 rate=1000 tolerances="3 5" keep="" median=20 b5=true analyze_only=false
throng=build/harness/cli/throng
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --tolerances) tolerances=$2; shift 2 ;;
    --median-ms) median=$2; shift 2 ;;
    --no-b5) b5=false; shift ;;
    --analyze-only) analyze_only=true; shift ;;
    --keep) keep=$2; shift 2 ;;
    --throng) throng=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -x "$throng" ] || { echo "build throng first (cmake --build --preset default)" >&2; exit 2; }
if $analyze_only && [ -z "$keep" ]; then echo "--analyze-only needs --keep DIR" >&2; exit 2; fi
work=$(mktemp -d -t throng-gate-XXXXXX)
results=${keep:-$work/results}
mkdir -p "$results"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

if ! $analyze_only; then
# The services on CPU 0, the generator on CPU 1 (when there are two).
server_cpu="" client_cpu=""
if [ "$(nproc)" -ge 2 ]; then server_cpu="taskset -c 0"; client_cpu="taskset -c 1"; fi
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A url
for side in A B10 B5; do
  port=$(free_port)
  extra=0%; [ "$side" = B10 ] && extra=10%; [ "$side" = B5 ] && extra=5%
  $server_cpu "$throng" demo --port "$port" --item-median-ms "$median" --item-sigma 0.5 --item-max-ms 2000 \
    --extra-latency "$extra" >/dev/null &
  pids+=($!)
  url[$side]="http://127.0.0.1:$port"
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done

# One scenario for every side (--target picks the side, and is left out of
# the scenario hash): an open model, so the load is the same whatever the
# latency, judged on the p95 of the corrected response time.
cat > "$work/gate.json" <<JSON
{ "name": "gate-accuracy", "target": "${url[A]}",
  "executor": {"type": "constant-arrival-rate", "rate": $rate, "duration": "${duration}s",
               "pre_allocated_vus": 100, "max_vus": 400},
  "steps": [{"name": "item", "http": {"path": "/items/\${random_int(1,1000)}"}}],
  "gate": {"latency": {"p95": "+5%"}} }
JSON

run_side() {  # run_side ROUND SIDE INDEX
  local out="$results/r$1-$2$3"
  $client_cpu "$throng" run "$work/gate.json" --target "${url[$2]}" --quiet --out "$out" --report none >/dev/null || true
}
started=$SECONDS
for round in $(seq 1 "$rounds"); do
  case $((round % 4)) in
    0) order="A:1 A:2 B10: B5:" ;;
    1) order="B10: A:1 B5: A:2" ;;
    2) order="B5: B10: A:1 A:2" ;;
    3) order="A:1 B5: A:2 B10:" ;;
  esac
  $b5 || order=${order/B5: /}
  $b5 || order=${order/ B5:/}
  for item in $order; do run_side "$round" "${item%%:*}" "${item#*:}"; done
  if [ $((round % 10)) -eq 0 ]; then echo "round $round of $rounds ($((SECONDS - started)) s)" >&2; fi
done
fi

python3 - "$results" "$rounds" "$duration" "$throng" "$work" "$tolerances" <<'PY'
import json, math, os, subprocess, sys
results, rounds, duration, throng, work = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
tolerances = [float(t) / 100 for t in sys.argv[6].split()]

def load(round_, side):
    with open(f"{results}/r{round_}-{side}/result.json") as f:
        return json.load(f)

def clopper_pearson(k, n, alpha=0.05):
    # Exact binomial interval by bisection on the beta tails (no scipy here).
    def cdf(x, p):  # P(X <= x)
        return sum(math.comb(n, i) * p**i * (1 - p)**(n - i) for i in range(0, x + 1))
    def solve(f):
        lo, hi = 0.0, 1.0
        for _ in range(60):
            mid = (lo + hi) / 2
            if f(mid): lo = mid
            else: hi = mid
        return (lo + hi) / 2
    low = 0.0 if k == 0 else solve(lambda p: 1 - cdf(k - 1, p) < alpha / 2)
    high = 1.0 if k == n else solve(lambda p: cdf(k, p) > alpha / 2)
    return low, high

def truncated(result, keep_share):
    r = json.loads(json.dumps(result))
    n = max(1, int(len(r["intervals"]) * keep_share))
    r["intervals"] = r["intervals"][:n]
    r["runs"] = [dict(r["runs"][0], intervals=n)]
    return r

def with_tolerance(result, tolerance):
    r = json.loads(json.dumps(result))
    for m in r["gate"]["metrics"]:
        m["tolerance"] = tolerance
    return r

def verdict(base, cand):
    bf, cf = f"{work}/base.json", f"{work}/cand.json"
    json.dump(base, open(bf, "w")); json.dump(cand, open(cf, "w"))
    subprocess.run([throng, "compare", bf, cf, "-o", f"{work}/out.json"], capture_output=True, text=True)
    c = json.load(open(f"{work}/out.json"))["comparison"]
    return c["verdict"], c

def merged(files):
    out = f"{work}/merged.json"
    subprocess.run([throng, "merge", *files, "-o", out, "-q"], capture_output=True, check=True)
    return json.load(open(out))

sides = {"A/A": ("A1", "A2"), "A/B+10%": ("A1", "B10"), "A/B+5%": ("A2", "B5")}

def table(title, pairs):
    print(f"\n{title}")
    print(f"  {'tolerance':9} {'comparison':10} {'n':>4} {'regression':>10} {'rate':>7} {'95% CI':>17} "
          f"{'no change':>9} {'inconcl.':>8} {'invalid':>7}")
    for (tolerance, name), v in sorted(pairs.items()):
        n = len(v)
        if n == 0: continue
        k = v.count("regression")
        lo, hi = clopper_pearson(k, n)
        print(f"  +{100*tolerance:<8g} {name:10} {n:4d} {k:10d} {100*k/n:6.1f}% [{100*lo:5.1f}%, {100*hi:5.1f}%] "
              f"{v.count('no_change'):9d} {v.count('inconclusive'):8d} {v.count('invalid'):7d}")

def judge_all(store, pair_runs, shorten=None):
    for name, (b, c) in sides.items():
        if b not in pair_runs or c not in pair_runs: continue
        base, cand = pair_runs[b], pair_runs[c]
        if shorten: base, cand = truncated(base, shorten), truncated(cand, shorten)
        for tolerance in tolerances:
            v, comparison = verdict(base, with_tolerance(cand, tolerance))
            store.setdefault((tolerance, name), []).append(v)
            if v == "invalid":
                for reason in comparison["invalid_reasons"]:
                    key = reason.split("(")[0]
                    reasons[key] = reasons.get(key, 0) + 1
            elif any("stalled" in w for w in comparison.get("warnings", [])):
                stalled_judged[0] += 1

full, half, repeat, reasons = {}, {}, {}, {}
stalled_judged = [0]  # judged comparisons that left out seconds in which the generator stalled
effect = {"A/B+10%": [], "A/B+5%": []}
aa_spread = []
all_runs = {}
for r in range(1, rounds + 1):
    runs = {}
    for side in ("A1", "A2", "B10", "B5"):
        try: runs[side] = load(r, side)
        except (OSError, ValueError): pass
    if "A1" not in runs or "A2" not in runs: continue
    all_runs[r] = runs
    judge_all(full, runs)
    judge_all(half, runs, shorten=0.5)
    p95 = {s: runs[s]["total"]["response_time_ms"]["p95"] for s in runs}
    aa_spread.append(p95["A2"] / p95["A1"] - 1)
    for name in effect:
        b, c = sides[name]
        if c in p95: effect[name].append(p95[c] / p95[b] - 1)

for g in range(1, rounds - 1, 3):
    group = [g, g + 1, g + 2]
    if not all(r in all_runs for r in group): continue
    m = {}
    for side in ("A1", "A2", "B10", "B5"):
        if all(side in all_runs[r] for r in group):
            m[side] = merged([f"{results}/r{r}-{side}/result.json" for r in group])
    judge_all(repeat, m)

print(f"gate accuracy: {len(all_runs)} rounds, {duration:g} s per run; the p95 of the corrected response time, "
      f"95% confidence")
table(f"one run of {duration:g} s per side", full)
table(f"one run per side, its first {duration/2:g} s only", half)
table(f"three runs of {duration:g} s per side, merged (as --repeat 3 or ab --rounds 3)", repeat)
def middle(values):
    values = sorted(values)
    return (f"median {100*values[len(values)//2]:+.1f}% (middle half {100*values[len(values)//4]:+.1f}% "
            f"to {100*values[3*len(values)//4]:+.1f}%)")
if aa_spread: print(f"\nA/A: the p95 difference between two runs of the same service, {middle(aa_spread)}")
for name, values in effect.items():
    if values: print(f"{name}: the p95 change the slowdown made, {middle(values)}")
if stalled_judged[0]:
    print(f"\n{stalled_judged[0]} judged comparisons left out seconds in which the generator stalled")
if reasons:
    print("\ninvalid because:")
    for reason, n in sorted(reasons.items(), key=lambda x: -x[1]): print(f"  {n:4d}  {reason}")
PY
