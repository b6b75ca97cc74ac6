#!/usr/bin/env bash
# Hot spots on a million points: `safer analyse hotspots --points` beside the same method in
# NumPy/SciPy (bench/hotspot_numpy.py), in one run, results checked equal, seconds and ratio
# printed (docs/hotspots.md, "Speed").
#
#   bash bench/hotspot.sh [path-to-safer] [points]     # defaults: build/safer, 1000000
#
# What is timed, for both: reading the CSV of longitude/latitude points and projecting them
# ("read"), then the exact quartic kernel density and Gi* with its correction ("method") —
# the same grids, bandwidth and neighbours. Safer reports its own two times (--timings);
# wall time of the whole command is printed too. On a shared machine the CPU time is the
# fairer measure of work; both are printed. Safer's wall time includes writing its JSON.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
safer=${1:-$here/../build/safer}
n=${2:-1000000}
python=${PYTHON:-/usr/bin/python3}  # Debian's, with python3-numpy and python3-scipy
cell=50 bandwidth=250 gi_cell=250 gi_distance=375
work=$(mktemp -d "${TMPDIR:-/tmp}/safer-hotspot-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "generating $n clustered points (about 40 km × 30 km) …"
"$python" "$here/hotspot_numpy.py" generate "$n" "$work/points.csv" 1
echo "grids: density $cell m cells, quartic bandwidth $bandwidth m; Gi* $gi_cell m cells, neighbours within $gi_distance m"
echo "machine: $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

start=$(date +%s.%N)
"$safer" analyse hotspots --points "$work/points.csv" --cell "$cell" --bandwidth "$bandwidth" --gi-cell "$gi_cell" \
  --gi-distance "$gi_distance" --format json --out "$work/safer.json" --timings 2>"$work/safer.err"
safer_wall=$(echo "$(date +%s.%N) - $start" | bc)
timing=$(grep '^timing:' "$work/safer.err")
echo "safer: ${timing#timing: }; wall $(printf '%.3f' "$safer_wall") s"
safer_read=$(sed -E 's/.* read in ([0-9.]+) s.*/\1/' <<<"$timing")
safer_method=$(sed -E 's/.* cells in ([0-9.]+) s \(.*/\1/' <<<"$timing")
safer_method_cpu=$(sed -E 's/.* cells in [0-9.]+ s \(([0-9.]+) s CPU\).*/\1/' <<<"$timing")

start=$(date +%s.%N)
numpy_out=$("$python" "$here/hotspot_numpy.py" run "$work/points.csv" --cell "$cell" --bandwidth "$bandwidth" \
  --gi-cell "$gi_cell" --gi-distance "$gi_distance" --check "$work/safer.json") || { echo "$numpy_out"; exit 1; }
numpy_wall=$(echo "$(date +%s.%N) - $start" | bc)
grep -v '^NUMPY_' <<<"$numpy_out"
eval "$(grep '^NUMPY_' <<<"$numpy_out")"
echo "numpy wall $(printf '%.3f' "$numpy_wall") s"

printf '\n%-22s %10s %10s %8s\n' "" "Safer (s)" "NumPy (s)" "ratio"
printf '%-22s %10.3f %10.3f %7.1fx\n' "read + project" "$safer_read" "$NUMPY_READ" "$(echo "$NUMPY_READ / $safer_read" | bc -l)"
printf '%-22s %10.3f %10.3f %7.1fx\n' "KDE + Gi* + BH" "$safer_method" "$NUMPY_METHOD" "$(echo "$NUMPY_METHOD / $safer_method" | bc -l)"
printf '%-22s %10.3f %10.3f %7.1fx\n' "  the same, CPU time" "$safer_method_cpu" "$NUMPY_METHOD_CPU" "$(echo "$NUMPY_METHOD_CPU / $safer_method_cpu" | bc -l)"
printf '%-22s %10.3f %10.3f %7.1fx\n' "whole command (wall)" "$safer_wall" "$numpy_wall" "$(echo "$numpy_wall / $safer_wall" | bc -l)"
