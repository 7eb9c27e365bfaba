#!/usr/bin/env python3
"""Local slopes D(N) of adjacent widths from a report's summary.per_width (S_pre, S_post):
D_i = ln(S_{i+1}/S_i) / ln(N_{i+1}/N_i), and the slope of each run of `group` adjacent widths
(least squares on ln S against ln N). Usage: local_slopes.py report.json [group]"""
import json, math, sys

report = json.load(open(sys.argv[1]))
group = int(sys.argv[2]) if len(sys.argv) > 2 else 2
rows = sorted(report["summary"]["per_width"], key=lambda w: w["N"])

def slope(points):
    xs = [math.log(n) for n, _ in points]; ys = [math.log(s) for _, s in points]
    mx = sum(xs) / len(xs); my = sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)

print(f"{'N range':>17} {'D_pre':>7} {'D_post':>7}")
for i in range(len(rows) - group + 1):
    chunk = rows[i:i + group]
    out = []
    for key in ("S_pre", "S_post"):
        pts = [(w["N"], w[key]) for w in chunk if w.get(key)]
        out.append(f"{slope(pts):7.3f}" if len(pts) == group else "    n/a")
    print(f"{chunk[0]['N']:>7}–{chunk[-1]['N']:<9} {out[0]} {out[1]}")
