#!/usr/bin/env bash
# The whole test suite: unit and integration tests (ctest), then the CSV reader's fuzz
# target for a short time. Installs what it needs first, so it runs on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh
(cd build && ctest --output-on-failure -j 2 --timeout 900)
tests/fuzz/run.sh "${FUZZ_SECONDS:-30}"
