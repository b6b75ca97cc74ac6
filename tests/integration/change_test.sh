#!/usr/bin/env bash
# safer analyse exceedance and change: on the one-month sample, "not enough history" said and
# nothing flagged, the months before missing (never zero); on three generated years with one
# month made twice as busy, that month flagged, the expected value recomputed here from
# `query counts` by month, and the change's counts equal to the query's; a missing month in the
# history named; bad command lines refused with a sentence.
#
# usage: bash change_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

section "the sample: one month, so not enough history"
expect_exit 0 "$SAFER" import areas "$LOOKUP" --force "Cleveland Police"
expect_exit 0 "$SAFER" import police-uk "$SAMPLE"
count_of Hartlepool 2018-09 2018-09
sample_total=$COUNT
expect_exit 0 "$SAFER" analyse exceedance --area Hartlepool --from 2018-09 --to 2018-09 --format csv
assert_eq "month,count,expected,low,high,flag,note
2018-09,$sample_total,,,,not enough history,not enough history: 0 of 24 months (no data for 2016-09 … 2018-08)" \
  "$OUT" "the count is shown, no expected value, the reason given"
assert_contains "$ERR" "1 of the 1 rows could not be assessed" "unassessed rows are counted"
assert_contains "$ERR" "No month of 2018-09 to 2018-09 in Hartlepool could be assessed." \
  "no month assessed is not reported as no month exceptional"
assert_contains "$ERR" "no police data held for 24 of the 25 months" "missing history months are named as missing"
expect_exit 0 "$SAFER" analyse change --area Hartlepool --period 2018-09 --format csv
assert_eq "against,period,compared_with,count,before,change,percent_change,p_value,significant,note
previous,2018-09,2018-08,$sample_total,,,,,,no police data held for 2018-08
last-year,2018-09,2017-09,$sample_total,,,,,,no police data held for 2017-09" "$OUT" \
  "no comparison against months with no data: blank, never a change from zero"
assert_contains "$ERR" "No change in Hartlepool in 2018-09 is significant" "the sentence says nothing is significant"

section "bad command lines"
expect_exit 2 "$SAFER" analyse exceedance --area Hartlepool --from 2018-09 --to 2018-01
assert_contains "$ERR" "run backwards" "a backwards range is explained"
expect_exit 2 "$SAFER" analyse exceedance --area Hartlepool --from 2018-9 --to 2018-09
assert_contains "$ERR" "is not a month in the form YYYY-MM" "a bad month is explained"
expect_exit 4 "$SAFER" analyse exceedance --area Nowhere --from 2018-09 --to 2018-09
expect_exit 4 "$SAFER" analyse exceedance --area Hartlepool --from 2018-09 --to 2018-09 --category nonsense
assert_contains "$ERR" "unknown category" "an unknown category is named"
expect_exit 2 "$SAFER" analyse exceedance --area Hartlepool --from 2018-09 --to 2018-09 --by ward
expect_exit 2 "$SAFER" analyse change --area Hartlepool --from 2018-07 --to 2018-09 --against 2017-07..2017-08
assert_contains "$ERR" "against 2017-07..2017-08 is 2 months and the period 2018-07..2018-09 is 3" \
  "periods of different length are refused"
expect_exit 2 "$SAFER" analyse change --area Hartlepool --from 2018-07 --to 2018-09 --against 2018-09..2018-11
assert_contains "$ERR" "overlaps" "an overlapping comparison is refused"
expect_exit 2 "$SAFER" analyse change --area Hartlepool --period 2018/19-Q5
assert_contains "$ERR" "is not a quarter" "a bad period is explained"
expect_exit 2 "$SAFER" analyse change --area Hartlepool --period 2018/19-Q2 --from 2018-07 --to 2018-09
expect_exit 2 "$SAFER" analyse change --area Hartlepool
assert_contains "$ERR" "give a period" "a missing period is explained"
expect_exit 4 "$SAFER" analyse change --area Nowhere --period 2018-09

section "three generated years, June 2018 made twice as busy"
export SAFER_DB="$TMP/synth.db"
expect_exit 0 "$SAFER" synth --out "$TMP/years" --forces 1 --from 2016-01 --months 36 --rows 300
expect_exit 0 "$SAFER" import police-uk "$TMP/years"
expect_exit 0 "$SAFER" synth --out "$TMP/spike" --forces 1 --from 2018-06 --months 1 --rows 700 --seed 2
expect_exit 0 "$SAFER" import police-uk "$TMP/spike"
force="Synthshire Police"
count_of "$force" 2016-01 2018-12 --by month
monthly=$COUNT
expect_exit 0 "$SAFER" analyse exceedance --area "$force" --from 2018-01 --to 2018-12 --format csv
exceed=$OUT
flagged=$(printf '%s\n' "$exceed" | awk -F, 'NR > 1 && ($6 == "above" || $6 == "below") { print $1 ":" $6 }')
assert_eq "2018-06:above" "$flagged" "June 2018 and only June is flagged, above"
assert_contains "$ERR" "Above the expected range in $force: 2018-06 (" "the sentence names the month"
counts_match=$(awk -F, 'NR == FNR { n[$1] = $2; next } FNR > 1 && n[$1] != $2 { bad = bad " " $1 } END { print bad ? bad : "yes" }' \
  <(printf '%s\n' "$monthly") <(printf '%s\n' "$exceed"))
assert_eq "yes" "$counts_match" "every month's count is the query's count"
# The expected value recomputed from the query's monthly counts: the recent 12 months' total
# times both years' counts of the calendar month over the 24 months' total.
recomputed=$(awk -F, 'NR == FNR { n[FNR] = $2; next }
  FNR > 1 { t = FNR - 1 + 24; all = 0; recent = 0
    for (i = t - 24; i < t; ++i) { all += n[i]; if (i >= t - 12) recent += n[i] }
    e = recent * (n[t - 24] + n[t - 12]) / all
    d = e - $3; if (d < 0) d = -d; if (d > 0.051) bad = bad " " $1 }
  END { print bad ? bad : "yes" }' <(printf '%s\n' "$monthly") <(printf '%s\n' "$exceed"))
assert_eq "yes" "$recomputed" "expected = recent year × calendar month's share, from the query's counts"
in_range=$(printf '%s\n' "$exceed" | awk -F, 'NR > 1 && !($4 < $3 && $3 < $5) { bad = 1 } END { print bad ? "no" : "yes" }')
assert_eq "yes" "$in_range" "every expected value lies inside its range"

expect_exit 0 "$SAFER" analyse exceedance --area "$force" --from 2018-06 --to 2018-06
assert_match "$OUT" "2018-06 +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +above" "the text table flags June"

section "change: counts are the query's, the spike is significant"
june=$(printf '%s\n' "$monthly" | awk -F, '$1 == "2018-06" { print $2 }')
may=$(printf '%s\n' "$monthly" | awk -F, '$1 == "2018-05" { print $2 }')
june17=$(printf '%s\n' "$monthly" | awk -F, '$1 == "2017-06" { print $2 }')
expect_exit 0 "$SAFER" analyse change --area "$force" --period 2018-06 --format csv
assert_eq "previous,2018-06,2018-05,$june,$may,+$((june - may))" \
  "$(printf '%s\n' "$OUT" | awk -F, '$1 == "previous" { print $1 "," $2 "," $3 "," $4 "," $5 "," $6 }')" \
  "against the previous month: the query's counts and their difference"
assert_eq "last-year,2018-06,2017-06,$june,$june17,+$((june - june17))" \
  "$(printf '%s\n' "$OUT" | awk -F, '$1 == "last-year" { print $1 "," $2 "," $3 "," $4 "," $5 "," $6 }')" \
  "against June 2017"
assert_eq "yes yes" "$(printf '%s\n' "$OUT" | awk -F, 'NR > 1 { printf "%s%s", sep, $9; sep = " " }')" \
  "both changes are significant"
assert_contains "$ERR" "largest first: +$((june - may)) (" "the largest change is named first"
expect_exit 0 "$SAFER" analyse change --area "$force" --period 2018/19-Q1 --by category --against last-year --format csv
q1=$(printf '%s\n' "$OUT" | awk -F, 'NR > 1 { a += $5; b += $6 } END { print a "," b }')
count_of "$force" 2018-04 2018-06
a=$COUNT
count_of "$force" 2017-04 2017-06
assert_eq "$a,$COUNT" "$q1" "the categories' counts add up to the quarter's and last year's totals"

section "another force's months do not fill Hartlepool's history"
expect_exit 0 "$SAFER" import areas "$LOOKUP" --force "Cleveland Police"
expect_exit 0 "$SAFER" import police-uk "$SAMPLE"
expect_exit 0 "$SAFER" analyse exceedance --area Hartlepool --from 2018-09 --to 2018-09 --format csv
assert_contains "$OUT" "not enough history: 0 of 24 months (no data for 2016-09 … 2018-08)" \
  "Cleveland's missing months stay missing though Synthshire's are held"
expect_exit 0 "$SAFER" analyse change --area Hartlepool --period 2018-09 --against last-year --format csv
assert_contains "$OUT" "no police data held for 2017-09" "and no change from a zero that is not one"

section "a month missing from the history is named, not taken as zero"
export SAFER_DB="$TMP/gap.db"
mv "$TMP/years/2017-03" "$TMP/2017-03-held-back"
expect_exit 0 "$SAFER" import police-uk "$TMP/years"
expect_exit 0 "$SAFER" analyse exceedance --area "$force" --from 2019-01 --to 2019-01 --format csv
assert_eq "2019-01,,,,,no data,no police data held for this month" "$(printf '%s\n' "$OUT" | tail -n 1)" \
  "a month with no data is not a count of zero"
expect_exit 0 "$SAFER" analyse exceedance --area "$force" --from 2018-12 --to 2018-12 --format csv
assert_eq "not enough history,not enough history: 23 of 24 months (no data for 2017-03)" \
  "$(printf '%s\n' "$OUT" | tail -n 1 | cut -d, -f6-)" "the missing month is named and nothing is flagged"
expect_exit 0 "$SAFER" analyse change --area "$force" --period 2018-03 --against last-year --format csv
assert_contains "$OUT" "no police data held for 2017-03" "no change from a month with no data"

it_finish
