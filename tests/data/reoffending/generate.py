#!/usr/bin/env python3
"""Writes extract.csv, a made-up offender-offence extract (400 people, disposals 2013-2016,
with bad rows), and expected_yearly.csv / expected_quarterly.csv: its cohorts as of
2018-12-31 by a second, plain implementation of docs/reoffending.md, for
tests/integration/reoffending_test.sh. Deterministic: run it again and nothing changes.

usage: python3 generate.py   (in this directory)"""
import calendar
import csv
import datetime as dt
import random

rng = random.Random(2013)
START, END = dt.date(2013, 1, 1), dt.date(2016, 12, 31)
TYPES = ["Caution", "Youth caution", "Youth conditional caution", "Conviction", "Release from custody"]


def add_months(d, n):
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def written(d, british):
    return d.strftime("%d/%m/%Y") if british else d.isoformat()


rows = []  # (person, offence, disposal, type)
for p in range(400):
    person = f"P{p:05d}"
    when = START + dt.timedelta(days=rng.randrange(-200, (END - START).days))
    prolific = rng.random() < 0.2
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4, 6] if not prolific else [5, 8, 12])):
        lag = rng.choice([0, 0, 3, 14, 30, 60, 90, 200, 400])
        disposal = when + dt.timedelta(days=lag)
        if START <= disposal <= END:
            rows.append((person, when, disposal, rng.choice(TYPES)))
        when += dt.timedelta(days=rng.randrange(10, 300 if prolific else 700))
        if when > END:
            break

# Rows in disposal date order, as a force system prints them; then five people's latest rows
# moved before their first, as in extracts merged from two systems (in neither date order).
rows.sort(key=lambda r: (r[2], r[0]))
good = list(rows)
lines = [(r, i % 3 == 0) for i, r in enumerate(rows)]
moved = 0
for person in sorted({r[0] for r in rows}):
    at = [i for i, (r, _) in enumerate(lines) if r[0] == person]
    if moved < 5 and len(at) >= 3:
        lines.insert(at[0], lines.pop(at[-1]))
        moved += 1

out = [["Offender ID", "Offence Date", "Disposal Date", "Disposal Type"]]
for (person, offence, disposal, kind), british in lines:
    out.append([person, written(offence, british), written(disposal, not british), kind])
# Bad rows, each set aside with its own reason.
bad = [
    ["", "2014-03-01", "2014-03-10", "Caution"],                 # no person id
    ["P09001", "31/02/2015", "2015-03-10", "Conviction"],        # no such date
    ["P09002", "2015-05-01", "", "Conviction"],                  # not proven
    ["P09003", "2015-06-10", "2015-06-01", "Conviction"],        # disposal before offence
    ["P09004", "2016-11-20", "2017-02-01", "Conviction"],        # after the window (--to 2016-12-31)
    ["P09005", "next Tuesday", "2015-02-01", "Caution"],         # not a date
]
out[40:40] = bad[:3]
out[300:300] = bad[3:]
out.insert(500, list(out[200]))  # an exact repeat, counted once
with open("extract.csv", "w", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(out)


def cohorts(months):
    first = START
    while first <= END:
        last = add_months(first, months) - dt.timedelta(days=1)
        if add_months(last, 18) > END:
            break
        size = reoffenders = reoffences = 0
        for person in sorted({r[0] for r in good}):
            mine = [r for r in good if r[0] == person]
            index = min((r[2] for r in mine if first <= r[2] <= last), default=None)
            if index is None:
                continue
            size += 1
            n = sum(1 for r in mine if index < r[1] <= add_months(index, 12) and r[2] <= add_months(index, 18))
            reoffences += n
            reoffenders += n > 0
        label = f"{first:%b %y} to {last:%b %y}"
        yield [label, first.isoformat(), last.isoformat(), size, reoffenders, reoffences,
               f"{reoffences / reoffenders:.2f}" if reoffenders else "",
               f"{100 * reoffenders / size:.1f}" if size else "",
               f"{reoffences / size:.2f}" if size else ""]
        first = add_months(first, 3)


header = ["cohort", "first_day", "last_day", "cohort_size", "reoffenders", "reoffences",
          "reoffences_per_reoffender", "binary_rate_percent", "reoffences_per_offender"]
for name, months in (("yearly", 12), ("quarterly", 3)):
    with open(f"expected_{name}.csv", "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *cohorts(months)])
