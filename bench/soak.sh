#!/usr/bin/env bash
# Soak (issue 11, item 5): N real nodes in one JVM on 127.0.0.1, LAN preset, a seeded wrapper
# around the NIO transport dropping each datagram with probability -loss in each direction,
# watched for -duration once converged. Every -sample it runs a full GC and records the heap
# after it, threads, file descriptors (/proc/self/fd), every node's queue and stream depths
# (Memberlist.stats()), suspicions and false deaths. Writes OUT/soak.jsonl (one JSON object per
# sample), OUT/summary.json, OUT/summary.txt and three SVG charts; exits 1 when a check failed.
#
#   bench/soak.sh [-skip-build] [Soak flags...]
#   bench/soak.sh -n 200 -duration 30m -loss 0.01 -out bench/results/soak     # the documented run
#   bench/soak.sh -n 8 -duration 1m -settle 20s -sample 5s                    # a quick look
#   bench/soak.sh -judge OUT/soak.jsonl 200        # apply the rules again to a saved series
#
# Soak flags (defaults): -n 200 -duration 30m -preset lan -loss 0.01 -seed 1 -settle 5m
#   -sample 30s -join-timeout 180s -threads min(2,cpus) -out target/soak -plant-leak heap,threads,fds
# Runs under nice; JAVA_OPTS sets the JVM options (default -Xmx1g -XX:+UseZGC: every sample runs
# System.gc(), and a stop-the-world full G1 collection freezes all N nodes at once, which on a
# loaded machine lasted up to 2.8 s and set off suspicion storms; ZGC collects concurrently, with
# sub-millisecond pauses). Not part of the build or CI.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/memberlist-bench/target/benchmarks.jar"   # shaded: memberlist + deps + the soak
if [ "${1:-}" = "-skip-build" ]; then
  shift
else
  echo "building $JAR" >&2
  (cd "$ROOT" && mvn -B -q -o -pl memberlist-bench -am package -DskipTests)
fi
case "${1:-}" in -h|--help) sed -n '2,21p' "$0"; exit 0;; esac
# run from a copy, so that a rebuild during the soak does not change the jar under the JVM
RUNJAR=$(mktemp --suffix=.jar)
trap 'rm -f "$RUNJAR"' EXIT
cp "$JAR" "$RUNJAR"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
nice java ${JAVA_OPTS:--Xmx1g -XX:+UseZGC} -cp "$RUNJAR" io.memberlist.bench.soak.Soak "$@"
