#!/usr/bin/env bash
# Configures and builds Safer in Release mode into build/ (tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSAFER_TESTS=ON >/dev/null
cmake --build build -j "$(nproc)"
