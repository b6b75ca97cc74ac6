#!/usr/bin/env bash
# The quarterly pack through the CLI: every crime and ASB figure in pack.csv equals what
# `safer query counts` gives for the same area, period and category; every total equals the
# sum of its lines; missing figures say why; the sample pack is made for Hartlepool and for
# the force.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
it_setup "$@"

section() { echo "== $*"; }

section "a force with three financial years of generated data"
"$SAFER" -q synth --out data --forces 1 --from 2016-04 --months 36 --rows 400 --seed 5 >/dev/null
"$SAFER" -q import police-uk data >/dev/null
FORCE=$(awk -F, 'NR == 2 { print $4; exit }' data/2016-04/*.csv)
expect_exit 0 "$SAFER" report quarterly --area "$FORCE" --quarter 2018/19-Q2 --out pack \
  --plan "$SRC/plans/safer-hartlepool-2017-20.yaml" --format csv --format html

section "every count in pack.csv equals safer query counts"
python3 - "$SAFER" pack/pack.csv >checks.txt <<'PY'
import csv, subprocess, sys
safer, path = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(path, newline="")))
cache = {}
def query(area, period, category):
    key = (area, period, category)
    if key not in cache:
        first, last = period.split("..")
        out = subprocess.run([safer, "query", "counts", "--area", area, "--from", first, "--to", last,
                              "--category", category, "--format", "csv"], capture_output=True, text=True, check=True)
        lines = out.stdout.strip().splitlines()
        cache[key] = int(lines[1]) if len(lines) > 1 else 0
    return cache[key]
checked = mismatched = 0
crime_tables = ("Victim-based crime", "Other crimes against society", "Anti-social behaviour")
for r in rows:
    counted = (r["table"] in crime_tables and r["column"] in ("same_period_last_year", "this_period")) or \
              (r["table"].startswith(("Recorded crime by district", "Anti-social behaviour by district"))
               and r["column"] == "count" and r["area"] != "Elsewhere or no location")
    if not counted or r["value"] == "" or r["row"].startswith("Total"):
        continue
    want = query(r["area"], r["period"], r["row"])
    checked += 1
    if float(r["value"]) != want:
        mismatched += 1
        print(f"MISMATCH {r['table']} / {r['row']} / {r['column']} / {r['area']} {r['period']}: pack {r['value']}, query {want}")
# Totals: the sum of the top-level lines of their table.
top = {"Victim-based crime": ["Violence and sexual offences", "Robbery", "Acquisitive crime", "Criminal damage and arson"],
       "Other crimes against society": ["Public disorder", "Drug offences", "Possession of weapons offences",
                                        "Miscellaneous crimes against society"]}
totals = 0
for table, parts in top.items():
    for column in ("same_period_last_year", "this_period"):
        cell = {r["row"]: r["value"] for r in rows if r["table"] == table and r["column"] == column}
        total = [v for k, v in cell.items() if k.startswith("Total")][0]
        totals += 1
        if float(total) != sum(float(cell[p]) for p in parts):
            mismatched += 1
            print(f"TOTAL {table} {column}: {total} != sum of {parts}")
print(f"checked {checked} counts and {totals} totals, {mismatched} wrong")
PY
cat checks.txt | tail -5
assert_contains "$(cat checks.txt)" " 0 wrong" "pack.csv agrees with safer query counts"
assert_true "the crime tree, ASB and district figures were all compared" \
  test "$(grep -o 'checked [0-9]*' checks.txt | cut -d' ' -f2)" -gt 80
assert_contains "$(cat pack/pack.html)" "Victim-based crime" "the HTML has the crime tree"
if grep -Eq '(src|href)="https?://' pack/pack.html; then fail "the HTML loads something from the network"; fi

section "police.uk cannot split burglary: residential burglary is missing and says why"
assert_contains "$(grep '^Victim-based crime,Burglary - residential,this_period' pack/pack.csv)" "without this split" \
  "residential burglary is not guessed"

section "the bundled sample: packs for Hartlepool and for the force"
export SAFER_DB="$TMP/sample.db"
"$SAFER" -q import areas "$LOOKUP" --force "Cleveland Police" >/dev/null
"$SAFER" -q import police-uk "$SAMPLE" >/dev/null
for area in Hartlepool "Cleveland Police"; do
  expect_exit 0 "$SAFER" report quarterly --area "$area" --from 2018-09 --to 2018-09 --out "sample-$area" \
    --plan "$SRC/plans/safer-hartlepool-2017-20.yaml" --format csv
  line=$(grep '^All recorded crime,Total recorded crime,this_period' "sample-$area/pack.csv")
  want=$("$SAFER" query counts --area "$area" --from 2018-09 --to 2018-09 --category crime --format csv | tail -1)
  assert_contains "$line" ",$want," "$area: total recorded crime in the pack equals the count ($want)"
  last_year=$(grep '^All recorded crime,Total recorded crime,same_period_last_year' "sample-$area/pack.csv")
  assert_contains "$last_year" "no police data" "$area: last year is missing, not zero"
done

section "bad requests"
expect_exit 2 "$SAFER" report quarterly --area Hartlepool --quarter 2018/19-Q5 --out x
expect_exit 4 "$SAFER" report quarterly --area Nowhere --quarter 2018/19-Q2 --out x \
  --plan "$SRC/plans/safer-hartlepool-2017-20.yaml"
expect_exit 1 "$SAFER" report quarterly --area Hartlepool --quarter 2018/19-Q2 --out x --plan /nonexistent.yaml

it_finish
