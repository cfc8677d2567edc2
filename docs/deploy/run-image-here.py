#!/usr/bin/env python3
"""Runs an image tarball without a container runtime, to check that it works where there is none.

    sudo docs/deploy/run-image-here.py memberlist-cli/target/memberlist-agent-image.tar version
    sudo docs/deploy/run-image-here.py memberlist-cli/target/memberlist-agent-image.tar demo --nodes 3 --preset local

Unpacks the image's layers (a `docker save` tarball, as `jib:buildTar` writes) into a temporary
directory and runs the image's entrypoint there with chroot, as the image's user, with the image's
environment and working directory, and the arguments given here in place of the image's Cmd;
/proc and /dev are mounted as a container runtime would. There is no other isolation (host
network, host processes). Needs root (chroot, mount) and util-linux's unshare. Where Docker or
Podman exist, `docker load -i IMAGE.tar` and `docker run` do this properly.
"""
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile


def unpack(image_tar, root):
    """Extracts every layer in order into root; returns the image's config (the "config" object)."""
    with tempfile.TemporaryDirectory() as d:
        with tarfile.open(image_tar) as t:
            t.extractall(d)
        manifest = json.load(open(os.path.join(d, "manifest.json")))[0]
        config = json.load(open(os.path.join(d, manifest["Config"])))
        for layer in manifest["Layers"]:
            with tarfile.open(os.path.join(d, layer)) as t:  # plain or gzip
                for member in t.getmembers():
                    base = os.path.basename(member.name)
                    if base.startswith(".wh."):  # this layer deletes a file of a lower one
                        gone = os.path.join(root, os.path.dirname(member.name), base[4:])
                        if os.path.isdir(gone) and not os.path.islink(gone):
                            shutil.rmtree(gone)
                        elif os.path.lexists(gone):
                            os.remove(gone)
                        continue
                    t.extract(member, root, numeric_owner=True)
    return config.get("config", {})


def inside(root, config_file, args):
    """In a mount namespace of our own: mount /proc and /dev, enter root, become the image's user."""
    config = json.load(open(config_file))
    for d in ("proc", "dev"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    # the loader finds the JVM's own libraries through /proc/self/exe; the JVM reads /dev/urandom
    subprocess.run(["mount", "-t", "proc", "proc", os.path.join(root, "proc")], check=True)
    subprocess.run(["mount", "--rbind", "/dev", os.path.join(root, "dev")], check=True)
    argv = (config.get("Entrypoint") or []) + (args or config.get("Cmd") or [])
    env = dict(e.split("=", 1) for e in config.get("Env", []))
    user, _, group = (config.get("User") or "0").partition(":")
    os.chroot(root)
    os.chdir(config.get("WorkingDir") or "/")
    os.setgroups([])
    os.setgid(int(group or user))
    os.setuid(int(user))
    try:
        os.execvpe(argv[0], argv, env)
    except OSError as e:
        sys.exit(f"cannot run {argv[0]} in the image (PATH={env.get('PATH', '')}): {e.strerror}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":
        inside(sys.argv[2], sys.argv[3], sys.argv[4:])
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if os.geteuid() != 0:
        sys.exit("chroot needs root")
    root = tempfile.mkdtemp(prefix="image-rootfs-")
    config = unpack(sys.argv[1], root)
    config_file = root + ".json"
    with open(config_file, "w") as f:
        json.dump(config, f)
    print(f"image entrypoint: {config.get('Entrypoint')} user {config.get('User')}, arguments {sys.argv[2:]}",
          file=sys.stderr, flush=True)
    try:
        # the mounts live in the child's private mount namespace and vanish with it
        code = subprocess.run(["unshare", "--mount", "--propagation", "private", sys.executable,
                               os.path.abspath(__file__), "--inside", root, config_file] + sys.argv[2:]).returncode
    finally:
        os.remove(config_file)
        if not any(os.path.ismount(os.path.join(root, d)) for d in ("proc", "dev")):
            shutil.rmtree(root, ignore_errors=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
