#!/usr/bin/env python3
"""Summarises a bench/engine-compare.sh run: medians over rounds, Java/Go ratios, load averages.

usage: engine-summary.py DIR
"""
import glob
import json
import os
import re
import statistics
import sys

# Java benchmark (JMH name, params) -> the Go twin's name (None: Java only)
PAIRS = [
    ("AliveBenchmark.alive", {}, "alive", "alive, end to end through the node"),
    ("AliveBenchmark.prepareOnly", {}, None, "  of which the harness (copy, patch, CRC)"),
    ("SuspectBenchmark.suspectConfirmRefute", {}, "suspect", "suspect + 2 confirmations + refutation (one cycle)"),
    ("PushPullBenchmark.nodeSteady", {}, "pushpull_steady", "push/pull 1,000, node, all known (steady)"),
    ("PushPullBenchmark.nodeUpdate", {}, "pushpull_update", "push/pull 1,000, node, all newer (update)"),
    ("PushPullBenchmark.nodeFresh", {}, "pushpull_fresh", "push/pull 1,000, node, none known (join) *"),
    ("PushPullBenchmark.engineSteady", {}, None, "push/pull 1,000, engine only, steady"),
    ("PushPullBenchmark.engineUpdate", {}, None, "push/pull 1,000, engine only, update *"),
    ("PushPullBenchmark.engineFresh", {}, None, "push/pull 1,000, engine only, join *"),
    ("GossipBenchmark.tick", {"compress": "false"}, "gossip", "gossip tick, N = 1,001, 3 full packets"),
    ("GossipBenchmark.tick", {"compress": "true"}, "gossip_compress", "gossip tick, as above, LZW on"),
    ("LzwBenchmark.compressPushPull", {}, "lzw_compress_pushpull", "LZW compress, push/pull stream"),
    ("LzwBenchmark.decompressPushPull", {}, "lzw_decompress_pushpull", "LZW decompress, push/pull stream"),
    ("LzwBenchmark.compressCompound", {}, "lzw_compress_compound", "LZW compress, 1,400-byte compound"),
    ("LzwBenchmark.decompressCompound", {}, "lzw_decompress_compound", "LZW decompress, 1,400-byte compound"),
]
UNIT = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6}


def med(xs):
    return statistics.median(xs) if xs else None


def fmt(ns):
    if ns is None:
        return "-"
    if ns >= 1e6:
        return "%.2f ms" % (ns / 1e6)
    if ns >= 1e3:
        return "%.2f µs" % (ns / 1e3)
    return "%.0f ns" % ns


def ratio(a, b):
    return "-" if a is None or b is None or b == 0 else "%.2f" % (a / b)


def main(d):
    java = {}  # key -> {"wall": [...], "cpu": [...]}
    loads = {"java": []}
    for f in sorted(glob.glob(os.path.join(d, "java-*.json"))):
        if f.endswith(".load.json"):
            continue
        lf = f[:-5] + ".load.json"
        if os.path.exists(lf):
            l = json.load(open(lf))
            loads["java"] += [float(l["load1_start"]), float(l["load1_end"])]
        for b in json.load(open(f)):
            name = re.sub(r"^io\.memberlist\.bench\.engine\.", "", b["benchmark"])
            key = (name, tuple(sorted(b.get("params", {}).items())))
            pm = b["primaryMetric"]
            e = java.setdefault(key, {"wall": [], "cpu": []})
            e["wall"].append(pm["score"] * UNIT[pm["scoreUnit"]])
            cpu = b.get("secondaryMetrics", {}).get("cpu")
            if cpu:
                e["cpu"].append(cpu["score"] * UNIT[cpu["scoreUnit"]])
    go = {}  # version -> bench -> {"wall", "cpu", "load"}
    for f in sorted(glob.glob(os.path.join(d, "go-*.jsonl"))):
        for line in open(f):
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            e = go.setdefault(r["memberlist"], {}).setdefault(r["bench"], {"wall": [], "cpu": [], "load": []})
            e["wall"].append(r["wall_ns_per_op"])
            if r.get("cpu_ns_per_op"):
                e["cpu"].append(r["cpu_ns_per_op"])
            e["load"].append(float(r["load1"]))
    versions = sorted(go)
    rounds = len([f for f in glob.glob(os.path.join(d, "java-*.json")) if not f.endswith(".load.json")])
    print("Engine benchmarks, %d round(s), medians; wall and CPU time per operation (CPU: whole process)." % rounds)
    if loads["java"]:
        print("Load average (1 min) during the Java runs: %.2f-%.2f" % (min(loads["java"]), max(loads["java"])))
    for v in versions:
        ls = [x for e in go[v].values() for x in e["load"]]
        print("Load average (1 min) during the Go %s runs: %.2f-%.2f" % (v, min(ls), max(ls)))
    print()
    head = "| operation | Java wall | Java CPU |"
    sep = "|---|---:|---:|"
    for v in versions:
        head += " Go %s wall | Go %s CPU | Java/Go wall | Java/Go CPU |" % (v, v)
        sep += "---:|---:|---:|---:|"
    print(head)
    print(sep)
    for jname, params, gname, label in PAIRS:
        key = (jname, tuple(sorted(params.items())))
        j = java.get(key, {"wall": [], "cpu": []})
        jw, jc = med(j["wall"]), med(j["cpu"])
        row = "| %s | %s | %s |" % (label, fmt(jw), fmt(jc))
        for v in versions:
            g = go[v].get(gname) if gname else None
            if g is None:
                row += " | | | |"
                continue
            gw, gc = med(g["wall"]), med(g["cpu"])
            row += " %s | %s | %s | %s |" % (fmt(gw), fmt(gc), ratio(jw, gw), ratio(jc, gc))
        print(row)
    print()
    print("Ratios below 1: Java faster. * Java CPU includes a per-operation setup outside the timed"
          " section (a new node, or a new decoded request): an upper bound.")


if __name__ == "__main__":
    main(sys.argv[1])
