#!/usr/bin/env bash
# Meeting record files: the two seed meetings imported with their minute numbers, chair,
# substitutes, apologies and decisions; exempt business withheld unless asked for; a bad
# file refused whole, naming the file and each problem; a re-run changes nothing.
#
# usage: bash meetings_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

DATA="$SRC/tests/data/governance"
P="Safer Hartlepool Partnership"

# ---------------------------------------------------------------------------------------
section "import both seed meetings"
expect_exit 0 "$SAFER" meeting import "$DATA/shp-2018-10-12.yaml" "$DATA/shp-2025-01-31.yaml"
assert_contains "$OUT" "shp-2018-10-12.yaml: meeting of 12 October 2018: minutes 19-28: added" "2018 minute numbers"
assert_contains "$OUT" "shp-2025-01-31.yaml: meeting of 31 January 2025: minutes 23-27: added" "2025 minute numbers"

expect_exit 0 "$SAFER" meeting list --partnership "$P" --format csv
assert_contains "$OUT" "2018-10-12,held,19,28,0,yes" "2018 meeting listed with its minutes and exempt business"
assert_contains "$OUT" "2025-01-31,held,23,27,0,no" "2025 meeting listed"

section "show the meeting of 12 October 2018"
expect_exit 0 "$SAFER" meeting show 12/10/2018
show2018=$OUT
assert_contains "$show2018" "Chair: Chief Inspector Nigel Burnell" "the chair appointed for the meeting"
assert_contains "$show2018" "19. Appointment of Chair" "minute 19"
assert_contains "$show2018" "Agreed that Chief Inspector Nigel Burnell be appointed as Chair for this meeting." "minute 19's decision"
assert_contains "$show2018" "Alison Peevor (for Jean Golightly)" "substitute for Jean Golightly"
assert_contains "$show2018" "Ian Armstrong (for John Graham)" "substitute for John Graham"
assert_contains "$show2018" "Superintendent Bev Gill, Cleveland Police" "apologies"
assert_contains "$show2018" "Denise Wimpenny, Principal Democratic Services Officer" "officers"
assert_contains "$show2018" "That the contents of the report, be noted." "minute 23's decision"
assert_contains "$show2018" "26. Local Government (Access to Information) (Variation Order) 2006" "the exclusion minute"
assert_contains "$show2018" "27. Repeat Victimisation Presentation" "the exempt minute's title is public"
assert_contains "$show2018" "information which is likely to reveal the identity of an individual (Schedule 12A para 2)" \
  "the exempt minute's paragraph"
assert_not_contains "$show2018" "comprehensive presentation by a representative" "exempt business withheld by default"
assert_not_contains "$show2018" "That the contents of the presentation and comments of Members" "exempt decision withheld"
assert_contains "$show2018" "28. Date and Time of Next Meeting" "minute 28"
expect_exit 0 "$SAFER" meeting show 2018-10-12 --include-exempt
assert_contains "$OUT" "comprehensive presentation by a representative" "exempt business shown with --include-exempt"
assert_contains "$OUT" "That the contents of the presentation and comments of Members be noted" "exempt decision shown"

section "show the meeting of 31 January 2025"
expect_exit 0 "$SAFER" meeting show "31 January 2025" --partnership "$P"
assert_contains "$OUT" "Chair: Jonathan Brash" "the Chair chaired"
assert_contains "$OUT" "26. Community Safety Plan 2024 – 2027" "minute 26"
assert_contains "$OUT" "(i) That the Community Safety Plan 2024/27 be approved." "decision (i)"
assert_contains "$OUT" "(iv) That the process for approval of strategies and plans" "decision (iv)"
assert_contains "$OUT" "27. Any Other Items which the Chairman Considers are Urgent" "minute 27"

section "members and attendance"
expect_exit 0 "$SAFER" partnership members "$P" --format csv
assert_contains "$OUT" "Jonathan Brash,MP for Hartlepool,,other,Chair,2024-05-01,2025-04-30" "the Chair"
assert_contains "$OUT" "Detective Chief Inspector Alan O'Donoghue,,Cleveland Police,responsible-authority,Vice-Chair" "the Vice-Chair"
# Ann Powell is on both lists: her membership covers both years.
assert_match "$OUT" "^Ann Powell,.*,2018-05-01,2025-04-30$" "a member on both lists spans both periods"
expect_exit 0 "$SAFER" attendance --partnership "$P" --from 2018-05-01 --to 2019-04-30 --format csv
assert_contains "$OUT" "member,organisation,meetings,present,substitute,apologies,absent,rate_percent" "header"
assert_contains "$OUT" "John Graham,Durham Tees Valley Community Rehabilitation Company,1,0,1,0,0,100.0" \
  "a member with a substitute (and apologies) was represented"
assert_contains "$OUT" "Councillor Christopher Akers-Belcher,Hartlepool Borough Council,1,0,0,1,0,0.0" "apologies"
assert_contains "$OUT" "Superintendent Alison Jackson,Cleveland Police,1,0,0,0,1,0.0" "absent without apologies"
assert_not_contains "$OUT" "Jonathan Brash" "2025 members do not count in 2018/19"
expect_exit 0 "$SAFER" attendance --partnership "$P" --from 2024-05-01 --to 2025-04-30 --by agency --format csv
assert_contains "$OUT" "Cleveland Fire Authority,1,1,0,0,0,100.0" "an agency represented"
expect_exit 2 "$SAFER" attendance --partnership "$P" --from 2025-13-01 --to 2025-04-30
assert_contains "$ERR" "--from" "a bad date on the command line is named"

# ---------------------------------------------------------------------------------------
section "a bad file is refused whole"
sed -e 's/^  date: 12 October 2018$/  date: O3\/03\/25/' \
  -e 's/^      for: Jean Golightly$/      for: Jean Goodlightly/' "$DATA/shp-2018-10-12.yaml" >bad-meeting.yaml
expect_exit 2 "$SAFER" meeting import bad-meeting.yaml
assert_contains "$ERR" "bad-meeting.yaml" "the message names the file"
assert_contains "$ERR" "\"O3/03/25\" is not a date: day \"O3\" is not a number" "the date problem"
assert_contains "$ERR" "nothing saved from bad-meeting.yaml" "nothing saved"
sed -e 's/^      for: Jean Golightly$/      for: Jean Goodlightly/' -e 's/^  date: 12 October 2018$/  date: 13 October 2018/' \
  "$DATA/shp-2018-10-12.yaml" >bad-substitute.yaml
expect_exit 2 "$SAFER" meeting import bad-substitute.yaml
assert_contains "$ERR" "bad-substitute.yaml" "the message names the file"
assert_contains "$ERR" "Alison Peevor is recorded as substitute for Jean Goodlightly, who is not a member" \
  "the substitute problem"
expect_exit 0 "$SAFER" meeting list --format csv
assert_not_contains "$OUT" "2018-10-13" "nothing saved from the bad file"
assert_not_contains "$OUT" "2025-03-03" "nothing saved from the bad date"

section "minute numbers: a clash with another meeting of the year is refused"
sed -e 's/^  date: 12 October 2018$/  date: 23 November 2018/' "$DATA/shp-2018-10-12.yaml" >clash.yaml
expect_exit 2 "$SAFER" meeting import clash.yaml
assert_contains "$ERR" "the minutes of 2018/19 before 23 November 2018 run to 28" "numbers must run on"

section "unnumbered minutes are numbered on from the year's earlier meetings"
sed -e 's/^  date: 12 October 2018$/  date: 23 November 2018/' -e '/^  - number: /s/number: [0-9]*/title-placeholder: x/' \
  "$DATA/shp-2018-10-12.yaml" | sed -e '/^  - title-placeholder: x$/d' -e 's/^    title: /  - title: /' >numbered-here.yaml
expect_exit 0 "$SAFER" meeting import numbered-here.yaml
assert_contains "$OUT" "meeting of 23 November 2018: minutes 29-38 (10 numbered here): added" "numbered on from 28"

# ---------------------------------------------------------------------------------------
section "re-import changes nothing"
expect_exit 0 "$SAFER" meeting import "$DATA/shp-2018-10-12.yaml" "$DATA/shp-2025-01-31.yaml"
assert_contains "$OUT" "minutes 19-28: unchanged" "2018 re-run unchanged"
assert_contains "$OUT" "minutes 23-27: unchanged" "2025 re-run unchanged"
sed -e 's/^  end: 11.20 am$/  end: 11.25 am/' "$DATA/shp-2018-10-12.yaml" >corrected.yaml
expect_exit 0 "$SAFER" meeting import corrected.yaml
assert_contains "$OUT" "minutes 19-28: replaced" "a corrected file replaces the meeting"
expect_exit 0 "$SAFER" meeting list --format csv
assert_eq 3 "$(grep -c '^[0-9]' <<<"$OUT")" "three meetings, none stored twice"

it_finish
