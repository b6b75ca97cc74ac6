#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install, build, import the bundled sample into
# the embedded SQLite database (./safer.db, or $SAFER_DB), and print a summary.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh safer
scripts/build-web.sh   # the web front end `safer serve` serves (npm ci from the lock file)

export SAFER_DB="${SAFER_DB:-$PWD/safer.db}"
safer=build/safer
echo
echo "== Areas: ONS LSOA (2011) → ward (2018) → local authority lookup for Cleveland"
$safer import areas data/sample/lsoa11_ward18_lad18_cleveland.csv --force "Cleveland Police"
echo
echo "== Police data: data.police.uk, Cleveland Police, September 2018"
$safer import police-uk --progress data/sample/2018-09-cleveland-street.csv
echo
echo "== Incidents by local authority and category, September 2018"
$safer query counts --area "Cleveland Police" --from 2018-09 --to 2018-09 --by category,area --pivot
echo
echo "== Partners' figures for the Safer Hartlepool plan (seed 000), then the performance packs"
$safer import indicator-values data/sample/indicator-values-hartlepool-2018.csv
# The sample holds September 2018 only: a one-month pack has every count; a Q2 pack would
# show July and August as missing (and says so).
$safer report quarterly --area Hartlepool --from 2018-09 --to 2018-09 --out packs/hartlepool
$safer report quarterly --area "Cleveland Police" --from 2018-09 --to 2018-09 --out packs/cleveland
echo
echo "== Where harm concentrates in Hartlepool, and the analysis chapter (docs/analyse.md)"
$safer analyse concentration --area Hartlepool --from 2018-09 --to 2018-09 --by ward --top 5
$safer report analysis --area Hartlepool --from 2018-09 --to 2018-09 --out packs/hartlepool
echo
echo "== Imports so far"
$safer import list
echo
echo "Database: $SAFER_DB. Packs: packs/hartlepool/pack.html, packs/cleveland/pack.pdf, packs/hartlepool/analysis.html, …"
echo "Try: $safer query counts --area Hartlepool --from 2018-09 --to 2018-09 --by ward"
echo
echo "The web app on this database (there is no default user: make the first admin, then serve):"
echo "  $safer user add admin --role admin --agency \"Hartlepool Borough Council\"   # asks for a password"
echo "  $safer serve        # prints http://127.0.0.1:8080/ — open it and sign in as admin"
