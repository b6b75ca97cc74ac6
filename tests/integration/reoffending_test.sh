#!/usr/bin/env bash
# safer analyse reoffending: the cohort table of a generated extract (400 people, 2013–2016,
# bad rows) equals a second, plain implementation's (tests/data/reoffending/generate.py);
# labels are computed, bad rows are set aside with file:line and counted, the change is in
# percentage points, cohorts still waiting are named, bad command lines are refused.
#
# usage: bash reoffending_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

DATA="$SRC/tests/data/reoffending"
cp "$DATA/extract.csv" extract.csv
WINDOW=(--from 2013-01-01 --to 2016-12-31 --as-of 2018-12-31)

section "yearly and quarterly cohorts equal the plain implementation's"
expect_exit 0 "$SAFER" analyse reoffending extract.csv --cohort yearly "${WINDOW[@]}" --format csv
assert_eq "$(cat "$DATA/expected_yearly.csv")" "$OUT" "yearly cohorts as of 2018-12-31"
expect_exit 0 "$SAFER" analyse reoffending extract.csv --cohort quarterly "${WINDOW[@]}" --format csv
assert_eq "$(cat "$DATA/expected_quarterly.csv")" "$OUT" "quarterly cohorts as of 2018-12-31"
rates_ok=$(printf '%s\n' "$OUT" | tail -n +2 | awk -F, '{ r = sprintf("%.1f", 100 * $5 / $4); if (r != $8) bad = 1 }
  END { print bad ? "no" : "yes" }')
assert_eq "yes" "$rates_ok" "each binary rate is re-offenders over cohort"

section "the seed's table: labels a quarter apart, rates with %, ratios to 2 decimals, the sentence"
expect_exit 0 "$SAFER" analyse reoffending extract.csv --cohort yearly "${WINDOW[@]}"
assert_contains "$OUT" "Cohort            Number in cohort  No of Reoffenders  No of Reoffences  Re-offences / Re-offenders  % Reoffending" "the seed's columns"
assert_match "$OUT" "Jan 13 to Dec 13 +109 +51 +70 +1.37 +46.8%" "the first cohort's row"
assert_contains "$OUT" "Jul 13 to Jun 14" "a label computed, not typed (the seed printed \"Jul 13 to Jun 13\")"
assert_contains "$OUT" "Jul 14 to Jun 15" "the last cohort whose waiting ended by the extract's end"
assert_not_contains "$OUT" "Oct 14 to Sep 15" "a cohort still waiting is not in the table"
assert_contains "$OUT" "Latest reportable cohort, Jul 14 to Jun 15: 49.1% re-offended (80 of 163), 117 re-offences, 1.46 per re-offender; up 6.3 percentage points from 42.7% in Jul 13 to Jun 14." \
  "the change from the same months a year earlier, in percentage points"
assert_contains "$ERR" "note: 9 cohorts are not yet reportable (Oct 14 to Sep 15 … Oct 16 to Sep 17); for Oct 14 to Sep 15, the follow-up and waiting period end on 2017-03-30, after the extract's last day 2016-12-31" \
  "the cohorts still waiting are named, and why"

section "rows set aside: counted, with file:line and reason, never the row"
assert_contains "$ERR" "note: 7 of 841 rows set aside (1 of them exact repeats of an earlier row: each offence counted once):" "the count"
assert_contains "$ERR" "extract.csv:41: no person id" "a row without a person"
assert_contains "$ERR" "extract.csv:42: offence date: \"31/02/2015\" is not a date: February 2015 has no day 31" "an impossible date"
assert_contains "$ERR" "extract.csv:43: no disposal date: only a proven offence counts" "an unproven offence"
assert_contains "$ERR" "extract.csv:301: disposal date 2015-06-01 is before the offence date 2015-06-10" "disposal before offence"
assert_contains "$ERR" "extract.csv:302: disposal date 2017-02-01 is outside the window 2013-01-01 to 2016-12-31" "outside the window"
assert_contains "$ERR" "extract.csv:303: offence date: \"next Tuesday\" is not a date" "not a date"
assert_contains "$ERR" "extract.csv:501: an exact repeat of line 201: the offence is counted once" "a duplicate"
assert_not_contains "$ERR" "P09001" "no person id is echoed"
assert_contains "$ERR" "note: 5 people's offences are not in date order in extract.csv" "people out of order are noted"

section "the as-of date holds back cohorts whose waiting has not ended"
expect_exit 0 "$SAFER" analyse reoffending extract.csv --cohort yearly --from 2013-01-01 --to 2016-12-31 --as-of 2016-06-30 --format csv
assert_eq "$(head -6 "$DATA/expected_yearly.csv")" "$OUT" \
  "the five yearly cohorts whose waiting ended by 30 June 2016, as they are with all the data"
assert_contains "$ERR" "for Apr 14 to Mar 15, the follow-up and waiting period end on 2016-09-30, after the as-of date 2016-06-30" \
  "the reason names the as-of date"
assert_match "$ERR" "extract.csv:[0-9]+: disposal date 2016-0[789]-[0-9]+ is after the as-of date 2016-06-30" \
  "disposals after the as-of date are set aside"

section "index disposal types choose the cohort"
expect_exit 0 "$SAFER" analyse reoffending extract.csv --cohort yearly "${WINDOW[@]}" --disposal-types "Caution,youth caution" --format csv
first_size=$(printf '%s\n' "$OUT" | awk -F, 'NR == 2 { print $4 }')
assert_true "fewer people when only cautions index ($first_size < 109)" test "$first_size" -lt 109
assert_true "but some ($first_size > 0)" test "$first_size" -gt 0

section "without --from/--to the extract covers whole months of its disposals"
expect_exit 0 "$SAFER" analyse reoffending extract.csv --cohort quarterly --as-of 2018-12-31 --format json
assert_contains "$ERR" "disposals 2013-01-01 to 2017-02-28" "from its earliest to its latest disposal's month"
assert_contains "$OUT" '"cohort": "Jan 13 to Mar 13"' "JSON rows"
assert_contains "$OUT" '"cohort_size": 26' "JSON numbers are numbers"

section "bad input"
expect_exit 2 "$SAFER" analyse reoffending extract.csv --cohort monthly
expect_exit 2 "$SAFER" analyse reoffending extract.csv --cohort yearly --from 2016-01-01 --to 2015-01-01
assert_contains "$ERR" "--to 2015-01-01 is before --from 2016-01-01" "a window that ends before it starts"
expect_exit 2 "$SAFER" analyse reoffending extract.csv --cohort yearly --as-of 2018-02-30
assert_contains "$ERR" "--as-of \"2018-02-30\" is not a date" "an impossible as-of date"
printf 'person,offence date,outcome\nA,2014-01-01,Caution\n' >nodisposal.csv
expect_exit 2 "$SAFER" analyse reoffending nodisposal.csv --cohort yearly
assert_contains "$ERR" "nodisposal.csv:1: the header has no disposal date column" "a header without a disposal date"
printf 'person id,offence date,disposal date\nA,2014-01-01,2014-01-02\n' >notype.csv
expect_exit 2 "$SAFER" analyse reoffending notype.csv --cohort yearly --disposal-types Caution
assert_contains "$ERR" "--disposal-types needs a disposal type column" "types asked of an extract without them"
printf 'person id,offence date,disposal date\nA,soon,2014-01-02\n' >allbad.csv
expect_exit 2 "$SAFER" analyse reoffending allbad.csv --cohort yearly
assert_contains "$ERR" "none of its 1 rows can be used (line 2:" "an extract with no usable row"
run "$SAFER" analyse reoffending missing.csv --cohort yearly
assert_ne "0" "$RC" "a missing file fails"
assert_contains "$ERR" "missing.csv" "and names the file"

it_finish
