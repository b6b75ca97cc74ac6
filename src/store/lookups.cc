#include "store/lookups.h"

#include <optional>
#include <set>

#include <fmt/format.h>

namespace safer {

Status ResolveArea(Store& store, const std::string& name, Area* area, std::string* note) {
  std::vector<Area> found;
  if (Status st = store.FindAreas(name, &found); !st.ok()) return st;
  if (found.empty()) {
    std::vector<Area> forces, authorities;
    if (Status st = store.ListAreas(AreaLevel::kForce, &forces); !st.ok()) return st;
    if (Status st = store.ListAreas(AreaLevel::kLocalAuthority, &authorities); !st.ok()) return st;
    std::string known;
    for (const auto* list : {&forces, &authorities})
      for (const auto& a : *list) known += (known.empty() ? "" : ", ") + a.name;
    return Status::NotFound(fmt::format("no area called \"{}\"; {}", name,
                                        known.empty() ? "the database holds no areas yet: import data first"
                                                      : "forces and local authorities known: " + known));
  }
  *area = found.front();
  note->clear();
  if (found.size() > 1)
    *note = fmt::format("\"{}\" names {} areas; counting the {} {}", name, found.size(), AreaLevelName(area->level),
                        area->code);
  return Status::Ok();
}

Status MissingMonths(Store& store, const CountPlan& plan, std::vector<std::string>* missing) {
  std::vector<Edition> editions;
  if (Status st = store.ListEditions(&editions); !st.ok()) return st;
  // An area's months are its force's: another force's file for the same month holds nothing
  // of it. Below a force, the lookup names the force; without one, any force's month counts.
  std::string force;
  if (plan.area.level == AreaLevel::kForce) {
    force = plan.area.name;
  } else {
    std::optional<Area> found;
    if (Status st = store.ForceOf(plan.area, &found); !st.ok()) return st;
    if (found) force = found->name;
  }
  std::set<int> held;
  for (const auto& e : editions)
    if (force.empty() || e.force == force) held.insert(e.month.index());
  for (Month m = plan.months.first; m <= plan.months.last; m = m.next())
    if (!held.count(m.index())) missing->push_back(m.ToString());
  return Status::Ok();
}

}  // namespace safer
