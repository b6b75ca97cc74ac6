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

section "the analysis chapter: hot spots — the map inline, the CLI's sentence and top cell"
assert_contains "$html" '<figure class="map"><svg xmlns="http://www.w3.org/2000/svg"' "the hot-spot SVG is inline in the HTML"
assert_not_contains "$html" '<script' "no script in the chapter"
expect_exit 0 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --top 1
hot_sentence=$(printf '%s\n' "$OUT" | grep 'cells* \(is\|are\) hot spots' | head -1)
assert_ne "" "$hot_sentence" "the CLI states the hot-spot sentence"
assert_contains "$html" "$(printf '%s' "$hot_sentence" | sed "s/'/\&#39;/g")" "the chapter's hot-spot sentence is the CLI's (escaped)"
top_cell=$(printf '%s\n' "$OUT" | awk '$1 == "1" { printf "<tr><td>1</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>", $2, $3, $4, $6; exit }')
assert_ne "" "$top_cell" "the CLI lists a top cell"
assert_contains "$html" "$top_cell" "the chapter's top cell (centre, count, z) is the CLI's"

section "the analysis chapter: the repeat distribution adds up to the located incidents"
dist=$(printf '%s' "$html" | grep -o '<table id="repeat-distribution">.*' | sed 's#</table>.*##' |
  sed 's#<tr[^>]*>#\n#g' | grep '<td' | sed -e 's#</td><td[^>]*>#,#g' -e 's#<[^>]*>##g')
assert_eq "1 2 3 4 5+ Total" "$(printf '%s\n' "$dist" | awk -F, '{ printf "%s%s", sep, $1; sep = " " }')" \
  "rows for 1, 2, 3, 4 and 5+ incidents, then the total"
rows_sum=$(printf '%s\n' "$dist" | awk -F, '$1 != "Total" { l += $2; n += $3 } END { print l "," n }')
total_row=$(printf '%s\n' "$dist" | awk -F, '$1 == "Total" { print $2 "," $3 }')
assert_eq "$rows_sum" "$total_row" "the total row is the sum of the rows above it"
expect_exit 0 "$SAFER" analyse repeats --area Hartlepool --from 2018-09 --to 2018-09
located=$(printf '%s\n' "$OUT" | sed -n 's/^Repeat locations in Hartlepool, 2018-09 to 2018-09: \([0-9]*\) incidents at \([0-9]*\) map points$/\2,\1/p')
assert_ne "" "$located" "the CLI states the located incidents and points"
assert_eq "$located" "$total_row" "the distribution's total is the CLI's map points and located incidents"
no_location=$(count_of Hartlepool 2018-09 2018-09 --by ward; printf '%s\n' "$COUNT" | awk -F, '$1 == "(no location)" { n += $2 } END { print n + 0 }')
assert_eq "$area_total" "$(( ${total_row#*,} + no_location ))" "located incidents + those without a location = the area's total"

section "the analysis chapter: exceedance says not enough history on one month, never zero"
assert_contains "$html" "not enough history: 0 of 24 months (no data for 2016-09 … 2018-08)" \
  "the one-month sample's month has not enough history"
assert_contains "$html" "<td class=\"label\">2018-09</td><td>$area_total</td><td></td><td></td>" \
  "the month's count is shown, its expected value and range are blank, not zero"
assert_contains "$html" "No month in Hartlepool could be assessed" "no month assessed is not 'none fell outside'"
assert_contains "$html" "could be tested against the same period last year (2017-09)" \
  "no change is tested against a month with no data"
assert_contains "$html" "no police data held for 2017-09" "the change rows name the month without data"

section "the analysis chapter on three generated years: exceedance and change rows are the CLI's"
export SAFER_DB="$TMP/synth.db"
expect_exit 0 "$SAFER" synth --out "$TMP/years" --forces 1 --from 2016-01 --months 36 --rows 300
expect_exit 0 "$SAFER" import police-uk "$TMP/years"
force="Synthshire Police"
expect_exit 0 "$SAFER" report analysis --area "$force" --from 2018-04 --to 2018-09 --out "$TMP/synth-chapter"
shtml=$(cat "$TMP/synth-chapter/analysis.html")
expect_exit 0 "$SAFER" analyse exceedance --area "$force" --from 2018-04 --to 2018-09 --format csv
exceed_rows=$(printf '%s\n' "$OUT" | tail -n +2)
assert_eq 6 "$(printf '%s\n' "$exceed_rows" | awk 'END { print NR }')" "the CLI assesses six months"
while IFS=, read -r month count expected low high flag note; do
  assert_contains "$shtml" "<tr><td class=\"label\">$month</td><td>$count</td><td>$expected</td><td>$low–$high</td><td class=\"label\">$flag</td>" \
    "$month: the chapter's count, expected value, range and flag are the CLI's"
done <<<"$exceed_rows"
expect_exit 0 "$SAFER" analyse change --area "$force" --from 2018-04 --to 2018-09 --against last-year --by category --format csv
change_rows=$(printf '%s\n' "$OUT" | tail -n +2)
assert_ne "" "$change_rows" "the CLI compares categories"
while IFS=, read -r category against period compared count before change rest; do
  assert_contains "$shtml" "<tr><td class=\"label\">$category</td><td>$count</td><td>$before</td><td>$change</td>" \
    "$category: the chapter's counts and change against last year are the CLI's"
done <<<"$change_rows"
significant=$(printf '%s\n' "$change_rows" | awk -F, '$10 == "yes" { print $1 " " $7 }')
if [ -n "$significant" ]; then
  while read -r named; do
    assert_contains "$shtml" "$named (" "the CLI's significant change ($named) is named in the sentence"
  done <<<"$significant"
  largest=$(printf '%s\n' "$change_rows" | awk -F, '$10 == "yes" { c = $7 < 0 ? -$7 : $7; if (c > m) { m = c; n = $1 " " $7 } } END { print n }')
  assert_contains "$shtml" "largest first: $largest (" "the largest significant change comes first"
else
  assert_contains "$shtml" "is significant at the 5% level" "no significant change is said as such"
fi

it_finish
