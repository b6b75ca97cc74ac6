#!/usr/bin/env bash
# The HTTP API suite (docs/api.md) over real HTTP, each test file against a `safer serve`
# of its own (tests/support/server.mjs). Node 20's built-in runner; no npm packages.
#
#   bash tests/api/run.sh build/safer .
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 PATH-TO-SAFER SOURCE-DIR" >&2
  exit 2
fi
SAFER_BIN=$(realpath "$1")
SAFER_SRC=$(realpath "$2")
export SAFER_BIN SAFER_SRC
command -v node >/dev/null || { echo "api tests: needs node (20 or later)" >&2; exit 1; }
[[ -x "$SAFER_BIN" ]] || { echo "api tests: no safer binary at $SAFER_BIN" >&2; exit 1; }
"$SAFER_BIN" serve --help >/dev/null 2>&1 || { echo "api tests: $SAFER_BIN has no 'serve' command" >&2; exit 1; }
cd "$SAFER_SRC"
# One file at a time: every file starts its own server, and Argon2id sign-ins and the
# timing-sensitive throttle test should not compete for the cores.
exec node --test --test-concurrency=1 tests/api/
