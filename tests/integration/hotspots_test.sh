#!/usr/bin/env bash
# safer analyse hotspots: every located incident is in one Gi* cell, placed + unplaced = the
# area's count, the table, JSON, GeoJSON and SVG agree, the thread count changes nothing, a
# CSV of points has its bad rows set aside by line, and bad options are refused.
#
# usage: bash hotspots_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

# json_get FILE EXPR: a Python expression over the parsed JSON document `d`.
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

section "import the sample and its lookup"
expect_exit 0 "$SAFER" import areas "$LOOKUP" --force "Cleveland Police"
expect_exit 0 "$SAFER" import police-uk "$SAMPLE"
count_of Hartlepool 2018-09 2018-09
area_total=$COUNT

section "the table: hottest cells first, the sentence, the settings"
expect_exit 0 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --top 5
assert_contains "$OUT" "All incidents in Hartlepool, 2018-09 to 2018-09" "the title"
assert_match "$OUT" "^ +1 +54\.[0-9]{5} +-1\.[0-9]{5} .* hot 99%" "the first row is a hot cell at 99% with its centre"
assert_match "$OUT" "^ +5  " "five rows"
assert_not_contains "$OUT" "
   6  " "no sixth row"
assert_match "$OUT" "cells are hot spots at 95% after FDR correction \(q = 0.05\); they hold [0-9.]+% of the $area_total located incidents in [0-9.]+% of the grid's" "the summary sentence"
assert_contains "$OUT" "Kernel density: quartic" "the kernel is named"
assert_contains "$ERR" "police.uk locations are anonymised" "the anonymised points are said"

section "JSON: every located incident in one Gi* cell; the sentence's figures from the cells"
expect_exit 0 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --format json --out h.json
assert_eq "$area_total" "$(json_get h.json "d['incidents']['placed'] + d['incidents']['without_location']")" \
  "placed + without location = the area's count"
assert_eq "$area_total" "$(json_get h.json "sum(c['count'] for c in d['gi']['cells'])")" "the Gi* cells hold every placed incident"
assert_eq "$(json_get h.json "d['summary']['hot_cells']")" \
  "$(json_get h.json "sum(1 for c in d['gi']['cells'] if c['z'] > 0 and c['p_adjusted'] <= 0.05)")" \
  "hot cells = cells with z > 0 and adjusted p ≤ 0.05"
assert_eq "$(json_get h.json "d['summary']['incidents_in_hot_cells']")" \
  "$(json_get h.json "sum(c['count'] for c in d['gi']['cells'] if c['z'] > 0 and c['p_adjusted'] <= 0.05)")" \
  "incidents in hot cells = the sum of their counts"
assert_eq "True" "$(json_get h.json "all(c['p_adjusted'] >= c['p'] and c['p_bonferroni'] >= c['p_adjusted'] for c in d['gi']['cells'])")" \
  "p ≤ BH-adjusted p ≤ Bonferroni for every cell"
cells=$(json_get h.json "d['density']['frame']['rows'] * d['density']['frame']['cols']")
assert_eq "$cells" "$(json_get h.json "len(d['density']['values'])")" "the density raster has a value per cell"
# The quartic kernel integrates to one incident: density (per km²) × cell area (km²) summed ≈ the count.
assert_eq "ok" "$(json_get h.json "'ok' if abs(sum(d['density']['values']) * (d['settings']['cell_metres'] / 1000) ** 2 - d['incidents']['placed']) < 0.01 * d['incidents']['placed'] else sum(d['density']['values'])")" \
  "the density integrates to the number of incidents"
assert_eq "75" "$(json_get h.json "int(d['settings']['gi_distance_metres'] / d['settings']['gi_cell_metres'] * 50)")" \
  "the default Gi* band is 1.5 cells"

section "the thread count changes nothing"
expect_exit 0 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --format json --threads 1 --out one.json
expect_exit 0 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --format json --threads 2 --out two.json
assert_true "one thread and two give the same bytes" cmp -s one.json two.json

section "GeoJSON: a polygon per Gi* cell, empty cells too, in longitude/latitude"
expect_exit 0 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --format geojson --out h.geojson
assert_eq "FeatureCollection" "$(json_get h.geojson "d['type']")" "a FeatureCollection"
assert_eq "$(json_get h.json "d['gi']['frame']['rows'] * d['gi']['frame']['cols']")" "$(json_get h.geojson "len(d['features'])")" \
  "one feature per cell of the Gi* grid"
assert_eq "$area_total" "$(json_get h.geojson "sum(f['properties']['count'] for f in d['features'])")" "the features' counts sum to the area's"
assert_eq "True" "$(json_get h.geojson "all(-2 < p[0] < -1 and 54 < p[1] < 55 and len(f['geometry']['coordinates'][0]) == 5 for f in d['features'] for p in f['geometry']['coordinates'][0])")" \
  "closed rings of longitude, latitude around Hartlepool"
assert_eq "$(json_get h.json "d['summary']['hot_cells']")" \
  "$(json_get h.geojson "sum(1 for f in d['features'] if f['properties']['class'] in ('hot 99%', 'hot 95%'))")" \
  "the GeoJSON classes agree with the JSON's hot cells"

section "SVG: a well-formed picture with its title, legend and scale"
expect_exit 0 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --format svg --with-points --out h.svg
assert_eq "ok" "$(python3 -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1]); print('ok')" h.svg)" "the SVG parses as XML"
assert_contains "$(cat h.svg)" "<title>All incidents in Hartlepool, 2018-09 to 2018-09</title>" "the title"
assert_contains "$(cat h.svg)" "Gi* (FDR-corrected)" "the legend"
assert_match "$(cat h.svg)" "> [0-9]+ (k)?m</text>" "a scale bar"
assert_contains "$(cat h.svg)" "<circle" "the points as dots"

section "incidents without a location are counted, not placed; missing months are named"
{
  echo "$HEADER"
  echo ",2016-03,Cleveland Police,Cleveland Police,-1.2100,54.6860,On or near A,E01011954,Hartlepool 001A,Burglary,,"
  echo ",2016-03,Cleveland Police,Cleveland Police,-1.2101,54.6861,On or near A,E01011954,Hartlepool 001A,Burglary,,"
  echo ",2016-03,Cleveland Police,Cleveland Police,-1.2300,54.7000,On or near B,E01011954,Hartlepool 001A,Burglary,,"
  echo ",2016-03,Cleveland Police,Cleveland Police,,,No location,E01011954,Hartlepool 001A,Burglary,,"
} >2016-03-cleveland-street.csv
expect_exit 0 "$SAFER" import police-uk 2016-03-cleveland-street.csv
expect_exit 0 "$SAFER" analyse hotspots --area Hartlepool --from 2016-02 --to 2016-03 --format json --out small.json
assert_eq "3 1" "$(json_get small.json "'%d %d' % (d['incidents']['placed'], d['incidents']['without_location'])")" "3 placed, 1 without a location"
assert_contains "$ERR" "1 incident has no location: counted, not placed" "the unplaced incident is reported"
assert_contains "$ERR" "no police data held for 1 of the 2 months (2016-02)" "the missing month is named"

section "a CSV of points: bad rows set aside by line, the rest mapped"
{
  echo "id,Longitude,Latitude"
  echo "1,-1.2100,54.6860"
  echo "2,-1.2101,54.6861"
  echo "3,,"
  echo "4,west,54.6"
  echo "5,-1.2300,154.7"
  echo "6,-1.2300,54.7000"
  echo "7,0,0"
} >points.csv
expect_exit 0 "$SAFER" analyse hotspots --points points.csv --format json --out p.json
assert_eq "3" "$(json_get p.json "d['incidents']['placed']")" "three usable points"
assert_contains "$ERR" "points.csv:4: no location" "an empty coordinate, by line"
assert_contains "$ERR" "points.csv:5: \"west\", \"54.6\" is not a longitude and latitude" "a word for a coordinate, by line"
assert_contains "$ERR" "points.csv:6: -1.23, 154.7 is not on the Earth" "an impossible latitude, by line"
assert_contains "$ERR" "points.csv:8: 0, 0 is the placeholder" "null island is not a place"
assert_contains "$ERR" "4 rows of points.csv set aside" "the rows set aside are counted"
printf 'a,b\n1,2\n' >nocoords.csv
expect_exit 2 "$SAFER" analyse hotspots --points nocoords.csv
assert_contains "$ERR" "the header names no longitude column" "a file without coordinates is refused"
expect_exit 4 "$SAFER" analyse hotspots --points missing.csv
expect_exit 2 "$SAFER" analyse hotspots --points points.csv --area Hartlepool
printf 'longitude,latitude\n-1.21,54.68\n-1.22,54.69\n-1.23,54.70\n151.2,-33.9\n' >far.csv
expect_exit 2 "$SAFER" analyse hotspots --points far.csv
assert_contains "$ERR" "look for coordinates far from the rest" "a point half a world away is pointed out"

section "bad input"
expect_exit 2 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --cell 0
expect_exit 2 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --bandwidth -5
expect_exit 2 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --cell 0.5
assert_contains "$ERR" "over the limit of 20000000: choose a larger cell" "an absurd grid is refused with its size"
expect_exit 2 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --cell 10 --bandwidth 5000
assert_contains "$ERR" "choose a larger cell or a smaller bandwidth" "a bandwidth of too many cells is refused"
expect_exit 2 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-13
expect_exit 2 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09
assert_contains "$ERR" "give --area, --from and --to" "the missing options are named"
expect_exit 2 "$SAFER" analyse hotspots --area Hartlepool --from 2018-09 --to 2018-09 --fdr 2
expect_exit 4 "$SAFER" analyse hotspots --area Nowhere --from 2018-09 --to 2018-09
expect_exit 4 "$SAFER" analyse hotspots --area Hartlepool --from 2015-01 --to 2015-02
assert_contains "$ERR" "no incidents with a location in Hartlepool from 2015-01 to 2015-02: there is nothing to map" \
  "an area with no located incidents is explained"

it_finish
