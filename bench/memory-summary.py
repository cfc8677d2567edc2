#!/usr/bin/env python3
"""Medians and maxima of memory-compare.sh results (JSON lines), Go and Java side by side.

Only runs that converged count; the last lines say how many did.
"""
import json
import statistics
import sys

rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.strip().startswith("{")]
metrics = [
    ("live_heap_per_node_bytes", "live heap per node (KiB)", 1 / 1024),
    ("node_fixed_bytes", "  of which fixed per node (KiB)", 1 / 1024),
    ("member_entry_bytes", "live heap per member entry (B)", 1),
    ("rss_per_node_mb", "RSS per node, idle (MB)", 1),
    ("rss_peak_per_node_mb", "peak RSS per node (MB)", 1),
    ("converge_ms", "converged after (s)", 1 / 1000),
]


def fmt(v):
    return "-" if v is None else (f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}")


impls = [i for i in ("go", "javabase", "java") if any(r["impl"] == i for r in rows)]
for n in sorted({r["n"] for r in rows}):
    print(f"N = {n}  (median (max) [runs with a value])")
    print(f"  {'metric':<34}" + "".join(f"{i:>24}" for i in impls))
    for key, label, scale in metrics:
        cells = []
        for impl in impls:
            # a run that never converged has no idle state: its figures are left out
            vals = [r[key] * scale for r in rows if r["impl"] == impl and r["n"] == n
                    and r.get("converged") and isinstance(r.get(key), (int, float))]
            cells.append(f"{fmt(statistics.median(vals))} ({fmt(max(vals))}) [{len(vals)}]" if vals else "-")
        print(f"  {label:<34}" + "".join(f"{c:>24}" for c in cells))
    for impl in impls:
        sel = [r for r in rows if r["impl"] == impl and r["n"] == n]
        if sel:
            print(f"  {impl}: runs {len(sel)}, converged {sum(1 for r in sel if r.get('converged'))}, "
                  f"load before {[r.get('load_before') for r in sel]}, "
                  f"threads {[r['idle'].get('os_threads') for r in sel]}")
