#!/usr/bin/env bash
# Memory per node, Go memberlist 0.2.2 (gopeer membench) vs this library (MemoryBench), same
# machine, same run, alternating (medians over runs). See BENCHMARKS.md, "Memory per node".
#
#   bench/memory-compare.sh [-n "64 256"] [-runs 3] [-settle 10s] [-idle 20s] [-timeout 300s]
#                           [-impls "go java"] [-out DIR] [-skip-build]
#   JAVA_MEM_OPTS='...' overrides the JVM configuration (default below, printed with each result).
#   JAR_BASE=old-benchmarks.jar with impl "javabase" in -impls: the same bench on another build of
#   the library (before/after comparisons in one run).
#
# Each run starts N nodes of one implementation in one process on 127.0.0.1, joins them to node 0
# (at most 16 joins in flight, refused ones retried), waits until every node lists all N, settles,
# idles, forces a full GC and prints one JSON line: live heap per node and per member entry, RSS
# (now and peak) per node, threads, descriptors. The load average is recorded beside each result.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS="64 256"
RUNS=3
SETTLE=10s
IDLE=20s
TIMEOUT=300s
IMPLS="go java"
OUT="$ROOT/memberlist/target/memory-bench"
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    -n) NS="$2"; shift 2;;
    -runs) RUNS="$2"; shift 2;;
    -settle) SETTLE="$2"; shift 2;;
    -idle) IDLE="$2"; shift 2;;
    -timeout) TIMEOUT="$2"; shift 2;;
    -impls) IMPLS="$2"; shift 2;;
    -out) OUT="$2"; shift 2;;
    -skip-build) BUILD=0; shift;;
    -h|--help) sed -n '2,13p' "$0"; exit 0;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done

# The stated JVM configuration: a small serial-collected heap that gives memory back, small
# thread stacks, C1 only (less code cache and compiler memory), default CDS archive.
DEFAULT_OPTS="-XX:+UseSerialGC -Xms8m -Xmx256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss256k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=64m -Xshare:auto"
JAVA_MEM_OPTS=${JAVA_MEM_OPTS:-$DEFAULT_OPTS}
GOPEER=${GOPEER:-"$ROOT/memberlist/target/gopeer"}
JAR=${JAR:-"$ROOT/memberlist-bench/target/benchmarks.jar"}
if [ "$BUILD" = 1 ]; then
  mkdir -p "$ROOT/memberlist/target"
  echo "building gopeer -> $GOPEER" >&2
  "$ROOT/interop/gopeer/build.sh" "${GOPEER_VERSION:-debian}" "$GOPEER"
  echo "building $JAR" >&2
  (cd "$ROOT" && mvn -q -o -pl memberlist-bench -am package -DskipTests)
fi
mkdir -p "$OUT"
RESULTS="$OUT/results-$(date +%Y%m%d-%H%M%S).jsonl"
: > "$RESULTS"

tag() { # adds run, load average (and the impl label) to the JSON line
  python3 -c '
import json, sys
run, load, impl = int(sys.argv[1]), sys.argv[2], sys.argv[3]
for line in sys.stdin:
    line = line.strip()
    if line.startswith("{"):
        d = json.loads(line); d["run"] = run; d["load_before"] = load; d["impl"] = impl
        d["load_after"] = open("/proc/loadavg").read().split()[0]
        print(json.dumps(d), flush=True)
' "$1" "$2" "$3"
}

for n in $NS; do
  for run in $(seq 1 "$RUNS"); do
    order=$IMPLS
    if [ $((run % 2)) = 0 ]; then order=$(echo "$IMPLS" | tr ' ' '\n' | tac | tr '\n' ' '); fi
    for impl in $order; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      echo "n=$n run=$run impl=$impl load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
      if [ "$impl" = go ]; then
        "$GOPEER" membench -n "$n" -settle "$SETTLE" -idle "$IDLE" -timeout "$TIMEOUT" 2>>"$OUT/stderr.log" \
          | tag "$run" "$load" go | tee -a "$RESULTS" >&2 || true
      else
        jar=$JAR
        if [ "$impl" = javabase ]; then jar=${JAR_BASE:?JAR_BASE must name the jar of impl javabase}; fi
        # shellcheck disable=SC2086
        java $JAVA_MEM_OPTS -cp "$jar" io.memberlist.bench.MemoryBench \
          -n "$n" -settle "$SETTLE" -idle "$IDLE" -timeout "$TIMEOUT" 2>>"$OUT/stderr.log" \
          | tag "$run" "$load" "$impl" | tee -a "$RESULTS" >&2 || true
      fi
    done
  done
done

echo "results: $RESULTS" >&2
python3 "$ROOT/bench/memory-summary.py" "$RESULTS"
