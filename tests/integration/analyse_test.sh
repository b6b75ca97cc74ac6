#!/usr/bin/env bash
# safer analyse concentration and safer report analysis: the ranked wards add up to the area's count (less the
# incidents without a ward), the top-N share is the sum of the top rows, N > wards refused.
#
# usage: bash analyse_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

section "import the sample and its lookup"
expect_exit 0 "$SAFER" import areas "$LOOKUP" --force "Cleveland Police"
expect_exit 0 "$SAFER" import police-uk "$SAMPLE"

section "concentration by ward: counts add up, the top-5 share matches the rows"
count_of Hartlepool 2018-09 2018-09
area_total=$COUNT
count_of Hartlepool 2018-09 2018-09 --by ward
unknown=$(printf '%s\n' "$COUNT" | awk -F, '$1 == "(ward unknown)" || $1 == "(no location)" { n += $2 } END { print n + 0 }')
expect_exit 0 "$SAFER" analyse concentration --area Hartlepool --from 2018-09 --to 2018-09 --by ward --top 5 --format csv
rows=$(printf '%s\n' "$OUT" | tail -n +2)
sum=$(printf '%s\n' "$rows" | awk -F, '{ n += $3 } END { print n + 0 }')
assert_eq "$((area_total - unknown))" "$sum" "ward counts sum to the area total less incidents without a ward"
wards=$(printf '%s\n' "$rows" | awk 'END { print NR }')
listed=$("$SAFER" query counts --area Hartlepool --from 2018-09 --to 2018-09 --by ward --format csv | tail -n +2 |
  awk -F, '$1 != "(ward unknown)" && $1 != "(no location)"' | awk 'END { print NR }')
assert_true "every ward with incidents is ranked ($wards ranked, $listed counted)" test "$wards" -ge "$listed"
top5=$(printf '%s\n' "$rows" | awk -F, 'NR <= 5 { n += $3 } END { print n + 0 }')
want_share=$(awk -v t="$top5" -v s="$sum" 'BEGIN { printf "%.1f", 100 * t / s }')
assert_contains "$ERR" "$want_share% of all incidents in Hartlepool took place in 5 of its $wards wards" \
  "the sentence states the top-5 share of the rows"
cum5=$(printf '%s\n' "$rows" | awk -F, 'NR == 5 { print $5 }')
assert_eq "$want_share" "$cum5" "the fifth row's cumulative percent is the top-5 share"
assert_contains "$ERR" "Gini coefficient over all $wards wards" "the Gini is printed"
ranks_ordered=$(printf '%s\n' "$rows" | awk -F, 'NR > 1 && $3 > prev { bad = 1 } { prev = $3 } END { print bad ? "no" : "yes" }')
assert_eq "yes" "$ranks_ordered" "rows are ranked most first"

section "the text table shows the top N, the sentence and the Gini"
expect_exit 0 "$SAFER" analyse concentration --area Hartlepool --from 2018-09 --to 2018-09 --by ward --top 3
assert_contains "$OUT" "took place in 3 of its $wards wards" "the sentence in the text output"
assert_match "$OUT" "^ +3  " "the third row is shown"
assert_not_contains "$OUT" "cumulative_percent
   4" "no fourth row"

section "bad input"
expect_exit 2 "$SAFER" analyse concentration --area Hartlepool --from 2018-09 --to 2018-09 --by ward --top 99
assert_contains "$ERR" "has only $wards wards" "N larger than the wards is explained"
expect_exit 2 "$SAFER" analyse concentration --area Hartlepool --from 2018-09 --to 2018-09 --by street
expect_exit 4 "$SAFER" analyse concentration --area Nowhere --from 2018-09 --to 2018-09 --by ward

section "missing months are named"
expect_exit 0 "$SAFER" analyse concentration --area Hartlepool --from 2018-08 --to 2018-09 --by ward --top 2
assert_contains "$ERR" "no police data held for 1 of the 2 months (2018-08)" "a missing month is named"

section "another force's month is not this area's"
printf '%s\n' "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context" \
  ",2018-08,Durham Constabulary,Durham Constabulary,-1.57,54.77,On or near Elvet,E01020656,County Durham 001A,Anti-social behaviour,," \
  > "$TMP/2018-08-durham-street.csv"
expect_exit 0 "$SAFER" import police-uk "$TMP/2018-08-durham-street.csv"
expect_exit 0 "$SAFER" analyse concentration --area Hartlepool --from 2018-08 --to 2018-09 --by ward --top 2
assert_contains "$ERR" "no police data held for 1 of the 2 months (2018-08)" "Durham's August is not Hartlepool's"

section "concentration by grid cell: every cell ever occupied, counts add up to the located incidents"
expect_exit 0 "$SAFER" analyse concentration --area Hartlepool --from 2018-09 --to 2018-09 --by cell --cell 500 --format csv
cells_sum=$(printf '%s\n' "$OUT" | tail -n +2 | awk -F, '{ s += $(NF-2) } END { print s }')
assert_eq "$area_total" "$cells_sum" "every incident in Hartlepool has a location, so the cells hold them all"
assert_contains "$ERR" "500 m squares" "the cell size is said"
expect_exit 2 "$SAFER" analyse concentration --area Hartlepool --from 2018-09 --to 2018-09 --by cell --cell 5

section "the analysis chapter: HTML whose concentration table adds up, and a PDF"
expect_exit 0 "$SAFER" report analysis --area Hartlepool --from 2018-09 --to 2018-09 --out "$TMP/chapter"
assert_true "analysis.html written" test -s "$TMP/chapter/analysis.html"
assert_true "analysis.pdf written" test -s "$TMP/chapter/analysis.pdf"
html=$(cat "$TMP/chapter/analysis.html")
assert_contains "$html" "took place in just 10 of its $wards wards" "the concentration sentence"
assert_contains "$html" "<td class=\"label\">Hartlepool</td><td>$area_total</td>" "the table's total row is the area's total"
expect_exit 2 "$SAFER" report analysis --area Hartlepool --from 2018-09 --to 2018-08 --out "$TMP/chapter2"
assert_contains "$ERR" "backwards" "a backwards range is explained"

it_finish
