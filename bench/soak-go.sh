#!/usr/bin/env bash
# Go soak: the twin of bench/soak.sh for HashiCorp's Go memberlist v0.7.0 (`gopeer soak`,
# interop/gopeer/soak.go). N real Go nodes in one process on 127.0.0.1, LAN preset, a seeded
# wrapper around the library's NetTransport dropping each datagram with probability -loss in each
# direction, joined in waves of 25, watched for -duration once converged. Every -sample it runs
# runtime.GC() and records the heap after it, OS threads, goroutines, file descriptors, member
# table and broadcast queue depths, suspicions, refutations and false deaths. Writes OUT/soak.jsonl
# (the Java soak's field names) and OUT/summary.json, then judges the series with the Java soak's
# rules (Soak -judge OUT/soak.jsonl N; rules whose fields Go does not have are reported as not
# applicable); exits 1 when a check failed or the cluster did not converge.
#
#   bench/soak-go.sh [-skip-build] [gopeer soak flags...]
#   bench/soak-go.sh -n 200 -duration 30m -loss 0.01 -out bench/results/soak-go   # the documented run
#   bench/soak-go.sh -n 8 -duration 1m -settle 10s -sample 5s                     # a quick look
#
# Flags (defaults): -n 200 -duration 30m -preset lan -loss 0.01 -seed 1 -settle 5m -sample 30s
#   -join-timeout 180s -out target/soak-go
# Builds gopeer v070 into memberlist-bench/target/gopeer-soak/ and the benchmarks jar (for the
# judge) unless -skip-build; runs under nice. Not part of the build or CI.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="$ROOT/memberlist-bench/target/gopeer-soak/gopeer"
JAR="$ROOT/memberlist-bench/target/benchmarks.jar"   # shaded: has the soak's judge
case "${1:-}" in -h|--help) sed -n '2,19p' "$0"; exit 0;; esac
if [ "${1:-}" = "-skip-build" ]; then
  shift
else
  "$ROOT/interop/gopeer/build.sh" v070 "$BIN"
  echo "building $JAR" >&2
  (cd "$ROOT" && mvn -B -q -o -pl memberlist-bench -am package -DskipTests)
fi
for f in "$BIN" "$JAR"; do
  [ -f "$f" ] || { echo "missing $f: run without -skip-build" >&2; exit 2; }
done

# N and OUT for the judge, read from the flags given (-n 8, -n=8, --n 8)
n=200
out=target/soak-go
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  a=${args[i]#-}; a=-${a#-}
  case "$a" in
    -n) n=${args[i+1]:-$n} ;;
    -n=*) n=${a#-n=} ;;
    -out) out=${args[i+1]:-$out} ;;
    -out=*) out=${a#-out=} ;;
  esac
done

# run from a copy, so that a rebuild during the soak does not change the binary under it
RUNBIN=$(mktemp)
trap 'rm -f "$RUNBIN"' EXIT
cp "$BIN" "$RUNBIN"
chmod +x "$RUNBIN"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "gopeer: $("$RUNBIN" version)" >&2
set +e
nice "$RUNBIN" soak "$@"
rc=$?
set -e
if [ ! -s "$out/soak.jsonl" ]; then
  echo "no samples in $out/soak.jsonl (gopeer exited $rc)" >&2
  exit $((rc == 0 ? 1 : rc))
fi
echo "verdict ($out/soak.jsonl, n=$n, the Java soak's rules):"
set +e
nice java -cp "$JAR" io.memberlist.bench.soak.Soak -judge "$out/soak.jsonl" "$n"
jrc=$?
set -e
if [ "$rc" -ne 0 ]; then
  exit "$rc"
fi
exit "$jrc"
