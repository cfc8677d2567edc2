#!/usr/bin/env bash
# Whole-cluster benchmark, Go memberlist 0.2.2 (gopeer bench) vs this library (ClusterBench),
# same machine, same run, side by side (medians over runs).
#
#   bench/cluster-compare.sh [-n "64 256"] [-runs 3] [-timeout 180s] [-idle 10s] [-preset local]
#                            [-out DIR] [-skip-build]
#
# Each run starts N nodes of one implementation in one process on 127.0.0.1, all of nodes
# 1..N-1 join node 0 at once, then measures (mode "all"): t99 (99 % of ordered pairs know each
# other), t_all (every node sees all N alive), idle bytes/s and CPU ms/s per node, crash detection
# (close without leave -> no live node lists it) and leave propagation (leave -> same).
# Benchmarks want a quiet machine: the script prints the load average before each run.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS="64 256"
RUNS=3
TIMEOUT=180s
IDLE=10s
PRESET=local
OUT="$ROOT/memberlist/target/cluster-bench"
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    -n) NS="$2"; shift 2;;
    -runs) RUNS="$2"; shift 2;;
    -timeout) TIMEOUT="$2"; shift 2;;
    -idle) IDLE="$2"; shift 2;;
    -preset) PRESET="$2"; shift 2;;
    -out) OUT="$2"; shift 2;;
    -skip-build) BUILD=0; shift;;
    -h|--help) sed -n '2,13p' "$0"; exit 0;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done

GOPEER="$ROOT/memberlist/target/gopeer"
JAR="$ROOT/memberlist-bench/target/benchmarks.jar"   # shaded: memberlist + deps + ClusterBench
if [ "$BUILD" = 1 ]; then
  command -v go >/dev/null || { echo "go missing: apt-get install -y golang-go golang-github-hashicorp-memberlist-dev" >&2; exit 1; }
  mkdir -p "$ROOT/memberlist/target"
  echo "building gopeer -> $GOPEER" >&2
  # GOPEER_VERSION: debian (default: Debian's 0.2.2, as in BENCHMARKS.md), v022, v054 or v070
  "$ROOT/interop/gopeer/build.sh" "${GOPEER_VERSION:-debian}" "$GOPEER"
  echo "building $JAR" >&2
  (cd "$ROOT" && mvn -q -o -pl memberlist-bench -am package -DskipTests)
fi
CP="$JAR"
mkdir -p "$OUT"
RESULTS="$OUT/results-$(date +%Y%m%d-%H%M%S).jsonl"
: > "$RESULTS"

tag() { # tag run/impl onto every JSON line
  python3 -c '
import json, sys
run = int(sys.argv[1])
for line in sys.stdin:
    line = line.strip()
    if line.startswith("{"):
        d = json.loads(line); d["run"] = run; print(json.dumps(d), flush=True)
' "$1"
}

for n in $NS; do
  for run in $(seq 1 "$RUNS"); do
    # alternate the order so slow drift in machine load hits both sides alike
    if [ $((run % 2)) = 1 ]; then order="go java"; else order="java go"; fi
    for impl in $order; do
      echo "n=$n run=$run impl=$impl load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
      if [ "$impl" = go ]; then
        "$GOPEER" bench all -n "$n" -preset "$PRESET" -timeout "$TIMEOUT" -idle "$IDLE" 2>>"$OUT/stderr.log" \
          | tag "$run" | tee -a "$RESULTS" >&2 || true
      else
        java -Xmx2g -cp "$CP" io.memberlist.bench.ClusterBench \
          all -n "$n" -preset "$PRESET" -timeout "$TIMEOUT" -idle "$IDLE" 2>>"$OUT/stderr.log" \
          | tag "$run" | tee -a "$RESULTS" >&2 || true
      fi
    done
  done
done

echo "results: $RESULTS" >&2
python3 - "$RESULTS" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
metrics = [
    ("converge", "t99_ms", "t99 (ms)"),
    ("converge", "t_all_ms", "all see N alive (ms)"),
    ("idle", "bytes_per_s_per_node", "idle bytes/s/node"),
    ("idle", "packets_per_s_per_node", "idle packets/s/node"),
    ("idle", "cpu_ms_per_s_per_node", "idle CPU ms/s/node"),
    ("crash", "t_all_ms", "crash seen dead by all (ms)"),
    ("leave", "leave_call_ms", "leave() call (ms)"),
    ("leave", "t_all_ms", "leave seen by all (ms)"),
]
def med(vals):
    vals = [v for v in vals if isinstance(v, (int, float))]
    return (statistics.median(vals), len(vals)) if vals else (None, 0)
def fmt(v):
    return "-" if v is None else (f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}")
ns = sorted({r["n"] for r in rows if r.get("bench") == "converge"})
runs = max([r.get("run", 1) for r in rows] or [0])
print(f"medians over up to {runs} runs (count of runs with a value in brackets)")
print(f"{'N':>4}  {'metric':<28} {'go':>14} {'java':>14} {'java/go':>8}")
for n in ns:
    for bench, key, label in metrics:
        vals = {}
        for impl in ("go", "java"):
            sel = [r.get(key) for r in rows if r.get("bench") == bench and r.get("impl") == impl
                   and (r.get("n") == n or (bench in ("idle",) and r.get("n") == n) or (bench in ("crash", "leave") and r.get("n") in (n, n - 1)))]
            vals[impl] = med(sel)
        g, j = vals["go"][0], vals["java"][0]
        ratio = "-" if g in (None, 0) or j is None else f"{j / g:.2f}"
        print(f"{n:>4}  {label:<28} {fmt(g) + ' [' + str(vals['go'][1]) + ']':>14} {fmt(j) + ' [' + str(vals['java'][1]) + ']':>14} {ratio:>8}")
    conv = {impl: sum(1 for r in rows if r.get("bench") == "converge" and r.get("impl") == impl and r.get("n") == n and r.get("converged")) for impl in ("go", "java")}
    print(f"{n:>4}  {'runs converged':<28} {conv['go']:>14} {conv['java']:>14}")
PY
