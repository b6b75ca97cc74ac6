#!/usr/bin/env bash
# Builds the libFuzzer target for the CSV reader and police.uk checks, and runs it for
# SECONDS (default 30) on a copy of tests/fuzz/corpus in a temporary directory.
# Exits non-zero if the build fails or the fuzzer finds a crash, leak, timeout or
# invariant violation; the crashing input is kept in tests/artifacts/fuzz/.
#
#   tests/fuzz/run.sh [SECONDS]
# Environment: BUILD_DIR (default build-fuzz), CC/CXX (default clang/clang++).
set -euo pipefail

seconds="${1:-30}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || (( seconds < 1 )); then
  echo "usage: $0 [SECONDS]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${BUILD_DIR:-$root/build-fuzz}"

CC="${CC:-clang}" CXX="${CXX:-clang++}" cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAFER_FUZZ=ON -DSAFER_TESTS=OFF >/dev/null
cmake --build "$build" --target csv_reader_fuzz

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
cp "$root"/tests/fuzz/corpus/* "$work/corpus/"
artifacts="$root/tests/artifacts/fuzz"
mkdir -p "$artifacts"

echo "fuzzing csv_reader_fuzz for ${seconds}s (corpus copy in $work/corpus)"
status=0
(cd "$work" && "$build/tests/fuzz/csv_reader_fuzz" \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$work/corpus") || status=$?

if (( status != 0 )); then
  echo "FUZZ FAILED (exit $status); crashing inputs:" >&2
  ls -1 "$artifacts" >&2 || true
  exit 1
fi
echo "fuzzing finished without a crash"
