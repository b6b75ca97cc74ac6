#!/usr/bin/env bash
# Idempotence and editions: importing the same file again changes nothing; a different
# edition of a force-month replaces it whole (last wins, unless labelled editions say the
# held one is later); force-months are independent of each other.
#
# usage: bash reimport_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

F="Cleveland Police"
SAMPLE_ROWS=$(($(wc -l <"$SAMPLE") - 1))
assert_eq 8416 "$SAMPLE_ROWS" "the sample file has the expected number of rows"

by_category() { count_of "$1" "$2" "$3" --by category; sort <<<"$COUNT"; }

# ---------------------------------------------------------------------------------------
section "the same file twice: the second import changes nothing"
expect_exit 0 "$SAFER" import police-uk "$SAMPLE"
assert_totals "$SAMPLE" 8416 8416 0 0
first_counts=$(by_category "$F" 2018-09 2018-09)
assert_eq "$(uk_expected_by_category "$SAMPLE")" "$first_counts" "counts after the first import"
count_of "$F" 2018-09 2018-09 --by area
first_areas=$COUNT
expect_exit 0 "$SAFER" import police-uk "$SAMPLE"
assert_totals "$SAMPLE" 8416 0 0 8416
assert_contains "$OUT" "read 8416 = imported 0 + rejected 0 + unchanged 8416" "import total of the re-run"
assert_eq "$first_counts" "$(by_category "$F" 2018-09 2018-09)" "category counts unchanged by the re-run"
count_of "$F" 2018-09 2018-09 --by area
assert_eq "$first_areas" "$COUNT" "area counts unchanged by the re-run"
assert_count 8416 "$F" 2018-09 2018-09
if have sqlite3; then
  assert_eq 8416 "$(sql 'select count(*) from incident')" "no incident stored twice"
fi
# An edition is its content: the same bytes under another name are the same edition.
cp "$SAMPLE" copy-of-cleveland-street.csv
expect_exit 0 "$SAFER" import police-uk copy-of-cleveland-street.csv
assert_totals copy-of-cleveland-street.csv 8416 0 0 8416
assert_contains "$OUT" "force-months replaced 0" "the same content under another name replaces nothing"
assert_eq "$first_counts" "$(by_category "$F" 2018-09 2018-09)" "counts unchanged by the renamed copy"

# ---------------------------------------------------------------------------------------
section "a file with bad rows imported twice: the rejects list does not grow"
# August: the sample's rows moved to 2018-08, with three bad rows put in.
{
  head -1 "$SAMPLE"
  sed -n '2,101p' "$SAMPLE" | sed 's/,2018-09,/,2018-08,/'
  echo "$(hexid a),2018-08,$F,$F,-1.2,54.6,On or near X,E01011954,Hartlepool 001A,Burglarz,,"
  echo "$(hexid b),2018-13,$F,$F,-1.2,54.6,On or near X,E01011954,Hartlepool 001A,Burglary,,"
  echo "$(hexid c 10),2018-08,$F,$F,-1.2,54.6,On or near X,E01011954,Hartlepool 001A,Burglary,,"
} >2018-08-cleveland-street.csv
expect_exit 0 "$SAFER" import police-uk 2018-08-cleveland-street.csv
assert_totals 2018-08-cleveland-street.csv 103 100 3 0
assert_eq 3 "$(rejects_count)" "three rows set aside"
expect_exit 0 "$SAFER" import police-uk 2018-08-cleveland-street.csv
assert_totals 2018-08-cleveland-street.csv 103 0 3 100
assert_eq 3 "$(rejects_count)" "re-importing the file does not list its rejects twice"
assert_count 100 "$F" 2018-08 2018-08
assert_count 8416 "$F" 2018-09 2018-09

# ---------------------------------------------------------------------------------------
section "a new edition of a force-month (another file name) replaces it whole"
# Edition 2: every 10th row dropped, bicycle thefts recorded as other theft.
awk 'NR == 1 || NR % 10 != 0' "$SAMPLE" | sed 's/,Bicycle theft,/,Other theft,/' >cleveland-2018-09-v2-street.csv
ED2_ROWS=$(($(wc -l <cleveland-2018-09-v2-street.csv) - 1))
expect_exit 0 "$SAFER" import police-uk cleveland-2018-09-v2-street.csv
assert_totals cleveland-2018-09-v2-street.csv "$ED2_ROWS" "$ED2_ROWS" 0 0
assert_contains "$OUT" "force-months replaced 1" "the import says it replaced one force-month"
ed2_expected=$(uk_expected_by_category cleveland-2018-09-v2-street.csv)
assert_eq "$ed2_expected" "$(by_category "$F" 2018-09 2018-09)" "counts are exactly the new edition's"
assert_not_contains "$ed2_expected" "Bicycle theft" "(test setup) the edit removed bicycle thefts"
assert_count "$ED2_ROWS" "$F" 2018-09 2018-09
assert_count 100 "$F" 2018-08 2018-08
if have sqlite3; then
  assert_eq "$((ED2_ROWS + 100))" "$(sql 'select count(*) from incident')" "the old edition's rows are gone"
fi

section "going back to the first edition (unlabelled): the last import wins"
expect_exit 0 "$SAFER" import police-uk "$SAMPLE"
assert_totals "$SAMPLE" 8416 8416 0 0
assert_contains "$OUT" "force-months replaced 1" "the first edition replaces the second"
assert_eq "$first_counts" "$(by_category "$F" 2018-09 2018-09)" "counts are the first edition's again"

# ---------------------------------------------------------------------------------------
section "labelled editions: an older label does not replace a newer one"
# Edition 3: every 7th row dropped.
awk 'NR == 1 || NR % 7 != 0' "$SAMPLE" >cleveland-2018-09-v3-street.csv
ED3_ROWS=$(($(wc -l <cleveland-2018-09-v3-street.csv) - 1))
ed3_expected=$(uk_expected_by_category cleveland-2018-09-v3-street.csv)
expect_exit 0 "$SAFER" import police-uk --edition 2021-01 cleveland-2018-09-v3-street.csv
assert_totals cleveland-2018-09-v3-street.csv "$ED3_ROWS" "$ED3_ROWS" 0 0
assert_eq "$ed3_expected" "$(by_category "$F" 2018-09 2018-09)" "labelled edition 2021-01 loaded"
expect_exit 0 "$SAFER" import police-uk --edition 2020-01 cleveland-2018-09-v2-street.csv
assert_contains "$OUT" "force-months replaced 0" "an older labelled edition replaces nothing"
assert_match "$OUT" "kept 1" "the import says it kept the later edition"
assert_eq "$ed3_expected" "$(by_category "$F" 2018-09 2018-09)" "edition 2021-01 kept over 2020-01"
assert_count "$ED3_ROWS" "$F" 2018-09 2018-09
expect_exit 0 "$SAFER" import police-uk --edition 2022-01 cleveland-2018-09-v2-street.csv
assert_contains "$OUT" "force-months replaced 1" "a later labelled edition replaces"
assert_eq "$ed2_expected" "$(by_category "$F" 2018-09 2018-09)" "edition 2022-01 replaced 2021-01"
assert_count 100 "$F" 2018-08 2018-08

# ---------------------------------------------------------------------------------------
section "two force-months are independent"
# Another force for the same month, and a new edition of Cleveland 2018-08.
sed 's/Cleveland Police/Durham Constabulary/g' "$SAMPLE" >2018-09-durham-street.csv
expect_exit 0 "$SAFER" import police-uk 2018-09-durham-street.csv
assert_totals 2018-09-durham-street.csv 8416 8416 0 0
assert_contains "$OUT" "force-months replaced 0" "a new force's month replaces nothing"
durham_before=$(by_category "Durham Constabulary" 2018-09 2018-09)
assert_eq "$first_counts" "$durham_before" "Durham counts are its file's"
cleveland_before=$(by_category "$F" 2018-09 2018-09)
assert_eq "$ed2_expected" "$cleveland_before" "a second force's month leaves Cleveland's untouched"

{ head -1 "$SAMPLE"; tail -n +2 "$SAMPLE" | sed -n '201,250p' | sed 's/,2018-09,/,2018-08,/'; } >cleveland-2018-08-v2-street.csv
expect_exit 0 "$SAFER" import police-uk cleveland-2018-08-v2-street.csv
assert_contains "$OUT" "force-months replaced 1" "the August edition replaces August"
assert_count 50 "$F" 2018-08 2018-08
assert_eq "$(uk_expected_by_category cleveland-2018-08-v2-street.csv)" "$(by_category "$F" 2018-08 2018-08)" \
  "August counts are the new August edition's"
assert_eq "$cleveland_before" "$(by_category "$F" 2018-09 2018-09)" "Cleveland September untouched by August"
assert_eq "$durham_before" "$(by_category "Durham Constabulary" 2018-09 2018-09)" "Durham untouched by Cleveland August"
count_of "$F" 2018-08 2018-09 --by month
assert_eq "$(printf '2018-08,50\n2018-09,%s' "$ED2_ROWS")" "$COUNT" "counts by month"

section "one import holding editions of two force-months replaces both, nothing else"
awk 'NR == 1 || NR % 3 != 0' 2018-09-durham-street.csv >durham-v2-street.csv
{ head -1 "$SAMPLE"; tail -n +2 "$SAMPLE" | sed -n '301,320p' | sed 's/,2018-09,/,2018-08,/'; } >cleveland-2018-08-v3-street.csv
expect_exit 0 "$SAFER" import police-uk durham-v2-street.csv cleveland-2018-08-v3-street.csv
assert_contains "$OUT" "force-months replaced 2" "two force-months replaced"
assert_eq "$(uk_expected_by_category durham-v2-street.csv)" "$(by_category "Durham Constabulary" 2018-09 2018-09)" \
  "Durham is its new edition"
assert_count 20 "$F" 2018-08 2018-08
assert_eq "$cleveland_before" "$(by_category "$F" 2018-09 2018-09)" "Cleveland September still untouched"

it_finish
