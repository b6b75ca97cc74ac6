#!/usr/bin/env bash
# Quarterly performance pack: Safer's `report quarterly` for one force over ~10 million
# stored incidents, timed beside DuckDB computing the same crime-tree and district counts
# from the raw rows; the figures are cross-checked. See docs/benchmark.md, "Quarterly pack
# benchmark".
#
#   bench/pack.sh                           # ~10 million rows
#   PACK_ROWS_MILLIONS=0.2 bench/pack.sh    # quick smoke run
#
# Environment:
#   PACK_ROWS_MILLIONS  rows in the generated data, in millions; default 10
#   PACK_FORCES         forces in the data; default 10 (36 months each, 2016-04..2019-03)
#   PACK_QUARTER        the pack's financial quarter; default 2018/19-Q2
#   PACK_PLAN           the Community Safety Plan file; default plans/safer-hartlepool-2017-20.yaml
#   PACK_RUNS           hyperfine runs per pack/table step (after one warm-up); default 5
#   PACK_REGEN=1        regenerate the data even if bench/out/pack-data matches the parameters
#   SAFER_BIN           use this safer binary instead of building build/safer (scripts/build.sh)
#   DUCKDB_THREADS      DuckDB's thread count; default DuckDB's own (every core)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
OUT="$BENCH/out"
DATA="$OUT/pack-data"
WORK="$OUT/pack-work"
PACK_OUT="$OUT/pack-out"
SAFER_DB="$OUT/pack.db"
DUCK_DB="$OUT/pack.duckdb"

PACK_ROWS_MILLIONS=${PACK_ROWS_MILLIONS:-10}
PACK_FORCES=${PACK_FORCES:-10}
PACK_FROM=2016-04
PACK_MONTHS=36
PACK_QUARTER=${PACK_QUARTER:-2018/19-Q2}
PACK_PLAN=${PACK_PLAN:-plans/safer-hartlepool-2017-20.yaml}
PACK_RUNS=${PACK_RUNS:-5}
SEED=1

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mpack bench: %s\033[0m\n' "$*" >&2; exit 1; }
load() { cut -d' ' -f1 /proc/loadavg; }

for tool in node npm hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || die "needs $tool"
done
PLAN=$(realpath "$ROOT/$PACK_PLAN" 2>/dev/null || realpath "$PACK_PLAN") || die "no plan file $PACK_PLAN"
[[ -f "$PLAN" ]] || die "no plan file $PACK_PLAN"

mkdir -p "$OUT" "$WORK"
RESULTS="$WORK/results.jsonl"
: > "$RESULTS"
LIB=(node "$BENCH/lib.mjs")
PACKJS=(node "$BENCH/pack_duckdb.mjs")
LOAD_START=$(load)
log "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

# --- 1. safer --------------------------------------------------------------------------
if [[ -n "${SAFER_BIN:-}" ]]; then
  SAFER=$(realpath "$SAFER_BIN")
else
  log "building safer (scripts/build.sh safer)"
  "$ROOT/scripts/build.sh" safer >&2
  SAFER="$ROOT/build/safer"
fi
[[ -x "$SAFER" ]] || die "no safer binary at $SAFER"
# Benchmark a private copy: a concurrent rebuild cannot swap the binary mid-run.
cp "$SAFER" "$WORK/safer"
SAFER="$WORK/safer"
"$SAFER" report quarterly --help >/dev/null 2>&1 \
  || die "this safer has no 'report quarterly' command (build a newer one)"
COMMIT=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)

# --- 2. DuckDB (Node) ------------------------------------------------------------------
log "installing @duckdb/node-api (npm ci)"
(cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# --- 3. data ---------------------------------------------------------------------------
# Rows per force-month so that forces × 36 months × rows ≈ PACK_ROWS_MILLIONS million.
ROWS=$(node -e "const [m,f,n]=process.argv.slice(1).map(Number);
  console.log(Math.max(1, Math.round(m*1e6/(f*n))))" "$PACK_ROWS_MILLIONS" "$PACK_FORCES" "$PACK_MONTHS")
STAMP="forces=$PACK_FORCES from=$PACK_FROM months=$PACK_MONTHS rows=$ROWS seed=$SEED"
if [[ "${PACK_REGEN:-0}" != 1 && -f "$DATA/.stamp" && "$(cat "$DATA/.stamp")" == "$STAMP" ]]; then
  log "reusing $DATA ($STAMP)"
  SYNTH_SECONDS=$(cat "$DATA/.synth-seconds" 2>/dev/null || echo reused)
else
  log "generating data: $STAMP (~$PACK_ROWS_MILLIONS million rows)"
  rm -rf "$DATA"
  /usr/bin/time -f '%e' -o "$WORK/synth.time" \
    "$SAFER" synth --out "$DATA" --forces "$PACK_FORCES" --from "$PACK_FROM" \
      --months "$PACK_MONTHS" --rows "$ROWS" --seed "$SEED" >/dev/null
  SYNTH_SECONDS=$(tail -n 1 "$WORK/synth.time")
  echo "$SYNTH_SECONDS" > "$DATA/.synth-seconds"
  echo "$STAMP" > "$DATA/.stamp"
  log "generated in $SYNTH_SECONDS s"
fi
mapfile -t FILES < <(find "$DATA" -name '*-street.csv' | sort)
(( ${#FILES[@]} > 0 )) || die "no *-street.csv under $DATA"
read -r DATA_BYTES DATA_ROWS < <("${LIB[@]}" stats "$DATA")
# The pack's area: the force of the first file (files are <YYYY-MM>-<force slug>-street.csv).
FORCE=$("${LIB[@]}" force "${FILES[0]}")
FORCE_SLUG=$(basename "${FILES[0]}" -street.csv)
FORCE_SLUG=${FORCE_SLUG#????-??-}
mapfile -t FORCE_FILES < <(printf '%s\n' "${FILES[@]}" | grep -- "-$FORCE_SLUG-street.csv\$")
FORCE_ROWS=$(( $(cat "${FORCE_FILES[@]}" | wc -l) - ${#FORCE_FILES[@]} ))
log "data: ${#FILES[@]} files, $DATA_BYTES bytes, $DATA_ROWS rows; the pack for \"$FORCE\" ($FORCE_ROWS rows), $PACK_QUARTER"
"${LIB[@]}" record "$RESULTS" '{"tool":"data","step":"info"}' \
  files="${#FILES[@]}" bytes="$DATA_BYTES" rows="$DATA_ROWS" force="$FORCE" force_rows="$FORCE_ROWS" \
  forces="$PACK_FORCES" months="$PACK_MONTHS" from="$PACK_FROM" rows_per_force_month="$ROWS" \
  quarter="$PACK_QUARTER" plan="${PLAN#"$ROOT"/}" synth_seconds="$SYNTH_SECONDS" \
  nproc="$(nproc)" duckdb_threads="${DUCKDB_THREADS:-default}" commit="$COMMIT" load_start="$LOAD_START"

# --- helpers (as in bench/run.sh) ----------------------------------------------------------
# hyperfine_step TOOL STEP COMMAND: median of PACK_RUNS runs (after one warm-up).
hyperfine_step() {
  local tool=$1 step=$2 cmd=$3 json="$WORK/hf-$1-${2//[^a-z0-9]/_}.json"
  hyperfine --style basic --warmup 1 --runs "$PACK_RUNS" --export-json "$json" "$cmd" >&2
  "${LIB[@]}" record-hyperfine "$RESULTS" "$tool" "$step" "$json"
}

# timed_step TOOL STEP OUTFILE CMD...: one run under /usr/bin/time (CPU, peak RSS; the wall
# time from bash's clock), stdout to OUTFILE; fails the benchmark if the command fails.
timed_step() {
  local tool=$1 step=$2 outfile=$3; shift 3
  local tf="$WORK/time-$tool-${step//[^a-z0-9]/_}"
  local t0=$EPOCHREALTIME
  if ! /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" > "$outfile" 2> "$outfile.err"; then
    cat "$outfile.err" >&2
    die "$tool $step failed: $*"
  fi
  local t1=$EPOCHREALTIME
  read -r _ user sys rss_kb < <(tail -n 1 "$tf")
  local wall
  wall=$(node -e 'console.log((process.argv[2] - process.argv[1]).toFixed(4))' "$t0" "$t1")
  "${LIB[@]}" record "$RESULTS" "{\"tool\":\"$tool\",\"step\":\"$step\"}" \
    seconds="$wall" user="$user" sys="$sys" rss_kb="$rss_kb" load="$(load)" \
    inproc="$(grep -h '^{' "$outfile.err" | tail -n 1)"
  log "$tool $step: $wall s"
}
q() { printf '%q ' "$@"; }

# --- 4. imports (once each, fresh databases) -------------------------------------------
cat "${FILES[@]}" > /dev/null  # warm the page cache the same way for both imports
log "import: safer"
rm -f "$SAFER_DB" "$SAFER_DB-wal" "$SAFER_DB-shm" "$SAFER_DB-journal"
sync
timed_step safer import "$WORK/safer-import.out" \
  "$SAFER" --db "$SAFER_DB" --quiet import police-uk "$DATA"
log "import: duckdb"
rm -f "$DUCK_DB" "$DUCK_DB.wal"
sync
timed_step duckdb import "$WORK/duckdb-import.out" \
  node "$BENCH/duckdb.mjs" import "$DUCK_DB" "$DATA/*/*-street.csv"
duck_rows=$(tail -n 1 "$WORK/duckdb-import.out")
[[ "$duck_rows" == "$DATA_ROWS" ]] || die "DuckDB imported $duck_rows rows, the files hold $DATA_ROWS"
"${LIB[@]}" record "$RESULTS" '{"tool":"safer","step":"db size"}' \
  bytes="$(du -cb "$SAFER_DB"* | tail -n 1 | cut -f1)"
"${LIB[@]}" record "$RESULTS" '{"tool":"duckdb","step":"db size"}' \
  bytes="$(du -cb "$DUCK_DB"* | tail -n 1 | cut -f1)"

# --- 5. the pack and the DuckDB table --------------------------------------------------
rm -rf "$PACK_OUT"
safer_pack=("$SAFER" --db "$SAFER_DB" report quarterly --area "$FORCE" --quarter "$PACK_QUARTER"
            --plan "$PLAN" --out "$PACK_OUT")
duck_table=("${PACKJS[@]}" table "$DUCK_DB" "$FORCE" "$PACK_QUARTER")

log "safer: the CSV pack"
timed_step safer "pack csv" "$WORK/safer-pack-csv.out" "${safer_pack[@]}" --format csv
cp "$PACK_OUT/pack.csv" "$WORK/safer-pack.csv"
log "duckdb: the same table from the raw rows"
timed_step duckdb "pack table" "$WORK/duckdb-pack.csv" "${duck_table[@]}"

# --- 6. cross-check --------------------------------------------------------------------
log "cross-check: pack.csv against DuckDB"
"${PACKJS[@]}" check "$WORK/safer-pack.csv" "$WORK/duckdb-pack.csv" "$PLAN" "$FORCE" "$PACK_QUARTER" \
  > "$WORK/check.json" || die "Safer's pack.csv and DuckDB disagree (see above)"
node -e 'const fs=require("fs"),[f,c]=process.argv.slice(1);const r=JSON.parse(fs.readFileSync(c,"utf8"));
  fs.appendFileSync(f, JSON.stringify({tool:"check",step:"pack",...r})+"\n")' "$RESULTS" "$WORK/check.json"

# --- 7. timings ------------------------------------------------------------------------
timed_step safer "pack html" "$WORK/safer-pack-html.out" "${safer_pack[@]}" --format html
log "timing: safer pack csv, html; duckdb table ($PACK_RUNS runs each)"
hyperfine_step safer "pack csv" "$(q "${safer_pack[@]}" --format csv) > /dev/null"
hyperfine_step safer "pack html" "$(q "${safer_pack[@]}" --format html) > /dev/null"
hyperfine_step duckdb "pack table" "$(q "${duck_table[@]}") > /dev/null"
log "safer: the full pack (html, xlsx, csv, pdf), once"
timed_step safer "pack html+xlsx+csv+pdf" "$WORK/safer-pack-full.out" "${safer_pack[@]}"
for f in pack.html pack.xlsx pack.csv pack.pdf; do
  [[ -s "$PACK_OUT/$f" ]] || die "the full pack did not write $f"
done
cmp -s "$PACK_OUT/pack.csv" "$WORK/safer-pack.csv" || die "pack.csv of the full pack differs from the CSV-only one"

# --- 8. report -------------------------------------------------------------------------
"${LIB[@]}" record "$RESULTS" '{"tool":"data","step":"end"}' load_end="$(load)"
"${PACKJS[@]}" report "$RESULTS" > "$OUT/pack-results.md"
cat "$OUT/pack-results.md"
log "written to ${OUT#"$ROOT"/}/pack-results.md"
