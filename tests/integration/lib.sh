# shellcheck shell=bash disable=SC2034 # its variables are used by the scripts that source it
# Shared helpers for the integration tests. Sourced, never run:
#
#   source "$(dirname "$0")/lib.sh"
#   it_setup "$@"          # SAFER=<binary>, SRC=<source dir>, TMP=<fresh dir>, cd "$TMP"
#   ...assertions...
#   it_finish              # exit 1 when any assertion failed
#
# Assertions do not stop the script (they always return 0, so `set -e` is safe): each failure
# prints "FAIL: ..." and is counted, so one run shows every broken behaviour; IT_OK is 0
# after a failed assertion and 1 after a passed one. `run` captures a command's stdout, stderr and exit code
# in OUT, ERR and RC without tripping `set -e`.

IT_FAILURES=0
IT_CHECKS=0
IT_BG_PIDS=()

it_setup() {
  if [[ $# -lt 2 ]]; then
    echo "usage: bash $0 <path-to-safer> <source-dir>" >&2
    exit 2
  fi
  SAFER=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  SRC=$(cd "$2" && pwd)
  if [[ ! -x $SAFER ]]; then
    echo "FAIL: safer binary not found or not executable: $SAFER" >&2
    exit 1
  fi
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/safer-it.XXXXXX")
  trap it_cleanup EXIT
  # Under `set -e` an unexpected failing command ends the script: say where.
  set -o errtrace
  trap '[[ $BASH_SUBSHELL != 0 ]] || echo "FAIL: unexpected error (exit $?) at ${BASH_SOURCE[0]}:$LINENO: $BASH_COMMAND" >&2' ERR
  cd "$TMP" || exit 1
  export LC_ALL=C
  export SAFER_DB="$TMP/safer.db"
  SAMPLE="$SRC/data/sample/2018-09-cleveland-street.csv"
  LOOKUP="$SRC/data/sample/lsoa11_ward18_lad18_cleveland.csv"
  HEADER='Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'
}

it_cleanup() {
  local pid
  for pid in "${IT_BG_PIDS[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  cd /
  if [[ -n ${TMP:-} && -d $TMP ]]; then
    chmod -R u+rwx "$TMP" 2>/dev/null || true
    rm -rf "$TMP"
  fi
}

it_finish() {
  if [[ $IT_FAILURES -gt 0 ]]; then
    echo "$(basename "$0"): $IT_FAILURES of $IT_CHECKS checks FAILED" >&2
    exit 1
  fi
  echo "$(basename "$0"): all $IT_CHECKS checks passed"
  exit 0
}

fail() {
  IT_FAILURES=$((IT_FAILURES + 1))
  IT_OK=0
  echo "FAIL: $*" >&2
}

# Prints a section title, so failures can be located in the log.
section() { echo "--- $*"; }

# Shows the last command run through `run` (after a failure).
show_last() {
  {
    echo "      command: ${LAST_CMD:-}"
    echo "      exit: ${RC:-}"
    echo "      stdout: $(printf '%s' "${OUT:-}" | head -c 1500 | sed '2,$s/^/              /')"
    echo "      stderr: $(printf '%s' "${ERR:-}" | head -c 1500 | sed '2,$s/^/              /')"
  } >&2
}

# run CMD...: runs CMD, sets OUT, ERR (text) and RC (exit code); never fails.
run() {
  local out_file err_file
  out_file=$(mktemp "$TMP/.out.XXXXXX")
  err_file=$(mktemp "$TMP/.err.XXXXXX")
  LAST_CMD=$(printf '%q ' "$@")
  RC=0
  "$@" >"$out_file" 2>"$err_file" || RC=$?
  OUT=$(cat "$out_file")
  ERR=$(cat "$err_file")
  rm -f "$out_file" "$err_file"
}

# safer ARGS...: `run` on the binary under test.
safer() { run "$SAFER" "$@"; }

# expect_exit CODE CMD...: runs CMD (through `run`) and checks its exit code.
expect_exit() {
  local want=$1
  shift
  run "$@"
  IT_CHECKS=$((IT_CHECKS + 1)); IT_OK=1
  if [[ $RC != "$want" ]]; then
    fail "exit code $RC, expected $want: $LAST_CMD"
    show_last
    return 0
  fi
  return 0
}

# assert_eq EXPECTED ACTUAL MESSAGE
assert_eq() {
  IT_CHECKS=$((IT_CHECKS + 1)); IT_OK=1
  if [[ "$1" != "$2" ]]; then
    fail "$3"
    echo "      expected: $(printf '%s' "$1" | head -c 3000 | sed '2,$s/^/                /')" >&2
    echo "      actual:   $(printf '%s' "$2" | head -c 3000 | sed '2,$s/^/                /')" >&2
    return 0
  fi
  return 0
}

# assert_ne UNEXPECTED ACTUAL MESSAGE
assert_ne() {
  IT_CHECKS=$((IT_CHECKS + 1)); IT_OK=1
  if [[ "$1" == "$2" ]]; then
    fail "$3 (got \"$2\")"
    return 0
  fi
  return 0
}

# assert_contains HAYSTACK NEEDLE MESSAGE (fixed string)
assert_contains() {
  IT_CHECKS=$((IT_CHECKS + 1)); IT_OK=1
  if [[ "$1" != *"$2"* ]]; then
    fail "$3: expected to find $(printf '%q' "$2")"
    echo "      in: $(printf '%s' "$1" | head -c 2000 | sed '2,$s/^/          /')" >&2
    return 0
  fi
  return 0
}

# assert_not_contains HAYSTACK NEEDLE MESSAGE (fixed string)
assert_not_contains() {
  IT_CHECKS=$((IT_CHECKS + 1)); IT_OK=1
  if [[ "$1" == *"$2"* ]]; then
    fail "$3: did not expect $(printf '%q' "$2")"
    echo "      in: $(printf '%s' "$1" | head -c 2000 | sed '2,$s/^/          /')" >&2
    return 0
  fi
  return 0
}

# assert_match HAYSTACK EXTENDED-REGEX MESSAGE (some line matches)
assert_match() {
  IT_CHECKS=$((IT_CHECKS + 1)); IT_OK=1
  # A here-string, not a pipe: grep -q stops at the first match, and under pipefail the
  # writer's SIGPIPE would turn a match into a failure when the text is long.
  if ! grep -Eq -- "$2" <<<"$1"; then
    fail "$3: no line matches /$2/"
    echo "      in: $(printf '%s' "$1" | head -c 2000 | sed '2,$s/^/          /')" >&2
    return 0
  fi
  return 0
}

# assert_true MESSAGE CMD...: CMD must exit 0.
assert_true() {
  local msg=$1
  shift
  IT_CHECKS=$((IT_CHECKS + 1)); IT_OK=1
  if ! "$@"; then
    fail "$msg"
    return 0
  fi
  return 0
}

have() { command -v "$1" >/dev/null 2>&1; }

# hexid CHAR [N]: a Crime ID made of 64 (or N) copies of CHAR.
hexid() {
  local c=$1 n=${2:-64} s=""
  while [[ ${#s} -lt $n ]]; do s+=$c; done
  printf '%s' "${s:0:n}"
}

# street_row ID MONTH FORCE TYPE [LON LAT LOCATION LSOA_CODE LSOA_NAME OUTCOME CONTEXT]
# Prints one police.uk street row (12 fields, no quoting: pass already-quoted text).
street_row() {
  local id=$1 month=$2 force=$3 type=$4
  local lon=${5--1.2} lat=${6-54.6} loc=${7-On or near High Street}
  local code=${8-E01000001} name=${9-Testtown 001A}
  local outcome=${10-Under investigation} context=${11-}
  [[ $type == "Anti-social behaviour" && $# -lt 10 ]] && outcome=""
  printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$id" "$month" "$force" "$force" \
    "$lon" "$lat" "$loc" "$code" "$name" "$type" "$outcome" "$context"
}

# count_of AREA FROM TO [more query args]: sets COUNT to the CSV body of
# `safer query counts` (header dropped) and RC; a failing query is a failed check.
count_of() {
  local area=$1 from=$2 to=$3
  shift 3
  run "$SAFER" query counts --area "$area" --from "$from" --to "$to" --format csv "$@"
  if [[ $RC != 0 ]]; then
    IT_CHECKS=$((IT_CHECKS + 1)); IT_OK=1
    fail "query counts for \"$area\" $from..$to $* failed with exit $RC"
    show_last
    COUNT="<query failed with exit $RC>"
    return 0
  fi
  COUNT=$(printf '%s\n' "$OUT" | tail -n +2)
  return 0
}

# assert_count EXPECTED AREA FROM TO [more query args]: the single total count.
assert_count() {
  local want=$1
  shift
  count_of "$@"
  [[ $RC == 0 ]] || return 0
  assert_eq "$want" "$COUNT" "count for area \"$1\" $2..$3 ${*:4}"
}

# assert_totals LABEL READ IMPORTED REJECTED UNCHANGED: stdout of the last run holds
# "LABEL: read N = imported N + rejected N + unchanged N".
assert_totals() {
  local label=$1 read=$2 imported=$3 rejected=$4 unchanged=$5
  assert_contains "$OUT" "$label: read $read = imported $imported + rejected $rejected + unchanged $unchanged" \
    "row totals for $label"
}

# assert_reject FILE LINE REASON-PART RAW: `safer import rejects --format csv` lists a row
# for FILE (as named on the command line) at LINE whose reason contains REASON-PART and
# whose raw text is exactly RAW. Without python3 only a text search is done.
assert_reject() {
  local file=$1 line=$2 reason=$3 raw=$4
  local out rc=0
  out=$("$SAFER" import rejects --format csv 2>&1) || rc=$?
  IT_CHECKS=$((IT_CHECKS + 1)); IT_OK=1
  if [[ $rc != 0 ]]; then
    fail "safer import rejects --format csv exited $rc: $out"
    return 0
  fi
  if ! have python3; then
    [[ $out == *"$file"*"$line"* ]] || fail "rejects list lacks $file:$line"
    return 0
  fi
  local found
  found=$(printf '%s\n' "$out" | python3 -c '
import csv, sys
file, line, reason, raw = sys.argv[1:5]
rows = list(csv.DictReader(sys.stdin))
hits = [r for r in rows if r.get("file") == file and r.get("line") == line]
if not hits:
    print("no row for %s line %s; rows: %s" % (file, line, [(r.get("file"), r.get("line")) for r in rows]))
elif reason not in hits[0].get("reason", ""):
    print("reason %r lacks %r" % (hits[0].get("reason"), reason))
elif hits[0].get("raw") != raw:
    short = lambda x: repr(x) if len(x) <= 200 else "%r... (%d characters)" % (x[:120], len(x))
    print("raw %s, expected %s" % (short(hits[0].get("raw")), short(raw)))
elif len(hits) > 1:
    print("listed %d times" % len(hits))
' "$file" "$line" "$reason" "$raw")
  if [[ -n $found ]]; then
    fail "import rejects: $file:$line: $found"
    return 0
  fi
  return 0
}

# rejects_count: number of rows listed by `safer import rejects --format csv`.
rejects_count() {
  local out
  out=$("$SAFER" import rejects --format csv) || { echo "error"; return 0; }
  if have python3; then
    printf '%s\n' "$out" | python3 -c 'import csv,sys; print(max(0, len(list(csv.reader(sys.stdin))) - 1))'
  else
    printf '%s\n' "$out" | tail -n +2 | grep -c . || true
  fi
}

# sql QUERY: runs QUERY with the sqlite3 CLI on $SAFER_DB and prints the result (or the
# error text); never fails. Callers check `have sqlite3` first.
sql() {
  sqlite3 "$SAFER_DB" "$1" 2>&1 || true
}

# Independent counting of police.uk street CSV text (no quoted fields: the sample and the
# synth output have none), to compare with what safer reports.
#
# uk_rows FILE...: the data rows of the files (header and blank lines dropped), with an exact
# repeat of a crime row (same Crime ID, same text) kept once, as an import keeps it.
uk_rows() {
  local f
  for f in "$@"; do tail -n +2 "$f"; done | tr -d '\r' |
    awk -F, 'NF > 0 && !($1 != "" && seen[$0]++)'
}

# uk_category_name: maps police.uk Crime type (stdin, one a line) to the name safer prints.
uk_category_name() {
  awk '{
    if ($0 == "Drugs") print "Drug offences";
    else if ($0 == "Public order") print "Public disorder";
    else if ($0 == "Other crime") print "Miscellaneous crimes against society";
    else if ($0 == "Possession of weapons") print "Possession of weapons offences";
    else print $0 }'
}

# count_lines: "value,count" per distinct stdin line, sorted (C locale).
count_lines() {
  sort | uniq -c | awk '{ n = $1; sub(/^ *[0-9]+ /, ""); print $0 "," n }' | sort
}

# uk_expected_by_category FILE...: "Category,count" lines, sorted, as safer should print.
uk_expected_by_category() {
  uk_rows "$@" | cut -d, -f10 | uk_category_name | count_lines
}
