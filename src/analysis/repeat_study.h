// Repeat locations of an area's incidents from the store: police.uk's map points with their
// public descriptions tallied over the scope (analytics/repeats.h). The CLI, the server and
// the analysis chapter all come through here, so they give the same numbers.
#pragma once

#include <cstdint>

#include "analysis/area_study.h"
#include "analytics/repeats.h"

namespace safer {

struct RepeatLocationStudy {
  StudyScope scope;
  RepeatLocations result;
  int64_t without_location = 0;  // counted, not tallied: reported, never dropped silently
};

// InvalidInput / NotFound as ResolveStudy, and as RepeatLocationTally::Finish for top_n.
Status StudyRepeatLocations(Store& store, const StudyRequest& request, int top_n, RepeatLocationStudy* out);

}  // namespace safer
