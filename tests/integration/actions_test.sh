#!/usr/bin/env bash
# safer action: importing seed 004's action plan (its bad dates listed with their rows, exit 3),
# listing overdue actions with the suggested RAG, adding to the append-only log, refusing an
# action without an owner or with "ongoing" for a due date, and exporting the plan as XLSX.
#
# usage: bash actions_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

PLAN="$SRC/tests/data/governance/shp-action-plan-2024-25.tsv"
TITLE="Safer Hartlepool Partnership Action Plan 2024/25"

# ---------------------------------------------------------------------------------------
section "import without --due: seed 004 has no due-date column, so nothing is saved"
expect_exit 2 "$SAFER" action import "$PLAN" --partnership "Safer Hartlepool Partnership" --title "$TITLE"
assert_contains "$OUT" "a due date is required" "each action without a due date is reported"
assert_contains "$OUT" "--due DATE" "the report says how to give one"
assert_contains "$ERR" "nothing saved" "nothing is saved"

section "import with --due: bad dates reported with their rows, the rest imported (exit 3)"
expect_exit 3 "$SAFER" action import "$PLAN" --partnership "Safer Hartlepool Partnership" --title "$TITLE" \
  --due 31/03/2025
assert_contains "$OUT" "shp-action-plan-2024-25.tsv:30: " "the row of \"O3/03/25\""
assert_contains "$OUT" '"O3/03/25" is not a date' "\"O3/03/25\" is reported, not guessed"
assert_contains "$OUT" "shp-action-plan-2024-25.tsv:110: " "the row of \"02/03/24\""
assert_contains "$OUT" '"02/03/24" is 2 March 2024, before the plan'"'"'s year began' "\"02/03/24\" is reported"
assert_contains "$OUT" '"Other Comments" has no owner' "an action without an owner is reported"
assert_contains "$OUT" "40 actions (44 read, 4 set aside), 64 log entries (73 read, 9 set aside)" "the counts add up"

section "the same plan twice is refused"
expect_exit 2 "$SAFER" action import "$PLAN" --partnership "Safer Hartlepool Partnership" --title "$TITLE" \
  --due 31/03/2025
assert_contains "$ERR" "already has a plan titled" "a second import of the same title is refused"

# ---------------------------------------------------------------------------------------
section "list: everything due 31 March 2025 is overdue now, with the reason"
expect_exit 0 "$SAFER" action list --plan 1 --overdue --format csv
assert_contains "$OUT" "overdue since 31 March 2025" "overdue actions are suggested Red with the date"
overdue=$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)
assert_eq "40" "$overdue" "all 40 imported actions are overdue"
expect_exit 0 "$SAFER" action list --owner "fire brigade" --format csv
assert_match "$OUT" "Reduce deliberate fires" "--owner finds the fire brigade's actions"
expect_exit 4 "$SAFER" action list --plan 99

# ---------------------------------------------------------------------------------------
section "add: refusals with helpful messages"
expect_exit 2 "$SAFER" action add --plan 1 --priority "Anti-social behaviour" --objective "Reduce deliberate fires" \
  --text "Chair the deliberate fires group" --due 30/09/2099
assert_contains "$ERR" "at least one owner" "an action without an owner is refused"
expect_exit 2 "$SAFER" action add --plan 1 --text "Chair the deliberate fires group" \
  --owner "Sean Smith, Cleveland Fire Brigade" --due ongoing
assert_contains "$ERR" "for monitoring purposes a date is required rather than using phrases such as 'on-going'" \
  "\"ongoing\" is refused in the seed's words"
expect_exit 2 "$SAFER" action add --plan 1 --text "Chair the deliberate fires group" \
  --owner "Sean Smith, Cleveland Fire Brigade"
assert_contains "$ERR" "a due date is required" "a missing due date is refused"

section "add, update, correct, set RAG"
expect_exit 0 "$SAFER" action add --plan 1 --priority "Anti-social behaviour" --objective "Reduce deliberate fires" \
  --text "Chair the deliberate fires group" --owner "Sean Smith, Cleveland Fire Brigade" --due "September 2099"
assert_contains "$OUT" "due 30 September 2099" "a month as the due date means its last day"
id=$(sed -n 's/^added action \([0-9]*\) .*/\1/p' <<<"$OUT")
assert_ne "" "$id" "the new action's id is printed"
expect_exit 0 "$SAFER" action update "$id" --date 03/03/2025 --author "Sean Smith" --role "Hartlepool District Manager" \
  --text "Agreed to chair the group."
entry=$(sed -n 's/^added entry \([0-9]*\) .*/\1/p' <<<"$OUT")
expect_exit 0 "$SAFER" action update "$id" --date 2025-03-04 --author "Sean Smith" --text "Chairs it from April." \
  --corrects "$entry"
expect_exit 2 "$SAFER" action update "$id" --date O3/03/25 --author "Sean Smith" --text "x"
assert_contains "$ERR" "O3/03/25" "a bad date on the command line is refused"
expect_exit 0 "$SAFER" action show "$id"
assert_contains "$OUT" "Agreed to chair the group." "the original entry stands"
assert_contains "$OUT" "(corrects entry $entry)" "the correction says what it corrects"
assert_contains "$OUT" "recorded by command line (" "the Safer user who entered it is recorded"
expect_exit 0 "$SAFER" action list --plan 1 --last-meeting 2025-03-10 --format csv
assert_match "$OUT" "^$id,.*,Amber,no update since the meeting of 10 March 2025" \
  "no update since the last meeting is suggested Amber"
expect_exit 0 "$SAFER" action rag "$id" Complete
expect_exit 2 "$SAFER" action rag "$id" Purple
expect_exit 0 "$SAFER" action list --plan 1 --format csv
assert_match "$OUT" "^$id,.*,Complete,Complete,marked complete" "complete stays complete"

if have sqlite3; then
  section "the log is append-only even to SQL"
  assert_contains "$(sql "UPDATE progress_entry SET text = 'x' WHERE id = $entry")" "append-only" "UPDATE refused"
  assert_contains "$(sql "DELETE FROM progress_entry WHERE id = $entry")" "append-only" "DELETE refused"
fi

# ---------------------------------------------------------------------------------------
section "export to XLSX"
expect_exit 0 "$SAFER" action export --plan 1 --out "$TMP/plan.xlsx" --last-meeting 2025-03-10
assert_contains "$OUT" "41 actions" "all actions exported"
if have python3 && python3 -c 'import openpyxl' 2>/dev/null; then
  check=$(python3 - "$TMP/plan.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Action plan"]
rows = list(ws.iter_rows(min_row=4, values_only=True))
header, actions = rows[0], [r for r in rows[1:] if any(r)]
print(len(actions))
print(header[9], "|", actions[0][9], "|", actions[0][10])
print(sum(1 for r in wb["Progress log"].iter_rows(min_row=2, values_only=True) if any(r)))
PY
  )
  assert_eq "41" "$(sed -n 1p <<<"$check")" "the sheet has a row per action"
  assert_contains "$(sed -n 2p <<<"$check")" "Suggested RAG | Red | overdue since 31 March 2025" "suggested RAG and why"
  assert_eq "66" "$(sed -n 3p <<<"$check")" "the log sheet has a row per entry"
fi
expect_exit 0 "$SAFER" action import "$TMP/plan.xlsx" --partnership "Safer Hartlepool Partnership" --title "Re-imported 2024/25"
assert_contains "$OUT" "41 actions (41 read, 0 set aside)" "the exported workbook imports again"

section "a decision of a meeting creates an action"
expect_exit 0 "$SAFER" meeting import "$SRC/tests/data/governance/shp-2025-01-31.yaml"
expect_exit 0 "$SAFER" action add --plan 1 --owner "Sylvia Pinkney, Hartlepool Borough Council" --due 30/06/2025 \
  --from-meeting 31/01/2025 --decision "26(iii)"
assert_contains "$OUT" "added action" "an action from minute 26, decision (iii)"
expect_exit 0 "$SAFER" action show "$(sed -n 's/added action \([0-9]*\).*/\1/p' <<<"$OUT")"
assert_contains "$OUT" "That a workshop be held with partners" "its text is the decision's when none is given"
expect_exit 4 "$SAFER" action add --plan 1 --owner "X, Y" --due 30/06/2025 --from-meeting 31/01/2025 --decision "26(vii)"
assert_contains "$ERR" "minute 26 has no decision (vii)" "a decision that does not exist is refused"
expect_exit 4 "$SAFER" action add --plan 1 --owner "X, Y" --due 30/06/2025 --from-meeting 30/01/2025 --decision "26(i)"
assert_contains "$ERR" "no meeting on 30 January 2025" "a meeting that does not exist is refused"

it_finish
