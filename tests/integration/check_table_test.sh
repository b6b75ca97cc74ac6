#!/usr/bin/env bash
# safer check table on the seed tables (tests/data/check/, copied from the seeds): it finds
# the errors DOMAIN.md §4 lists, raises nothing on rows known to be right, and its output,
# formats and exit codes hold.
#
# usage: bash check_table_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

DATA="$SRC/tests/data/check"
cd "$DATA"  # findings name files as given on the command line: keep them short and stable

# findings_on FILE LINE: the findings printed for line LINE of FILE in the last run.
findings_on() { printf '%s\n' "$OUT" | grep -F "$1:$2: " || true; }

# ---------------------------------------------------------------------------------------
section "seed 000 (Q2 2018/19 pack, seed lines 647-797; fixture line N = seed line N+645)"
expect_exit 5 "$SAFER" check table seed000_q2_pack.txt
assert_eq "$(cat seed000_q2_pack.expected)" "$OUT" "every finding on the Q2 pack, no more"
P=seed000_q2_pack.txt
# The errors DOMAIN.md §4 lists.
assert_contains "$(findings_on $P 136)" '"TOTAL RECORDED CRIME": the force figure is not the sum of the 4 districts (expected 16942, found 16720)' \
  "seed 000 l.781: force total 16720, districts 16942"
assert_contains "$(findings_on $P 107)" '"Stalking and Harassment": the force figure is not the sum of the 4 districts (expected 1953, found 0)' \
  "seed 000 l.752: a force row of 0 where the districts sum to 1953"
assert_contains "$(findings_on $P 133)" '"Misc. Crimes Against Society" repeats all 10 figures of "Possession/Use of drugs" (line 131)' \
  "seed 000 l.778 copies l.776"
assert_contains "$(findings_on $P 25)" 'Quarter 2 is Jul-Sep, but the heading names Apr 18 - Jun 18' \
  "seed 000 l.670: a Q2 table headed Apr-Jun"
assert_contains "$(findings_on $P 42)" 'the title names July - September 2017, but the table below it reports Jul 18' \
  "seed 000 l.687: titled with the wrong year"
assert_contains "$(findings_on $P 57)" '"Homicide": a % change from 0 is not defined: show n/a (expected n/a, found 100%)' \
  "seed 000 l.702: 0 to 1 is not a 100% increase"
# Rows known to be right: the indicators that add up, every row of the Hartlepool crime tables
# but the three wrong ones, every victim-based district row but the two force zeros, and ASB.
for line in 7 8 9 10 11 17 21 26 27 28 29 35 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 87 \
  89 90 91 92 93 95 102 104 105 106 108 109 110 111 112 113 114 115 116 117 118 119 120 121 122 123 \
  141 142 143 144 149 150 151 152; do
  assert_eq "" "$(findings_on $P $line)" "seed 000 l.$((line + 645)) is right"
done

# ---------------------------------------------------------------------------------------
section "seed 001 (2013/14 annual tables, seed lines 2415-2541; fixture line N = seed line N+2413)"
expect_exit 5 "$SAFER" check table seed001_annual.txt
assert_eq "$(cat seed001_annual.expected)" "$OUT" "every finding on the annual tables, no more"
A=seed001_annual.txt
assert_contains "$(findings_on $A 11)" '"Local Violence": the change from 1,256 to 1,081 is wrong (expected -175, found -111)' \
  "seed 001 l.2424: 1,256 to 1,081 shown as -111"
assert_contains "$(findings_on $A 22)" 'the change from 124 to 109 has the wrong sign (expected -15, found 15)' \
  "seed 001 l.2435: 124 to 109 shown as +15"
assert_contains "$(findings_on $A 22)" 'the % change from 124 to 109 is wrong (expected -12.1%, found 4.5%)' \
  "seed 001 l.2435: ... and as 4.5%"
assert_contains "$(findings_on $A 18)" 'the % difference is the difference in percentage points' \
  "seed 001 l.2431: points labelled as a % change"
for line in 7 8 9 10 17 29 31 32 38 39 40 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 67 68 69 70 \
  71 72 73 75 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 101 102 103 104 105 106 107 108 115 116 \
  117 118; do
  assert_eq "" "$(findings_on $A $line)" "seed 001 l.$((line + 2413)) is right"
done

# ---------------------------------------------------------------------------------------
section "a right table: exit 0, a summary and nothing else"
expect_exit 0 "$SAFER" check table asb_right.txt
assert_eq "asb_right.txt: no findings" "$OUT" "no finding on the ASB tables of seed 000"

section "CSV input: district rates and the force total"
expect_exit 5 "$SAFER" check table districts.csv
assert_contains "$OUT" 'districts.csv:11: column "REDCAR Per 1,000 pop": "Shoplifting": the rate does not fit the count 423' \
  "a rate that does not fit the district's population"
assert_contains "$OUT" '(expected 3.2, found 2.4)' "the rate the other rows imply"
assert_contains "$OUT" 'districts.csv:12: column "CLEVELAND Crime": "Total": the force figure is not the sum of the 2 districts (expected 3334, found 3,343)' \
  "a force total typed wrong"
assert_contains "$OUT" "districts.csv: 2 findings (force-total 1, rate 1)" "summary by check"

section "--format csv and json: one record per finding"
expect_exit 5 "$SAFER" check table districts.csv seed001_annual.txt --format csv
CSV=$OUT
assert_contains "$ERR" "seed001_annual.txt: 15 findings" "summaries go to stderr"
expect_exit 5 "$SAFER" -q check table districts.csv seed001_annual.txt --format json
JSON=$OUT
assert_eq "" "$ERR" "--quiet: no summary"
if have python3; then
  assert_eq "17 file,line,column,column_label,row,check,message,expected,found" \
    "$(printf '%s\n' "$CSV" | python3 -c 'import csv,sys; r=list(csv.reader(sys.stdin)); print(len(r)-1, ",".join(r[0]))')" \
    "CSV: a header and 17 records"
  assert_eq "17 11 change -175 -111" \
    "$(printf '%s\n' "$JSON" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
lv = [r for r in rows if r["file"] == "seed001_annual.txt" and r["line"] == 11][0]
print(len(rows), lv["line"], lv["check"], lv["expected"], lv["found"])')" \
    "JSON: numbers for line and column, the figures as printed"
fi

section "--tree: rows that nest by an outline"
expect_exit 0 "$SAFER" check table asb_types.tsv
expect_exit 5 "$SAFER" check table asb_types.tsv --tree asb_types.tree
assert_contains "$OUT" 'asb_types.tsv:3: column "2017": "All ASB" is not the sum of Nuisance + Personal + Environmental (expected 1990, found 2000)' \
  "the outline says All ASB is the sum of three rows"

section "--quarter names the quarter when no title does"
printf 'Indicator\tApr 17 - Jun 17\tApr 18 - Jun 18\tChange\nASB\t1967\t1609\t-358\n' >"$TMP/q.tsv"
expect_exit 0 "$SAFER" check table "$TMP/q.tsv"
expect_exit 5 "$SAFER" check table "$TMP/q.tsv" --quarter 2018/19-Q2
assert_contains "$OUT" 'Quarter 2 is Jul-Sep, but the heading names Apr 18 - Jun 18 (expected Jul-Sep, found Apr-Jun)' \
  "a Q1 heading in a Q2 table"
expect_exit 2 "$SAFER" check table "$TMP/q.tsv" --quarter Q7

section "figures that do not parse are reported, not fatal"
printf 'Category\t2017\t2018\nRobbery\t1,2345\t12\nBurglary\t3\t4\n' >"$TMP/bad.tsv"
expect_exit 5 "$SAFER" check table "$TMP/bad.tsv"
assert_contains "$OUT" 'column "2017": "Robbery": "1,2345" is not a number' "a broken figure named with its cell"
printf '\x00\x01\xff\tbinary\n\t\t\n' >"$TMP/binary.tsv"
expect_exit 0 "$SAFER" check table "$TMP/binary.tsv"

section "unreadable input: exit 2, the other files still checked"
expect_exit 2 "$SAFER" check table no-such-file.tsv
assert_contains "$ERR" "no-such-file.tsv: cannot be read" "a missing file is named"
expect_exit 2 "$SAFER" check table "$TMP" asb_right.txt
assert_contains "$ERR" "is a directory" "a directory is not a table"
assert_contains "$OUT" "asb_right.txt: no findings" "the readable file is still checked"
expect_exit 2 "$SAFER" check table asb_types.tsv --tree no-such-tree.txt
expect_exit 2 "$SAFER" check
expect_exit 0 "$SAFER" check table --help
assert_contains "$OUT" "Exit codes: 0 no finding; 5 findings" "--help documents the exit codes"
assert_contains "$OUT" "force-total" "--help lists the checks"

it_finish
