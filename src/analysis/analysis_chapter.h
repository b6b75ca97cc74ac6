// The analysis chapter of the strategic assessment for one area and period: each method of
// the toolkit run through its study and laid out as a section (report/analysis_report.h).
// A method that cannot run on the data held (no ward lookup, too little history) becomes a
// section that says why, never an empty or zero table.
#pragma once

#include "analysis/area_study.h"
#include "report/analysis_report.h"

namespace safer {

struct ChapterOptions {
  int top_n = 10;             // rows of the concentration and repeat tables
  double grid_metres = 250;   // concentration falls back to grid cells without a ward lookup
};

Status BuildAnalysisChapter(Store& store, const StudyRequest& request, const ChapterOptions& options,
                            AnalysisDocument* out);

}  // namespace safer
