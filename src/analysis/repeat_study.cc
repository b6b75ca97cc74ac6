#include "analysis/repeat_study.h"

#include <limits>

namespace safer {

Status StudyRepeatLocations(Store& store, const StudyRequest& request, int top_n, RepeatLocationStudy* out) {
  *out = RepeatLocationStudy{};
  if (Status st = ResolveStudy(store, request, &out->scope); !st.ok()) return st;
  RepeatLocationTally tally;
  // ListIncidents directly, not GatherPlacedIncidents: the table needs each point's description.
  Status st = store.ListIncidents(out->scope.plan, std::numeric_limits<int64_t>::max(), [&](const StoredIncident& row) {
    const auto month = Month::Parse(row.month);
    if (!row.location || !month) {
      ++out->without_location;
      return;
    }
    tally.Add(*row.location, row.location_description, *month);
  });
  if (!st.ok()) return st;
  return tally.Finish(top_n, &out->result);
}

}  // namespace safer
