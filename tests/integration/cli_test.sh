#!/usr/bin/env bash
# The command line: help on every subcommand, where the database is (--db, $SAFER_DB,
# ./safer.db), output formats that parse, area lookups (wards), populations and rates, and
# unknown areas.
#
# usage: bash cli_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

F="Cleveland Police"

# ---------------------------------------------------------------------------------------
section "--help on every subcommand: exit 0, its options named"
# help_mentions "SUBCOMMAND WORDS" WORD...: `safer SUBCOMMAND --help` exits 0 and names each WORD.
help_mentions() {
  local words=$1 w
  shift
  # shellcheck disable=SC2086 # the subcommand words are meant to split
  expect_exit 0 "$SAFER" $words --help
  for w in "$@"; do
    assert_contains "$OUT" "$w" "\`safer $words --help\` mentions $w"
  done
}
export SAFER_DB="$TMP/help.db"
help_mentions "" --db --quiet import query synth "Exit codes"
help_mentions "import" police-uk areas rejects list
help_mentions "import police-uk" PATH --edition --progress
help_mentions "import areas" PATH --force lsoa_code population
help_mentions "import rejects" --import --format
help_mentions "import list" --format
help_mentions "query" counts
help_mentions "query counts" --area --from --to --by --category --format --rate --pivot
help_mentions "synth" --out --forces --from --months --rows --seed
expect_exit 0 "$SAFER" -h
assert_contains "$OUT" "Usage" "-h prints the usage"
assert_true "--help creates no database" test ! -e "$TMP/help.db"
expect_exit 2 "$SAFER" no-such-command
expect_exit 2 "$SAFER" query counts --from 2018-09 --to 2018-09
assert_contains "$ERR" "--area" "a missing required option is named"

# ---------------------------------------------------------------------------------------
section "where the database is: --db wins over \$SAFER_DB, which wins over ./safer.db"
mkdir -p work
cd work
export SAFER_DB="$TMP/env.db"
expect_exit 0 "$SAFER" --db "$TMP/opt.db" import police-uk "$SAMPLE"
assert_true "--db: the named database was written" test -s "$TMP/opt.db"
assert_true "--db wins: \$SAFER_DB was not created" test ! -e "$TMP/env.db"
assert_true "--db wins: ./safer.db was not created" test ! -e "$TMP/work/safer.db"
expect_exit 0 "$SAFER" --db "$TMP/opt.db" query counts --area "$F" --from 2018-09 --to 2018-09 --format csv
assert_eq $'count\n8416' "$OUT" "query through --db"
# $SAFER_DB names another, empty database: the area is unknown there.
expect_exit 4 "$SAFER" query counts --area "$F" --from 2018-09 --to 2018-09 --format csv
export SAFER_DB="$TMP/opt.db"
expect_exit 0 "$SAFER" query counts --area "$F" --from 2018-09 --to 2018-09 --format csv
assert_eq $'count\n8416' "$OUT" "query through \$SAFER_DB"
expect_exit 4 "$SAFER" --db "$TMP/other.db" query counts --area "$F" --from 2018-09 --to 2018-09
assert_true "--db wins over \$SAFER_DB for queries too" test -e "$TMP/other.db"
unset SAFER_DB
expect_exit 0 "$SAFER" import police-uk "$SAMPLE"
assert_true "without --db or \$SAFER_DB the database is ./safer.db" test -s "$TMP/work/safer.db"
expect_exit 0 "$SAFER" query counts --area "$F" --from 2018-09 --to 2018-09 --format csv
assert_eq $'count\n8416' "$OUT" "query through ./safer.db"
cd "$TMP"
export SAFER_DB="$TMP/opt.db"

# ---------------------------------------------------------------------------------------
section "formats: csv, json and table say the same"
count_of "$F" 2018-09 2018-09 --by category
csv_counts=$(sort <<<"$COUNT")
assert_eq "$(uk_expected_by_category "$SAMPLE")" "$csv_counts" "csv counts by category"
expect_exit 0 "$SAFER" query counts --area "$F" --from 2018-09 --to 2018-09 --by category --format json
if have python3; then
  json_counts=$(python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert isinstance(rows, list)
for r in rows:
    print("%s,%d" % (r["category"], r["count"]))
' <<<"$OUT" 2>&1 | sort || true)
  assert_eq "$csv_counts" "$json_counts" "json counts parse and equal the csv ones"
  csv_parsed=$(printf '%s\n' "$COUNT" | python3 -c '
import csv, sys
for r in csv.reader(sys.stdin):
    assert len(r) == 2, r
    print("%s,%d" % (r[0], int(r[1])))
' 2>&1 | sort || true)
  assert_eq "$csv_counts" "$csv_parsed" "csv counts parse as CSV"
  for cmd in "import list" "import rejects"; do
    # shellcheck disable=SC2086
    expect_exit 0 "$SAFER" $cmd --format json
    assert_eq ok "$(python3 -c 'import json, sys; json.load(sys.stdin); print("ok")' <<<"$OUT" 2>&1 || true)" \
      "\`safer $cmd --format json\` parses"
  done
  expect_exit 0 "$SAFER" import list --format json
  assert_eq "8416 8416" "$(python3 -c '
import json, sys
rows = json.load(sys.stdin)
print(rows[0]["read"], rows[0]["imported"])' <<<"$OUT" 2>&1 || true)" "import list json totals"
else
  echo "(python3 not installed: json not parsed)"
fi
expect_exit 0 "$SAFER" query counts --area "$F" --from 2018-09 --to 2018-09
assert_match "$OUT" '^ *8416$' "table format shows the count"
assert_contains "$OUT" "8416" "table format total"

# ---------------------------------------------------------------------------------------
section "an area lookup places LSOAs in wards"
count_of Hartlepool 2018-09 2018-09
hartlepool_total=$COUNT
expected_total=$(uk_rows "$SAMPLE" | cut -d, -f9 | grep -c '^Hartlepool ' || true)
assert_eq "$expected_total" "$hartlepool_total" "Hartlepool total (LSOA names) before the lookup"
expect_exit 0 "$SAFER" import areas "$LOOKUP" --force "$F"
expected_wards=$(awk -F, 'NR > 1 && $7 == "Hartlepool" { print $4 }' "$LOOKUP" | sort -u | wc -l)
assert_eq 11 "$expected_wards" "(test data) the lookup has 11 Hartlepool wards"
count_of Hartlepool 2018-09 2018-09 --by ward
assert_eq "$expected_wards" "$(grep -c . <<<"$COUNT")" "Hartlepool counted in 11 wards"
assert_eq "$(awk -F, 'NR > 1 && $7 == "Hartlepool" { print $4 }' "$LOOKUP" | sort -u)" \
  "$(cut -d, -f1 <<<"$COUNT" | sort)" "the wards are the lookup's Hartlepool wards"
assert_eq "$hartlepool_total" "$(awk -F, '{ s += $NF } END { print s + 0 }' <<<"$COUNT")" \
  "the wards add up to the Hartlepool total before the lookup"
assert_count "$hartlepool_total" Hartlepool 2018-09 2018-09
assert_count "$hartlepool_total" E06000001 2018-09 2018-09
# One ward, counted independently: its LSOAs in the lookup, their rows in the sample.
awk -F, 'NR > 1 && $4 == "Burn Valley" { print $1 }' "$LOOKUP" | sort >burn_valley.lsoas
expected=$(uk_rows "$SAMPLE" | cut -d, -f8 | sort | join - burn_valley.lsoas | wc -l)
assert_count "$expected" "Burn Valley" 2018-09 2018-09
assert_count 8416 "$F" 2018-09 2018-09

# ---------------------------------------------------------------------------------------
section "rates: empty (with a note) without a population, count*1000/population with one"
run "$SAFER" query counts --area Hartlepool --from 2018-09 --to 2018-09 --rate population --format csv
assert_eq 0 "$RC" "a rate without population still answers"
assert_eq "count,population,rate_per_1000" "$(head -1 <<<"$OUT")" "rate columns"
assert_eq "$hartlepool_total,," "$(tail -n +2 <<<"$OUT")" "no population: population and rate left empty, not 0"
assert_contains "$ERR" "population" "no population: a note on stderr says so"
assert_contains "$ERR" "2018" "the note names the year needed"
printf 'area_code,year,population,households\nE06000001,2018,93242,41000\n' >population.csv
expect_exit 0 "$SAFER" import areas population.csv
rate=$(awk -v n="$hartlepool_total" 'BEGIN { printf "%.2f", n * 1000 / 93242 }')
run "$SAFER" query counts --area Hartlepool --from 2018-09 --to 2018-09 --rate population --format csv
assert_eq 0 "$RC" "rate query"
assert_eq "$hartlepool_total,93242,$rate" "$(tail -n +2 <<<"$OUT")" "rate per 1000 = count*1000/93242"
assert_eq "" "$ERR" "no note once the population is known"
burglary=$(uk_rows "$SAMPLE" | awk -F, '$9 ~ /^Hartlepool / && $10 == "Burglary"' | wc -l)
rate=$(awk -v n="$burglary" 'BEGIN { printf "%.2f", n * 1000 / 41000 }')
count_of Hartlepool 2018-09 2018-09 --category burglary --rate households
assert_eq "$burglary,41000,$rate" "$COUNT" "burglary per 1000 households"
count_of "$F" 2018-09 2018-09 --by area --rate population
assert_eq "Hartlepool,$hartlepool_total,93242,$(awk -v n="$hartlepool_total" 'BEGIN { printf "%.2f", n * 1000 / 93242 }')" \
  "$(grep '^Hartlepool,' <<<"$COUNT")" "rate by area for Hartlepool"
assert_match "$COUNT" '^Middlesbrough,[0-9]+,,$' "an area without population has an empty rate"
assert_not_contains "$COUNT" ",0.00" "a missing rate is never shown as 0"
# A year without a population: mid-2019 is missing.
{ sed 's/,2018-09,/,2019-09,/' "$SAMPLE" >2019-09-cleveland-street.csv; }
expect_exit 0 "$SAFER" import police-uk 2019-09-cleveland-street.csv
run "$SAFER" query counts --area Hartlepool --from 2019-09 --to 2019-09 --rate population --format csv
assert_eq "$hartlepool_total,," "$(tail -n +2 <<<"$OUT")" "mid-2019 population missing: rate left empty"
assert_contains "$ERR" "2019" "the note names the missing year"
# An empty population is unknown, not zero; a row for an unknown area is set aside.
printf 'area_code,year,population,households\nHartlepool,2019,,40000\nE99999999,2019,5000,2000\n' >population2019.csv
expect_exit 0 "$SAFER" import areas population2019.csv
assert_contains "$ERR" "E99999999" "a population row for an unknown area is reported"
run "$SAFER" query counts --area Hartlepool --from 2019-09 --to 2019-09 --rate population --format csv
assert_eq "$hartlepool_total,," "$(tail -n +2 <<<"$OUT")" "an empty population gives an empty rate"
count_of Hartlepool 2019-09 2019-09 --rate households
assert_eq "$hartlepool_total,40000,$(awk -v n="$hartlepool_total" 'BEGIN { printf "%.2f", n * 1000 / 40000 }')" \
  "$COUNT" "the households of the same row are used"
run "$SAFER" import rejects --format csv
assert_contains "$OUT" "E99999999,2019,5000,2000" "the unknown area's row is listed with the rejects"

section "a lookup imported before the police data places them as well"
export SAFER_DB="$TMP/lookup-first.db"
expect_exit 0 "$SAFER" import areas "$LOOKUP" --force "$F"
expect_exit 0 "$SAFER" import police-uk "$SAMPLE"
count_of Hartlepool 2018-09 2018-09 --by ward
assert_eq 11 "$(grep -c . <<<"$COUNT")" "11 Hartlepool wards"
assert_eq "$hartlepool_total" "$(awk -F, '{ s += $NF } END { print s + 0 }' <<<"$COUNT")" "wards add up"
export SAFER_DB="$TMP/opt.db"

# ---------------------------------------------------------------------------------------
# Text that is not UTF-8 (a file saved as Windows-1252: "Café" as the single byte 0xE9) is
# stored as it is; JSON output replaces the bad bytes with U+FFFD, so it always parses.
section "--format json with non-UTF-8 text from a CSV file"
export SAFER_DB="$TMP/latin1.db"
{
  echo "$HEADER"
  printf '%s,2018-13,Latin Police,Latin Police,-1.2,54.6,On or near Caf\xe9,E01000001,Testtown 001A,Burglary,,\n' "$(hexid a)"
  printf ',2018-09,Latin Police,Latin Police,-1.2,54.6,On or near X,E01000009,Caf\xe9town 001A,Burglary,,\n'
} >latin1-street.csv
run "$SAFER" import police-uk latin1-street.csv
assert_true "importing a Windows-1252 file exits 0 or 3 (got $RC)" test "$RC" = 0 -o "$RC" = 3
# json_parses CMD...: CMD exits 0 and prints JSON.
json_parses() {
  expect_exit 0 "$@"
  if have python3 && [[ $RC == 0 ]]; then
    assert_eq ok "$(python3 -c 'import json, sys; json.load(sys.stdin); print("ok")' <<<"$OUT" 2>&1 || true)" \
      "$LAST_CMD prints JSON"
  fi
}
json_parses "$SAFER" import rejects --format json
json_parses "$SAFER" query counts --area "Latin Police" --from 2018-09 --to 2018-09 --by area --format json
json_parses "$SAFER" query counts --area "Latin Police" --from 2018-09 --to 2018-09 --by lsoa --format json
export SAFER_DB="$TMP/opt.db"

# ---------------------------------------------------------------------------------------
section "an unknown area: exit 4 and the known areas listed"
expect_exit 4 "$SAFER" query counts --area Nowhereshire --from 2018-09 --to 2018-09
assert_contains "$ERR" "Nowhereshire" "the unknown area is named"
assert_contains "$ERR" "Hartlepool" "known areas are listed"
assert_contains "$ERR" "$F" "known forces are listed"
expect_exit 4 "$SAFER" query counts --area "$F" --from 2018-09 --to 2018-09 --category no-such-category
assert_contains "$ERR" "no-such-category" "an unknown category is named"
expect_exit 4 "$SAFER" import rejects --import 999
expect_exit 0 "$SAFER" -q query counts --area "$F" --from 2018-09 --to 2018-09 --format csv
assert_eq $'count\n8416' "$OUT" "--quiet still prints results"

it_finish
