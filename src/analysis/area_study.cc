#include "analysis/area_study.h"

#include <limits>

#include <fmt/format.h>

#include "analytics/projection.h"
#include "store/lookups.h"

namespace safer {

Status ResolveStudy(Store& store, const StudyRequest& request, StudyScope* scope) {
  *scope = StudyScope{};
  CountRequest count;
  count.area = request.area;
  count.categories = request.categories;
  const auto first = Month::Parse(request.from);
  if (!first)
    return Status::InvalidInput(fmt::format("from \"{}\" is not a month in the form YYYY-MM", request.from));
  const auto last = Month::Parse(request.to);
  if (!last) return Status::InvalidInput(fmt::format("to \"{}\" is not a month in the form YYYY-MM", request.to));
  if (*last < *first)
    return Status::InvalidInput(fmt::format("the months run backwards: {} is before {}", request.to, request.from));
  count.months = {*first, *last};

  std::string note;
  if (Status st = ResolveArea(store, request.area, &scope->area, &note); !st.ok()) return st;
  if (!note.empty()) scope->notes.push_back(note);
  if (Status st = PlanCount(count, scope->area, &scope->plan); !st.ok()) return st;
  return MissingMonths(store, scope->plan, &scope->missing_months);
}

Status GatherPlacedIncidents(Store& store, const StudyScope& scope, PlacedIncidents* out) {
  *out = PlacedIncidents{};
  struct Located {
    GeoPoint at;
    Month month;
    CategoryId category;
  };
  std::vector<Located> located;
  double sum_lng = 0, sum_lat = 0;
  Status st = store.ListIncidents(scope.plan, std::numeric_limits<int64_t>::max(), [&](const StoredIncident& row) {
    if (!row.location) {
      ++out->without_location;
      return;
    }
    // The store only holds months it parsed on import, so this cannot fail; a default month
    // would be wrong silently, so the row is not placed if it ever did.
    const auto month = Month::Parse(row.month);
    if (!month) {
      ++out->without_location;
      return;
    }
    located.push_back({*row.location, *month, row.category});
    sum_lng += row.location->longitude;
    sum_lat += row.location->latitude;
  });
  if (!st.ok()) return st;
  if (!located.empty()) {
    const double n = static_cast<double>(located.size());
    out->origin = {sum_lng / n, sum_lat / n};
  }
  const LocalProjection projection(out->origin);
  out->incidents.reserve(located.size());
  for (const auto& l : located) {
    const PlanePoint p = projection.ToPlane(l.at);
    out->incidents.push_back({p.x, p.y, l.at, l.month, l.category});
  }
  return Status::Ok();
}

std::string MissingMonthsNote(const StudyScope& scope) {
  const auto& missing = scope.missing_months;
  if (missing.empty()) return "";
  return fmt::format("no police data held for {} of the {} months ({}{}); they are missing, not zero",
                     missing.size(), scope.plan.months.size(), missing.front(),
                     missing.size() > 1 ? " … " + missing.back() : "");
}

}  // namespace safer
