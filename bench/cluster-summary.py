#!/usr/bin/env python3
"""Summarises bench/cluster-compare.sh results: one table per (N, hog), Go and Java side by side,
median and maximum over runs of each metric, with the 1-minute load average beside each figure
(median and maximum over the same runs, read when the result was printed).

    bench/cluster-summary.py results-*.jsonl [--markdown]
"""
import json
import statistics
import sys

METRICS = [
    ("converge", "t99_ms", "99 % of pairs know each other (ms)"),
    ("converge", "t_all_ms", "every node sees all N alive (ms)"),
    ("converge", "join_errors", "join errors (after retries)"),
    ("converge", "last_join_ms", "last join() returned (ms)"),
    ("converge", "peak_rss_mb", "peak RSS, whole process (MB)"),
    ("idle", "bytes_per_s_per_node", "idle bytes/s/node"),
    ("idle", "packets_per_s_per_node", "idle packets/s/node"),
    ("idle", "cpu_ms_per_s_per_node", "idle CPU ms/s/node"),
    ("idle", "rss_mb", "RSS after idle window (MB)"),
    ("crash", "t_all_ms", "crash seen dead by all (ms)"),
    ("crash", "false_suspicions", "false suspicions (sampled pairs)"),
    ("crash", "false_deaths", "false deaths (pairs)"),
    ("leave", "leave_call_ms", "leave() returns (ms)"),
    ("leave", "t_all_ms", "leave seen by all (ms)"),
]


def num(v):
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def fmt(v):
    if v is None:
        return "-"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}".rstrip("0").rstrip(".") if v else "0"


def cell(rows, key):
    vals = [num(r.get(key)) for r in rows]
    vals = [v for v in vals if v is not None]
    loads = [r["load"][0] for r in rows if isinstance(r.get("load"), list) and r["load"]]
    if not vals:
        return "-"
    load = f" (load {fmt(statistics.median(loads))}/{fmt(max(loads))})" if loads else ""
    return f"{fmt(statistics.median(vals))} / {fmt(max(vals))} [{len(vals)}]{load}"


def main():
    path = sys.argv[1]
    md = "--markdown" in sys.argv
    rows = [json.loads(l) for l in open(path) if l.strip()]
    groups = sorted({(r["n"], r.get("hog", 0)) for r in rows if r.get("bench") == "converge"})
    for n, hog in groups:
        def sel(bench, impl):
            out = []
            for r in rows:
                if r.get("bench") != bench or r.get("impl") != impl or r.get("hog", 0) != hog:
                    continue
                # crash/leave lines carry the live count (n or n-1): match them by run's N
                if r.get("n") == n or (bench in ("crash", "leave", "idle") and r.get("n") in (n - 1, n - 2)):
                    out.append(r)
            return out

        conv = {i: sel("converge", i) for i in ("go", "java")}
        title = f"N = {n}" + (f", cpu hog {hog}" if hog else "")
        ok = {i: sum(1 for r in conv[i] if r.get("converged")) for i in conv}
        if md:
            print(f"\n### {title}\n")
            print("median / max [runs with a value] (1-min load average median/max)\n")
            print("| metric | Go | Java |")
            print("|---|---|---|")
            print(f"| runs converged | {ok['go']} of {len(conv['go'])} | {ok['java']} of {len(conv['java'])} |")
        else:
            print(f"\n{title}: median / max [runs] (load median/max)")
            print(f"  {'runs converged':<38} {str(ok['go']) + ' of ' + str(len(conv['go'])):>34} "
                  f"{str(ok['java']) + ' of ' + str(len(conv['java'])):>34}")
        for bench, key, label in METRICS:
            g, j = cell(sel(bench, "go"), key), cell(sel(bench, "java"), key)
            if g == "-" and j == "-":
                continue
            if md:
                print(f"| {label} | {g} | {j} |")
            else:
                print(f"  {label:<38} {g:>34} {j:>34}")


if __name__ == "__main__":
    main()
