#!/usr/bin/env bash
# safer analyse repeats: repeat locations on the bundled police.uk sample agree with a count
# of its map points done here with awk; repeat victims and callers on a small extract match
# the hand count in docs/repeats.md; bad command lines are refused with exit 2.
#
# usage: bash repeats_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"
EXTRACT="$SRC/tests/data/repeats/victims.csv"

section "import the sample and its lookup"
expect_exit 0 "$SAFER" import areas "$LOOKUP" --force "Cleveland Police"
expect_exit 0 "$SAFER" import police-uk "$SAMPLE"

section "repeat locations in Hartlepool agree with awk over the sample's map points"
# Hartlepool's LSOAs are named "Hartlepool 0NNX"; the key is the point as the file prints it.
read -r want_incidents want_points want_repeat want_at_repeat want_top < <(
  awk -F, 'NR > 1 && $9 ~ /^Hartlepool / && $5 != "" { n[$5 "," $6]++; t++ }
    END { for (k in n) { p++; if (n[k] >= 2) { r++; a += n[k] } if (n[k] > m) m = n[k] } print t, p, r, a, m }' "$SAMPLE")
expect_exit 0 "$SAFER" analyse repeats --area Hartlepool --from 2018-09 --to 2018-09 --format json
JSON=$OUT
field() { jq -r "$1" <<<"$JSON"; }
assert_eq "$want_incidents" "$(field .incidents)" "incidents with a location"
assert_eq "$want_points" "$(field .locations)" "distinct map points"
assert_eq "$want_repeat" "$(field .repeat_locations)" "points with 2 or more incidents"
assert_eq "$want_at_repeat" "$(field .incidents_at_repeat_locations)" "incidents at repeat points"
assert_eq "$((want_incidents - want_points))" "$(field .repeat_incidents)" "repeat incidents = incidents − points"
assert_eq "$want_top" "$(field '.top[0].incidents')" "the first of the top list is the busiest point"
assert_eq "$(field .incidents)" "$(field '[.distribution[].incidents] | add')" "the distribution adds up to the incidents"
assert_eq "$(field .locations)" "$(field '[.distribution[].holders] | add')" "the distribution adds up to the points"
assert_eq "10" "$(field '.top | length')" "ten locations listed by default"
count_of Hartlepool 2018-09 2018-09
assert_eq "$COUNT" "$(($(field .incidents) + $(field .without_location)))" \
  "placed + without a location = the area's count"
want_rate=$(awk -v r="$want_repeat" -v p="$want_points" 'BEGIN { printf "%.1f", 100 * r / p }')
expect_exit 0 "$SAFER" analyse repeats --area Hartlepool --from 2018-09 --to 2018-09 --top 3
assert_contains "$OUT" "repeat locations (2 or more incidents): $want_repeat of $want_points points ($want_rate%)" \
  "the repeat rate sentence"
assert_match "$OUT" "^ +3  On or near " "the third location is listed with its description"
assert_not_contains "$OUT" "
   4  On or near" "no fourth location with --top 3"
assert_match "$OUT" "^total +$want_points +$want_incidents +100.0" "the distribution's total row"

section "CSV is the top table; a category narrows the incidents"
expect_exit 0 "$SAFER" analyse repeats --area Hartlepool --from 2018-09 --to 2018-09 --format csv --top 2
assert_eq "rank,location,latitude,longitude,incidents,months,first_month,last_month" "$(head -1 <<<"$OUT")" "CSV header"
assert_eq "3" "$(wc -l <<<"$OUT" | tr -d ' ')" "header and two rows"
assert_contains "$ERR" "Repeat locations in Hartlepool" "the summary goes to stderr with CSV"
expect_exit 0 "$SAFER" analyse repeats --area Hartlepool --from 2018-09 --to 2018-09 --category burglary --format json
want_burglary=$(awk -F, 'NR > 1 && $9 ~ /^Hartlepool / && $5 != "" && $10 == "Burglary" { t++ } END { print t + 0 }' "$SAMPLE")
assert_eq "$want_burglary" "$(jq -r .incidents <<<"$OUT")" "burglaries with a location"

section "missing months are named, not counted as zero"
expect_exit 0 "$SAFER" analyse repeats --area Hartlepool --from 2018-08 --to 2018-09
assert_contains "$ERR" "no police data held for 1 of the 2 months (2018-08)" "a missing month is named"
expect_exit 0 "$SAFER" analyse repeats --area Hartlepool --from 2017-01 --to 2017-02
assert_contains "$OUT" "No police data held for Hartlepool, 2017-01 to 2017-02: repeats are missing, not zero." \
  "no data held at all is missing, not zero"
assert_not_contains "$OUT" "total" "no distribution of zeros"

section "two months by hand: months spread, first and last month, ordering"
# Two months the sample does not hold, in one Hartlepool LSOA: Alpha 2 + 1, Beta 0 + 2 (same
# count as Alpha's January, but Alpha has 3), Gamma once, Delta once each month.
{
  echo "$HEADER"
  street_row "$(hexid a)" 2016-01 "Cleveland Police" Burglary -1.237805 54.711196 "On or near Alpha Road" E01011954 "Hartlepool 001A"
  street_row "$(hexid b)" 2016-01 "Cleveland Police" Burglary -1.237805 54.711196 "On or near Alpha Road" E01011954 "Hartlepool 001A"
  street_row "$(hexid c)" 2016-02 "Cleveland Police" Burglary -1.237805 54.711196 "On or near Alpha Road" E01011954 "Hartlepool 001A"
  street_row "$(hexid d)" 2016-02 "Cleveland Police" Burglary -1.240000 54.712000 "On or near Beta Street" E01011954 "Hartlepool 001A"
  street_row "$(hexid e)" 2016-02 "Cleveland Police" Burglary -1.240000 54.712000 "On or near Beta Street" E01011954 "Hartlepool 001A"
  street_row "$(hexid f)" 2016-01 "Cleveland Police" Burglary -1.250000 54.713000 "On or near Gamma Lane" E01011954 "Hartlepool 001A"
  street_row "$(hexid 1)" 2016-01 "Cleveland Police" Burglary -1.260000 54.714000 "On or near Delta Way" E01011954 "Hartlepool 001A"
  street_row "$(hexid 2)" 2016-02 "Cleveland Police" Burglary -1.260000 54.714000 "On or near Delta Way" E01011954 "Hartlepool 001A"
} >two-months.csv
expect_exit 0 "$SAFER" import police-uk two-months.csv
expect_exit 0 "$SAFER" analyse repeats --area Hartlepool --from 2016-01 --to 2016-02 --format csv
assert_eq "rank,location,latitude,longitude,incidents,months,first_month,last_month
1,On or near Alpha Road,54.711196,-1.237805,3,2,2016-01,2016-02
2,On or near Delta Way,54.714000,-1.260000,2,2,2016-01,2016-02
3,On or near Beta Street,54.712000,-1.240000,2,1,2016-02,2016-02" "$OUT" \
  "most incidents first, then most months; first and last month"
assert_contains "$ERR" "8 incidents at 4 map points" "8 incidents, 4 points"
assert_contains "$ERR" "repeat locations (2 or more incidents): 3 of 4 points (75.0%)" "3 of 4 points repeat"
assert_contains "$ERR" "incidents at repeat locations: 7 of 8 (87.5%)" "7 of 8 incidents at repeat points"
assert_contains "$ERR" "repeat incidents (after each point's first): 4 of 8 (50.0%); 2.00 incidents per point" \
  "4 repeat incidents"

section "repeat victims within 7 days on a small extract (hand count in docs/repeats.md)"
expect_exit 0 "$SAFER" analyse repeats --extract "$EXTRACT" --by victim --within 7 --format json
JSON=$OUT
assert_eq "10 1 1 1 7" "$(field '"\(.rows_read) \(.set_aside) \(.without_id) \(.duplicates) \(.events)"')" \
  "rows read = events + set aside + without an id + duplicates"
assert_eq "3 2 1 3" "$(field '"\(.people) \(.repeat_people) \(.people_with_repeat_within) \(.repeat_events_within)"')" \
  "victims, repeat victims, victims with a repeat within 7 days, events within 7 days"
assert_eq "V1 4 3 2024-01-01 2024-01-10" \
  "$(field '.top[0] | "\(.id) \(.events) \(.repeats_within) \(.first_date) \(.last_date)"')" "the top victim"
assert_eq "7" "$(field '[.distribution[].incidents] | add')" "the distribution adds up to the events"
expect_exit 0 "$SAFER" analyse repeats --extract "$EXTRACT" --by victim --within 7
assert_contains "$OUT" "victims with a repeat within 7 days (inclusive; the same day is 0 days): 1 of 3 (33.3%)" \
  "the within-N sentence, percent labelled"
assert_contains "$ERR" "victims.csv:11: date: \"31/02/2024\" is not a date" "the row set aside, with file:line"
assert_contains "$ERR" "victims.csv:9: line 9 repeats incident CR7" "the duplicate, with file:line"
assert_contains "$ERR" "rows read 10 = events analysed 7 + without a victim_id 1 + duplicates 1 + set aside 1" \
  "every row accounted for"
expect_exit 0 "$SAFER" analyse repeats --extract "$EXTRACT" --by victim --within 6 --format json
assert_eq "2" "$(jq -r .repeat_events_within <<<"$OUT")" "7 days apart is not within 6"
expect_exit 0 "$SAFER" analyse repeats --extract "$EXTRACT" --by victim --within 0 --format json
assert_eq "1" "$(jq -r .repeat_events_within <<<"$OUT")" "the same day is within 0 days"

section "repeat callers; a window of dates"
expect_exit 0 "$SAFER" analyse repeats --extract "$EXTRACT" --by caller --within 7 --format json
assert_eq "4 2 1 1" \
  "$(jq -r '"\(.people) \(.repeat_people) \(.people_with_repeat_within) \(.repeat_events_within)"' <<<"$OUT")" \
  "callers, repeat callers, callers with a repeat within 7 days, events within 7 days"
expect_exit 0 "$SAFER" analyse repeats --extract "$EXTRACT" --by victim --within 7 --from 2024-01-05 --format json
assert_eq "5 4" "$(jq -r '"\(.set_aside) \(.events)"' <<<"$OUT")" "rows before the window are set aside, not dropped"
assert_contains "$ERR" "before the window" "the reason names the window"

section "bad command lines: exit 2 and a sentence"
expect_exit 2 "$SAFER" analyse repeats --extract "$EXTRACT" --by victim --within -1
assert_contains "$ERR" "--within -1: days apart cannot be negative" "negative days"
expect_exit 2 "$SAFER" analyse repeats --extract "$EXTRACT" --by victim
assert_contains "$ERR" "--within DAYS is needed" "days missing"
expect_exit 2 "$SAFER" analyse repeats --area Hartlepool --from 2018-09 --to 2018-09 --top 0
assert_contains "$ERR" "--top must be 1 or more" "top below 1"
expect_exit 2 "$SAFER" analyse repeats --extract "$SRC/tests/data/repeats/calls-without-victims.csv" --by victim --within 7
assert_contains "$ERR" "has no victim_id column" "the identifier column asked for is absent"
expect_exit 0 "$SAFER" analyse repeats --extract "$SRC/tests/data/repeats/calls-without-victims.csv" --by caller --within 7
expect_exit 2 "$SAFER" analyse repeats --area Hartlepool --extract "$EXTRACT" --by victim --within 7 --from 2018-09 --to 2018-09
assert_contains "$ERR" "one of them" "both modes at once"
expect_exit 2 "$SAFER" analyse repeats --area Hartlepool --from 2018-09 --to 2018-09 --by victim
expect_exit 2 "$SAFER" analyse repeats --extract "$EXTRACT" --by neighbour --within 7
expect_exit 2 "$SAFER" analyse repeats --area Hartlepool --from 2018-09 --to 2018-13
expect_exit 4 "$SAFER" analyse repeats --area Nowhere --from 2018-09 --to 2018-09
printf 'Crime Reference,Victim ID\nCR1,V1\n' >no-dates.csv
expect_exit 1 "$SAFER" analyse repeats --extract no-dates.csv --by victim --within 7
assert_contains "$ERR" "no date column" "a file without dates is refused as a file (exit 1)"
run "$SAFER" analyse repeats --extract "$TMP/absent.csv" --by victim --within 7
assert_ne "0" "$RC" "a missing extract is an error"
assert_contains "$ERR" "absent.csv" "the missing file is named"

it_finish
