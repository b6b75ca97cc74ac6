// Hot spots of an area's incidents from the store: the scope resolved, the incidents placed,
// FindHotspots run and the context (title, notes) every output says. The CLI, the server and
// the analysis chapter all come through here, so they draw the same map.
#pragma once

#include <vector>

#include "analysis/area_study.h"
#include "analytics/hotspot.h"
#include "report/hotspot_map.h"

namespace safer {

struct HotspotStudy {
  StudyScope scope;
  std::vector<PlanePoint> points;  // the located incidents about context.origin, in metres
  HotspotContext context;          // title, origin, without_location, notes
  Hotspots result;
};

// The scope, the placed points and the context, without running the method (so a caller can
// time reading and computing apart). NotFound when no incident of the scope has a location;
// the context is filled even then.
Status PlaceHotspotStudy(Store& store, const StudyRequest& request, HotspotStudy* out);

// PlaceHotspotStudy, then FindHotspots over the points with `options`.
Status StudyHotspots(Store& store, const StudyRequest& request, const HotspotOptions& options, HotspotStudy* out);

}  // namespace safer
