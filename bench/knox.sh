#!/usr/bin/env bash
# The Knox test, side by side: `safer analyse near-repeat` and a straightforward vectorised
# NumPy program (bench/knox_numpy.py, Debian's python3-numpy) on the same generated events
# (bench/knox_events.py: a clustered town of 10 km x 10 km, a year of dates), 999
# permutations, bands 5 x 100 m and 5 x 7 days. Checks that both give the same observed
# table, prints the seconds of each and the ratio. See docs/near-repeat.md, "Speed".
#
#   bench/knox.sh                     # 5,000, 20,000 and 50,000 events
#   KNOX_SIZES="5000" bench/knox.sh   # one size
#
# Environment:
#   KNOX_SIZES          event counts; default "5000 20000 50000"
#   KNOX_PERMUTATIONS   permutations for Safer (and NumPy where it runs them all); default 999
#   KNOX_NUMPY_MAX_SECONDS  when NumPy's estimated run is longer, it runs KNOX_NUMPY_FEW
#                       permutations and its 999 are extrapolated (below); default 300
#   KNOX_NUMPY_FEW      default 49
#   KNOX_THREADS        Safer's threads; default 2
#   SAFER_BIN           the safer binary; default build/safer
#   PYTHON              default /usr/bin/python3 (Debian's, with python3-numpy)
#
# Extrapolation: knox_numpy.py reports the seconds it spent finding the pairs and the
# seconds per permutation; its time for P permutations is pairs + P x per-permutation (each
# permutation does the same work: shuffle, gather, bin). Reading the file is not counted
# for NumPy; Safer's time is the whole command, reading included.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SAFER=${SAFER_BIN:-$ROOT/build/safer}
PYTHON=${PYTHON:-/usr/bin/python3}
SIZES=${KNOX_SIZES:-5000 20000 50000}
PERMS=${KNOX_PERMUTATIONS:-999}
NUMPY_MAX=${KNOX_NUMPY_MAX_SECONDS:-300}
FEW=${KNOX_NUMPY_FEW:-49}
THREADS=${KNOX_THREADS:-2}
SPACE=0,100,200,300,400,500
TIME=7,14,21,28,35
OUT="$ROOT/bench/out/knox"

[[ -x $SAFER ]] || { echo "knox bench: no safer binary at $SAFER (scripts/build.sh, or SAFER_BIN=...)" >&2; exit 1; }
"$PYTHON" -c 'import numpy' 2>/dev/null || { echo "knox bench: $PYTHON has no numpy (apt-get install python3-numpy)" >&2; exit 1; }
mkdir -p "$OUT"

now() { date +%s.%N; }
printf '%-8s %12s %14s %16s %8s  %s\n' events near_pairs safer_seconds numpy_seconds ratio note
for n in $SIZES; do
  events="$OUT/events-$n.csv"
  [[ -s $events ]] || "$PYTHON" "$ROOT/bench/knox_events.py" "$n" 1 >"$events"

  start=$(now)
  "$SAFER" analyse near-repeat "$events" --space-edges "$SPACE" --time-edges "$TIME" \
    --permutations "$PERMS" --threads "$THREADS" --seed 1 --format csv >"$OUT/safer-$n.csv" 2>"$OUT/safer-$n.err"
  safer_seconds=$(echo "$(now) - $start" | bc)

  # A short NumPy run first, to know whether all the permutations fit in the time allowed.
  "$PYTHON" "$ROOT/bench/knox_numpy.py" "$events" --space-edges "$SPACE" --time-edges "$TIME" \
    --permutations "$FEW" >"$OUT/numpy-$n-few.json"
  estimate=$("$PYTHON" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["pairs_seconds"] + int(sys.argv[2]) * r["per_permutation_seconds"])' \
    "$OUT/numpy-$n-few.json" "$PERMS")
  if (( $(echo "$estimate <= $NUMPY_MAX" | bc) )); then
    "$PYTHON" "$ROOT/bench/knox_numpy.py" "$events" --space-edges "$SPACE" --time-edges "$TIME" \
      --permutations "$PERMS" >"$OUT/numpy-$n.json"
    note="numpy ran all $PERMS permutations"
  else
    cp "$OUT/numpy-$n-few.json" "$OUT/numpy-$n.json"
    note="numpy: pairs + $PERMS x per-permutation of a $FEW-permutation run"
  fi
  read -r numpy_seconds pairs same < <("$PYTHON" - "$OUT/numpy-$n.json" "$OUT/safer-$n.csv" "$PERMS" <<'PY'
import csv, json, sys
r = json.load(open(sys.argv[1]))
perms = int(sys.argv[3])
seconds = r["pairs_seconds"] + perms * r["per_permutation_seconds"]
safer = {}
for row in csv.DictReader(open(sys.argv[2])):
    safer[(int(row["space_band"]), int(row["time_band"]))] = int(row["observed"])
numpy = {(i, j): v for i, row in enumerate(r["observed"]) for j, v in enumerate(row)}
print(f"{seconds:.2f}", r["near_pairs"], "same" if safer == numpy else "DIFFERENT")
PY
)
  if [[ $same != same ]]; then
    echo "knox bench: the observed tables differ for $n events ($OUT/safer-$n.csv, $OUT/numpy-$n.json)" >&2
    exit 1
  fi
  ratio=$(echo "scale=1; $numpy_seconds / $safer_seconds" | bc)
  printf '%-8s %12s %14.2f %16.2f %7sx  %s; observed tables equal\n' "$n" "$pairs" "$safer_seconds" "$numpy_seconds" "$ratio" "$note"
done
