#!/usr/bin/env bash
# Safer vs DuckDB: import ~1 GB of police.uk street CSV, then count one force's year by
# category and by area × month; cross-check the counts; print a table of the figures.
# See docs/benchmark.md.
#
#   bench/run.sh                      # ~1 GB
#   BENCH_GB=0.05 bench/run.sh        # quick smoke run (~50 MB)
#
# Environment:
#   BENCH_GB            size of the generated data, in GB (10^9 bytes); default 1
#   BENCH_FORCES        forces in the data; default 10 (12 months each, 2018-01..2018-12)
#   BENCH_RUNS          how many times each import is run (fresh database each time); the
#                       median is reported; default 1
#   BENCH_QUERY_RUNS    hyperfine runs per count query; default 5
#   BENCH_REGEN=1       regenerate the data even if bench/out/data matches the parameters
#   SAFER_BIN           use this safer binary instead of building build/safer (Release)
#   DUCKDB_THREADS      DuckDB's thread count; default DuckDB's own (every core)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
OUT="$BENCH/out"
DATA="$OUT/data"
WORK="$OUT/work"

BENCH_GB=${BENCH_GB:-1}
BENCH_FORCES=${BENCH_FORCES:-10}
BENCH_MONTHS=12
BENCH_FROM=2018-01
BENCH_TO=2018-12
BENCH_RUNS=${BENCH_RUNS:-1}
BENCH_QUERY_RUNS=${BENCH_QUERY_RUNS:-5}
SEED=1

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mbench: %s\033[0m\n' "$*" >&2; exit 1; }

for tool in node npm hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || die "needs $tool"
done

mkdir -p "$OUT" "$WORK"
RESULTS="$WORK/results.jsonl"
: > "$RESULTS"

# --- 1. safer --------------------------------------------------------------------------
if [[ -n "${SAFER_BIN:-}" ]]; then
  SAFER=$(realpath "$SAFER_BIN")
else
  log "building safer (Release)"
  cmake -S "$ROOT" -B "$ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$ROOT/build" --target safer >&2
  SAFER="$ROOT/build/safer"
fi
[[ -x "$SAFER" ]] || die "no safer binary at $SAFER"
# Benchmark a private copy: a concurrent rebuild cannot swap the binary mid-run.
cp "$SAFER" "$WORK/safer"
SAFER="$WORK/safer"
COMMIT=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
SAFER_GLOBAL=()
if "$SAFER" --help 2>&1 | grep -q -- '--quiet'; then SAFER_GLOBAL+=(--quiet); fi

# --- 2. DuckDB (Node) ------------------------------------------------------------------
log "installing @duckdb/node-api (npm ci)"
(cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
DUCK=(node "$BENCH/duckdb.mjs")

# --- 3. data ---------------------------------------------------------------------------
# Calibrate bytes per row on a small sample, then choose rows per force-month so that
# forces × months × rows × bytes/row ≈ BENCH_GB.
CAL="$WORK/calibrate"
rm -rf "$CAL"
"$SAFER" synth --out "$CAL" --forces 1 --from "$BENCH_FROM" --months 1 --rows 5000 --seed "$SEED" >/dev/null
read -r cal_bytes cal_rows < <(node "$BENCH/lib.mjs" stats "$CAL")
rm -rf "$CAL"
(( cal_rows > 0 )) || die "safer synth wrote no rows"
ROWS=$(node -e "const [gb,b,r,f,m]=process.argv.slice(1).map(Number);
  console.log(Math.max(1, Math.round(gb*1e9/(b/r)/(f*m))))" \
  "$BENCH_GB" "$cal_bytes" "$cal_rows" "$BENCH_FORCES" "$BENCH_MONTHS")

STAMP="forces=$BENCH_FORCES from=$BENCH_FROM months=$BENCH_MONTHS rows=$ROWS seed=$SEED"
if [[ "${BENCH_REGEN:-0}" != 1 && -f "$DATA/.stamp" && "$(cat "$DATA/.stamp")" == "$STAMP" ]]; then
  log "reusing $DATA ($STAMP)"
else
  log "generating data: $STAMP (~$BENCH_GB GB)"
  rm -rf "$DATA"
  /usr/bin/time -f '%e' -o "$WORK/synth.time" \
    "$SAFER" synth --out "$DATA" --forces "$BENCH_FORCES" --from "$BENCH_FROM" \
      --months "$BENCH_MONTHS" --rows "$ROWS" --seed "$SEED" >/dev/null
  echo "$STAMP" > "$DATA/.stamp"
  log "generated in $(cat "$WORK/synth.time") s"
fi
mapfile -t FILES < <(find "$DATA" -name '*-street.csv' | sort)
(( ${#FILES[@]} > 0 )) || die "no *-street.csv under $DATA"
read -r DATA_BYTES DATA_ROWS < <(node "$BENCH/lib.mjs" stats "$DATA")
FORCE=$(node "$BENCH/lib.mjs" force "${FILES[0]}")
log "data: ${#FILES[@]} files, $DATA_BYTES bytes, $DATA_ROWS rows; counting force \"$FORCE\""
node "$BENCH/lib.mjs" record "$RESULTS" '{"tool":"data","step":"info"}' \
  files="${#FILES[@]}" bytes="$DATA_BYTES" rows="$DATA_ROWS" force="$FORCE" \
  forces="$BENCH_FORCES" months="$BENCH_MONTHS" rows_per_force_month="$ROWS" \
  nproc="$(nproc)" duckdb_threads="${DUCKDB_THREADS:-default}" commit="$COMMIT" \
  load_start="$(cut -d' ' -f1 /proc/loadavg)" \
  safer_global="${SAFER_GLOBAL[*]:-}"

# --- helpers ---------------------------------------------------------------------------
# hyperfine_step TOOL STEP COMMAND: median of BENCH_QUERY_RUNS runs (after one warm-up).
hyperfine_step() {
  local tool=$1 step=$2 cmd=$3 json="$WORK/hf-$1-${2// /_}.json"
  hyperfine --style basic --warmup 1 --runs "$BENCH_QUERY_RUNS" --export-json "$json" \
    "$cmd" >&2
  node "$BENCH/lib.mjs" record-hyperfine "$RESULTS" "$tool" "$step" "$json"
}

# timed_step TOOL STEP OUTFILE CMD...: one run under /usr/bin/time (CPU, peak RSS; the wall
# time from bash's clock, /usr/bin/time's has only centiseconds),
# stdout to OUTFILE; fails the benchmark if the command fails.
timed_step() {
  local tool=$1 step=$2 outfile=$3; shift 3
  local tf="$WORK/time-$tool-${step// /_}"
  local t0=$EPOCHREALTIME
  if ! /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" > "$outfile" 2> "$outfile.err"; then
    cat "$outfile.err" >&2
    die "$tool $step failed: $*"
  fi
  local t1=$EPOCHREALTIME
  read -r _ user sys rss_kb < <(tail -n 1 "$tf")
  local wall
  wall=$(node -e 'console.log((process.argv[2] - process.argv[1]).toFixed(4))' "$t0" "$t1")
  node "$BENCH/lib.mjs" record "$RESULTS" "{\"tool\":\"$tool\",\"step\":\"$step\"}" \
    seconds="$wall" user="$user" sys="$sys" rss_kb="$rss_kb" load="$(cut -d' ' -f1 /proc/loadavg)" \
    inproc="$(grep -h '^{' "$outfile.err" | tail -n 1)"
}

# --- 4. raw read baselines -------------------------------------------------------------
log "baseline: reading the files (page cache warm)"
cat "${FILES[@]}" > /dev/null  # warm the page cache the way the imports will find it
printf '%s\n' "${FILES[@]}" > "$WORK/files.txt"
hyperfine_step baseline "cat" "xargs -a '$WORK/files.txt' cat > /dev/null"
hyperfine_step baseline "wc -l" "xargs -a '$WORK/files.txt' wc -l > /dev/null"

# --- 5. imports ------------------------------------------------------------------------
SAFER_DB="$OUT/safer.db"
DUCK_DB="$OUT/duckdb.db"
for ((run = 1; run <= BENCH_RUNS; run++)); do
  log "import $run/$BENCH_RUNS: safer"
  rm -f "$SAFER_DB" "$SAFER_DB-wal" "$SAFER_DB-shm" "$SAFER_DB-journal"
  sync
  timed_step safer import "$WORK/safer-import.out" \
    "$SAFER" --db "$SAFER_DB" "${SAFER_GLOBAL[@]}" import police-uk "$DATA"
  log "import $run/$BENCH_RUNS: duckdb"
  rm -f "$DUCK_DB" "$DUCK_DB.wal"
  sync
  timed_step duckdb import "$WORK/duckdb-import.out" \
    "${DUCK[@]}" import "$DUCK_DB" "$DATA/*/*-street.csv"
done
node "$BENCH/lib.mjs" record "$RESULTS" '{"tool":"safer","step":"db size"}' \
  bytes="$(du -cb "$SAFER_DB"* | tail -n 1 | cut -f1)"
node "$BENCH/lib.mjs" record "$RESULTS" '{"tool":"duckdb","step":"db size"}' \
  bytes="$(du -cb "$DUCK_DB"* | tail -n 1 | cut -f1)"
duck_rows=$(tail -n 1 "$WORK/duckdb-import.out")
[[ "$duck_rows" == "$DATA_ROWS" ]] || die "DuckDB imported $duck_rows rows, the files hold $DATA_ROWS"

# --- 6. counts -------------------------------------------------------------------------
q() { printf '%q ' "$@"; }
for by in category area,month; do
  log "counts --by $by"
  safer_cmd=("$SAFER" --db "$SAFER_DB" query counts --area "$FORCE" --from "$BENCH_FROM" \
    --to "$BENCH_TO" --by "$by" --format csv)
  duck_cmd=("${DUCK[@]}" counts "$DUCK_DB" "$FORCE" "$BENCH_FROM" "$BENCH_TO" "$by")
  timed_step safer "counts by $by" "$WORK/safer-$by.csv" "${safer_cmd[@]}"
  timed_step duckdb "counts by $by" "$WORK/duckdb-$by.csv" "${duck_cmd[@]}"
  hyperfine_step safer "counts by $by" "$(q "${safer_cmd[@]}") > /dev/null"
  hyperfine_step duckdb "counts by $by" "$(q "${duck_cmd[@]}") > /dev/null"
  # --- 7. correctness cross-check ---
  node "$BENCH/lib.mjs" compare "$by" "$WORK/safer-$by.csv" "$WORK/duckdb-$by.csv" \
    || die "Safer and DuckDB disagree on counts --by $by (see above)"
done

# --- 8. report -------------------------------------------------------------------------
node "$BENCH/lib.mjs" report "$RESULTS" > "$OUT/results.md"
cat "$OUT/results.md"
log "written to ${OUT#"$ROOT"/}/results.md"
