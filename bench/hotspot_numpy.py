#!/usr/bin/python3
"""The peer of `safer analyse hotspots` for bench/hotspot.sh: the same method written the
straightforward vectorised way with NumPy and SciPy (Debian's python3-numpy, python3-scipy).

  hotspot_numpy.py generate N OUT.csv [SEED]     clustered longitude/latitude points
  hotspot_numpy.py run POINTS.csv --cell M --bandwidth M --gi-cell M --gi-distance M [--check SAFER.json]

`run` reads the points, projects them as Safer does (equirectangular about their mean), and
computes the exact quartic kernel density at every cell centre (one np.bincount pass per
cell offset within the bandwidth: every point against every cell its kernel reaches) and
Gi* on the grid of counts (scipy.ndimage.correlate with the distance band's footprint),
Benjamini-Hochberg, the hot-cell count. It prints its times; with --check it compares its
grids with Safer's JSON and exits 1 when they differ beyond rounding.
"""
import argparse
import json
import math
import sys
import time

import numpy as np
from scipy import ndimage, special

METRES_PER_DEGREE = 111320.0


def generate(n, out, seed):
    # A force-sized area (about 40 km × 30 km about Cleveland): 30% spread evenly, 70% in 300
    # clusters of different sizes and weights, as crime is.
    rng = np.random.default_rng(seed)
    lat0, lng0 = 54.58, -1.20
    m_lng = METRES_PER_DEGREE * math.cos(math.radians(lat0))
    n_bg = int(n * 0.3)
    x = rng.uniform(-20000, 20000, n_bg)
    y = rng.uniform(-15000, 15000, n_bg)
    k = 300
    cx, cy = rng.uniform(-18000, 18000, k), rng.uniform(-13000, 13000, k)
    sd = rng.uniform(40, 600, k)
    weight = rng.pareto(1.5, k) + 1
    which = rng.choice(k, n - n_bg, p=weight / weight.sum())
    x = np.concatenate([x, cx[which] + rng.normal(0, 1, n - n_bg) * sd[which]])
    y = np.concatenate([y, cy[which] + rng.normal(0, 1, n - n_bg) * sd[which]])
    lng = lng0 + x / m_lng
    lat = lat0 + y / METRES_PER_DEGREE
    with open(out, "w") as f:
        f.write("longitude,latitude\n")
        np.savetxt(f, np.column_stack([lng, lat]), fmt="%.6f", delimiter=",")


def frame(lo_x, lo_y, hi_x, hi_y, margin, cell):
    x0, y0 = lo_x - margin, lo_y - margin
    cols = max(1, math.ceil((hi_x + margin - x0) / cell))
    rows = max(1, math.ceil((hi_y + margin - y0) / cell))
    return x0, y0, rows, cols


def density(x, y, x0, y0, rows, cols, cell, h):
    out = np.zeros(rows * cols)
    fx = (x - x0) / cell - 0.5  # position in cell-centre units
    fy = (y - y0) / cell - 0.5
    bx, by = np.floor(fx).astype(np.int64), np.floor(fy).astype(np.int64)
    reach = int(math.ceil(h / cell)) + 1
    scale = 3.0 / (math.pi * h * h) * 1e6
    for dr in range(-reach, reach + 1):
        r = by + dr
        dy = y0 + (r + 0.5) * cell - y
        for dc in range(-reach, reach + 1):
            c = bx + dc
            dx = x0 + (c + 0.5) * cell - x
            u = 1.0 - (dx * dx + dy * dy) / (h * h)
            keep = (u > 0) & (r >= 0) & (r < rows) & (c >= 0) & (c < cols)
            if keep.any():
                out += np.bincount((r * cols + c)[keep], weights=scale * u[keep] ** 2, minlength=rows * cols)
    return out


def gi_star(x, y, x0, y0, rows, cols, cell, distance):
    c = np.clip(np.floor((x - x0) / cell).astype(np.int64), 0, cols - 1)
    r = np.clip(np.floor((y - y0) / cell).astype(np.int64), 0, rows - 1)
    counts = np.bincount(r * cols + c, minlength=rows * cols).reshape(rows, cols).astype(np.float64)
    reach = distance / cell
    k = int(math.floor(reach + 1e-9))
    dr, dc = np.mgrid[-k:k + 1, -k:k + 1]
    footprint = (np.floor(np.sqrt(np.maximum(0.0, reach * reach - dr * dr)) + 1e-9) >= np.abs(dc)).astype(np.float64)
    local = ndimage.correlate(counts, footprint, mode="constant", cval=0.0)
    w = ndimage.correlate(np.ones_like(counts), footprint, mode="constant", cval=0.0)
    n = counts.size
    mean = counts.mean()
    sd = math.sqrt((counts ** 2).mean() - mean * mean)
    spread = (n * w - w * w) / (n - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(spread > 0, (local - mean * w) / (sd * np.sqrt(spread)), 0.0)
    z = z.ravel()
    p = special.erfc(np.abs(z) / math.sqrt(2))
    order = np.argsort(p, kind="stable")
    ranked = p[order] * n / np.arange(1, n + 1)
    adjusted = np.empty(n)
    adjusted[order] = np.minimum(1.0, np.minimum.accumulate(ranked[::-1])[::-1])
    return counts.ravel(), z, adjusted


def run(args):
    t0 = time.perf_counter()
    pts = np.loadtxt(args.points, delimiter=",", skiprows=1, dtype=np.float64)
    lng, lat = pts[:, 0], pts[:, 1]
    lng0, lat0 = lng.mean(), lat.mean()
    x = (lng - lng0) * METRES_PER_DEGREE * math.cos(lat0 * math.pi / 180)
    y = (lat - lat0) * METRES_PER_DEGREE
    read = time.perf_counter() - t0

    t1, c1 = time.perf_counter(), time.process_time()
    lo_x, hi_x, lo_y, hi_y = x.min(), x.max(), y.min(), y.max()
    kx0, ky0, krows, kcols = frame(lo_x, lo_y, hi_x, hi_y, args.bandwidth, args.cell)
    dens = density(x, y, kx0, ky0, krows, kcols, args.cell, args.bandwidth)
    t2 = time.perf_counter()
    gx0, gy0, grows, gcols = frame(lo_x, lo_y, hi_x, hi_y, 0.0, args.gi_cell)
    counts, z, adjusted = gi_star(x, y, gx0, gy0, grows, gcols, args.gi_cell, args.gi_distance)
    hot = int(((z > 0) & (adjusted <= 0.05)).sum())
    t3, c3 = time.perf_counter(), time.process_time()
    print(f"numpy: {len(x)} points read in {read:.3f} s; density {kcols}x{krows} cells in {t2 - t1:.3f} s, "
          f"Gi* {gcols}x{grows} cells in {t3 - t2:.3f} s; {hot} hot cells at q = 0.05")
    print(f"NUMPY_READ={read:.3f} NUMPY_METHOD={t3 - t1:.3f} NUMPY_METHOD_CPU={c3 - c1:.3f}")

    if args.check:
        with open(args.check) as f:
            safer = json.load(f)
        problems = []
        sd = safer["density"]
        if (sd["frame"]["rows"], sd["frame"]["cols"]) != (krows, kcols):
            problems.append(f"density grid {sd['frame']['rows']}x{sd['frame']['cols']} vs {krows}x{kcols}")
        else:
            theirs = np.asarray(sd["values"], dtype=np.float64)
            worst = float(np.max(np.abs(theirs - dens)) / max(1e-300, dens.max()))
            print(f"check: density max |difference| / max density = {worst:.2e}")
            if worst > 1e-9:
                problems.append(f"density differs by {worst:.2e} of the maximum")
        gi = safer["gi"]
        if (gi["frame"]["rows"], gi["frame"]["cols"]) != (grows, gcols):
            problems.append(f"Gi* grid {gi['frame']['rows']}x{gi['frame']['cols']} vs {grows}x{gcols}")
        else:
            listed = np.zeros(grows * gcols, dtype=bool)
            worst_z = 0.0
            for c in gi["cells"]:
                i = c["row"] * gcols + c["col"]
                listed[i] = True
                worst_z = max(worst_z, abs(c["z"] - z[i]))
                if c["count"] != counts[i]:
                    problems.append(f"cell {c['row']},{c['col']}: count {c['count']} vs {counts[i]:.0f}")
                    break
            unlisted_significant = int(((~listed) & ((counts > 0) | (adjusted <= 0.10))).sum())
            print(f"check: Gi* max |z difference| = {worst_z:.2e}; hot cells {safer['summary']['hot_cells']} (Safer) "
                  f"vs {hot} (NumPy)")
            if worst_z > 1e-6:
                problems.append(f"Gi* z differs by {worst_z:.2e}")
            if unlisted_significant:
                problems.append(f"{unlisted_significant} cells with incidents or significance missing from Safer's list")
            if safer["summary"]["hot_cells"] != hot:
                problems.append("the hot cell counts differ")
        if problems:
            print("check FAILED: " + "; ".join(problems))
            return 1
        print("check: Safer and NumPy agree")
    return 0


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "generate":
        generate(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 1)
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["run"])
    parser.add_argument("points")
    parser.add_argument("--cell", type=float, required=True)
    parser.add_argument("--bandwidth", type=float, required=True)
    parser.add_argument("--gi-cell", type=float, default=250)
    parser.add_argument("--gi-distance", type=float, default=375)
    parser.add_argument("--check")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
