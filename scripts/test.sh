#!/usr/bin/env bash
# The whole test suite: the CSV reader's fuzz target for a short time, then unit,
# integration (CLI), API (HTTP) and browser tests (ctest, whose summary closes the output). Installs what it needs
# first, so it runs on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh
scripts/build-web.sh   # the front end and the browser tests' playwright-core
tests/fuzz/run.sh "${FUZZ_SECONDS:-30}"
cd build && ctest --output-on-failure -j 2 --timeout 900
