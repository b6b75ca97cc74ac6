// Hot spots written out: the JSON the web map and `--format json` share, GeoJSON for a GIS
// and an SVG picture for a report (docs/hotspots.md). No external assets; every text escaped.
// PNG is not written: SVG is a picture every browser, office suite and GIS opens.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/hotspot.h"
#include "domain/incident.h"

namespace safer {

// What the grids are of: said in every output so a figure can be traced.
struct HotspotContext {
  std::string title;                // "All incidents in Hartlepool, 2018-04 to 2019-03"
  GeoPoint origin;                  // the plane's origin (LocalProjection) the points were placed about
  int64_t without_location = 0;     // incidents counted but not placed
  std::vector<std::string> notes;   // missing months, anonymised points, rows set aside …
};

// Said wherever police.uk incidents are mapped: their points are not the places themselves.
extern const char kAnonymisedPointsNote[];

// "3 cells are hot spots at 95% after FDR correction (q = 0.05); they hold 12.5% of the 800
// located incidents in 1.2% of the grid's 240 cells (15 km²)".
std::string HotspotSentence(const Hotspots& h);

// Cells of the Gi* table, most significant hot first: hot cells by z descending, then the rest.
std::vector<int64_t> RankedGiCells(const Hotspots& h);

// The analysis as JSON: settings, summary, the Gi* cells that hold an incident or are
// significant (centre and bounds in longitude/latitude, count, density, z, p, adjusted p,
// class) and, when the density grid has at most `max_raster` cells, its values row by row.
std::string HotspotJson(const Hotspots& h, const HotspotContext& context, int64_t max_raster = 1'000'000);

// A GeoJSON FeatureCollection (RFC 7946, WGS84 longitude/latitude): one Polygon per Gi*
// cell of the grid, empty cells too, with count, density, gi_z, p, p_adjusted,
// p_bonferroni and class.
std::string HotspotGeoJson(const Hotspots& h, const HotspotContext& context);

// An SVG picture, north up: the kernel density in six shades, Gi* hot and cold cells
// outlined by confidence, a legend, a scale bar and the title; the points as dots when
// given (and no more than 20,000 of them).
std::string HotspotSvg(const Hotspots& h, const HotspotContext& context, const std::vector<PlanePoint>* points);

}  // namespace safer
