#!/usr/bin/env bash
# Installs what Safer needs to build, test and benchmark, from Debian 12 packages only.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libsqlite3-dev sqlite3 libfmt-dev libcli11-dev nlohmann-json3-dev libxxhash-dev
  libyaml-cpp-dev libxlsxwriter-dev   # the plan file; the pack's workbook
  libcpp-httplib-dev libssl-dev libsodium-dev   # safer serve: HTTP(S), Argon2id passwords
  libminizip-dev libexpat1-dev   # reading action plans from XLSX
  wrk nginx-light            # the server's load test (bench/serve.sh) and its peer
  chromium                   # the pack's PDF, printed from its HTML
  python3 python3-openpyxl poppler-utils   # tests read the pack back: XLSX, PDF text
  libgtest-dev libbenchmark-dev
  clang libclang-rt-14-dev   # libFuzzer for the CSV reader's fuzz target
  hyperfine time             # benchmark timing
  python3-numpy python3-scipy   # peers of the Knox, kernel density and Gi* benchmarks
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js is used only by the benchmark's DuckDB peer; a machine may already carry its own
# build (which bundles npm), so Debian's is added only when there is none.
command -v node >/dev/null || missing+=(nodejs npm)

if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
