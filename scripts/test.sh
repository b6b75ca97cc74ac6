#!/usr/bin/env bash
# The whole test suite: the CSV reader's fuzz target for a short time, then unit and
# integration tests (ctest, whose summary closes the output). Installs what it needs
# first, so it runs on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh
tests/fuzz/run.sh "${FUZZ_SECONDS:-30}"
cd build && ctest --output-on-failure -j 2 --timeout 900
