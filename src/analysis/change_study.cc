#include "analysis/change_study.h"

#include <map>
#include <optional>
#include <set>

namespace safer {

Status AddAreaMissingMonths(Store& store, StudyScope* scope) {
  if (scope->area.level == AreaLevel::kForce) return Status::Ok();
  std::optional<Area> force;
  if (Status st = store.ForceOf(scope->area, &force); !st.ok()) return st;
  if (force) return Status::Ok();
  CountPlan by_force = scope->plan;
  by_force.categories.clear();
  by_force.by = {CountKey::kForce};
  CountTable forces;
  std::vector<Edition> editions;
  if (Status st = store.Count(by_force, &forces); !st.ok()) return st;
  if (Status st = store.ListEditions(&editions); !st.ok()) return st;
  std::map<std::string, int64_t> incidents;
  for (const auto& row : forces.rows) incidents[row.keys.at(0)] += row.count;
  std::map<std::string, std::set<Month>> held;
  for (const auto& e : editions) held[e.force].insert(e.month);
  std::set<std::string> missing(scope->missing_months.begin(), scope->missing_months.end());
  for (auto& m : AreaMissingMonths(scope->plan.months, incidents, held)) missing.insert(std::move(m));
  scope->missing_months.assign(missing.begin(), missing.end());  // YYYY-MM sorts as time does
  return Status::Ok();
}

Status GatherSeries(Store& store, const StudyRequest& request, MonthRange window, bool by_category, StudyScope* scope,
                    std::vector<NamedSeries>* out) {
  const StudyRequest windowed{request.area, window.first.ToString(), window.last.ToString(), request.categories};
  if (Status st = ResolveStudy(store, windowed, scope); !st.ok()) return st;
  if (Status st = AddAreaMissingMonths(store, scope); !st.ok()) return st;
  CountPlan plan = scope->plan;
  plan.by = {CountKey::kMonth};
  if (by_category) plan.by.push_back(CountKey::kCategory);
  CountTable counted;
  if (Status st = store.Count(plan, &counted); !st.ok()) return st;
  *out = SeriesFromCounts(counted, window, scope->missing_months, by_category);
  return Status::Ok();
}

}  // namespace safer
