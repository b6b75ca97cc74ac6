#!/usr/bin/env python3
"""Generated events for the Knox benchmark (bench/knox.sh): a town of 10 km x 10 km in
British National Grid metres, a year of dates, clustered as crime is.

  python3 bench/knox_events.py N SEED > events.csv     # headerless X,Y,date (the NRC's layout)

- 55% of events fall in 40 hotspots (Gaussian, sigma 100-600 m, weights skewed), 25% are
  spread evenly over the town;
- 15% are near repeats of an earlier event: within 300 m and 0-21 days after it;
- 5% are repeats at the identical point (a repeat victim), a third of them the same day.
Coordinates are rounded to the metre, as force extracts give them, so identical points and
same-day ties are common, as in real data.
"""
import sys

import numpy as np

X0, Y0, SIDE = 440000.0, 520000.0, 10000.0
FIRST_DAY = np.datetime64("2023-01-01")
DAYS = 365


def generate(n, seed):
    rng = np.random.default_rng(seed)
    kind = rng.choice(4, size=n, p=[0.55, 0.25, 0.15, 0.05])
    kind[0] = 1  # the first event cannot repeat an earlier one
    centres = rng.uniform(500, SIDE - 500, size=(40, 2))
    sigma = rng.uniform(100, 600, size=40)
    weight = rng.pareto(1.5, size=40) + 1
    weight /= weight.sum()
    x = np.empty(n)
    y = np.empty(n)
    day = rng.integers(0, DAYS, size=n)
    hot = kind == 0
    k = rng.choice(40, size=hot.sum(), p=weight)
    x[hot] = centres[k, 0] + rng.normal(0, 1, hot.sum()) * sigma[k]
    y[hot] = centres[k, 1] + rng.normal(0, 1, hot.sum()) * sigma[k]
    even = kind == 1
    x[even] = rng.uniform(0, SIDE, even.sum())
    y[even] = rng.uniform(0, SIDE, even.sum())
    # Repeats copy an earlier event, in order, so a chain of repeats can form.
    for i in np.flatnonzero(kind >= 2):
        j = rng.integers(0, i)
        if kind[i] == 2:
            r, a = rng.uniform(0, 300), rng.uniform(0, 2 * np.pi)
            x[i], y[i] = x[j] + r * np.cos(a), y[j] + r * np.sin(a)
            day[i] = min(day[j] + rng.integers(0, 22), DAYS - 1)
        else:
            x[i], y[i] = x[j], y[j]
            day[i] = day[j] if rng.random() < 1 / 3 else min(day[j] + rng.integers(1, 60), DAYS - 1)
    x = np.clip(np.round(x), 0, SIDE) + X0
    y = np.clip(np.round(y), 0, SIDE) + Y0
    return x, y, day


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: knox_events.py N SEED")
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    x, y, day = generate(n, seed)
    dates = (FIRST_DAY + day.astype("timedelta64[D]")).astype(str)
    out = sys.stdout
    for i in range(n):
        out.write(f"{x[i]:.0f},{y[i]:.0f},{dates[i]}\n")


if __name__ == "__main__":
    main()
