#!/usr/bin/env python3
"""Markdown tables from realnet.py --out files, the implementations side by side.

    bench/realnet/summary.py fp.json gray.json gray-flip.json restart.json
"""

import json
import sys


def cell(v):
    if v is None:
        return "—"
    if isinstance(v, dict):
        return ", ".join("%s %s" % (k, n) for k, n in sorted(v.items()))
    if isinstance(v, list):
        return ", ".join(v) if v else "none"
    return str(v)


def table(rows, impls, fields):
    out = ["| | " + " | ".join(impls) + " |", "|---|" + "---:|" * len(impls)]
    for label, get in fields:
        out.append("| %s | %s |" % (label, " | ".join(cell(get(rows.get(i))) if rows.get(i) else "—" for i in impls)))
    return "\n".join(out)


def main(paths):
    results = []
    for p in paths:
        with open(p) as f:
            results += [r for r in json.load(f) if "phase" not in r]
    impls = sorted({r["impl"] for r in results if "impl" in r}, key=lambda i: ["java", "go", "mixed"].index(i))
    fp = [r for r in results if r.get("scenario") == "fp"]
    fp_impls = [i for i in impls if any(r["impl"] == i for r in fp)]
    if fp:
        cols = ["false suspect (all views)", "false dead", "crash: first suspect / first dead / dead everywhere (s)",
                "load average"]
        print("| loss | " + " | ".join("%s: %s" % (i, c) for c in cols for i in fp_impls) + " |")
        print("|---:|" + "---:|" * (len(cols) * len(fp_impls)))
        for loss in sorted({r["loss_pct"] for r in fp}):
            rows = {r["impl"]: r for r in fp if r["loss_pct"] == loss}
            cells = []
            for get in (lambda r: "%d (%.2f/node·min)" % (r["suspect_events"], r["suspect_per_node_min"]),
                        lambda r: r["dead_events"],
                        lambda r: "%s / %s / %s (%d/%d)" % (cell(r["crash"]["first_suspect_s"]),
                                                          cell(r["crash"]["first_dead_s"]),
                                                          cell(r["crash"]["all_dead_s"]),
                                                          r["crash"]["detected_by"], r["crash"]["observers"]),
                        lambda r: r["load"]):
                cells += [cell(get(rows[i])) if i in rows else "—" for i in fp_impls]
            print("| %g %% | %s |" % (loss, " | ".join(cells)))
    for sc in ("gray", "gray-flip"):
        rows = {r["impl"]: r for r in results if r.get("scenario") == sc}
        if rows:
            print("\n**%s**\n" % sc)
            print(table(rows, impls, [
                ("status changes of the gray node, per observer per minute", lambda r: r["changes_per_observer_min"]),
                ("most changes in one view", lambda r: r["max_changes_one_observer"]),
                ("most changes in one view after the first minute (any change, left included)",
                 lambda r: r.get("max_changes_one_observer_after_first_minute")),
                ("first / last change of its status in any view (s into the window)",
                 lambda r: "%s / %s" % (cell(r.get("first_change_s")), cell(r.get("last_change_s")))),
                ("joins and leaves the application sees, most in one view (total)", lambda r: None
                 if "member_changes_total" not in r else "%d (%d)" % (r["max_member_changes_one_observer"],
                                                                  r["member_changes_total"])),
                ("views that changed", lambda r: "%d/%d" % (r["observers_with_changes"], r["n"] - 1)),
                ("views agree (share of 1 s samples, %)", lambda r: r["views_agree_pct"]),
                ("its state at the end", lambda r: r["final_states"]),
                ("healthy members suspected / declared dead", lambda r: "%d / %d" % (
                    r["collateral_suspect"], r["collateral_dead"])),
                ("load average", lambda r: r["load"])]))
    rows = {r["impl"]: r for r in results if r.get("scenario") == "restart"}
    if rows:
        print("\n**restart**\n")
        print(table(rows, impls, [
            ("members", lambda r: r["n"]),
            ("rolling restart took (s)", lambda r: r["roll_s"]),
            ("then all alive in all views after (s)", lambda r: r["all_alive_after_roll_s"]),
            ("not alive everywhere at the end", lambda r: r["not_alive_everywhere_at_end"]),
            ("members suspected/dead after their restart", lambda r: r["nodes_flapping_after_restart"]),
            ("suspect / dead changes during the roll", lambda r: "%d / %d" % (r["suspect_events"], r["dead_events"])),
            ("load average", lambda r: r["load"])]))


if __name__ == "__main__":
    main(sys.argv[1:])
