#!/bin/sh
# Builds the Go peer against one memberlist release.
#
#   build.sh VERSION OUT
#
# VERSION: v070 (memberlist v0.7.0, go.mod), v054 (v0.5.4, go.v054.mod),
# v022 (v0.2.2 from the module proxy, go.v022.mod), or debian (Debian's
# golang-github-hashicorp-memberlist-dev 0.2.2 in GOPATH mode, no network).
# The Go used is $GO, else /usr/local/go/bin/go, else the first go on PATH;
# it must be at least the go line of the module file (GOTOOLCHAIN defaults to local: no
# toolchain download).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
version=${1:?usage: build.sh v070|v054|v022|debian OUT}
out=${2:?usage: build.sh v070|v054|v022|debian OUT}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
if [ -n "${GO:-}" ]; then
  go=$GO
elif [ -x /usr/local/go/bin/go ]; then
  go=/usr/local/go/bin/go
else
  go=go
fi
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
cd "$here"
echo "building gopeer $version with $("$go" version)" >&2
case "$version" in
  v070) exec "$go" build -buildvcs=false -o "$out" . ;;
  v054) exec "$go" build -buildvcs=false -modfile=go.v054.mod -o "$out" . ;;
  v022) exec "$go" build -buildvcs=false -modfile=go.v022.mod -tags memberlist_v02 -o "$out" . ;;
  debian)
    GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS= \
      exec "$go" build -tags memberlist_v02 -o "$out" . ;;
  *) echo "unknown version $version (v070, v054, v022, debian)" >&2; exit 2 ;;
esac
