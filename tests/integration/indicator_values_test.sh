#!/usr/bin/env bash
# `safer import indicator-values` through the CLI: the Hartlepool sample loads whole, a re-run
# changes nothing, bad rows are set aside with "file:line: reason" and listed by
# `safer import rejects`, a file with another header is refused (exit 2) and leaves no trace.
#
# usage: bash indicator_values_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

VALUES="$SRC/data/sample/indicator-values-hartlepool-2018.csv"
COLUMNS="indicator,area,period,value,numerator,denominator,status,note"

# stored INDICATOR PERIOD-FIRST PERIOD-LAST: "value|numerator|denominator|status|survey_year"
# of Hartlepool's stored value, read with the sqlite3 CLI.
stored() {
  sql "SELECT quote(value) || '|' || quote(numerator) || '|' || quote(denominator) || '|' || status || '|' ||
              quote(survey_year) FROM indicator_value
       WHERE indicator_id = '$1' AND area_code = 'E06000001' AND first_month = '$2' AND last_month = '$3'"
}

section "help"
expect_exit 0 "$SAFER" import --help
assert_contains "$OUT" "indicator-values" "import --help lists indicator-values"
expect_exit 0 "$SAFER" import indicator-values --help
assert_contains "$OUT" "$COLUMNS" "the help gives the columns"
assert_contains "$OUT" "2018-04..2018-09" "the help gives the period forms"

section "before the lookup, Hartlepool is unknown: every row is set aside"
export SAFER_DB="$TMP/early.db"
expect_exit 0 "$SAFER" import indicator-values "$VALUES"
assert_contains "$OUT" "import 1 (indicator values): read 39 = imported 0 + rejected 39" "all rows rejected"
assert_contains "$ERR" "$VALUES:2: unknown area \"E06000001\"" "the reason names the area"
assert_contains "$ERR" "… and 19 more rejected rows: safer import rejects --import 1" "only 20 rejections printed"
assert_eq 39 "$(rejects_count)" "every rejected row listed"

section "the sample loads whole"
export SAFER_DB="$TMP/safer.db"
expect_exit 0 "$SAFER" import areas "$LOOKUP" --force "Cleveland Police"
expect_exit 0 "$SAFER" import indicator-values "$VALUES"
assert_eq "import 2 (indicator values): read 39 = imported 39 + rejected 0" "$OUT" "sample totals"
assert_eq "" "$ERR" "no rejections"
if have sqlite3; then
  assert_eq 39 "$(sql 'SELECT count(*) FROM indicator_value')" "39 values stored"
  assert_eq "33.25|NULL|NULL|0|NULL" "$(stored repeat-marac 2017-04 2018-03)" "baseline 33.25% stored as 33.25"
  assert_eq "27.0|NULL|NULL|0|NULL" "$(stored repeat-marac 2017-07 2017-09)" "Q2 2017/18"
  assert_eq "NULL|NULL|NULL|1|NULL" "$(stored repeat-marac 2018-07 2018-09)" "Q2 2018/19 awaiting info"
  assert_eq "NULL|NULL|NULL|2|NULL" "$(stored alcohol-admissions 2018-07 2018-09)" "data unavailable"
  assert_eq "NULL|NULL|NULL|3|NULL" "$(stored youth-reoffending 2017-07 2017-09)" "data not published yet"
  assert_eq "0.0|NULL|NULL|0|NULL" "$(stored young-people-alcohol 2018-07 2018-09)" "a reported zero is a value"
  assert_eq "1001.0|NULL|NULL|0|NULL" "$(stored troubled-families-engaged 2018-07 2018-09)" "Troubled Families Q2"
  assert_contains "$(sql "SELECT note FROM indicator_value WHERE indicator_id = 'troubled-families-engaged'
                          AND first_month = '2018-07'")" "adds the Q1 and Q2 snapshots" "the suspect figure is noted"
  BEFORE=$(sql "SELECT indicator_id, area_code, first_month, last_month, quote(value), status, note
                FROM indicator_value ORDER BY 1, 2, 3, 4")
fi

section "a re-run changes nothing"
expect_exit 0 "$SAFER" import indicator-values "$VALUES"
assert_eq "import 3 (indicator values): read 39 = imported 39 + rejected 0" "$OUT" "re-run totals"
if have sqlite3; then
  AFTER=$(sql "SELECT indicator_id, area_code, first_month, last_month, quote(value), status, note
               FROM indicator_value ORDER BY 1, 2, 3, 4")
  assert_eq "$BEFORE" "$AFTER" "the stored values are the same after the re-run"
fi

section "bad rows are set aside, good rows load, read = imported + rejected"
cat >bad.csv <<EOF
$COLUMNS,survey_year
hate-incidents,Hartlepool,2018/19-Q1,38,,,,,
deliberate-fires,E06000001,2018/19-Q1,,,,,,
deliberate-fires,E06000001,2018/19-Q3,12,,,awaiting,,
hate-incidents,Nowhere,2018/19-Q1,38,,,,,
hate-incidents,E06000001,2018-19,38,,,,,
hate-incidents,E06000001,2018-04..2018-06,39,,,,,
repeat-marac,E06000001,2018/19-Q1,,7,-20,,,
repeat-marac,E06000001,2018/19-Q3,,12,40,,,
feel-safe,E06000001,2018,61%,,,,,18
feel-safe,E06000001,2017,58%,,,,,2017
first-time-entrants,E06000001,2018-07,one,,,,,
youth-reoffending,E06000001,2018/19-Q1,,,,late,,
EOF
expect_exit 0 "$SAFER" import indicator-values bad.csv
assert_eq "import 4 (indicator values): read 12 = imported 3 + rejected 9" "$OUT" "bad file totals"
assert_contains "$ERR" "bad.csv:3: a value or a status saying why it is missing" "missing value without a status"
assert_contains "$ERR" "bad.csv:4: status \"awaiting\" says the value is missing, but the row gives a number" \
  "value with a missing status"
assert_contains "$ERR" "bad.csv:5: unknown area \"Nowhere\"" "unknown area"
assert_contains "$ERR" "bad.csv:6: period \"2018-19\" is not" "unparseable period"
assert_contains "$ERR" "write the financial year with a slash, 2018/19" "the dash year gets a hint"
assert_contains "$ERR" \
  "bad.csv:7: indicator hate-incidents, area E06000001, period 2018-04..2018-06 is already given on line 2" \
  "duplicate key within the file, with the line of the first"
assert_contains "$ERR" "bad.csv:8: numerator and denominator are counts and cannot be negative" "negative denominator"
assert_contains "$ERR" "bad.csv:10: survey_year \"18\" is not a year" "survey year"
assert_contains "$ERR" "bad.csv:12: value \"one\" is not a number" "non-numeric value"
assert_contains "$ERR" "bad.csv:13: status \"late\" is not one of" "unknown status"
assert_reject bad.csv 7 "is already given on line 2" "hate-incidents,E06000001,2018-04..2018-06,39,,,,,"
assert_reject bad.csv 10 "is not a year" "feel-safe,E06000001,2018,61%,,,,,18"
assert_eq 9 "$(rejects_count)" "the 9 rejected rows listed"
if have sqlite3; then
  assert_eq "38.0|NULL|NULL|0|NULL" "$(stored hate-incidents 2018-04 2018-06)" "the good row by name loaded"
  assert_eq "NULL|12.0|40.0|0|NULL" "$(stored repeat-marac 2018-10 2018-12)" "numerator and denominator kept"
  assert_eq "58.0|NULL|NULL|0|2017" "$(stored feel-safe 2017-01 2017-12)" "survey result with its year"
fi
expect_exit 0 "$SAFER" import indicator-values bad.csv
assert_eq "import 5 (indicator values): read 12 = imported 3 + rejected 9" "$OUT" "bad file re-run totals"
assert_eq 9 "$(rejects_count)" "a re-run lists no rejection twice"

section "a file with another header is refused whole: exit 2, nothing recorded"
printf 'indicator,area,period,valeu\nhate-incidents,E06000001,2018-09,1\n' >typo.csv
expect_exit 2 "$SAFER" import indicator-values typo.csv
assert_contains "$ERR" "typo.csv:1: unknown column \"valeu\"" "the unknown column is named"
: >empty.csv
expect_exit 2 "$SAFER" import indicator-values empty.csv
assert_contains "$ERR" "empty file" "an empty file is refused"
expect_exit 1 "$SAFER" import indicator-values missing.csv
assert_contains "$ERR" "missing.csv: cannot open" "a missing file is refused"
expect_exit 0 "$SAFER" import list --format csv
assert_eq 5 "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" "refused files leave no import in the history"

it_finish
