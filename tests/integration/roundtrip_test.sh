#!/usr/bin/env bash
# Generated files round-trip: `safer synth` writes police.uk files, `safer import` loads
# them, and every count `safer query counts` gives equals the count made independently here
# (awk, sort, uniq) from the generated CSV text.
#
# usage: bash roundtrip_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

section "generate and import"
expect_exit 0 "$SAFER" synth --out gen --forces 2 --months 3 --rows 3000 --seed 7
mapfile -t FILES < <(find gen -name '*-street.csv' | sort)
assert_eq 6 "${#FILES[@]}" "synth wrote one file per force and month"
if [[ ${#FILES[@]} == 0 ]]; then it_finish; fi
for f in "${FILES[@]}"; do
  assert_eq "$HEADER" "$(head -1 "$f" | tr -d '\r')" "$f has the police.uk header"
done
# The independent counts below split on commas: they hold only for files without quoting.
assert_eq 0 "$(cat "${FILES[@]}" | grep -c '"' || true)" "(test assumption) the generated files carry no quotes"
assert_eq "" "$(awk -F, 'NF != 12 { print FILENAME ":" FNR; exit }' "${FILES[@]}")" \
  "(test assumption) every generated line has 12 fields"

ALL_ROWS=$(uk_rows "${FILES[@]}" | wc -l)
RAW_ROWS=$(($(cat "${FILES[@]}" | wc -l) - ${#FILES[@]}))
expect_exit 0 "$SAFER" import police-uk gen
assert_contains "$OUT" "read $RAW_ROWS = imported $ALL_ROWS + rejected 0 + unchanged $((RAW_ROWS - ALL_ROWS))" \
  "import totals (exact crime repeats counted unchanged)"

mapfile -t FORCES < <(uk_rows "${FILES[@]}" | cut -d, -f4 | sort -u)
assert_eq 2 "${#FORCES[@]}" "two forces in the generated files"
if [[ ${#FORCES[@]} != 2 ]]; then it_finish; fi
FROM=$(uk_rows "${FILES[@]}" | cut -d, -f2 | sort -u | sed -n 1p)
TO=$(uk_rows "${FILES[@]}" | cut -d, -f2 | sort -u | tail -1)
echo "forces: ${FORCES[*]}; months $FROM..$TO; $ALL_ROWS rows"

ACQUISITIVE_TYPES='^(Burglary|Bicycle theft|Theft from the person|Vehicle crime|Shoplifting|Other theft)$'

# la_of: LSOA name (stdin, one a line) to its local authority: the name minus its last
# token; an empty name is "(no location)".
la_of() { awk '{ if ($0 == "") print "(no location)"; else { sub(/ [^ ]*$/, ""); print } }'; }

for force in "${FORCES[@]}"; do
  section "$force"
  uk_rows "${FILES[@]}" | awk -F, -v f="$force" '$4 == f' >"rows.$force"
  n=$(wc -l <"rows.$force")

  assert_count "$n" "$force" "$FROM" "$TO"

  expected=$(cut -d, -f2,10 "rows.$force" |
    awk -F, '{ print $1 }' | paste -d, - <(cut -d, -f10 "rows.$force" | uk_category_name) | count_lines)
  count_of "$force" "$FROM" "$TO" --by month,category
  assert_eq "month,category,count" "$(head -1 <<<"$OUT")" "--by month,category header"
  assert_eq "$expected" "$(sort <<<"$COUNT")" "$force: counts by month and category"

  expected=$(cut -d, -f2 "rows.$force" | count_lines)
  count_of "$force" "$FROM" "$TO" --by month
  assert_eq "$expected" "$(sort <<<"$COUNT")" "$force: counts by month"

  expected=$(cut -d, -f9 "rows.$force" | la_of | count_lines)
  count_of "$force" "$FROM" "$TO" --by area
  assert_eq "$expected" "$(sort <<<"$COUNT")" "$force: counts by local authority"
  assert_contains "$expected" "(no location)" "(test assumption) some rows have no location"

  expected=$(awk -F, '{ print ($8 == "" ? "(no location)" : $8) "," $9 }' "rows.$force" | count_lines)
  count_of "$force" "$FROM" "$TO" --by lsoa
  assert_eq "$expected" "$(sort <<<"$COUNT")" "$force: counts by LSOA"

  # Each local authority asked for on its own.
  while IFS= read -r la; do
    [[ $la == "(no location)" ]] && continue
    expected=$(awk -F, -v la="$la" '{ name = $9; sub(/ [^ ]*$/, "", name); if ($9 != "" && name == la) print $10 }' \
      "rows.$force" | uk_category_name | count_lines)
    count_of "$la" "$FROM" "$TO" --by category
    assert_eq "$expected" "$(sort <<<"$COUNT")" "$force / $la: counts by category"
  done < <(cut -d, -f9 "rows.$force" | la_of | sort -u)

  # --category acquisitive is the sum of its six police.uk types.
  acq=$(cut -d, -f10 "rows.$force" | grep -Ec "$ACQUISITIVE_TYPES" || true)
  assert_ne 0 "$acq" "(test assumption) $force has acquisitive crime"
  assert_count "$acq" "$force" "$FROM" "$TO" --category acquisitive
  count_of "$force" "$FROM" "$TO" --by category
  acq_safer=$(awk -F, '$1 ~ /^(Burglary|Bicycle theft|Theft from the person|Vehicle crime|Shoplifting|Other theft)$/ { s += $2 } END { print s + 0 }' <<<"$COUNT")
  assert_eq "$acq" "$acq_safer" "$force: the six acquisitive categories in safer's own breakdown"
  expected=$(awk -F, '$10 ~ /^(Burglary|Bicycle theft|Theft from the person|Vehicle crime|Shoplifting|Other theft)$/ { print $2 }' \
    "rows.$force" | count_lines)
  count_of "$force" "$FROM" "$TO" --category acquisitive --by month
  assert_eq "$expected" "$(sort <<<"$COUNT")" "$force: acquisitive crime by month"
  assert_count "$(grep -c ',Anti-social behaviour,' "rows.$force" || true)" "$force" "$FROM" "$TO" \
    --category "Anti-social behaviour"
done

section "one month, both forces"
count_of "${FORCES[0]}" "$TO" "$TO"
a=$COUNT
count_of "${FORCES[1]}" "$TO" "$TO"
b=$COUNT
assert_eq "$(uk_rows "${FILES[@]}" | awk -F, -v m="$TO" '$2 == m' | wc -l)" "$((a + b))" \
  "the two forces' counts for $TO add up to that month's rows"

section "a second import of the generated directory changes nothing"
before=$(count_of "${FORCES[0]}" "$FROM" "$TO" --by month,category; echo "$COUNT")
expect_exit 0 "$SAFER" import police-uk gen
assert_contains "$OUT" "read $RAW_ROWS = imported 0 + rejected 0 + unchanged $RAW_ROWS" "re-import totals"
assert_eq "$before" "$(count_of "${FORCES[0]}" "$FROM" "$TO" --by month,category; echo "$COUNT")" \
  "counts unchanged by the re-import"

section "the same seed gives the same bytes; another seed other bytes"
expect_exit 0 "$SAFER" synth --out gen2 --forces 2 --months 3 --rows 3000 --seed 7
assert_eq "" "$(diff -r gen gen2 2>&1 | head -5 || true)" "synth with the same options and seed"
expect_exit 0 "$SAFER" synth --out gen3 --forces 2 --months 3 --rows 3000 --seed 8
assert_ne "" "$(diff -rq gen gen3 2>&1 | head -5 || true)" "synth with another seed"

it_finish
