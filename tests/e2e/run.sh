#!/usr/bin/env bash
# Browser tests: builds the front end (scripts/build-web.sh, which also installs
# playwright-core), then runs tests/e2e/*.test.mjs with Node's test runner in Debian's
# headless Chromium against a real `safer serve` each test file starts. Screenshots of every
# page go to tests/artifacts/e2e/.
#
# usage: bash tests/e2e/run.sh <path-to-safer> <source-dir>
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 <path-to-safer> <source-dir>" >&2; exit 2; }
SAFER_BIN=$(realpath "$1")
SAFER_SRC=$(realpath "$2")
export SAFER_BIN SAFER_SRC
cd "$SAFER_SRC"
[[ -x /usr/bin/chromium ]] || { echo "e2e: /usr/bin/chromium is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
scripts/build-web.sh
mkdir -p tests/artifacts/e2e
# Each file starts its own server and browser; the runner's default runs one file per spare core.
node --test tests/e2e/*.test.mjs
