#!/usr/bin/env bash
# Makes a JRE base image as a local tarball, for building the agent image where no container
# registry can be reached:
#
#   docs/deploy/local-base-image.sh target/jre-base.tar
#   mvn -B -Pimage -DskipTests -Dimage.base=tar://$PWD/target/jre-base.tar -pl memberlist-cli -am package
#
# The base is a `docker save` tarball with one layer: a jlink'ed Java runtime (the modules the agent
# needs, from this machine's JDK) under /opt/java and the shared libraries it loads, copied from this
# machine. It is meant for trying the build here, not for production: use a maintained JRE image
# (the default, eclipse-temurin) when the registry is reachable.
#
# Needs: a JDK with jmods (JAVA_HOME, default: the java on PATH), jlink, ldd, tar, sha256sum.
set -euo pipefail

out=${1:?usage: $0 OUT.tar}
out=$(realpath -m "$out")
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -d "$java_home/jmods" ] || { echo "$java_home has no jmods/ (install the JDK's jmods package)" >&2; exit 1; }
# what the agent uses (jdeps --print-module-deps on memberlist-cli's jar), plus elliptic curves for TLS clients
modules=java.base,java.desktop,java.net.http,java.sql,jdk.httpserver,jdk.management,jdk.unsupported,jdk.crypto.ec

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root/opt" "$root/tmp" "$root/etc"
chmod 1777 "$root/tmp"
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
    --strip-debug --no-header-files --no-man-pages --output "$root/opt/java"

# the libraries the runtime links against, and the dynamic loader, at their paths on this machine
find "$root/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -print0 |
    xargs -0 ldd 2>/dev/null | awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' |
    grep -v "^$root/" | sort -u |
    while read -r lib; do
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
[ -e "$root/lib64" ] || { mkdir -p "$root/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"; }
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"

# one layer, byte-for-byte the same on every run from the same files
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/layer.tar" .
diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]}}
JSON
cat >"$work/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["memberlist/local-jre:latest"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out" manifest.json config.json layer.tar
echo "$out: $(du -h "$out" | cut -f1), Java $("$root/opt/java/bin/java" -version 2>&1 | head -1)"
