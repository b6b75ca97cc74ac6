#include "analysis/hotspot_study.h"

#include <fmt/format.h>

namespace safer {
namespace {

std::string CategoryWords(const std::vector<std::string>& categories) {
  if (categories.empty()) return "All";
  std::string words;
  for (size_t i = 0; i < categories.size(); ++i)
    words += (i == 0 ? "" : i + 1 == categories.size() ? " and " : ", ") + categories[i];
  return words;
}

}  // namespace

Status PlaceHotspotStudy(Store& store, const StudyRequest& request, HotspotStudy* out) {
  *out = HotspotStudy{};
  StudyScope& scope = out->scope;
  if (Status st = ResolveStudy(store, request, &scope); !st.ok()) return st;
  PlacedIncidents placed;
  if (Status st = GatherPlacedIncidents(store, scope, &placed); !st.ok()) return st;
  HotspotContext& context = out->context;
  context.title = fmt::format("{} incidents in {}, {} to {}", CategoryWords(request.categories), scope.area.name,
                              scope.plan.months.first.ToString(), scope.plan.months.last.ToString());
  context.origin = placed.origin;
  context.without_location = placed.without_location;
  context.notes = scope.notes;
  if (const std::string missing = MissingMonthsNote(scope); !missing.empty()) context.notes.push_back(missing);
  if (placed.without_location > 0)
    context.notes.push_back(fmt::format("{} {} no location: counted, not placed on the map", placed.without_location,
                                        placed.without_location == 1 ? "incident has" : "incidents have"));
  context.notes.push_back(kAnonymisedPointsNote);
  if (placed.incidents.empty())
    return Status::NotFound(fmt::format("no incidents with a location in {} from {} to {}{}: there is nothing to map",
                                        scope.area.name, scope.plan.months.first.ToString(),
                                        scope.plan.months.last.ToString(),
                                        placed.without_location > 0
                                            ? fmt::format(" ({} without a location)", placed.without_location)
                                            : ""));
  out->points.reserve(placed.incidents.size());
  for (const auto& i : placed.incidents) out->points.push_back({i.x, i.y});
  return Status::Ok();
}

Status StudyHotspots(Store& store, const StudyRequest& request, const HotspotOptions& options, HotspotStudy* out) {
  if (Status st = PlaceHotspotStudy(store, request, out); !st.ok()) return st;
  return FindHotspots(out->points, options, &out->result);
}

}  // namespace safer
