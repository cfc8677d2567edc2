#!/usr/bin/env bash
# Engine benchmarks, this library (JMH, memberlist-bench's io.memberlist.bench.engine) against the
# Go library (interop/gopeer enginebench, built against memberlist v0.2.2 and v0.7.0), in one run,
# alternating Go and Java, the load average recorded beside every figure.
#
#   bench/engine-compare.sh [-rounds 3] [-time 2s] [-versions "v022 v070"] [-out DIR] [-skip-build]
#                           [-jmh "JMH OPTIONS"] [-procs 1]
#
# One round: Go (first version), Java, Go (second version), ...; the order of the Go builds turns
# every round. Results: DIR/go-<version>-<round>.jsonl, DIR/java-<round>.json (JMH), and
# DIR/summary.md (medians over rounds, Java/Go ratios of wall and CPU time per operation), which is
# also printed. What each side measures: BENCHMARKS.md, "Engine benchmarks against Go".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=3
TIME=2s
VERSIONS="v022 v070"
OUT="$ROOT/memberlist-bench/target/engine-compare-$(date +%Y%m%d-%H%M%S)"
BUILD=1
PROCS=1
JMH_OPTS="-f 1 -wi 5 -i 5 -w 1s -r 1s"
while [ $# -gt 0 ]; do
  case "$1" in
    -rounds) ROUNDS="$2"; shift 2;;
    -time) TIME="$2"; shift 2;;
    -versions) VERSIONS="$2"; shift 2;;
    -out) OUT="$2"; shift 2;;
    -skip-build) BUILD=0; shift;;
    -jmh) JMH_OPTS="$2"; shift 2;;
    -procs) PROCS="$2"; shift 2;;
    -h|--help) sed -n '2,13p' "$0"; exit 0;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done

JAR="$ROOT/memberlist-bench/target/benchmarks.jar"
BIN="$ROOT/memberlist-bench/target/gopeer-engine"
mkdir -p "$OUT" "$BIN"
if [ "$BUILD" = 1 ]; then
  for v in $VERSIONS; do
    "$ROOT/interop/gopeer/build.sh" "$v" "$BIN/gopeer-$v"
  done
  echo "building $JAR" >&2
  (cd "$ROOT" && mvn -q -o -B -pl memberlist-bench -am package -DskipTests)
fi

load() { cut -d' ' -f1-3 /proc/loadavg; }
run_go() { # version round
  echo "round $2: go $1, load $(load)" >&2
  "$BIN/gopeer-$1" enginebench -time "$TIME" -procs "$PROCS" | tee "$OUT/go-$1-$2.jsonl" >&2
}
run_java() { # round
  echo "round $1: java, load $(load)" >&2
  local l0; l0=$(cut -d' ' -f1 /proc/loadavg)
  # shellcheck disable=SC2086 # JMH_OPTS is a list of options
  java -Djmh.ignoreLock=true -jar "$JAR" 'io.memberlist.bench.engine' $JMH_OPTS \
    -prof io.memberlist.bench.engine.CpuTimeProfiler -rf json -rff "$OUT/java-$1.json" >"$OUT/java-$1.log" 2>&1 \
    || { tail -n 30 "$OUT/java-$1.log" >&2; exit 1; }
  echo "{\"load1_start\": \"$l0\", \"load1_end\": \"$(cut -d' ' -f1 /proc/loadavg)\"}" > "$OUT/java-$1.load.json"
  grep -E '^[A-Z][A-Za-z]+Benchmark\.' "$OUT/java-$1.log" >&2 || true
}

set -- $VERSIONS
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then first=$1; second=${2:-}; else first=${2:-$1}; second=$1; fi
  run_go "$first" "$r"
  run_java "$r"
  if [ -n "$second" ] && [ "$second" != "$first" ]; then run_go "$second" "$r"; fi
done
python3 "$ROOT/bench/engine-summary.py" "$OUT" | tee "$OUT/summary.md"
