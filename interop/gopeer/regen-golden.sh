#!/bin/sh
# Rebuilds the Go peer against one memberlist release and regenerates its
# golden vectors for the Java codec tests.
#
#   regen-golden.sh [debian|v022|v070]
#
# debian (default) and v022 write memberlist/src/test/resources/golden
# (memberlist 0.2.2, go-msgpack v0.5: the vectors in the repository come from
# Debian's package); v070 writes .../golden-v070 (memberlist v0.7.0,
# go-msgpack/v2, labelled configurations).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
version=${1:-debian}
case "$version" in
  debian|v022) out="$root/memberlist/src/test/resources/golden"; flags="" ;;
  v070) out="$root/memberlist/src/test/resources/golden-v070"; flags="-packets-per-run 20" ;;
  *) echo "usage: regen-golden.sh [debian|v022|v070]" >&2; exit 2 ;;
esac
bin="${GOPEER_BIN:-${TMPDIR:-/tmp}/gopeer-$version}"
"$here/build.sh" "$version" "$bin"
mkdir -p "$out"
# shellcheck disable=SC2086
"$bin" record -out "$out" $flags > "$out.summary.tmp"
echo "golden vectors written to $out"
echo "files per scenario / config / kind:"
cat "$out.summary.tmp"
rm -f "$out.summary.tmp"
echo "total size: $(du -sh --apparent-size "$out" | cut -f1)"
