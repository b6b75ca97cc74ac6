#include "analysis/concentration_study.h"

#include <cmath>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "analytics/projection.h"

namespace safer {
namespace {

// Counts of these keys are not places in the area: they are reported, not ranked.
bool IsUnplaced(const std::string& key) { return key == "(no location)" || key == "(ward unknown)"; }

// Every ward or LSOA the lookup places inside `scope`, by code, with its name.
Status ListUnits(Store& store, const Area& scope, AreaLevel unit, std::map<std::string, std::string>* out) {
  if (scope.level == unit) {
    (*out)[scope.code] = scope.name;
    return Status::Ok();
  }
  if (static_cast<int>(scope.level) > static_cast<int>(unit)) return Status::Ok();
  std::vector<Area> children;
  if (Status st = store.ListChildAreas(scope, &children); !st.ok()) return st;
  for (const auto& child : children)
    if (Status st = ListUnits(store, child, unit, out); !st.ok()) return st;
  return Status::Ok();
}

Status CountAreaUnits(Store& store, ConcentrationStudy* study, std::vector<AreaCount>* counts) {
  const bool wards = study->unit == ConcentrationUnit::kWard;
  const AreaLevel level = wards ? AreaLevel::kWard : AreaLevel::kLsoa;
  const Area& area = study->scope.area;
  if (static_cast<int>(area.level) >= static_cast<int>(level))
    return Status::InvalidInput(fmt::format("{} is a {}: concentration by {} needs a wider area to divide", area.name,
                                            AreaLevelName(area.level), wards ? "ward" : "LSOA"));
  CountPlan plan = study->scope.plan;
  plan.by = {wards ? CountKey::kWard : CountKey::kLsoa};
  CountTable counted;
  std::map<std::string, std::string> units;  // code → name, every ward or LSOA of the area
  if (Status st = store.Count(plan, &counted); !st.ok()) return st;
  if (Status st = ListUnits(store, area, level, &units); !st.ok()) return st;

  // Ward counts are keyed by name, LSOA counts by code; start every listed unit at zero.
  std::map<std::string, int64_t> by_key;
  std::map<std::string, std::string> lsoa_names = units;
  for (const auto& [code, name] : units) by_key[wards ? name : code] = 0;
  for (const auto& row : counted.rows) {
    if (IsUnplaced(row.keys[0])) {
      study->unplaced += row.count;
      continue;
    }
    by_key[row.keys[0]] += row.count;
    if (!wards && row.keys.size() > 1) lsoa_names.emplace(row.keys[0], row.keys[1]);
  }
  for (const auto& [key, n] : by_key)
    counts->push_back({wards ? key : fmt::format("{} {}", key, lsoa_names[key]), n});
  for (const auto& n : counted.notes) study->notes.push_back(n);
  if (!wards)
    study->notes.push_back("LSOAs with no incidents are included only when the area lookup places them in a ward");
  return Status::Ok();
}

Status CountGridCells(Store& store, ConcentrationStudy* study, std::vector<AreaCount>* counts) {
  // The universe: every cell the area's incidents of any category occupied in any month held.
  std::vector<Edition> editions;
  if (Status st = store.ListEditions(&editions); !st.ok()) return st;
  StudyScope everything = study->scope;
  everything.plan.categories.clear();
  for (size_t i = 0; i < editions.size(); ++i) {
    if (i == 0 || editions[i].month < everything.plan.months.first) everything.plan.months.first = editions[i].month;
    if (i == 0 || everything.plan.months.last < editions[i].month) everything.plan.months.last = editions[i].month;
  }
  PlacedIncidents all, chosen;
  if (Status st = GatherPlacedIncidents(store, everything, &all); !st.ok()) return st;
  if (Status st = GatherPlacedIncidents(store, study->scope, &chosen); !st.ok()) return st;
  study->unplaced = chosen.without_location;

  const LocalProjection projection(all.origin);
  const double cell = study->cell_metres;
  auto cell_of = [&](const GeoPoint& at) {
    const PlanePoint p = projection.ToPlane(at);
    return std::pair<int64_t, int64_t>{static_cast<int64_t>(std::floor(p.x / cell)),
                                       static_cast<int64_t>(std::floor(p.y / cell))};
  };
  std::map<std::pair<int64_t, int64_t>, int64_t> cells;
  for (const auto& i : all.incidents) cells.emplace(cell_of(i.at), 0);
  for (const auto& i : chosen.incidents) ++cells[cell_of(i.at)];
  for (const auto& [xy, n] : cells) {
    // Named by the cell's centre, so it can be found on any map.
    const GeoPoint centre = projection.ToGeo({(xy.first + 0.5) * cell, (xy.second + 0.5) * cell});
    counts->push_back({fmt::format("{:.5f},{:.5f}", centre.latitude, centre.longitude), n});
  }
  study->notes.push_back(fmt::format(
      "grid cells are {:.0f} m squares named by their centre (latitude,longitude); the cells ranked are the {} "
      "that incidents of any category in {} occupied in {} … {}",
      cell, cells.size(), study->scope.area.name, everything.plan.months.first.ToString(),
      everything.plan.months.last.ToString()));
  return Status::Ok();
}

}  // namespace

std::string UnitWords(const ConcentrationStudy& study) {
  switch (study.unit) {
    case ConcentrationUnit::kWard: return "wards";
    case ConcentrationUnit::kLsoa: return "LSOAs";
    case ConcentrationUnit::kGridCell: return fmt::format("{:.0f} m grid cells", study.cell_metres);
  }
  return "";
}

Status StudyConcentration(Store& store, const StudyRequest& request, ConcentrationUnit unit, int top_n,
                          double cell_metres, ConcentrationStudy* out) {
  *out = ConcentrationStudy{};
  out->unit = unit;
  out->cell_metres = cell_metres;
  if (unit == ConcentrationUnit::kGridCell && !(cell_metres >= 10 && cell_metres <= 10000))
    return Status::InvalidInput(fmt::format("a grid cell of {} m: give a size from 10 to 10000 metres", cell_metres));
  if (top_n < 1) return Status::InvalidInput(fmt::format("top {}: give at least 1", top_n));
  if (Status st = ResolveStudy(store, request, &out->scope); !st.ok()) return st;
  std::vector<AreaCount> counts;
  Status st = unit == ConcentrationUnit::kGridCell ? CountGridCells(store, out, &counts)
                                                   : CountAreaUnits(store, out, &counts);
  if (!st.ok()) return st;
  if (counts.empty())
    return Status::NotFound(unit == ConcentrationUnit::kGridCell
                                ? fmt::format("no located incidents are held for {}", out->scope.area.name)
                                : fmt::format("no {} are known for {}: import an area lookup (safer import areas)",
                                              UnitWords(*out), out->scope.area.name));
  if (static_cast<size_t>(top_n) > counts.size())
    return Status::InvalidInput(
        fmt::format("top {}: {} has only {} {}", top_n, out->scope.area.name, counts.size(), UnitWords(*out)));
  return Concentrate(counts, top_n, &out->result);
}

}  // namespace safer
