#!/usr/bin/env bash
# Whole-cluster benchmark, Go memberlist (gopeer bench; 0.2.2 by default) vs this library
# (ClusterBench), same machine, same run, side by side: medians and maxima over runs.
#
#   bench/cluster-compare.sh [-n "64 256"] [-runs 3] [-mode all|converge] [-timeout 180s]
#                            [-settle 30s] [-idle 30s] [-sample 500ms] [-preset local]
#                            [-impls "go java"] [-hog K] [-heap-mb-per-node 6]
#                            [-join-timeout D] [-out DIR] [-skip-build]
#
# Each run starts N nodes of one implementation in one process on 127.0.0.1, all of nodes
# 1..N-1 join node 0 at once, then measures (mode "all"): t99 (99 % of ordered pairs know each
# other), t_all (every node sees all N alive), idle bytes/s and CPU ms/s per node over -idle after
# a -settle wait, crash detection (close without leave -> every live node saw it leave, with the
# false suspicions and false deaths seen meanwhile) and leave propagation. Mode "converge" stops
# after the join. Every result line carries the load averages and the process's RSS (now, peak).
#
# -hog K keeps K cores busy with spinning shell processes this script starts and kills (by PID)
# for the whole run, so "under load" is reproducible. Every process gets a hard time limit
# (timeout --kill-after), so a run that hangs cannot stall the series. The Java heap is sized to
# N (-Xmx = N x heap-mb-per-node, at least 1 GB). GOPEER_VERSION picks the Go release (v022,
# v054, v070 in module mode, or debian: Debian's 0.2.2 in GOPATH mode); default v022.
# Benchmarks want a quiet machine: look at the load printed beside every figure.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS="64 256"
RUNS=3
MODE=all
TIMEOUT=180s
SETTLE=30s
IDLE=30s
SAMPLE=500ms
PRESET=local
IMPLS="go java"
HOG=0
HEAP_MB_PER_NODE=6
JOIN_TIMEOUT=
OUT="$ROOT/memberlist/target/cluster-bench"
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    -n) NS="$2"; shift 2;;
    -runs) RUNS="$2"; shift 2;;
    -mode) MODE="$2"; shift 2;;
    -timeout) TIMEOUT="$2"; shift 2;;
    -settle) SETTLE="$2"; shift 2;;
    -idle) IDLE="$2"; shift 2;;
    -sample) SAMPLE="$2"; shift 2;;
    -preset) PRESET="$2"; shift 2;;
    -impls) IMPLS="$2"; shift 2;;
    -hog) HOG="$2"; shift 2;;
    -heap-mb-per-node) HEAP_MB_PER_NODE="$2"; shift 2;;
    -join-timeout) JOIN_TIMEOUT="$2"; shift 2;;
    -out) OUT="$2"; shift 2;;
    -skip-build) BUILD=0; shift;;
    -h|--help) sed -n '2,21p' "$0"; exit 0;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
case "$MODE" in all|converge) ;; *) echo "-mode must be all or converge" >&2; exit 2;; esac

secs() { # Go-style duration (180s, 500ms, 2m) -> whole seconds, rounded up
  python3 -c '
import re, sys
m = re.fullmatch(r"([0-9.]+)(ms|s|m)?", sys.argv[1])
v, u = float(m.group(1)), m.group(2) or "s"
print(int(-(-v * {"ms": 0.001, "s": 1, "m": 60}[u] // 1)))' "$1"
}

GOPEER="$ROOT/memberlist/target/gopeer"
JAR="$ROOT/memberlist-bench/target/benchmarks.jar"   # shaded: memberlist + deps + ClusterBench
if [ "$BUILD" = 1 ]; then
  mkdir -p "$ROOT/memberlist/target"
  echo "building gopeer -> $GOPEER" >&2
  "$ROOT/interop/gopeer/build.sh" "${GOPEER_VERSION:-v022}" "$GOPEER"
  echo "building $JAR" >&2
  (cd "$ROOT" && mvn -q -o -pl memberlist-bench -am package -DskipTests)
fi
mkdir -p "$OUT"
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS="$OUT/results-$STAMP.jsonl"
: > "$RESULTS"

# The CPU hog: K spinning processes, killed by PID when the script ends, however it ends.
HOG_PIDS=()
stop_hog() {
  for p in "${HOG_PIDS[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
}
trap stop_hog EXIT INT TERM
for _ in $(seq 1 "$HOG"); do
  sh -c 'while :; do :; done' &
  HOG_PIDS+=("$!")
done
[ "$HOG" -gt 0 ] && echo "cpu hog: $HOG spinning process(es), PIDs ${HOG_PIDS[*]}" >&2

# Hard limit per process: every wait is bounded by -timeout; add the settle and idle windows
# and a minute for start-up and shutdown.
T=$(secs "$TIMEOUT")
if [ "$MODE" = all ]; then
  LIMIT=$((3 * T + $(secs "$SETTLE") + $(secs "$IDLE") + 60))
else
  LIMIT=$((T + 60))
fi

tag() { # tag run, hog and the load before the run onto every JSON line
  python3 -c '
import json, sys
run, hog, load = int(sys.argv[1]), int(sys.argv[2]), [float(x) for x in sys.argv[3].split()]
for line in sys.stdin:
    line = line.strip()
    if line.startswith("{"):
        d = json.loads(line); d["run"] = run; d["hog"] = hog; d["load_before"] = load
        print(json.dumps(d), flush=True)
' "$1" "$HOG" "$2"
}

for n in $NS; do
  heap=$((n * HEAP_MB_PER_NODE)); [ "$heap" -lt 1024 ] && heap=1024
  for run in $(seq 1 "$RUNS"); do
    # alternate the order so slow drift in machine load hits both sides alike
    order="$IMPLS"
    if [ $((run % 2)) = 0 ]; then order=$(echo "$IMPLS" | awk '{for (i = NF; i > 0; i--) printf "%s ", $i}'); fi
    for impl in $order; do
      load=$(cut -d' ' -f1-3 /proc/loadavg)
      echo "n=$n run=$run impl=$impl hog=$HOG load: $load (limit ${LIMIT}s)" >&2
      if [ "$impl" = go ]; then
        cmd=("$GOPEER" bench "$MODE" -n "$n" -preset "$PRESET" -timeout "$TIMEOUT"
             -settle "$SETTLE" -idle "$IDLE" -sample "$SAMPLE")
      else
        cmd=(java "-Xmx${heap}m" -cp "$JAR" io.memberlist.bench.ClusterBench
             "$MODE" -n "$n" -preset "$PRESET" -timeout "$TIMEOUT" -settle "$SETTLE" -idle "$IDLE"
             -sample "$SAMPLE")
        [ -n "$JOIN_TIMEOUT" ] && cmd+=(-join-timeout "$JOIN_TIMEOUT")
      fi
      echo "  ${cmd[*]}" >> "$OUT/commands-$STAMP.txt"
      rc=0
      timeout --kill-after=10s "${LIMIT}s" "${cmd[@]}" 2>>"$OUT/stderr-$STAMP.log" \
        | tag "$run" "$load" | tee -a "$RESULTS" >&2 || rc=$?
      [ "$rc" != 0 ] && echo "  exit status $rc (124/137: killed at the ${LIMIT}s limit)" >&2
    done
  done
done

echo "results: $RESULTS" >&2
python3 "$ROOT/bench/cluster-summary.py" "$RESULTS"
