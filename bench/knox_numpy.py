#!/usr/bin/env python3
"""The Knox test as a straightforward vectorised NumPy program: the reference that
bench/knox.sh times beside `safer analyse near-repeat`. Same definitions as Safer's default
convention (docs/near-repeat.md): Euclidean distance, bands (lo, hi], first band [0, e0],
days |d1 - d2|, the last band of each "beyond", p = (1 + #perm >= observed) / (1 + perms).

  python3 knox_numpy.py FILE --space-edges 0,100,200 --time-edges 7,14 --permutations 999

FILE is headerless X,Y,YYYY-MM-DD. Prints JSON: the observed table, the expected table, the
seconds spent finding pairs and the seconds per permutation (so that a run with fewer
permutations can be extrapolated exactly: pairs + permutations x per-permutation).

What a straightforward program does: every pair's distance, computed in blocks of rows
against all later events (O(n^2) work, O(block x n) memory), keeping the pairs within the
largest space edge; each permutation shuffles the days and re-bins those near pairs; the
"beyond space" row is all pairs per time band (from the sorted days) minus the near rows.
"""
import argparse
import json
import sys
import time

import numpy as np


def read(path):
    x, y, d = [], [], []
    with open(path) as f:
        for line in f:
            a, b, c = line.strip().split(",")
            x.append(float(a))
            y.append(float(b))
            d.append(c)
    days = np.array(d, dtype="datetime64[D]").astype(np.int64)
    return np.array(x), np.array(y), days


def near_pairs(x, y, max_edge, block=500):
    n = len(x)
    ii, jj, dd = [], [], []
    for start in range(0, n, block):
        stop = min(start + block, n)
        dx = x[start:stop, None] - x[None, :]
        dy = y[start:stop, None] - y[None, :]
        dist = np.hypot(dx, dy)
        rows = np.arange(start, stop)[:, None]
        keep = (dist <= max_edge) & (np.arange(n)[None, :] > rows)
        r, c = np.nonzero(keep)
        ii.append(r + start)
        jj.append(c)
        dd.append(dist[r, c])
    return np.concatenate(ii), np.concatenate(jj), np.concatenate(dd)


def all_pairs_per_time_band(days, time_edges):
    s = np.sort(days)
    n = len(s)
    within = [0]
    for e in time_edges:
        # pairs (i < j) with s[j] - s[i] <= e
        within.append(int((np.searchsorted(s, s + e, side="right") - np.arange(n) - 1).sum()))
    per = [within[k + 1] - within[k] for k in range(len(time_edges))]
    per.append(n * (n - 1) // 2 - within[-1])
    return np.array(per, dtype=np.int64)


def table(i, j, space_band, days, time_edges, all_per_time, rows, cols):
    t = np.searchsorted(time_edges, np.abs(days[i] - days[j]), side="left")
    counts = np.bincount(space_band * cols + t, minlength=rows * cols).reshape(rows, cols)
    counts[rows - 1, :] = all_per_time - counts[: rows - 1, :].sum(axis=0)
    return counts


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--space-edges", required=True)
    p.add_argument("--time-edges", required=True)
    p.add_argument("--permutations", type=int, default=999)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    space_edges = np.array([float(v) for v in a.space_edges.split(",")])
    time_edges = np.array([int(v) for v in a.time_edges.split(",")])
    rows, cols = len(space_edges) + 1, len(time_edges) + 1

    x, y, days = read(a.file)
    t0 = time.perf_counter()
    i, j, d = near_pairs(x, y, space_edges[-1])
    space_band = np.searchsorted(space_edges, d, side="left")
    all_per_time = all_pairs_per_time_band(days, time_edges)
    observed = table(i, j, space_band, days, time_edges, all_per_time, rows, cols)
    t1 = time.perf_counter()

    rng = np.random.default_rng(a.seed)
    total = np.zeros((rows, cols), dtype=np.int64)
    at_least = np.zeros((rows, cols), dtype=np.int64)
    for _ in range(a.permutations):
        counts = table(i, j, space_band, rng.permutation(days), time_edges, all_per_time, rows, cols)
        total += counts
        at_least += counts >= observed
    t2 = time.perf_counter()
    json.dump({"n": len(x), "near_pairs": len(i), "observed": observed.tolist(),
               "expected": (total / a.permutations).tolist(),
               "p_value": ((1 + at_least) / (1 + a.permutations)).tolist(),
               "pairs_seconds": t1 - t0, "per_permutation_seconds": (t2 - t1) / a.permutations,
               "permutations": a.permutations}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
