#!/bin/sh
# Rebuild the Go peer against Debian's memberlist 0.2.2 (GOPATH mode, no
# network) and regenerate the golden vectors used by the Java codec tests.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/memberlist/src/test/resources/golden"
bin="${GOPEER_BIN:-${TMPDIR:-/tmp}/gopeer}"
cd "$here"
GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS= go build -o "$bin" .
mkdir -p "$out"
"$bin" record -out "$out" > "$out.summary.tmp"
echo "golden vectors written to $out"
echo "files per scenario / config / kind:"
cat "$out.summary.tmp"
rm -f "$out.summary.tmp"
echo "total size: $(du -sh --apparent-size "$out" | cut -f1)"
