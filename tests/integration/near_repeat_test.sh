#!/usr/bin/env bash
# safer analyse near-repeat: the NRC's observed counts on the Chicago arson set, the same
# result for a seed whatever the threads, hand-computed tables on small extracts with bad
# rows (counted, listed, the good rows still used), bad bands and files refused.
#
# usage: bash near_repeat_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

ARSON="$SRC/tests/data/nearrepeat/chicago_arson.csv"
EXTRACTS="$SRC/tests/data/extracts"
NRC_ARSON=(--space-band 200 --space-bands 3 --time-band 1 --time-bands 3 --convention nrc)

# observed_rows: the CSV output's observed counts, one line per space band, cells by spaces.
observed_rows() {
  printf '%s\n' "$OUT" | python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
table = {}
for r in rows:
    table.setdefault(int(r["space_band"]), {})[int(r["time_band"])] = r["observed"]
for i in sorted(table):
    print(" ".join(table[i][j] for j in sorted(table[i])))
'
}

section "the NRC's settings on the Chicago arson set give the NRC's observed counts"
expect_exit 0 "$SAFER" analyse near-repeat "$ARSON" "${NRC_ARSON[@]}" --permutations 99 --format csv
# From the NRC 1.3 run in tests/data/nearrepeat/chicago_arson_NRsummary_2019-09-23_145637.htm
# (its NRverbose observed table; also in tests/unit/near_repeat_test.cc): rows same location,
# 1-200, 201-400, 401-600, more than 600 m; columns 0-1, 2-2, 3-3, more than 3 days.
assert_eq "0 2 0 8
9 1 1 45
4 0 0 140
6 0 0 234
393 710 770 133658" "$(observed_rows)" "observed pairs equal the NRC's"
assert_contains "$ERR" "522 events from 2016-01-01" "the events used and the dates are stated"
assert_contains "$ERR" "(522 rows read, 0 set aside)" "rows read and set aside"
assert_contains "$ERR" "Manhattan distance" "nrc implies Manhattan"
assert_contains "$ERR" "A significant near repeat pattern: within (0, 200) m of an event" \
  "the NRC's finding (1 to 200 meters, up to 1 day) in the real interval"
assert_contains "$ERR" "No significant repeat pattern at the same location" "the NRC's 'no repeat victimization'"
header=$(printf '%s\n' "$OUT" | head -1)
assert_eq "space_band,time_band,space_interval,time_interval,nrc_space_label,nrc_time_label,observed,expected,knox_ratio,p_value,flagged" \
  "$header" "CSV columns"
assert_contains "$OUT" '1,0,"(0, 200) m",0 days,1 to 200 meters,0 to 1 days,9,' "labels: real interval and the NRC's"

section "the text report: four tables, both labels, the flag"
expect_exit 0 "$SAFER" analyse near-repeat "$ARSON" "${NRC_ARSON[@]}" --permutations 99
for title in "Observed pairs" "Expected pairs" "Knox ratio" "p-value"; do
  assert_contains "$OUT" "$title" "table $title"
done
assert_contains "$OUT" "Same location = 0 m" "same location row"
assert_contains "$OUT" "More than 600 meters = 600 m or more" "beyond row"
assert_contains "$OUT" "0 to 1 days = 0 days" "NRC's 0 to 1 days is the same day"
assert_match "$OUT" "^1 to 200 meters = \(0, 200\) m +[0-9.]+\* " "the first near cell is flagged"

section "a seed gives one result, whatever the threads"
expect_exit 0 "$SAFER" analyse near-repeat "$ARSON" "${NRC_ARSON[@]}" --permutations 199 --seed 7 --threads 2 --format csv
a=$OUT
expect_exit 0 "$SAFER" analyse near-repeat "$ARSON" "${NRC_ARSON[@]}" --permutations 199 --seed 7 --threads 2 --format csv
assert_eq "$a" "$OUT" "two runs with seed 7 are identical"
expect_exit 0 "$SAFER" analyse near-repeat "$ARSON" "${NRC_ARSON[@]}" --permutations 199 --seed 7 --threads 1 --format csv
assert_eq "$a" "$OUT" "one thread gives what two give"
expect_exit 0 "$SAFER" analyse near-repeat "$ARSON" "${NRC_ARSON[@]}" --permutations 199 --seed 8 --format csv
assert_ne "$a" "$OUT" "another seed, other expected counts"

section "Safer's own convention: (lo, hi], Euclidean, labels that say so"
expect_exit 0 "$SAFER" analyse near-repeat "$ARSON" --space-edges 0,200,400,600 --time-edges 1,2,3 --permutations 9 --format csv
assert_contains "$ERR" "Euclidean distance" "safer defaults to Euclidean"
assert_contains "$OUT" '"(0, 200] m",0 to 1 days' "safer labels"
assert_contains "$OUT" "more than 600 m,more than 3 days" "beyond labels"
total=$(printf '%s\n' "$OUT" | python3 -c 'import csv,sys; print(sum(int(r["observed"]) for r in csv.DictReader(sys.stdin)))')
assert_eq "135981" "$total" "the cells hold every pair: 522 × 521 / 2"

section "an extract with bad rows: set aside, counted, listed; the good rows still count"
expect_exit 0 "$SAFER" analyse near-repeat "$EXTRACTS/burglary_with_bad_rows.csv" --space-edges 0,100 --time-edges 0,7 \
  --permutations 19 --format csv --rejects rejects.csv
# Good events: two at (1000, 1000) on 1 January, one 50 m away on 3 January, one far away on
# 1 February: 1 pair at 0 m the same day, 2 pairs within (0, 100] m and (0, 7] days, 3 beyond.
assert_eq "1 0 0
0 2 0
0 0 3" "$(observed_rows)" "hand-computed table of the four good rows"
assert_contains "$ERR" "4 events from 2016-01-01 to 2016-02-01 (9 rows read, 5 set aside)" "rows read = used + set aside"
assert_contains "$ERR" "note: 5 of 9 rows set aside (all listed in rejects.csv)" "the set-aside count"
assert_contains "$ERR" "burglary_with_bad_rows.csv:4: date:" "line 4: no such date"
assert_contains "$ERR" "burglary_with_bad_rows.csv:6: no coordinates (x missing)" "line 6: easting missing"
assert_contains "$ERR" "burglary_with_bad_rows.csv:7: x \"n/a\" is not a number" "line 7: not a number"
assert_contains "$ERR" "burglary_with_bad_rows.csv:8: coordinates 0, 0 (not geocoded)" "line 8: 0, 0"
assert_contains "$ERR" "burglary_with_bad_rows.csv:9: expected 6 fields, found 3" "line 9: truncated"
lines=$(python3 -c 'import csv,sys; print(" ".join(r["line"] for r in csv.DictReader(open(sys.argv[1]))))' rejects.csv)
assert_eq "4 6 7 8 9" "$lines" "--rejects lists every row set aside"
assert_contains "$(cat rejects.csv)" "CR/6,05/01/2016,n/a,1000,Burglary,V6" "with its raw text"

section "a date window sets rows aside with the reason"
expect_exit 0 "$SAFER" analyse near-repeat "$EXTRACTS/burglary_with_bad_rows.csv" --space-edges 0,100 --time-edges 0,7 \
  --permutations 9 --to 2016-01-31 --format csv --rejects window.csv
assert_contains "$ERR" "… and 1 more" "only the first five on stderr"
assert_contains "$(cat window.csv)" "burglary_with_bad_rows.csv,10,date 2016-02-01 is after the window (to 2016-01-31)" "after --to"
assert_eq "1 0 0
0 2 0
0 0 0" "$(observed_rows)" "the far event is out"

section "the NRC's layout with US dates"
expect_exit 0 "$SAFER" analyse near-repeat "$EXTRACTS/nrc_us_dates.csv" --us-dates --space-edges 0,100 --time-edges 0,7 \
  --permutations 9 --format csv
assert_eq "1 0 0
0 2 0
0 0 0" "$(observed_rows)" "1/2 and 1/9 are 7 days apart"
assert_contains "$ERR" "3 events from 2016-01-02 to 2016-01-09" "read as month/day/year"

section "bad settings are refused with exit 2 and a sentence"
expect_exit 2 "$SAFER" analyse near-repeat "$ARSON" --space-edges 0,200,200 --time-edges 1,2
assert_contains "$ERR" "strictly increasing" "overlapping space bands"
expect_exit 2 "$SAFER" analyse near-repeat "$ARSON" --space-edges 0,100 --time-edges 7,3
assert_contains "$ERR" "--time-edges: 3 after 7" "decreasing time bands"
expect_exit 2 "$SAFER" analyse near-repeat "$ARSON" --space-edges -5,100 --time-edges 7
assert_contains "$ERR" "not a distance" "negative space edge"
expect_exit 2 "$SAFER" analyse near-repeat "$ARSON" --space-band 0 --space-bands 3 --time-band 1 --time-bands 3
assert_contains "$ERR" "more than 0 metres" "zero bandwidth"
expect_exit 2 "$SAFER" analyse near-repeat "$ARSON" --space-band 200 --time-band 1 --time-bands 3
assert_contains "$ERR" "--space-bands" "bandwidth without a count"
expect_exit 2 "$SAFER" analyse near-repeat "$ARSON" --space-edges 0,100 --space-band 100 --space-bands 2 --time-edges 7
assert_contains "$ERR" "not both" "both forms"
expect_exit 2 "$SAFER" analyse near-repeat "$ARSON" "${NRC_ARSON[@]}" --permutations 0
assert_contains "$ERR" "--permutations 0: must be 1 to 99999" "no permutations"
expect_exit 2 "$SAFER" analyse near-repeat "$ARSON" "${NRC_ARSON[@]}" --permutations 100000
expect_exit 2 "$SAFER" analyse near-repeat "$ARSON" "${NRC_ARSON[@]}" --threads 0
assert_contains "$ERR" "--threads 0" "no threads"
expect_exit 2 "$SAFER" analyse near-repeat "$ARSON" "${NRC_ARSON[@]}" --metric chebyshev
expect_exit 2 "$SAFER" analyse near-repeat "$ARSON" "${NRC_ARSON[@]}" --from 2016-02-30
assert_contains "$ERR" "--from" "a bad date"

section "files that cannot be used"
expect_exit 4 "$SAFER" analyse near-repeat nowhere.csv "${NRC_ARSON[@]}"
assert_contains "$ERR" "nowhere.csv: no such file" "a missing file"
printf 'Crime Reference,Easting,Northing\nCR1,1,2\n' >nodate.csv
expect_exit 1 "$SAFER" analyse near-repeat nodate.csv "${NRC_ARSON[@]}"
assert_contains "$ERR" "no date column" "a header without a date"
printf 'date,x,y\n2016-01-01,,\n2016-01-02,1,1\n' >one.csv
expect_exit 1 "$SAFER" analyse near-repeat one.csv "${NRC_ARSON[@]}"
assert_contains "$ERR" "1 usable event: the Knox test needs at least two" "one event"
assert_contains "$ERR" "one.csv:2: no coordinates" "and why the other was set aside"

it_finish
