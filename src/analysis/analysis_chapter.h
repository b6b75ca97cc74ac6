// The analysis chapter of the strategic assessment for one area and period: each method of
// the toolkit run through its study and laid out as a section (report/analysis_report.h).
// A method that cannot run on the data held (no ward lookup, too little history) becomes a
// section that says why, never an empty or zero table.
#pragma once

#include "analysis/area_study.h"
#include "analytics/hotspot.h"
#include "report/analysis_report.h"

namespace safer {

struct ChapterOptions {
  int top_n = 10;             // rows of the concentration and repeat tables
  double grid_metres = 250;   // concentration falls back to grid cells without a ward lookup
  HotspotOptions hotspots;    // the documented defaults of `safer analyse hotspots`
};

// Sections, in order: concentration, hot spots, repeat locations, months outside their
// expected range (the months asked, with the 24 before each read as history) and significant
// changes by category against the same months a year earlier. Errors only for a request
// that does not resolve (ResolveStudy); a method that fails becomes a section saying why.
Status BuildAnalysisChapter(Store& store, const StudyRequest& request, const ChapterOptions& options,
                            AnalysisDocument* out);

}  // namespace safer
