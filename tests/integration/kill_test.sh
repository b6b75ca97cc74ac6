#!/usr/bin/env bash
# kill -9 in the middle of an import leaves the database exactly as it was before the
# import (counts, import history, rejects, stored rows, integrity), and a normal import of
# the same input succeeds afterwards.
#
# usage: bash kill_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

F="Cleveland Police"

# make_big DIR ROWS: a big input in DIR, and the number of rows in BIG_ROWS.
make_big() {
  local dir=$1 rows=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  if "$SAFER" synth --out "$dir" --forces 2 --months 2 --rows "$rows" --seed 11 >/dev/null 2>&1 &&
    compgen -G "$dir/*/*-street.csv" >/dev/null; then
    BIG_HOW="safer synth, 2 forces x 2 months x $rows rows"
  else
    # No working synth: replicate the sample's rows under another force, one month per copy,
    # crimes with new random-looking ids (as police.uk's are).
    rm -rf "$dir"
    mkdir -p "$dir"
    local copies=$((rows * 4 / 8416 + 1)) k month
    for ((k = 1; k <= copies; k++)); do
      month=$(printf '%04d-%02d' $((2000 + (k - 1) / 12)) $(((k - 1) % 12 + 1)))
      {
        head -1 "$SAMPLE"
        tail -n +2 "$SAMPLE" | awk -F, -v OFS=, -v k="$k" -v month="$month" 'BEGIN { srand(k) } {
          if ($1 != "") {
            $1 = ""
            for (j = 0; j < 8; j++) $1 = $1 sprintf("%08x", int(rand() * 4294967296))
          }
          $2 = month; $3 = "Replica Police"; $4 = "Replica Police"; print }'
      } >"$dir/$month-replica-street.csv"
    done
    BIG_HOW="sample replicated $copies times"
  fi
  # An edition of the held force-month is part of the import too: the kill must also undo
  # a replacement.
  awk 'NR == 1 || NR % 5 != 0' "$SAMPLE" >"$dir/2018-09-cleveland-v2-street.csv"
  BIG_ROWS=0
  local f
  while IFS= read -r f; do
    BIG_ROWS=$((BIG_ROWS + $(wc -l <"$f") - 1))
  done < <(find "$dir" -name '*-street.csv')
}

# snapshot: everything observable about the store, in one text.
snapshot() {
  echo "== counts by category"
  "$SAFER" query counts --area "$F" --from 2018-01 --to 2018-12 --by month,category --format csv 2>&1 || echo "exit $?"
  echo "== counts by area"
  "$SAFER" query counts --area "$F" --from 2018-09 --to 2018-09 --by area --format csv 2>&1 || echo "exit $?"
  echo "== import list"
  "$SAFER" import list --format csv 2>&1 || echo "exit $?"
  echo "== rejects"
  "$SAFER" import rejects --format csv 2>&1 || echo "exit $?"
  if have sqlite3; then
    echo "== incident rows"
    sql 'select count(*) from incident'
    echo "== editions"
    sql 'select count(*) from edition'
  fi
}

# progress_percent FILE: the last percentage shown by --progress in FILE (0 if none).
progress_percent() {
  local p
  p=$(tr '\r' '\n' <"$1" | grep -Eo '[0-9]+(\.[0-9]+)?%' | tail -1 | tr -d '%' | cut -d. -f1 || true)
  echo "${p:-0}"
}

if have sqlite3; then :; else echo "(sqlite3 not installed: comparing safer's outputs only)"; fi

# start_import: starts the import of the big input in the background (PID in pid).
start_import() {
  : >"$TMP/kill.err"
  "$SAFER" import police-uk --progress "$TMP/big" >"$TMP/kill.out" 2>"$TMP/kill.err" &
  pid=$!
  IT_BG_PIDS+=("$pid")
}

# kill_now WHAT: kill -9 the running import. Returns 0 when it died of the signal, 1 when it
# had already ended on its own (a race with the check that it was running).
kill_now() {
  kill -9 "$pid" 2>/dev/null || true
  local rc=0
  wait "$pid" 2>/dev/null || rc=$?
  IT_BG_PIDS=()
  if [[ $rc == 137 ]]; then return 0; fi
  assert_eq 0 "$rc" "$1: the import ended on its own just before the kill: its exit code"
  return 1
}

killed=0
rows=250000
for attempt in 1 2 3; do
  section "attempt $attempt: baseline, then kill -9 in the middle of a big import"
  export SAFER_DB="$TMP/kill$attempt.db"
  # The baseline: the sample, with one bad row, so the rejects list is not empty.
  { cat "$SAMPLE"; echo "$(hexid a),2018-08,$F,$F,-1.2,54.6,On or near X,E01011954,Hartlepool 001A,Burglarz,,"; } \
    >"$TMP/2018-09-cleveland-street.csv"
  expect_exit 0 "$SAFER" import police-uk "$TMP/2018-09-cleveland-street.csv"
  assert_totals "$TMP/2018-09-cleveland-street.csv" 8417 8416 1 0
  before=$(snapshot)
  assert_contains "$before" "Burglarz" "(baseline) the rejects list holds the bad row"

  make_big "$TMP/big" "$rows"
  echo "big input: $BIG_HOW, $BIG_ROWS rows, $(du -sh "$TMP/big" | cut -f1)"

  start_import
  t0=$(date +%s%N)
  # Wait until the import is well under way (progress at 30% or more; 1 s if no progress
  # bar shows), then kill it if it is still running.
  start=$SECONDS
  waited=0
  while kill -0 "$pid" 2>/dev/null; do
    pct=$(progress_percent "$TMP/kill.err")
    if [[ $pct -ge 30 || ($pct -eq 0 && $waited -ge 10) || $((SECONDS - start)) -ge 60 ]]; then break; fi
    sleep 0.1
    waited=$((waited + 1))
  done
  pct=$(progress_percent "$TMP/kill.err")
  if kill -0 "$pid" 2>/dev/null && [[ $pct -lt 90 ]]; then
    if kill_now "mid-import"; then
      echo "killed at $pct% after $((($(date +%s%N) - t0) / 1000000)) ms"
      killed=1
      break
    fi
  else
    wait "$pid" 2>/dev/null || true
    IT_BG_PIDS=()
  fi
  echo "import finished (or nearly) before it could be killed; retrying with a larger input"
  rows=$((rows * 3))
done

IT_CHECKS=$((IT_CHECKS + 1))
if [[ $killed != 1 ]]; then
  fail "could not kill the import while it was running (it always finished too fast)"
  it_finish
fi

section "after the kill: the store is exactly as before"
if have sqlite3; then
  # Checked first, before safer itself opens the database again.
  assert_eq ok "$(sql 'pragma integrity_check')" "sqlite integrity_check after kill -9"
fi
after=$(snapshot)
assert_eq "$before" "$after" "everything observable is unchanged by the killed import"
if have sqlite3; then
  assert_eq ok "$(sql 'pragma integrity_check')" "sqlite integrity_check after safer reopened the database"
fi

# fully_imported: checks the store holds the whole big input on top of the baseline.
fully_imported() {
  assert_eq "$(uk_expected_by_category "$TMP/big/2018-09-cleveland-v2-street.csv")" \
    "$(count_of "$F" 2018-09 2018-09 --by category; sort <<<"$COUNT")" "$1: Cleveland counts are the new edition's"
  run "$SAFER" import list --format csv
  assert_eq 3 "$(printf '%s\n' "$OUT" | grep -c .)" "$1: the import history holds the two imports"
  assert_match "$OUT" "^2,.*,$BIG_ROWS,$BIG_ROWS,0,0," "$1: the second import's totals"
  if have sqlite3; then
    assert_eq "$BIG_ROWS" "$(sql 'select count(*) from incident')" "$1: stored rows"
  fi
}

section "kill -9 after all rows are read, while the import commits"
# The transaction ends with a commit that takes a moment; a kill there leaves either the
# store as before or the whole import, nothing between.
committed=0
start_import
start=$SECONDS
while kill -0 "$pid" 2>/dev/null; do
  pct=$(progress_percent "$TMP/kill.err")
  if [[ $pct -ge 100 || $((SECONDS - start)) -ge 60 ]]; then break; fi
  sleep 0.05
done
sleep 0.05
if kill -0 "$pid" 2>/dev/null && kill_now "while committing"; then
  if have sqlite3; then
    assert_eq ok "$(sql 'pragma integrity_check')" "sqlite integrity_check after kill -9 while committing"
  fi
  after=$(snapshot)
  if [[ $after == "$before" ]]; then
    echo "the killed commit left the store as before"
  else
    echo "the commit had completed before the kill: checking the whole import is there"
    committed=1
    fully_imported "import committed just before the kill"
  fi
else
  wait "$pid" 2>/dev/null || true
  IT_BG_PIDS=()
  echo "(the import finished before it could be killed while committing)"
  committed=1
  fully_imported "import that finished before the kill"
fi

section "a normal import of the same input afterwards succeeds"
expect_exit 0 "$SAFER" import police-uk "$TMP/big"
if [[ $committed == 0 ]]; then
  assert_contains "$OUT" "read $BIG_ROWS = imported $BIG_ROWS + rejected 0 + unchanged 0" "the whole big input loads"
  assert_contains "$OUT" "force-months replaced 1" "the Cleveland edition in the big input replaces the held one"
  fully_imported "normal import after the kills"
else
  assert_contains "$OUT" "read $BIG_ROWS = imported 0 + rejected 0 + unchanged $BIG_ROWS" "the big input is already held"
fi
if have sqlite3; then
  assert_eq ok "$(sql 'pragma integrity_check')" "sqlite integrity_check after the normal import"
fi

it_finish
